"""Input and output schemas of the appointments API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SlotOut(Schema):
    id: int
    day: dt.date
    start: dt.time
    end: dt.time
    counter: str
    free: int


class BookingIn(Schema):
    slot_id: int
    service: str
    full_name: str
    identity_number: str
    email: str = ""
    phone: str = ""
    notify_by_sms: bool = False


class AppointmentOut(Schema):
    reference: str
    station: str
    service: str
    day: dt.date
    start: dt.time
    end: dt.time
    status: str
    changes: int


class VanVisitOut(Schema):
    station: str
    day: dt.date
    start: dt.time
    end: dt.time
    place: str
    address: str
    services: list[str]
    interpreter_languages: str
