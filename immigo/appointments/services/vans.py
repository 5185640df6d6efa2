"""Mobile service vans (L04): each station plans its weekly visits, publishes them on the
portal, and records the applications taken in at the van."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from immigo.accounts.models import User
from immigo.applications.models import Case, Channel
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError
from immigo.core.models import County, Unit

from .. import permissions
from ..errors import VanIntakeCaseError, VanVisitTransitionError
from ..models import VanIntake, VanVisit
from ..rules import VanService
from ..workflow import VAN_ALLOWED


@dataclass(frozen=True)
class VisitPlan:
    day: dt.date
    start: dt.time
    end: dt.time
    place: str
    address: str
    services: Sequence[str]
    interpreter_languages: str = ""
    county: County | None = None


def van_visit_plan(*, station: Unit, by: User, plan: VisitPlan, officers: Sequence[User]) -> VanVisit:
    """A planner of the station adds a van visit (status 'planned'). Guarantees: a future
    working day, a time window, at least one service of the van, a crew of the station's staff;
    one visit per station and start time (unique constraint). Audited."""
    permissions.require_planner(by, station)
    fields: dict[str, list[str]] = {}
    if plan.day <= calendar.local_today():
        fields["day"] = [gettext("Choose a day after today.")]
    if plan.end <= plan.start:
        fields["end"] = [gettext("The visit must end after it starts.")]
    if not plan.services or not set(plan.services) <= set(VanService.values):
        fields["services"] = [gettext("Choose what the van offers.")]
    crew = {user.pk for user in permissions.crew_candidates(station)}
    if not officers or any(user.pk not in crew for user in officers):
        fields["officers"] = [gettext("Choose at least one officer of this station.")]
    if fields:
        raise InvalidInputError(details={"fields": fields})
    try:
        with transaction.atomic():
            visit = VanVisit.objects.create(
                station=station,
                day=plan.day,
                start=plan.start,
                end=plan.end,
                place=plan.place.strip(),
                address=plan.address.strip(),
                county=plan.county or station.county,
                services=[s for s in VanService.values if s in set(plan.services)],
                interpreter_languages=plan.interpreter_languages.strip(),
                created_by=by,
            )
            visit.officers.set(officers)
            audit_record(actor=by, action="create", obj=visit, purpose="van visit planned", unit_code=station.code)
            return visit
    except IntegrityError:
        raise InvalidInputError(details={"fields": {"start": [gettext("The van already has a visit at this time.")]}}) from None


def _van_move(visit: VanVisit, *, to: str, by: User) -> VanVisit:
    permissions.require_planner(by, visit.station)
    with transaction.atomic():
        locked = VanVisit.objects.select_for_update().get(pk=visit.pk)
        if to not in VAN_ALLOWED[locked.status]:
            raise VanVisitTransitionError(details={"status": locked.status, "requested": to})
        locked.status = to
        locked.save(update_fields=["status"])
        audit_record(actor=by, action="transition", obj=locked, purpose=f"van visit {to}", unit_code=visit.station.code)
        return locked


def van_visit_publish(*, visit: VanVisit, by: User) -> VanVisit:
    """Shows the visit on the portal's van schedule."""
    return _van_move(visit, to=VanVisit.Status.PUBLISHED, by=by)


def van_visit_cancel(*, visit: VanVisit, by: User) -> VanVisit:
    return _van_move(visit, to=VanVisit.Status.CANCELLED, by=by)


def van_intake_record(*, visit: VanVisit, receipt_number: str, by: User) -> VanIntake:
    """Links an application filed through the counter intake to the van visit where it was
    taken in. Guarantees: an officer of the visit's station; a counter case of that station
    filed on the visit's day; each case linked once. Audited."""
    permissions.require_station_staff(by, visit.station)
    if visit.status != VanVisit.Status.PUBLISHED:
        raise VanVisitTransitionError(details={"status": visit.status})
    case = Case.objects.filter(
        receipt_number=receipt_number.strip().upper(), unit=visit.station, channel=Channel.COUNTER, submitted_on=visit.day
    ).first()
    if case is None:
        raise VanIntakeCaseError(details={"fields": {"receipt_number": [str(VanIntakeCaseError.message)]}})
    try:
        with transaction.atomic():
            intake = VanIntake.objects.create(visit=visit, case=case, recorded_by=by)
            audit_record(
                actor=by,
                action="update",
                obj=case,
                person_id=case.applicant_id,
                purpose="van intake recorded",
                unit_code=visit.station.code,
                details={"van_visit": visit.pk},
            )
            return intake
    except IntegrityError:
        raise InvalidInputError(
            details={"fields": {"receipt_number": [gettext("This application is already recorded at a van visit.")]}}
        ) from None
