"""Plain factories for the appointments tests: stations, staff, public users, organisations,
slots and bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from immigo.accounts.models import StaffRole, User
from immigo.core.models import County, Unit
from immigo.organisations.models import Membership, Organisation

from ..models import Appointment, GroupSession, Slot
from ..rules import Counter
from ..services import Holder, appointment_book
from ..services._common import reference_new

PASSWORD = "pw-for-tests-123"


def county(code: str = "TW-TPE") -> County:
    return County.objects.get_or_create(code=code, defaults={"name_zh": "臺北市", "name_en": "Taipei City"})[0]


def station(code: str = "station-01-taipei") -> Unit:
    hq = Unit.objects.get_or_create(
        code="hq-entry-exit", defaults={"kind": Unit.Kind.HEADQUARTERS, "name_zh": "入出國事務組", "name_en": "HQ"}
    )[0]
    return Unit.objects.get_or_create(
        code=code,
        defaults={
            "kind": Unit.Kind.SERVICE_STATION,
            "name_zh": "臺北市服務站",
            "name_en": "Taipei City Service Center",
            "county": county(),
            "parent": hq,
            "address": "臺北市中正區廣州街15號",
        },
    )[0]


def staff(email: str, role: str, unit: Unit, full_name: str = "") -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=full_name or email.split("@")[0], kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    return user


def public(email: str = "person@example.test", language: str = "en") -> User:
    return User.objects.create_user(email, PASSWORD, full_name="Nguyen Van An", kind=User.Kind.PUBLIC, preferred_language=language)


def organisation(
    kind: str = Organisation.Kind.SCHOOL, number: str = "04595257", email: str = "school@example.test"
) -> tuple[Organisation, User]:
    org = Organisation.objects.create(kind=kind, name="國立臺灣大學", name_en="National Taiwan University", business_number=number)
    user = User.objects.create_user(email, PASSWORD, full_name="International Office", kind=User.Kind.ORGANISATION)
    Membership.objects.create(organisation=org, user=user)
    return org, user


def slot(unit: Unit, day: dt.date, start: dt.time = dt.time(9, 0), *, counter: str = Counter.GENERAL, capacity: int = 2) -> Slot:
    end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=30)).time()
    return Slot.objects.create(station=unit, counter=counter, day=day, start=start, end=end, capacity=capacity)


def holder(number: str = "A123456789", **overrides: Any) -> Holder:
    values: dict[str, Any] = {"full_name": "Nguyen Van An", "identity_number": number, "email": "an@example.test", "language": "vi"}
    values.update(overrides)
    return Holder(**values)


def booking(the_slot: Slot, user: User, *, number: str = "A123456789", service: str = Counter.GENERAL, **overrides: Any) -> Appointment:
    return appointment_book(slot=the_slot, service_code=service, holder=holder(number, **overrides), by=user)


def group_session(org: Organisation, unit: Unit, day: dt.date, **overrides: Any) -> GroupSession:
    values: dict[str, Any] = {
        "reference": reference_new(),
        "organisation": org,
        "station": unit,
        "day": day,
        "start": dt.time(9, 0),
        "end": dt.time(12, 0),
        "contact_name": "Lin",
        "contact_phone": "02-3366-1234",
        "contact_email": "intl@example.test",
        "language": "en",
    }
    values.update(overrides)
    return GroupSession.objects.create(**values)


def student_csv(count: int, *, start: int = 1) -> bytes:
    lines = ["name,document_number,nationality,date_of_birth,service"]
    for i in range(start, start + count):
        lines.append(f"Student {i},P{i:08d},VNM,2004-05-{(i % 28) + 1:02d},residence_certificate")
    return ("\n".join(lines) + "\n").encode()
