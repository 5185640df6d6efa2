"""Plain factories for the residence tests: units, staff with roles and languages, residents with
a permit expiring on a given day, CSV rows."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from immigo.accounts.models import Role, StaffRole, User
from immigo.core import identifiers
from immigo.core.models import County, Person, Unit
from immigo.residence.models import Permit, Resident, StaffLanguage

_serial = itertools.count(1)


def county(code: str = "TW-TPE", name_zh: str = "臺北市", name_en: str = "Taipei City") -> County:
    return County.objects.get_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})[0]


def hq() -> Unit:
    return Unit.objects.get_or_create(code="hq", defaults={"kind": Unit.Kind.HEADQUARTERS, "name_zh": "移民署", "name_en": "HQ"})[0]


def station(code: str = "station-01-taipei", county_obj: County | None = None, name_zh: str = "臺北市服務站") -> Unit:
    return Unit.objects.get_or_create(
        code=code,
        defaults={
            "kind": Unit.Kind.SERVICE_STATION,
            "name_zh": name_zh,
            "name_en": "Taipei City Service Center",
            "county": county_obj or county(),
            "parent": hq(),
            "address": "臺北市中正區廣州街15號",
            "phone": "02-2388-5185",
        },
    )[0]


def special_ops(code: str = "special-ops-tpe", county_obj: County | None = None) -> Unit:
    return Unit.objects.get_or_create(
        code=code,
        defaults={
            "kind": Unit.Kind.SPECIAL_OPERATIONS,
            "name_zh": "臺北市專勤隊",
            "name_en": "Taipei team",
            "county": county_obj or county(),
            "parent": hq(),
        },
    )[0]


def staff(email: str, role: Role, unit: Unit, *, languages: tuple[str, ...] = (), full_name: str = "") -> User:
    user = User.objects.create_user(email, "pw-for-tests-123", full_name=full_name or email.split("@")[0], kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    for language in languages:
        StaffLanguage.objects.create(user=user, language=language)
    return user


def ui_number(serial: int | None = None, *, sex: str = "F") -> str:
    """A fictional new-format unified ID number (block Y?1xxxxxx, check digit computed)."""
    prefix = f"Y{'8' if sex == 'M' else '9'}1{(serial or next(_serial)):06d}"
    return prefix + identifiers.check_digit(prefix)


def resident(
    *,
    expires_on: dt.date,
    station_obj: Unit | None = None,
    language: str = "vi",
    email: str = "resident@example.org",
    phone: str = "+886912345678",
    issued_on: dt.date | None = None,
    **flags: Any,
) -> Resident:
    serial = next(_serial)
    where = station_obj or station()
    person = Person.objects.create(
        ui_number=ui_number(serial),
        native_name="阮氏花",
        family_name="NGUYEN",
        given_names="THI HOA",
        date_of_birth=dt.date(1990, 5, 17),
        sex="F",
        nationality="VNM",
        email=email,
        phone=phone,
        preferred_language=language,
        address="臺北市大同區迪化街一段1號",
        county=where.county,
    )
    res = Resident.objects.create(person=person, ui_number=person.ui_number or "", station=where, **flags)
    Permit.objects.create(
        resident=res,
        number=f"RP{serial:08d}",
        kind=Permit.Kind.FOREIGN_RESIDENT,
        issued_on=issued_on or expires_on - dt.timedelta(days=365),
        expires_on=expires_on,
        station=where,
    )
    return res


def csv_row(**overrides: str) -> dict[str, str]:
    serial = next(_serial)
    row = {
        "ui_number": ui_number(serial),
        "passport_country": "",
        "passport_number": "",
        "native_name": "阮氏花",
        "family_name": "Nguyen",
        "given_names": "Thi Hoa",
        "sex": "F",
        "date_of_birth": "1990-05-17",
        "nationality": "VNM",
        "email": f"r{serial}@example.org",
        "phone": "+886912345678",
        "language": "vi",
        "address": "臺北市大同區迪化街一段1號",
        "county": "TW-TPE",
        "station": "station-01-taipei",
        "permit_number": f"RP{serial:08d}",
        "permit_kind": "foreign_resident",
        "issued_on": "2025-01-10",
        "expires_on": "2026-01-10",
        "sms_allowed": "yes",
    }
    row.update(overrides)
    return row


def csv_text(rows: list[dict[str, str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
