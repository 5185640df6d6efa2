"""Notices through the transactional outbox, in the person's language. Every notice has a
dedupe key, so a retried task or a second sweep never sends it twice."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from immigo.notifications.rendering import EventSpec, event_register
from immigo.notifications.services import notification_enqueue

from ..models import Appointment, GroupSession, HomePickup
from ..rules import offer_get
from ._common import station_name

_APPOINTMENT_FIELDS = frozenset({"reference", "station_name", "station_address", "day", "time", "service_name", "manage_url"})
EVENTS: dict[str, EventSpec] = {
    "appointment_booked": EventSpec(required=_APPOINTMENT_FIELDS),
    "appointment_changed": EventSpec(required=_APPOINTMENT_FIELDS),
    "appointment_reminder": EventSpec(required=_APPOINTMENT_FIELDS),
    "appointment_cancelled": EventSpec(required=frozenset({"reference", "station_name", "day", "time"})),
    "group_session_confirmed": EventSpec(
        required=frozenset({"reference", "station_name", "day", "time", "people", "officers"}), optional=frozenset({"place"})
    ),
    "home_pickup_scheduled": EventSpec(required=frozenset({"reference", "station_name", "day", "time"})),
    "home_pickup_declined": EventSpec(required=frozenset({"reference", "station_name"}), optional=frozenset({"note"})),
}


def events_register() -> None:
    for name, spec in EVENTS.items():
        event_register(name, spec)


def _public_url(path: str) -> str:
    return f"{settings.IMMIGO_PUBLIC_URL}{path}"


def _time(start: object, end: object) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def service_label(code: str, language: str | None = None) -> str:
    offer = offer_get(code)
    if offer is None:
        return code
    with translation.override(language or translation.get_language() or "zh-hant"):
        return str(offer.label)


def appointment_notice(appointment: Appointment, *, event: str, key: str) -> None:
    """Queues `event` for the booking (e-mail, and SMS when asked for) with dedupe key `key`."""
    language = appointment.language
    context = {
        "reference": appointment.reference,
        "station_name": station_name(appointment.station, language),
        "day": appointment.day.isoformat(),
        "time": _time(appointment.slot.start, appointment.slot.end),
    }
    if event != "appointment_cancelled":
        context |= {
            "station_address": appointment.station.address,
            "service_name": service_label(appointment.service_code, language),
            "manage_url": _public_url(reverse("appointments:mine_detail", args=[appointment.reference])),
        }
    notification_enqueue(
        event=event,
        language=language,
        context=context,
        dedupe_key=key,
        email=appointment.email,
        phone=appointment.phone,
        sms=appointment.notify_by_sms,
    )


def appointment_notice_queue(appointment: Appointment, *, event: str, key: str) -> None:
    """Queues the notice as a task in the caller's transaction: it is written (one row) only if
    the booking commits, and the worker renders it into the outbox afterwards, so the booking
    itself stays short. The dedupe key makes a repeated task send nothing twice."""
    from ..tasks import appointment_notice_task

    appointment_notice_task.enqueue(appointment.pk, event, key)


def group_session_notice(session: GroupSession, *, people: int) -> None:
    language = session.language
    notification_enqueue(
        event="group_session_confirmed",
        language=language,
        context={
            "reference": session.reference,
            "station_name": station_name(session.station, language),
            "day": session.day.isoformat(),
            "time": _time(session.start, session.end),
            "place": session.place,
            "people": people,
            "officers": session.officers.count(),
        },
        dedupe_key=f"group:{session.reference}:confirmed",
        email=session.contact_email,
    )


def home_pickup_notice(pickup: HomePickup) -> None:
    language = pickup.language
    name = station_name(pickup.station, language)
    if pickup.status == HomePickup.Status.SCHEDULED:
        assert pickup.visit_day is not None  # the check constraint guarantees it
        event = "home_pickup_scheduled"
        context: dict[str, object] = {
            "reference": pickup.reference,
            "station_name": name,
            "day": pickup.visit_day.isoformat(),
            "time": _time(pickup.visit_start, pickup.visit_end),
        }
        key = f"pickup:{pickup.reference}:scheduled:{pickup.visit_day.isoformat()}:{pickup.visit_start:%H%M}"
    else:
        event = "home_pickup_declined"
        context = {"reference": pickup.reference, "station_name": name, "note": pickup.decision_note}
        key = f"pickup:{pickup.reference}:declined"
    notification_enqueue(event=event, language=language, context=context, dedupe_key=key, email=pickup.email, phone=pickup.phone, sms=True)
