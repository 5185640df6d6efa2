"""Writes of the satisfaction ratings and the service-expert vote.

Guarantees:
- one rating per served ticket (a one-to-one key in the database), tied to the counter, the
  officer who served and the station;
- a rating at one of the two lowest levels raises an alert for the station's supervisors in the
  same transaction;
- an alert moves by its transition table only, each move leaving an event, and is closed only
  with a note; every move is audited;
- a paper ballot number is entered once per station and month (unique constraint).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from immigo.accounts.models import Role, User
from immigo.accounts.permissions import has_role
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry, Unit
from immigo.queues.models import Ticket

from .errors import (
    AlertNoteMissingError,
    AlertTransitionNotAllowedError,
    BallotNumberTakenError,
    BallotOfficerUnknownError,
    RatingAlreadyGivenError,
    RatingLevelInvalidError,
    RatingNotOpenError,
)
from .models import ALERT_LEVELS, Alert, AlertEvent, Ballot, Level, Rating
from .workflow import ALLOWED

SUPERVISOR_ROLES = (Role.SUPERVISOR, Role.STATION_CHIEF)
BALLOT_ROLES = (Role.VOLUNTEER, Role.SUPERVISOR, Role.STATION_CHIEF)
# A person may rate on their phone until the end of the day after the service.
PHONE_RATING_DAYS = 1


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def rating_submit(*, ticket: Ticket, level: int, channel: str) -> Rating:
    """Records the one rating of a served ticket. An unsatisfied rating (the two lowest levels)
    raises an alert on the station's supervisor screen at once. Raises RatingNotOpenError for a
    ticket not served (or too old to rate), RatingAlreadyGivenError for a second rating and
    RatingLevelInvalidError for anything but the five levels."""
    if level not in Level.values:
        raise RatingLevelInvalidError(details={"fields": {"level": [RatingLevelInvalidError.message]}})
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("station", "counter").get(pk=ticket.pk)
    if ticket.status != Ticket.Status.SERVED or ticket.counter is None or ticket.officer_id is None:
        raise RatingNotOpenError()
    if (calendar.local_today() - ticket.service_day).days > PHONE_RATING_DAYS:
        raise RatingNotOpenError()
    if Rating.objects.filter(ticket=ticket).exists():
        raise RatingAlreadyGivenError()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                ticket=ticket,
                station=ticket.station,
                counter=ticket.counter,
                officer_id=ticket.officer_id,
                level=level,
                channel=channel,
                service_day=ticket.service_day,
            )
    except IntegrityError as exc:
        raise RatingAlreadyGivenError() from exc
    if level in ALERT_LEVELS:
        Alert.objects.create(rating=rating, station=ticket.station)
    return rating


def can_supervise(user: User, station: Unit) -> bool:
    return has_role(user, SUPERVISOR_ROLES, unit_id=station.pk)


@transaction.atomic
def alert_move(*, alert: Alert, to: Alert.Status, by: User, note: str = "") -> Alert:
    """Acknowledges (a supervisor is on the way) or closes an alert. Closing needs a note of what
    was done. The one function that writes an alert's status; every move leaves an event and an
    audit entry."""
    alert = Alert.objects.select_for_update(of=("self",)).select_related("station").get(pk=alert.pk)
    if not can_supervise(by, alert.station):
        raise PermissionDeniedError()
    before = Alert.Status(alert.status)
    if to not in ALLOWED[before]:
        raise AlertTransitionNotAllowedError(details={"from": before.value, "to": to.value})
    note = note.strip()
    now = timezone.now()
    if to == Alert.Status.HANDLED:
        if not note:
            raise AlertNoteMissingError(details={"fields": {"note": [AlertNoteMissingError.message]}})
        alert.note, alert.handled_by, alert.handled_at = note, by, now
    if to == Alert.Status.ACKNOWLEDGED or alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = by, now
    alert.status = to
    alert.save()
    AlertEvent.objects.create(alert=alert, before=before, after=to, actor=by, note=note)
    audit_record(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=alert,
        purpose="handling an unsatisfied rating at the station",
        unit_code=alert.station.code,
        details={"from": before.value, "to": to.value},
    )
    return alert


@transaction.atomic
def ballot_enter(*, station: Unit, ballot_number: str, officer: User, cast_on: dt.date, by: User) -> Ballot:
    """A volunteer enters one paper ballot for `officer`. Raises BallotNumberTakenError when the
    number was already entered this month at the station (also refused by the database), and
    BallotOfficerUnknownError when `officer` does not work the station's counters."""
    if not has_role(by, BALLOT_ROLES, unit_id=station.pk):
        raise PermissionDeniedError()
    from .selectors import officers_of_station

    if not officers_of_station(station=station).filter(pk=officer.pk).exists():
        raise BallotOfficerUnknownError(details={"fields": {"officer": [BallotOfficerUnknownError.message]}})
    number = ballot_number.strip().upper()
    taken = BallotNumberTakenError(details={"fields": {"ballot_number": [BallotNumberTakenError.message]}})
    if Ballot.objects.filter(station=station, month=month_start(cast_on), ballot_number=number).exists():
        raise taken
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                station=station, ballot_number=number, officer=officer, cast_on=cast_on, month=month_start(cast_on), entered_by=by
            )
    except IntegrityError as exc:
        raise taken from exc
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=ballot,
        purpose="counting the service-expert vote",
        unit_code=station.code,
        details={"ballot_number": number, "month": ballot.month.isoformat()},
    )
    return ballot
