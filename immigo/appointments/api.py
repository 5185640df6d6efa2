"""JSON API of appointments: free slots, booking and cancelling one's own bookings, and the
published van schedule. Mounted at /api/v1/appointments/."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router
from ninja.responses import Status

from immigo.accounts.models import User
from immigo.applications.api import AccountKindAuth
from immigo.applications.schemas import ErrorOut
from immigo.core import calendar
from immigo.core.errors import NotFoundError

from . import selectors, services
from .models import Appointment
from .rules import offer_get
from .schemas import AppointmentOut, BookingIn, SlotOut, VanVisitOut

router = Router(tags=["appointments"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PUBLIC = AccountKindAuth(User.Kind.PUBLIC)


def _appointment_out(appointment: Appointment) -> AppointmentOut:
    return AppointmentOut(
        reference=appointment.reference,
        station=appointment.station.code,
        service=appointment.service_code,
        day=appointment.day,
        start=appointment.slot.start,
        end=appointment.slot.end,
        status=appointment.status,
        changes=appointment.changes,
    )


@router.get("/slots", response={200: list[SlotOut], **ERRORS}, summary="Free slots of a station for a service")
def slot_list(request: HttpRequest, station: str, service: str) -> list[SlotOut]:
    unit = selectors.station_get_bookable(station)
    offer = offer_get(service)
    if offer is None:
        raise NotFoundError()
    return [
        SlotOut(id=s.pk, day=s.day, start=s.start, end=s.end, counter=s.counter, free=s.free)
        for s in selectors.slot_list_available(station=unit, offer=offer)
    ]


@router.post("/bookings", response={201: AppointmentOut, **ERRORS}, auth=PUBLIC, summary="Book a slot (signed-in member of the public)")
def booking_create(request: HttpRequest, payload: BookingIn) -> Status[AppointmentOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    from .models import Slot

    slot = Slot.objects.select_related("station").filter(pk=payload.slot_id).first()
    if slot is None:
        raise NotFoundError()
    appointment = services.appointment_book(
        slot=slot,
        service_code=payload.service,
        holder=services.Holder(
            full_name=payload.full_name,
            identity_number=payload.identity_number,
            email=payload.email or user.email,
            phone=payload.phone,
            notify_by_sms=payload.notify_by_sms,
            language=get_language() or user.preferred_language,
        ),
        by=user,
    )
    return Status(201, _appointment_out(appointment))


@router.get("/bookings", response={200: list[AppointmentOut], **ERRORS}, auth=PUBLIC, summary="My bookings")
def booking_list(request: HttpRequest) -> list[AppointmentOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    return [_appointment_out(a) for a in selectors.appointment_list_for_account(user)[:100]]


@router.post("/bookings/{reference}/cancel", response={200: AppointmentOut, **ERRORS}, auth=PUBLIC, summary="Cancel my booking")
def booking_cancel(request: HttpRequest, reference: str) -> AppointmentOut:
    user: User = request.auth  # type: ignore[attr-defined]
    appointment = selectors.appointment_get_for_account(user=user, reference=reference)
    return _appointment_out(services.appointment_cancel(appointment=appointment, by=user))


@router.get("/vans", response={200: list[VanVisitOut]}, summary="Published van visits from today")
def van_list(request: HttpRequest) -> list[VanVisitOut]:
    return [
        VanVisitOut(
            station=v.station.code,
            day=v.day,
            start=v.start,
            end=v.end,
            place=v.place,
            address=v.address,
            services=list(v.services),
            interpreter_languages=v.interpreter_languages,
        )
        for v in selectors.van_visit_list_public(from_day=calendar.local_today())[:500]
    ]
