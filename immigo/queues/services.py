"""Writes of the queue: issuing tickets (kiosk, phone, booking check-in), opening and closing
counters, calling, recalling, serving and finishing.

Guarantees:
- numbers run per station, day and category from 1 without gaps: the series row is locked while
  a ticket is issued, and a unique constraint refuses any duplicate;
- a ticket is called to one counter only: the call is a compare-and-set on the waiting status
  (and the row is locked on PostgreSQL), and a counter holds one active ticket at most (constraint);
- every staff action is audited; every status change leaves a TicketEvent;
- the "almost your turn" notice goes out at most once per ticket (outbox dedupe key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from immigo.accounts.models import Role, User
from immigo.accounts.permissions import has_role
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry, Unit
from immigo.core.throttle import throttle_hit

from .errors import (
    CheckInNotAvailableError,
    CheckInRateLimitedError,
    CheckInReferenceUnknownError,
    CounterBusyError,
    CounterCategoriesEmptyError,
    CounterClosedError,
    CounterTakenError,
    QueueEmptyError,
    TicketCategoryUnavailableError,
    TicketRateLimitedError,
    TicketTransitionNotAllowedError,
)
from .models import Category, Counter, PriorityReason, Ticket, TicketEvent, TicketSequence
from .workflow import ACTIVE_STATUSES, ALLOWED

Status = Ticket.Status
PURPOSE = "calling and serving people at the station's counters"
# Who works a counter: the counter officers, and supervisors who step in (noon duty, C04).
COUNTER_ROLES = (Role.COUNTER_OFFICER, Role.SUPERVISOR, Role.STATION_CHIEF)
# A phone may take a few tickets an hour (family members); more looks like hoarding numbers.
PHONE_TICKETS_PER_CLIENT_PER_HOUR = 6
# A station's kiosk serves everyone from one address: a busy morning stays far below this, a
# script issuing numbers to block the queue does not.
KIOSK_TICKETS_PER_CLIENT_PER_HOUR = 240
# A booking reference is a guessable key: a client may try a few an hour.
CHECK_INS_PER_CLIENT_PER_HOUR = 10
DEFAULT_NOTIFY_PLACES = 3
NEAR_EVENT = "queue_ticket_near"


def priority_first() -> Case:
    """Sort key: priority tickets (love counter, C02) before the others."""
    return Case(When(priority_reason="", then=Value(1)), default=Value(0), output_field=IntegerField())


def can_work_counter(user: User, station: Unit) -> bool:
    return has_role(user, COUNTER_ROLES, unit_id=station.pk)


def _require_counter_role(user: User, station: Unit) -> None:
    if not can_work_counter(user, station):
        raise PermissionDeniedError()


def station_categories(station: Unit) -> list[str]:
    """The categories the station gives tickets for: those its counters serve by default."""
    offered: set[str] = set()
    for categories in Counter.objects.filter(station=station, is_active=True).values_list("default_categories", flat=True):
        offered.update(categories or [])
    return [c for c in Category.values if c in offered]


def ticket_url(ticket: Ticket) -> str:
    return f"{settings.IMMIGO_PUBLIC_URL.rstrip('/')}{reverse('queues:ticket', args=[ticket.token])}"


def _next_number(*, station: Unit, day: dt.date, category: str) -> int:
    """Locks the series row (creating it on first use) and returns the next number. Two first
    tickets of a day racing on PostgreSQL: one insert fails on the unique constraint, and that
    one then locks the row the other created."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                TicketSequence.objects.get_or_create(station=station, service_day=day, category=category)
            break
        except IntegrityError:
            continue
    sequence = TicketSequence.objects.select_for_update().get(station=station, service_day=day, category=category)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _move(ticket: Ticket, *, to: Status, action: str, by: User | None, counter: Counter | None = None) -> None:
    """The one place that writes a ticket's status; each move leaves an event."""
    before = Status(ticket.status)
    if to not in ALLOWED[before]:
        raise TicketTransitionNotAllowedError(details={"from": before.value, "to": to.value})
    TicketEvent.objects.create(ticket=ticket, before=before, after=to, action=action, counter=counter or ticket.counter, actor=by)
    ticket.status = to


def _audit(*, by: User | None, ticket: Ticket, action: str, details: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE if action != "issue" else AuditEntry.Action.CREATE,
        obj=ticket,
        purpose=PURPOSE,
        unit_code=ticket.station.code,
        details={"action": action, "ticket": ticket.display_number, "day": ticket.service_day.isoformat(), **(details or {})},
    )


