"""Writes to the registry: residents' flags, permits issued and renewed by the case engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from immigo.accounts.models import User
from immigo.core.audit import audit_record

from ..errors import PermitNotRenewableError
from ..models import LadderStep, LadderStepEvent, Permit, Resident

# IEMA art. 22: a residence permit is valid for at most 3 years (service-rules §8).
MAX_VALIDITY_YEARS = 3


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def renewal_expiry(*, permit: Permit) -> dt.date:
    """The renewed permit's expiry: the same validity as the permit it renews, counted from the day
    after the old expiry, never more than 3 years."""
    length = permit.expires_on - permit.issued_on
    cap = _add_years(permit.expires_on, MAX_VALIDITY_YEARS) - permit.expires_on
    return permit.expires_on + min(length, cap)


def _steps_cancel(*, permit: Permit, outcome: LadderStep.Outcome, by: User | None, note: str) -> int:
    """Cancels the permit's open ladder steps, each with an event row."""
    open_steps = list(LadderStep.objects.select_for_update().filter(permit=permit, status=LadderStep.Status.OPEN))
    now = timezone.now()
    for step in open_steps:
        LadderStepEvent.objects.create(
            step=step, before=step.status, after=LadderStep.Status.CANCELLED, outcome=outcome, note=note, actor=by
        )
    LadderStep.objects.filter(pk__in=[s.pk for s in open_steps]).update(
        status=LadderStep.Status.CANCELLED, outcome=outcome, closed_at=now, closed_by=by
    )
    return len(open_steps)


@dataclass(frozen=True)
class Renewal:
    old: Permit
    new: Permit


@transaction.atomic
def permit_renew(*, permit_number: str, receipt_number: str, by: User | None = None, today: dt.date | None = None) -> Renewal:
    """Extends a valid permit: a new permit (number "<old>-R<n>") follows the old one, which
    becomes `renewed`; the old permit's open ladder tasks are cancelled with an event row; an
    audit entry records the change. Raises PermitNotRenewableError when the registry holds no
    valid permit with this number."""
    permit = Permit.objects.select_for_update().select_related("resident").filter(number=permit_number, status=Permit.Status.VALID).first()
    if permit is None:
        raise PermitNotRenewableError()
    today = today or timezone.localdate()
    chain = 1 + Permit.objects.filter(number__startswith=f"{permit.number.split('-R')[0]}-R").count()
    permit.status = Permit.Status.RENEWED
    permit.save(update_fields=["status", "updated_at"])
    new = Permit.objects.create(
        resident=permit.resident,
        number=f"{permit.number.split('-R')[0]}-R{chain}",
        kind=permit.kind,
        issued_on=min(today, permit.expires_on),
        expires_on=renewal_expiry(permit=permit),
        station=permit.station,
        renewed_from=permit,
        renewal_case=receipt_number,
    )
    _steps_cancel(permit=permit, outcome=LadderStep.Outcome.RENEWED, by=by, note=receipt_number)
    audit_record(
        actor=by,
        action="update",
        obj=new,
        person_id=permit.resident.person_id,
        purpose=f"B06 residence permit renewed, case {receipt_number}",
        details={"old": permit.number, "old_expires_on": permit.expires_on.isoformat(), "expires_on": new.expires_on.isoformat()},
    )
    return Renewal(old=permit, new=new)


@transaction.atomic
def resident_flags_update(
    *,
    resident: Resident,
    by: User,
    protected: bool,
    protected_email: str,
    protected_phone: str,
    departed_on: dt.date | None,
    detained_since: dt.date | None,
    reason: str,
) -> Resident:
    """Sets the contact flags. A departure cancels the open ladder tasks (no ladder while abroad).
    Audited with the officer's reason."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    before = {
        "protected": resident.protected,
        "departed_on": resident.departed_on.isoformat() if resident.departed_on else None,
        "detained_since": resident.detained_since.isoformat() if resident.detained_since else None,
    }
    resident.protected = protected
    resident.protected_email = protected_email if protected else ""
    resident.protected_phone = protected_phone if protected else ""
    resident.departed_on = departed_on
    resident.detained_since = detained_since
    resident.save()
    if departed_on is not None:
        for permit in Permit.objects.filter(resident=resident, status=Permit.Status.VALID):
            _steps_cancel(permit=permit, outcome=LadderStep.Outcome.LEFT_COUNTRY, by=by, note=reason)
    audit_record(
        actor=by,
        action="update",
        obj=resident,
        person_id=resident.person_id,
        purpose=f"residence contact flags: {reason}"[:300],
        unit_code=resident.station.code,
        details={
            "before": before,
            "after": {"protected": protected, "departed_on": str(departed_on or ""), "detained_since": str(detained_since or "")},
        },
    )
    return resident
