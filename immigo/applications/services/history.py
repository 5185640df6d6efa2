"""The case history entry and the applicant's notice that every step leaves."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from immigo.accounts.models import User

from ..catalogue import service_get
from ..models import Case, CaseEvent
from ..workflow import Action


def _actor_label(user: User | None) -> str:
    if user is None:
        return "system"
    return f"{user.full_name} <{user.email}>"


def history_add(
    case: Case,
    *,
    action: Action,
    by: User | None,
    before: str = "",
    after: str = "",
    reason: str = "",
    details: dict | None = None,
    public: bool = True,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=by,
        actor_label=_actor_label(by),
        action=action.value,
        before=before,
        after=after,
        reason=reason,
        details=details or {},
        public=public,
    )


def notice_queue(case: Case, event: str, **extra: Any) -> None:
    from django.conf import settings

    from immigo.notifications.services import notification_enqueue

    service = service_get(case.service_code)
    base = settings.IMMIGO_PUBLIC_URL
    with translation.override(case.language):
        service_name = str(service.name)
    context = {
        "receipt_number": case.receipt_number,
        "service_name": service_name,
        "due_date": case.due_date.isoformat(),
        "working_days": case.time_limit_days,
        "pickup": case.pickup,
        "status_url": f"{base}/status/",
        **extra,
    }
    notification_enqueue(
        event=event,
        language=case.language,
        context=context,
        dedupe_key=f"case:{case.receipt_number}:{event}:{extra.get('dedupe', '')}",
        email=case.notify_email,
        phone=case.notify_phone,
        sms=case.notify_by_sms,
    )
