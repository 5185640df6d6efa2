"""Booking, changing, cancelling and checking in (D01, D03–D05).

Concurrency: the slot's place is taken last in the booking's transaction, by locking the slot
row (SELECT ... FOR UPDATE) and raising `booked` only while it is below `capacity` (a
conditional UPDATE). The row lock is held for the shortest time, two bookings of the last place
cannot both pass, and the check constraint `slot_not_overbooked` refuses anything that would.
SQLite takes the database's write lock at the start of each transaction (IMMEDIATE), which
serialises the same steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, PermissionDeniedError
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import membership_get

from .. import permissions
from ..errors import (
    AppointmentAlreadyBookedError,
    AppointmentChangeClosedError,
    AppointmentChangeLimitError,
    AppointmentTransitionError,
    EmployerCaseCountError,
    SlotFullError,
    SlotOutsideWindowError,
    SlotUnavailableError,
)
from ..models import Appointment, AppointmentEvent, Slot
from ..rules import EMPLOYER_MIN_CASES, BookingRules, Counter, offer_get, rules_for
from ..workflow import APPOINTMENT_ALLOWED
from ._common import holder_key_normalise, reference_new
from .notices import appointment_notice, appointment_notice_queue

ACTIVE = (Appointment.Status.BOOKED, Appointment.Status.ARRIVED)


@dataclass(frozen=True)
class Holder:
    """Who the booking is for, and where to tell them."""

    full_name: str
    identity_number: str
    email: str = ""
    phone: str = ""
    notify_by_sms: bool = False
    language: str = "zh-hant"


def _slot_check(slot: Slot, *, rules: BookingRules, now: dt.datetime) -> None:
    today = now.astimezone(calendar.TAIPEI).date()
    if slot.day > today + dt.timedelta(days=rules.booking_window_days):
        raise SlotOutsideWindowError(details={"window_days": rules.booking_window_days})
    if slot.starts_at < now + dt.timedelta(hours=rules.min_lead_hours):
        raise SlotOutsideWindowError(_("This time is too soon or already past."), details={"min_lead_hours": rules.min_lead_hours})
    if not slot.station.is_active:
        raise SlotUnavailableError()


def _take_place(slot_id: int) -> None:
    """Takes one place of the slot inside the caller's transaction, or raises SlotFullError."""
    Slot.objects.select_for_update().filter(pk=slot_id).values_list("pk", flat=True).get()
    if not Slot.objects.filter(pk=slot_id, booked__lt=F("capacity")).update(booked=F("booked") + 1):
        raise SlotFullError()


def _release_place(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _event(appointment: Appointment, *, action: str, by: User | None, before: str = "", after: str = "", **details: object) -> None:
    AppointmentEvent.objects.create(appointment=appointment, action=action, actor=by, before=before, after=after, details=details)


def _is_duplicate(exc: IntegrityError) -> bool:
    text = str(exc)
    return "appointment_one_per_person_service_day" in text or "holder_key" in text


def appointment_book(
    *,
    slot: Slot,
    service_code: str,
    holder: Holder,
    by: User | None,
    via: str = Appointment.Via.ONLINE,
    organisation: Organisation | None = None,
    case_count: int = 1,
) -> Appointment:
    """Books one place of `slot` for `holder`.

    Online (`via` ONLINE) `by` is the signed-in member of the public, who becomes the booking's
    account; by phone (PHONE, D01) `by` is an officer of the slot's station booking for the
    caller; an employer's login books with `via` ORGANISATION and its organisation.
    Guarantees: the slot is in the booking window and not too soon; the service belongs to the
    slot's counter; an employer booking is for 5 or more cases (D04); the person holds no other
    active booking for the service that day (unique constraint); the slot never holds more
    bookings than places. The booking, its history row, the slot's count and the task that
    writes the confirmation (e-mail/SMS in the holder's language) into the outbox are saved
    together or not at all; a phone or organisation booking is audited.
    """
    offer = offer_get(service_code)
    if offer is None or offer.counter != slot.counter:
        raise SlotUnavailableError(_("This time is not for the chosen service."))
    key = holder_key_normalise(holder.identity_number)
    fields: dict[str, list[str]] = {}
    if not key:
        fields["identity_number"] = [str(_("Enter an identity, residence or passport number (4 to 20 letters and digits)."))]
    if not holder.full_name.strip():
        fields["full_name"] = [str(_("Enter the name."))]
    if holder.notify_by_sms and not holder.phone.strip():
        fields["phone"] = [str(_("Enter a mobile number for SMS notices."))]
    if fields:
        raise InvalidInputError(details={"fields": fields})
    if slot.counter == Counter.EMPLOYER and case_count < EMPLOYER_MIN_CASES:
        raise EmployerCaseCountError(details={"fields": {"case_count": [str(EmployerCaseCountError.message)]}})

    account = None
    if via == Appointment.Via.ONLINE:
        if by is None or by.kind != User.Kind.PUBLIC:
            raise PermissionDeniedError()
        account = by
    elif via == Appointment.Via.PHONE:
        if by is None:
            raise PermissionDeniedError()
        permissions.require_station_staff(by, slot.station)
    else:
        if organisation is None or by is None:
            raise PermissionDeniedError()
        # An organisation books only as itself: an active login of that employer or school.
        membership_get(user=by, organisation=organisation, kinds={Organisation.Kind.EMPLOYER.value, Organisation.Kind.SCHOOL.value})

    rules = rules_for(slot.station)
    _slot_check(slot, rules=rules, now=timezone.now())
    for _attempt in range(5):
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    reference=reference_new(),
                    slot=slot,
                    station=slot.station,
                    day=slot.day,
                    service_code=service_code,
                    via=via,
                    holder_key=key,
                    full_name=holder.full_name.strip(),
                    email=holder.email.strip(),
                    phone="".join(holder.phone.split()),
                    notify_by_sms=holder.notify_by_sms,
                    language=holder.language,
                    case_count=case_count,
                    account=account,
                    organisation=organisation,
                    booked_by=by,
                )
                _event(appointment, action="book", by=by, after=Appointment.Status.BOOKED, via=via)
                if via != Appointment.Via.ONLINE:
                    audit_record(
                        actor=by,
                        action="create",
                        obj=appointment,
                        purpose=f"appointment booked {via}",
                        unit_code=slot.station.code,
                    )
                appointment_notice_queue(appointment, event="appointment_booked", key=f"appt:{appointment.reference}:booked")
                _take_place(slot.pk)
                slot.booked += 1
                return appointment
        except IntegrityError as exc:
            if _is_duplicate(exc):
                raise AppointmentAlreadyBookedError() from None
            if "reference" not in str(exc):
                raise
    raise DomainError(_("Please try again."), code="retry")


