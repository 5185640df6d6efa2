"""Home pickup (C03): officers take the application in at home for women 8 months pregnant or
more, within 2 months after giving birth, or people with a serious injury or illness who cannot
go out but must apply in person."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, PermissionDeniedError
from immigo.core.models import Unit

from .. import permissions
from ..errors import PickupIneligibleError, PickupTransitionError
from ..models import HomePickup
from ..workflow import PICKUP_ALLOWED
from ._common import holder_key_normalise, reference_new
from .notices import home_pickup_notice

# "8 months pregnant or more": from the 32nd week (eight 4-week months) of a 40-week pregnancy,
# i.e. the expected delivery is at most 8 weeks away. Two weeks past it still count.
PREGNANCY_FROM_WEEK = 32
FULL_TERM_WEEKS = 40
OVERDUE_DAYS = 14
# "Within 2 months after giving birth".
AFTER_BIRTH_MONTHS = 2


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PickupRequest:
    station: Unit
    full_name: str
    identity_number: str
    phone: str
    email: str
    language: str
    address: str
    reason: str
    what_for: str
    expected_delivery: dt.date | None = None
    birth_date: dt.date | None = None
    illness: str = ""


def pickup_eligibility_errors(
    *, reason: str, on: dt.date, expected_delivery: dt.date | None, birth_date: dt.date | None, illness: str
) -> dict[str, list[str]]:
    """Field errors when the reason does not hold on day `on` (empty when it does)."""
    R = HomePickup.Reason
    if reason == R.PREGNANCY:
        if expected_delivery is None:
            return {"expected_delivery": [gettext("Enter the expected delivery date.")]}
        weeks_left = FULL_TERM_WEEKS - PREGNANCY_FROM_WEEK
        if expected_delivery > on + dt.timedelta(weeks=weeks_left):
            return {
                "expected_delivery": [gettext("Home pickup starts from the 8th month of pregnancy (8 weeks before the expected delivery).")]
            }
        if expected_delivery < on - dt.timedelta(days=OVERDUE_DAYS):
            return {"expected_delivery": [gettext("This date has passed. If you have given birth, choose that reason.")]}
    elif reason == R.AFTER_BIRTH:
        if birth_date is None:
            return {"birth_date": [gettext("Enter the date of the birth.")]}
        if birth_date > on:
            return {"birth_date": [gettext("The date of the birth cannot be in the future.")]}
        if months_after(birth_date, AFTER_BIRTH_MONTHS) < on:
            return {"birth_date": [gettext("Home pickup is for the 2 months after giving birth.")]}
    elif reason == R.ILLNESS:
        if not illness.strip():
            return {"illness": [gettext("Describe the injury or illness that keeps you at home.")]}
    else:
        return {"reason": [gettext("Choose a reason.")]}
    return {}


def home_pickup_request(*, by: User, request: PickupRequest) -> HomePickup:
    """A signed-in member of the public asks for a home pickup. Guarantees: the reason holds
    today (C03's groups, see pickup_eligibility_errors); the request is saved with status
    'requested' for the station to schedule."""
    if by.kind != User.Kind.PUBLIC:
        raise PermissionDeniedError()
    fields = pickup_eligibility_errors(
        reason=request.reason,
        on=calendar.local_today(),
        expected_delivery=request.expected_delivery,
        birth_date=request.birth_date,
        illness=request.illness,
    )
    key = holder_key_normalise(request.identity_number)
    if not key:
        fields["identity_number"] = [gettext("Enter an identity, residence or passport number (4 to 20 letters and digits).")]
    if fields:
        raise PickupIneligibleError(details={"fields": fields})
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return HomePickup.objects.create(
                    reference=reference_new(),
                    account=by,
                    station=request.station,
                    full_name=request.full_name.strip(),
                    holder_key=key,
                    phone="".join(request.phone.split()),
                    email=request.email.strip(),
                    language=request.language,
                    address=request.address.strip(),
                    reason=request.reason,
                    expected_delivery=request.expected_delivery if request.reason == HomePickup.Reason.PREGNANCY else None,
                    birth_date=request.birth_date if request.reason == HomePickup.Reason.AFTER_BIRTH else None,
                    illness=request.illness.strip() if request.reason == HomePickup.Reason.ILLNESS else "",
                    what_for=request.what_for.strip(),
                )
        except IntegrityError as exc:
            if "reference" not in str(exc):
                raise
    raise DomainError(_("Please try again."), code="retry")


def _pickup_move(pickup: HomePickup, *, to: str) -> None:
    if to not in PICKUP_ALLOWED[pickup.status]:
        raise PickupTransitionError(details={"status": pickup.status, "requested": to})
    pickup.status = to


def home_pickup_schedule(
    *, pickup: HomePickup, by: User, day: dt.date, start: dt.time, end: dt.time, officers: Sequence[User]
) -> HomePickup:
    """A planner of the station sets (or moves) the visit: a working day from today, a time
    window, at least one officer of the station; the reason must still hold on that day. The
    requester is told by e-mail and SMS (once per visit time). Audited."""
    permissions.require_planner(by, pickup.station)
    fields: dict[str, list[str]] = {}
    if day < calendar.local_today():
        fields["day"] = [gettext("Choose today or a later day.")]
    elif not calendar.is_working_day(day, county_id=pickup.station.county_id):
        fields["day"] = [gettext("The station is closed on this day. Choose a working day.")]
    if end <= start:
        fields["end"] = [gettext("The visit must end after it starts.")]
    crew = {user.pk for user in permissions.crew_candidates(pickup.station)}
    if not officers or any(user.pk not in crew for user in officers):
        fields["officers"] = [gettext("Choose at least one officer of this station.")]
    if not fields:
        fields = pickup_eligibility_errors(
            reason=pickup.reason, on=day, expected_delivery=pickup.expected_delivery, birth_date=pickup.birth_date, illness=pickup.illness
        )
        if fields:
            fields = {"day": [message for messages in fields.values() for message in messages]}
    if fields:
        raise InvalidInputError(details={"fields": fields})
    with transaction.atomic():
        locked = HomePickup.objects.select_for_update().select_related("station").get(pk=pickup.pk)
        _pickup_move(locked, to=HomePickup.Status.SCHEDULED)
        locked.visit_day, locked.visit_start, locked.visit_end = day, start, end
        locked.save(update_fields=["status", "visit_day", "visit_start", "visit_end"])
        locked.officers.set(officers)
        audit_record(
            actor=by,
            action="transition",
            obj=locked,
            purpose="home pickup scheduled",
            unit_code=locked.station.code,
            details={"day": day.isoformat()},
        )
        home_pickup_notice(locked)
        return locked


def home_pickup_decline(*, pickup: HomePickup, by: User, note: str) -> HomePickup:
    """A planner declines the request with a note the requester receives. Audited."""
    permissions.require_planner(by, pickup.station)
    if not note.strip():
        raise InvalidInputError(details={"fields": {"note": [gettext("Tell the requester why.")]}})
    with transaction.atomic():
        locked = HomePickup.objects.select_for_update().select_related("station").get(pk=pickup.pk)
        _pickup_move(locked, to=HomePickup.Status.DECLINED)
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decision_note"])
        audit_record(actor=by, action="transition", obj=locked, purpose="home pickup declined", unit_code=locked.station.code)
        home_pickup_notice(locked)
        return locked


def home_pickup_complete(*, pickup: HomePickup, by: User) -> HomePickup:
    permissions.require_station_staff(by, pickup.station)
    with transaction.atomic():
        locked = HomePickup.objects.select_for_update().get(pk=pickup.pk)
        _pickup_move(locked, to=HomePickup.Status.COMPLETED)
        locked.save(update_fields=["status"])
        audit_record(actor=by, action="transition", obj=locked, purpose="home pickup completed", unit_code=pickup.station.code)
        return locked


def home_pickup_cancel(*, pickup: HomePickup, by: User) -> HomePickup:
    """The requester withdraws the request."""
    if pickup.account_id != by.pk:
        raise PermissionDeniedError()
    with transaction.atomic():
        locked = HomePickup.objects.select_for_update().get(pk=pickup.pk)
        _pickup_move(locked, to=HomePickup.Status.CANCELLED)
        locked.save(update_fields=["status"])
        return locked
