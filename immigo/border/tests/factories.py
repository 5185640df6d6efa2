"""Plain factories for the border tests and the catalogue tests of A02–A06, A16, F04 and N04."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import County, Person, Unit

from ..models import Crossing, ExitBan

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TAIPEI = dt.timezone(dt.timedelta(hours=8))


def county(code: str = "TW-TPE", letters: str = "A") -> County:
    return County.objects.get_or_create(code=code, defaults={"name_zh": "臺北市", "name_en": "Taipei City", "id_letters": letters})[0]


def hq() -> Unit:
    return Unit.objects.get_or_create(
        code="hq-entry-exit", defaults={"kind": Unit.Kind.HEADQUARTERS, "name_zh": "入出國事務組", "name_en": "Entry-Exit Affairs Division"}
    )[0]


def station() -> Unit:
    return Unit.objects.get_or_create(
        code="station-01-taipei",
        defaults={"kind": Unit.Kind.SERVICE_STATION, "name_zh": "臺北市服務站", "name_en": "Taipei", "county": county(), "parent": hq()},
    )[0]


def border_unit(code: str = "border-taoyuan-t1") -> Unit:
    return Unit.objects.get_or_create(
        code=code, defaults={"kind": Unit.Kind.BORDER, "name_zh": "桃園機場第一航廈國境隊", "name_en": "Taoyuan T1"}
    )[0]


def staff(email: str, role: Role, unit: Unit) -> User:
    user = User.objects.create_user(email, "pw-for-tests-123", full_name=email.split("@")[0], kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    return user


def public(email: str = "citizen@example.test", person: Person | None = None) -> User:
    return User.objects.create_user(email, "pw-for-tests-123", full_name="Citizen", kind=User.Kind.PUBLIC, person=person)


def citizen(national_id: str = "A123456789", dob: dt.date = dt.date(1985, 1, 15), **kw: Any) -> Person:
    defaults = {
        "family_name": "WANG",
        "given_names": "HSIAO MING",
        "native_name": "王小明",
        "date_of_birth": dob,
        "sex": "M",
        "nationality": "TWN",
    }
    defaults.update(kw)
    return Person.objects.create(national_id=national_id, **defaults)


def ban(person: Person, by: User, **kw: Any) -> ExitBan:
    defaults: dict[str, Any] = {
        "authority_kind": ExitBan.Authority.TAX,
        "imposed_by": "財政部臺北國稅局",
        "contact_authority": "財政部臺北國稅局 法務科",
        "contact_phone": "02-2311-3711",
        "legal_basis": "稅捐稽徵法第24條",
        "reference": "北區國稅法字第1130000001號",
        "starts_on": dt.date(2026, 1, 1),
        "unit": hq(),
        "created_by": by,
    }
    defaults.update(kw)
    return ExitBan.objects.create(person=person, **defaults)


def crossing(person: Person, day: dt.date, direction: str, port: str = "TPE") -> Crossing:
    return Crossing.objects.create(person=person, direction=direction, at=dt.datetime.combine(day, dt.time(10), tzinfo=TAIPEI), port=port)


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def now() -> dt.datetime:
    return timezone.now()


def conscript_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "native_name": "李大同",
        "family_name": "LI",
        "given_names": "TA TUNG",
        "sex": "M",
        "date_of_birth": "2005-05-20",
        "nationality": "TWN",
        "email": "li@example.test",
        "phone": "",
        "national_id": "A123456789",
        "destination": "JPN",
    }
    data.update(overrides)
    return data
