"""The audit trail: every read or write of personal data or a case by staff or an agency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .middleware import client_ip, current_request
from .models import AuditEntry

if TYPE_CHECKING:
    from immigo.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    purpose: str,
    unit_code: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Appends one entry. `purpose` is mandatory: every access to personal data says why."""
    if not purpose:
        raise ValueError("an audit entry needs a purpose")
    if action not in AuditEntry.Action.values:
        raise ValueError(f"unknown audit action {action!r}: use one of {AuditEntry.Action.values}")
    request = current_request.get()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    label = "system"
    if actor is not None:
        label = f"{actor.get_username()} ({actor.get_full_name()})".strip()
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=label[:200],
        unit_code=unit_code,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        person_id_ref=person_id,
        purpose=purpose[:300],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        details=details or {},
    )