@transaction.atomic
def ticket_issue(
    *,
    station: Unit,
    category: str,
    channel: str,
    priority_reason: str = "",
    phone: str = "",
    email: str = "",
    notify_places: int = DEFAULT_NOTIFY_PLACES,
    language: str = "zh-hant",
    appointment_reference: str = "",
    client_key: str = "",
    by: User | None = None,
) -> Ticket:
    """A new waiting ticket with the next number of its series today. Raises
    TicketCategoryUnavailableError when no counter of the station serves the category, and
    TicketRateLimitedError when one phone takes too many tickets."""
    limits = {Ticket.Channel.PHONE: PHONE_TICKETS_PER_CLIENT_PER_HOUR, Ticket.Channel.KIOSK: KIOSK_TICKETS_PER_CLIENT_PER_HOUR}
    limit = limits.get(Ticket.Channel(channel))
    if (
        limit is not None
        and by is None
        and throttle_hit(scope=f"queue-ticket-{channel}", client_key=client_key, limit=limit, window_seconds=3600)
    ):
        raise TicketRateLimitedError()
    if category not in station_categories(station):
        raise TicketCategoryUnavailableError(details={"fields": {"category": [TicketCategoryUnavailableError.message]}})
    if priority_reason and priority_reason not in PriorityReason.values:
        raise TicketCategoryUnavailableError(details={"fields": {"priority_reason": [TicketCategoryUnavailableError.message]}})
    day = calendar.local_today()
    ticket = Ticket.objects.create(
        station=station,
        service_day=day,
        category=category,
        number=_next_number(station=station, day=day, category=category),
        priority_reason=priority_reason,
        channel=channel,
        phone="".join(phone.split()),
        email=email.strip(),
        notify_places=max(1, min(20, notify_places)),
        language=language,
        appointment_reference=appointment_reference,
    )
    TicketEvent.objects.create(ticket=ticket, before="", after=Status.WAITING, action="issue", actor=by)
    if by is not None:
        _audit(by=by, ticket=ticket, action="issue")
    return ticket


def _appointment_interface() -> tuple[Any, Any]:
    """The appointments app's check-in interface, imported when first needed."""
    try:
        from immigo.appointments.selectors import appointment_get_for_checkin  # type: ignore[attr-defined,unused-ignore]
        from immigo.appointments.services import appointment_check_in  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise CheckInNotAvailableError() from exc
    return appointment_get_for_checkin, appointment_check_in


def _booked_category(station: Unit, appointment: Any) -> str:
    """Bookings for the permanent-residence and employer counters (D03, D04) join those series;
    every other booking takes a number of the booked series. A station without that counter
    today sends the person to the general one."""
    offered = station_categories(station)
    booked_counter = str(getattr(getattr(appointment, "slot", None), "counter", "") or "")
    own_series = booked_counter if booked_counter in (Category.PERMANENT_RESIDENCE, Category.EMPLOYER) else ""
    for category in (own_series, Category.APPOINTMENT, Category.GENERAL):
        if category and category in offered:
            return category
    return offered[0] if offered else Category.GENERAL


