"""Reads of the appointments app. Staff reads of personal data are audited here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet
from django.utils import timezone

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import NotFoundError
from immigo.core.models import Unit
from immigo.organisations.models import Organisation

from . import permissions
from .models import Appointment, GroupMember, GroupSession, HomePickup, Slot, VanVisit
from .rules import Offer, rules_for
from .services._common import reference_normalise

ACTIVE = (Appointment.Status.BOOKED, Appointment.Status.ARRIVED)


def appointment_get_for_checkin(*, reference: str, unit_code: str) -> Appointment | None:
    """Today's booking (Asia/Taipei) at the station `unit_code` with this booking reference, as
    printed on the confirmation and in its QR code (spaces, hyphens and case are ignored), or
    None. Only a booking still 'booked' or already 'arrived' is returned; a cancelled or missed
    one, another day's or another station's is not. The slot and station come with it."""
    ref = reference_normalise(reference)
    if not ref:
        return None
    return (
        Appointment.objects.select_related("slot", "station")
        .filter(reference=ref, station__code=unit_code, day=calendar.local_today(), status__in=ACTIVE)
        .first()
    )


def station_list_bookable() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, is_active=True).order_by("code")


def station_get_bookable(code: str) -> Unit:
    station = station_list_bookable().filter(code=code).first()
    if station is None:
        raise NotFoundError()
    return station


def slot_list_available(*, station: Unit, offer: Offer, now: dt.datetime | None = None) -> list[Slot]:
    """The slots of `offer`'s counter at `station` with a free place, from the earliest time
    that may still be booked to the end of the booking window."""
    now = now or timezone.now()
    rules = rules_for(station)
    earliest = now + dt.timedelta(hours=rules.min_lead_hours)
    first_day = earliest.astimezone(calendar.TAIPEI).date()
    last_day = now.astimezone(calendar.TAIPEI).date() + dt.timedelta(days=rules.booking_window_days)
    slots = Slot.objects.filter(station=station, counter=offer.counter, day__gte=first_day, day__lte=last_day, booked__lt=F("capacity"))
    return [slot for slot in slots.order_by("day", "start") if slot.starts_at >= earliest]


def slot_get(*, pk: int, station: Unit) -> Slot:
    slot = Slot.objects.select_related("station").filter(pk=pk, station=station).first()
    if slot is None:
        raise NotFoundError()
    return slot


def appointment_list_for_account(user: User) -> QuerySet[Appointment]:
    return Appointment.objects.filter(account=user).select_related("slot", "station").order_by("-day", "-slot__start")


def appointment_get_for_account(*, user: User, reference: str) -> Appointment:
    appointment = appointment_list_for_account(user).filter(reference=reference_normalise(reference)).first()
    if appointment is None:
        raise NotFoundError()
    return appointment


def appointment_get_for_staff(*, user: User, reference: str, purpose: str) -> Appointment:
    appointment = Appointment.objects.select_related("slot", "station").filter(reference=reference_normalise(reference)).first()
    if appointment is None or not permissions.is_station_staff(user, appointment.station):
        raise NotFoundError()
    audit_record(actor=user, action="read", obj=appointment, purpose=purpose, unit_code=appointment.station.code)
    return appointment


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    appointments: list[Appointment]


@dataclass(frozen=True)
class DayPlan:
    station: Unit
    day: dt.date
    rows: list[SlotRow]
    groups: Sequence[GroupSession]
    pickups: list[HomePickup]
    vans: list[VanVisit]
    booked: int
    places: int
    staff_needed: dict[int, int]


def station_day_plan(*, user: User, station: Unit, day: dt.date) -> DayPlan:
    """The station's day: every slot with its bookings, the group sessions (with the officers
    each needs for its list), the home pickups and the van visits. The read of the people in it
    is audited with the references shown."""
    permissions.require_station_staff(user, station)
    active = Appointment.objects.filter(status__in=[*ACTIVE, Appointment.Status.NO_SHOW]).order_by("id")
    slots = list(
        Slot.objects.filter(station=station, day=day)
        .order_by("start", "counter")
        .prefetch_related(Prefetch("appointments", queryset=active, to_attr="active_appointments"))
    )
    rows = [SlotRow(slot=slot, appointments=slot.active_appointments) for slot in slots]  # type: ignore[attr-defined]
    groups = list(
        GroupSession.objects.filter(station=station, day=day)
        .exclude(status=GroupSession.Status.CANCELLED)
        .select_related("organisation")
        .annotate(people=Count("members"))
        .prefetch_related("officers")
    )
    rules = rules_for(station)
    pickups = list(
        HomePickup.objects.filter(station=station, visit_day=day, status__in=[HomePickup.Status.SCHEDULED, HomePickup.Status.COMPLETED])
        .prefetch_related("officers")
        .order_by("visit_start")
    )
    vans = list(VanVisit.objects.filter(station=station, day=day).exclude(status=VanVisit.Status.CANCELLED).prefetch_related("officers"))
    references = [a.reference for row in rows for a in row.appointments]
    audit_record(
        actor=user,
        action="read",
        object_type="appointments.dayplan",
        object_id=f"{station.code}:{day.isoformat()}",
        purpose="station day plan",
        unit_code=station.code,
        details={"appointments": references, "pickups": [p.reference for p in pickups]},
    )
    return DayPlan(
        station=station,
        day=day,
        rows=rows,
        groups=groups,
        pickups=pickups,
        vans=vans,
        booked=sum(row.slot.booked for row in rows),
        places=sum(row.slot.capacity for row in rows),
        staff_needed={g.pk: rules.staff_needed(g.people) for g in groups},  # type: ignore[attr-defined]
    )


def group_session_list_for_organisation(organisation: Organisation) -> QuerySet[GroupSession]:
    return (
        GroupSession.objects.filter(organisation=organisation)
        .select_related("station")
        .annotate(people=Count("members"))
        .order_by("-day", "-start")
    )


def group_session_get_for_organisation(*, organisation: Organisation, reference: str) -> GroupSession:
    session = group_session_list_for_organisation(organisation).filter(reference=reference_normalise(reference)).first()
    if session is None:
        raise NotFoundError()
    return session


def group_members_list_for_organisation(*, user: User, session: GroupSession) -> list[GroupMember]:
    """The people on the organisation's own list; the organisation's read is audited."""
    members = list(session.members.all())
    if members:
        audit_record(
            actor=user,
            action="read",
            obj=session,
            purpose="group list viewed by the organisation",
            unit_code=session.station.code,
            details={"people": len(members)},
        )
    return members


def group_session_list_for_staff(*, user: User, station: Unit, upcoming_from: dt.date) -> QuerySet[GroupSession]:
    permissions.require_station_staff(user, station)
    return (
        GroupSession.objects.filter(station=station, day__gte=upcoming_from)
        .select_related("organisation")
        .annotate(people=Count("members"))
        .prefetch_related("officers")
        .order_by("day", "start")
    )


def group_session_get_for_staff(*, user: User, reference: str) -> tuple[GroupSession, list[GroupMember]]:
    """A session and its list of people; the read of the list is audited."""
    session = GroupSession.objects.select_related("organisation", "station").filter(reference=reference_normalise(reference)).first()
    if session is None or not permissions.is_station_staff(user, session.station):
        raise NotFoundError()
    members = list(session.members.all())
    audit_record(
        actor=user,
        action="read",
        obj=session,
        purpose="group session list",
        unit_code=session.station.code,
        details={"people": len(members)},
    )
    return session, members


def home_pickup_list_for_account(user: User) -> QuerySet[HomePickup]:
    return HomePickup.objects.filter(account=user).select_related("station").order_by("-created_at")


def home_pickup_list_for_staff(*, user: User, station: Unit) -> list[HomePickup]:
    """Open and scheduled requests of the station; the read is audited."""
    permissions.require_station_staff(user, station)
    pickups = list(
        HomePickup.objects.filter(station=station, status__in=[HomePickup.Status.REQUESTED, HomePickup.Status.SCHEDULED])
        .prefetch_related("officers")
        .order_by("created_at")
    )
    audit_record(
        actor=user,
        action="read",
        object_type="appointments.homepickup",
        object_id=station.code,
        purpose="home pickup requests",
        unit_code=station.code,
        details={"references": [p.reference for p in pickups]},
    )
    return pickups


def home_pickup_get_for_staff(*, user: User, reference: str) -> HomePickup:
    pickup = HomePickup.objects.select_related("station").filter(reference=reference_normalise(reference)).first()
    if pickup is None or not permissions.is_station_staff(user, pickup.station):
        raise NotFoundError()
    audit_record(actor=user, action="read", obj=pickup, purpose="home pickup request", unit_code=pickup.station.code)
    return pickup


def van_visit_list_public(*, from_day: dt.date, to_day: dt.date | None = None) -> QuerySet[VanVisit]:
    """Published visits from `from_day` (no personal data: place, time, services, languages)."""
    qs = VanVisit.objects.filter(status=VanVisit.Status.PUBLISHED, day__gte=from_day).select_related("station", "county")
    if to_day is not None:
        qs = qs.filter(day__lte=to_day)
    return qs.order_by("day", "start", "station__code")


def van_visit_list_for_staff(*, user: User, station: Unit, from_day: dt.date) -> QuerySet[VanVisit]:
    permissions.require_station_staff(user, station)
    return (
        VanVisit.objects.filter(station=station, day__gte=from_day)
        .prefetch_related("officers")
        .annotate(intake_count=Count("intakes"))
        .order_by("day", "start")
    )


def van_visit_get_for_staff(*, user: User, pk: int) -> VanVisit:
    visit = VanVisit.objects.select_related("station").filter(pk=pk).first()
    if visit is None or not permissions.is_station_staff(user, visit.station):
        raise NotFoundError()
    return visit