def _may_manage(appointment: Appointment, by: User) -> bool:
    if by.kind == User.Kind.STAFF:
        return permissions.is_station_staff(by, appointment.station)
    if by.kind == User.Kind.ORGANISATION:
        from immigo.organisations.selectors import organisation_list_for_user

        return appointment.organisation_id is not None and organisation_list_for_user(by).filter(pk=appointment.organisation_id).exists()
    return appointment.account_id == by.pk


def _cutoff_check(appointment: Appointment, *, rules: BookingRules, by: User) -> None:
    """The public and organisations change or cancel only up to the cut-off; station staff may
    also later (a caller who phones in sick)."""
    if by.kind == User.Kind.STAFF:
        return
    if timezone.now() > appointment.starts_at - dt.timedelta(hours=rules.change_cutoff_hours):
        raise AppointmentChangeClosedError(details={"cutoff_hours": rules.change_cutoff_hours})


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("slot", "station").get(pk=appointment.pk)


def appointment_change(*, appointment: Appointment, new_slot: Slot, by: User) -> Appointment:
    """Moves a booking to another slot of the same station and counter.

    Guarantees: only a booked appointment moves, up to the cut-off and at most `max_changes`
    times (station staff, moving a caller's booking, may go past both); the new slot is in the
    window and has a free place; the old place is released and
    the new one taken in the same transaction (both slots locked in id order, so two changes
    never deadlock); the change notice goes out with a key per change."""
    if not _may_manage(appointment, by):
        raise PermissionDeniedError()
    rules = rules_for(appointment.station)
    if new_slot.station_id != appointment.station_id or new_slot.counter != appointment.slot.counter:
        raise SlotUnavailableError(_("This time is not for the chosen service."))
    if new_slot.pk == appointment.slot_id:
        return appointment
    _slot_check(new_slot, rules=rules, now=timezone.now())
    try:
        with transaction.atomic():
            current = _locked(appointment)
            if current.status != Appointment.Status.BOOKED:
                raise AppointmentTransitionError(details={"status": current.status})
            _cutoff_check(current, rules=rules, by=by)
            if current.changes >= rules.max_changes and by.kind != User.Kind.STAFF:
                raise AppointmentChangeLimitError(details={"max_changes": rules.max_changes})
            old_slot_id, old_day = current.slot_id, current.day
            current.slot, current.day, current.changes = new_slot, new_slot.day, current.changes + 1
            current.save(update_fields=["slot", "day", "changes", "updated_at"])
            first, second = sorted((old_slot_id, new_slot.pk))
            list(Slot.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk").values_list("pk", flat=True))
            _release_place(old_slot_id)
            if not Slot.objects.filter(pk=new_slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
                raise SlotFullError()
            _event(current, action="change", by=by, before=current.status, after=current.status, old_day=str(old_day), new_slot=new_slot.pk)
            if by.kind != User.Kind.PUBLIC:
                audit_record(actor=by, action="update", obj=current, purpose="appointment changed", unit_code=current.station.code)
            appointment_notice_queue(current, event="appointment_changed", key=f"appt:{current.reference}:changed:{current.changes}")
            return current
    except IntegrityError as exc:
        if _is_duplicate(exc):
            raise AppointmentAlreadyBookedError() from None
        raise


def _move(appointment: Appointment, *, to: str, by: User | None, action: str, **details: object) -> None:
    if to not in APPOINTMENT_ALLOWED[appointment.status]:
        raise AppointmentTransitionError(details={"status": appointment.status, "requested": to})
    before = appointment.status
    appointment.status = to
    _event(appointment, action=action, by=by, before=before, after=to, **details)


def appointment_cancel(*, appointment: Appointment, by: User, reason: str = "") -> Appointment:
    """Cancels a booking and frees its place. The public and organisations cancel up to the
    cut-off; station staff at any time before arrival. The cancellation notice goes out once."""
    if not _may_manage(appointment, by):
        raise PermissionDeniedError()
    rules = rules_for(appointment.station)
    with transaction.atomic():
        current = _locked(appointment)
        if current.status == Appointment.Status.BOOKED:
            _cutoff_check(current, rules=rules, by=by)
        _move(current, to=Appointment.Status.CANCELLED, by=by, action="cancel", reason=reason[:300])
        current.save(update_fields=["status", "updated_at"])
        Slot.objects.select_for_update().filter(pk=current.slot_id).values_list("pk", flat=True).get()
        _release_place(current.slot_id)
        if by.kind != User.Kind.PUBLIC:
            audit_record(actor=by, action="transition", obj=current, purpose="appointment cancelled", unit_code=current.station.code)
        appointment_notice_queue(current, event="appointment_cancelled", key=f"appt:{current.reference}:cancelled")
        return current


def appointment_check_in(*, appointment: Appointment, by: User | None = None) -> Appointment:
    """Marks today's booking as arrived (the queue's kiosk or an officer calls this).

    Idempotent: an appointment already arrived is returned unchanged. Raises
    AppointmentTransitionError for a cancelled or missed booking, or one for another day.
    Writes the arrival time and a history row; an officer's check-in is audited."""
    with transaction.atomic():
        current = _locked(appointment)
        if current.status == Appointment.Status.ARRIVED:
            return current
        if current.day != calendar.local_today():
            raise AppointmentTransitionError(_("This booking is for another day."), details={"day": current.day.isoformat()})
        _move(current, to=Appointment.Status.ARRIVED, by=by, action="check_in")
        current.arrived_at = timezone.now()
        current.save(update_fields=["status", "arrived_at", "updated_at"])
        if by is not None and by.kind == User.Kind.STAFF:
            audit_record(actor=by, action="transition", obj=current, purpose="appointment check-in", unit_code=current.station.code)
        return current


def appointment_no_shows_mark(*, today: dt.date | None = None) -> int:
    """Bookings of past days that nobody checked in become 'did not come' (the daily task);
    their places stay counted: the time has passed. Returns how many."""
    today = today or calendar.local_today()
    count = 0
    for appointment in Appointment.objects.filter(status=Appointment.Status.BOOKED, day__lt=today).select_related("slot")[:5000]:
        with transaction.atomic():
            current = _locked(appointment)
            if current.status != Appointment.Status.BOOKED:
                continue
            _move(current, to=Appointment.Status.NO_SHOW, by=None, action="no_show")
            current.save(update_fields=["status", "updated_at"])
            count += 1
    return count


def appointment_reminders_send(*, today: dt.date | None = None) -> int:
    """Queues the reminder of every booking of tomorrow (the hourly task). Each reminder's
    dedupe key names the booking and its day: later runs, and a booking changed to another day
    and back, send it once per day booked. Returns the bookings looked at."""
    tomorrow = (today or calendar.local_today()) + dt.timedelta(days=1)
    count = 0
    qs = Appointment.objects.filter(day=tomorrow, status=Appointment.Status.BOOKED).select_related("slot", "station")
    for appointment in qs.iterator(chunk_size=500):
        with transaction.atomic():
            appointment_notice(
                appointment, event="appointment_reminder", key=f"appt:{appointment.reference}:reminder:{tomorrow.isoformat()}"
            )
        count += 1
    return count