@transaction.atomic
def ticket_check_in(*, station: Unit, reference: str, language: str = "zh-hant", client_key: str = "", by: User | None = None) -> Ticket:
    """A booked person checks in with their booking reference (kiosk, or an officer for them):
    the appointment is marked checked in by the appointments app and a ticket of the booked
    series is issued, carrying the booking's contact for the "almost your turn" notice. Raises
    CheckInReferenceUnknownError for a reference with no booking today at this station."""
    if by is None and throttle_hit(scope="queue-check-in", client_key=client_key, limit=CHECK_INS_PER_CLIENT_PER_HOUR, window_seconds=3600):
        raise CheckInRateLimitedError()
    get_for_checkin, check_in = _appointment_interface()
    reference = reference.strip().upper()
    appointment = get_for_checkin(reference=reference, unit_code=station.code)
    if appointment is None:
        raise CheckInReferenceUnknownError()
    reference = str(getattr(appointment, "reference", "") or reference)  # as the booking holds it
    existing = (
        Ticket.objects.filter(station=station, service_day=calendar.local_today(), appointment_reference=reference)
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if existing is not None:
        return existing  # checked in already: the same ticket again, never a second number
    check_in(appointment=appointment, by=by)
    ticket = ticket_issue(
        station=station,
        category=_booked_category(station, appointment),
        channel=Ticket.Channel.CHECK_IN,
        phone=str(getattr(appointment, "phone", "") or "") if getattr(appointment, "notify_by_sms", True) else "",
        email=str(getattr(appointment, "email", "") or ""),
        language=str(getattr(appointment, "language", "") or language),
        appointment_reference=reference,
        by=by,
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=ticket,
        purpose="checking in a booked person at the station",
        unit_code=station.code,
        details={"reference": reference, "ticket": ticket.display_number},
    )
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket: Ticket) -> Ticket:
    """The holder gives up a waiting ticket (from the ticket page)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _move(ticket, to=Status.CANCELLED, action="cancel", by=None)
    ticket.finished_at = timezone.now()
    ticket.save(update_fields=["status", "finished_at"])
    return ticket


@transaction.atomic
def counter_open(*, counter: Counter, by: User, categories: Iterable[str]) -> Counter:
    """`by` sits at `counter`, which serves `categories` until closed. Raises CounterTakenError
    when someone else is there or `by` is at another counter (the database refuses it too)."""
    _require_counter_role(by, counter.station)
    chosen = [c for c in Category.values if c in set(categories)]
    if not chosen:
        raise CounterCategoriesEmptyError(details={"fields": {"categories": [CounterCategoriesEmptyError.message]}})
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    if counter.officer_id not in (None, by.pk):
        raise CounterTakenError()
    if Counter.objects.filter(officer=by).exclude(pk=counter.pk).exists():
        raise CounterTakenError()
    counter.officer, counter.categories = by, chosen
    counter.opened_at = counter.opened_at if counter.officer_id == by.pk and counter.opened_at else timezone.now()
    try:
        with transaction.atomic():
            counter.save(update_fields=["officer", "categories", "opened_at"])
    except IntegrityError as exc:
        raise CounterTakenError() from exc
    audit_record(
        actor=by, action=AuditEntry.Action.UPDATE, obj=counter, purpose=PURPOSE, unit_code=counter.station.code, details={"open": chosen}
    )
    return counter


@transaction.atomic
def counter_close(*, counter: Counter, by: User) -> Counter:
    """Closes the counter. A ticket still at the window must be finished or marked first."""
    _require_counter_role(by, counter.station)
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    if counter.officer_id != by.pk and not has_role(by, [Role.SUPERVISOR, Role.STATION_CHIEF], unit_id=counter.station_id):
        raise PermissionDeniedError()
    if Ticket.objects.filter(counter=counter, status__in=ACTIVE_STATUSES).exists():
        raise CounterBusyError()
    counter.officer, counter.opened_at, counter.categories = None, None, []
    counter.save(update_fields=["officer", "opened_at", "categories"])
    audit_record(
        actor=by, action=AuditEntry.Action.UPDATE, obj=counter, purpose=PURPOSE, unit_code=counter.station.code, details={"close": True}
    )
    return counter


def _own_counter(counter: Counter, by: User) -> Counter:
    _require_counter_role(by, counter.station)
    counter = Counter.objects.select_related("station").get(pk=counter.pk)
    if counter.officer_id is None:
        raise CounterClosedError()
    if counter.officer_id != by.pk:
        raise CounterTakenError()
    return counter


def waiting_for_counter(counter: Counter) -> Any:
    """The waiting tickets `counter` serves today, in calling order: priority first, then in the
    order they were taken."""
    return (
        Ticket.objects.filter(
            station_id=counter.station_id, service_day=calendar.local_today(), status=Status.WAITING, category__in=counter.categories
        )
        .annotate(_priority=priority_first())
        .order_by("_priority", "issued_at", "id")
    )


def _claim(*, ticket_id: int, counter: Counter, by: User) -> bool:
    """Compare-and-set: the ticket goes to `counter` only if it is still waiting."""
    updated = Ticket.objects.filter(pk=ticket_id, status=Status.WAITING).update(
        status=Status.CALLED, counter=counter, officer=by, called_at=timezone.now()
    )
    return updated == 1


@transaction.atomic
def ticket_call_next(*, counter: Counter, by: User) -> Ticket:
    """Calls the next waiting ticket to `counter`. Never the same ticket to two counters: on
    PostgreSQL the next row is locked (skipping one another counter is taking), and on every
    database the claim is a conditional update that only a waiting ticket passes; a lost claim
    moves on to the next ticket. Raises CounterBusyError while the counter still has a ticket and
    QueueEmptyError when nobody waits."""
    counter = _own_counter(counter, by)
    if Ticket.objects.filter(counter=counter, status__in=ACTIVE_STATUSES).exists():
        raise CounterBusyError()
    lost: list[int] = []
    for _attempt in range(20):
        candidates = waiting_for_counter(counter).exclude(pk__in=lost)
        if connection.features.has_select_for_update_skip_locked:
            # One row at a time: locking a whole page would hide it from the other counters.
            candidates = candidates.select_for_update(skip_locked=True)
        candidate = candidates.first()
        if candidate is None:
            break
        if not _claim(ticket_id=candidate.pk, counter=counter, by=by):
            lost.append(candidate.pk)
            continue
        ticket = Ticket.objects.select_related("station").get(pk=candidate.pk)
        TicketEvent.objects.create(ticket=ticket, before=Status.WAITING, after=Status.CALLED, action="call", counter=counter, actor=by)
        _audit(by=by, ticket=ticket, action="call", details={"counter": counter.number})
        _notify_near(station=counter.station, day=ticket.service_day, category=ticket.category)
        return ticket
    raise QueueEmptyError()


def _at_counter(ticket: Ticket, by: User) -> Ticket:
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("station", "counter").get(pk=ticket.pk)
    if ticket.counter is None:
        raise TicketTransitionNotAllowedError()
    _own_counter(ticket.counter, by)
    return ticket


@transaction.atomic
def ticket_recall(*, ticket: Ticket, by: User) -> Ticket:
    """Calls the same ticket again (the display shows it once more); the status stays `called`."""
    ticket = _at_counter(ticket, by)
    if ticket.status != Status.CALLED:
        raise TicketTransitionNotAllowedError(details={"from": ticket.status, "to": "recall"})
    ticket.recall_count += 1
    ticket.called_at = timezone.now()
    ticket.save(update_fields=["recall_count", "called_at"])
    TicketEvent.objects.create(ticket=ticket, before=Status.CALLED, after=Status.CALLED, action="recall", counter=ticket.counter, actor=by)
    _audit(by=by, ticket=ticket, action="recall")
    return ticket


@transaction.atomic
def ticket_start(*, ticket: Ticket, by: User) -> Ticket:
    """The person has come to the window: service starts."""
    ticket = _at_counter(ticket, by)
    _move(ticket, to=Status.SERVING, action="start", by=by)
    ticket.save(update_fields=["status"])
    _audit(by=by, ticket=ticket, action="start")
    return ticket


@transaction.atomic
def ticket_finish(*, ticket: Ticket, by: User) -> Ticket:
    """Service is over; the person may now rate it (feedback app)."""
    ticket = _at_counter(ticket, by)
    _move(ticket, to=Status.SERVED, action="finish", by=by)
    ticket.finished_at = timezone.now()
    ticket.save(update_fields=["status", "finished_at"])
    _audit(by=by, ticket=ticket, action="finish")
    return ticket


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, by: User) -> Ticket:
    """Nobody came after the call (and recalls); the counter is free again."""
    ticket = _at_counter(ticket, by)
    _move(ticket, to=Status.NO_SHOW, action="no_show", by=by)
    ticket.finished_at = timezone.now()
    ticket.save(update_fields=["status", "finished_at"])
    _audit(by=by, ticket=ticket, action="no_show")
    return ticket


@transaction.atomic
def ticket_requeue(*, ticket: Ticket, by: User) -> Ticket:
    """A person who missed their call came after all: their ticket waits again, keeping its
    number (and so its place among the tickets taken before it)."""
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("station").get(pk=ticket.pk)
    _require_counter_role(by, ticket.station)
    _move(ticket, to=Status.WAITING, action="requeue", by=by)
    ticket.counter, ticket.officer, ticket.called_at, ticket.finished_at = None, None, None, None
    ticket.save(update_fields=["status", "counter", "officer", "called_at", "finished_at"])
    _audit(by=by, ticket=ticket, action="requeue")
    return ticket


def _notify_near(*, station: Unit, day: dt.date, category: str) -> None:
    """After a call, tells each waiting person of the series who is now within their chosen
    number of places (and left a phone number or an e-mail address) that their turn is near:
    once per ticket, by the outbox's dedupe key, in the ticket's language."""
    from immigo.notifications.services import notification_enqueue

    from .selectors import station_name

    waiting = list(
        Ticket.objects.filter(station=station, service_day=day, category=category, status=Status.WAITING)
        .annotate(_priority=priority_first())
        .order_by("_priority", "number")[:21]
    )
    for ahead, ticket in enumerate(waiting):
        if ahead > ticket.notify_places or ticket.near_notified_at is not None or not (ticket.phone or ticket.email):
            continue
        notification_enqueue(
            event=NEAR_EVENT,
            language=ticket.language,
            context={
                "ticket_number": ticket.display_number,
                "station_name": station_name(station, language=ticket.language),
                "places": ahead,
                "ticket_url": ticket_url(ticket),
            },
            dedupe_key=f"queue-ticket-near:{ticket.pk}",
            email=ticket.email,
            phone=ticket.phone,
            sms=bool(ticket.phone),
        )
        Ticket.objects.filter(pk=ticket.pk).update(near_notified_at=timezone.now())
