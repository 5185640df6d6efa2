"""B03: a station forwards a case to headquarters for review (special extension cases of
mainland residents) and gives the applicant a reply slip to keep."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError
from immigo.core.models import Unit

from ..catalogue import service_get
from ..models import Case, CaseEvent
from ..workflow import Action
from .actions import _authorise, _locked
from .errors import TransitionNotAllowedError
from .history import history_add


@transaction.atomic
def case_forward(*, case: Case, by: User, reason: str) -> Case:
    """Moves the case to the unit its service forwards to (``Service.forward_to``). Guarantees: the
    status and the due date stay as they are (the applicant's time limit keeps running); the
    history records the station it came from and why; the move is audited. The applicant is given the reply slip (B03) at the counter."""
    case = _locked(case)
    _authorise(case, Action.FORWARD, by)
    target_code = service_get(case.service_code).forward_to
    if not target_code or case.unit.code == target_code:
        raise TransitionNotAllowedError(_("This case cannot be forwarded."))
    if not reason.strip():
        raise InvalidInputError(details={"fields": {"reason": [str(_("Say why the case goes to headquarters."))]}})
    target = Unit.objects.get(code=target_code)
    station = case.unit
    case.unit = target
    case.save(update_fields=["unit", "updated_at"])
    history_add(
        case,
        action=Action.FORWARD,
        by=by,
        reason=reason,
        details={"from_unit": station.code, "to_unit": target.code},
    )
    audit_record(
        actor=by,
        action="update",
        obj=case,
        person_id=case.applicant_id,
        purpose=f"forwarded to {target.code}: {reason}"[:300],
        unit_code=station.code,
    )
    return case


def forward_event(case: Case) -> CaseEvent | None:
    """The latest forwarding of a case, if it was forwarded."""
    return case.events.filter(action=Action.FORWARD).order_by("-at", "-id").first()
