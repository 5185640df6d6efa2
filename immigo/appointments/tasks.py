"""Background work of the appointments app (Django's tasks framework, run by
`manage.py db_worker`; `manage.py crontask` schedules these). Each may run more than once."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .models import Appointment
from .services import appointment_no_shows_mark, appointment_reminders_send, slot_open_window
from .services.notices import appointment_notice


@task()
def appointment_notice_task(appointment_id: int, event: str, key: str) -> bool:
    """Writes a booking's notice (booked, changed, cancelled) into the outbox. Queued in the
    booking's own transaction; `key` dedupes a task that runs twice."""
    appointment = Appointment.objects.select_related("slot", "station").filter(pk=appointment_id).first()
    if appointment is None:
        return False
    appointment_notice(appointment, event=event, key=key)
    return True


@cron("15 * * * *")
@task()
def appointment_reminders() -> int:
    """Every hour: the day-before reminders of tomorrow's bookings (dedupe keys make the later
    runs of the day send nothing twice; a booking made during the day is reminded at the next
    run)."""
    return appointment_reminders_send()


@cron("5 0 * * *")
@task()
def appointment_daily() -> dict[str, int]:
    """Every night: opens the slots of the booking window at every station, and marks the
    bookings nobody checked in for as missed."""
    return {"slots_opened": slot_open_window(), "no_shows": appointment_no_shows_mark()}
