"""Plain factories for application tests (units, staff with roles, applicants, form data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import County, Unit

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def county(code: str = "TW-TPE", name_zh: str = "臺北市", name_en: str = "Taipei City") -> County:
    return County.objects.get_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})[0]


def hq_unit() -> Unit:
    return Unit.objects.get_or_create(
        code="hq-entry-exit", defaults={"kind": Unit.Kind.HEADQUARTERS, "name_zh": "入出國事務組", "name_en": "Entry-Exit Affairs Division"}
    )[0]


def station(code: str = "station-01-taipei", county_obj: County | None = None, name_zh: str = "臺北市服務站") -> Unit:
    return Unit.objects.get_or_create(
        code=code,
        defaults={
            "kind": Unit.Kind.SERVICE_STATION,
            "name_zh": name_zh,
            "name_en": "Taipei City Service Center",
            "county": county_obj or county(),
            "parent": hq_unit(),
            "address": "臺北市中正區廣州街15號",
            "phone": "02-2388-5185",
        },
    )[0]


def staff(email: str, role: Role, unit: Unit, full_name: str = "") -> User:
    user = User.objects.create_user(email, "pw-for-tests-123", full_name=full_name or email.split("@")[0], kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    return user


def public(email: str = "applicant@example.test") -> User:
    return User.objects.create_user(email, "pw-for-tests-123", full_name="Applicant", kind=User.Kind.PUBLIC)


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def a01_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "陳大文",
        "family_name": "CHAN",
        "given_names": "TAI MAN",
        "sex": "M",
        "date_of_birth": "1988-03-02",
        "nationality": "HKG",
        "email": "chan@example.test",
        "phone": "+85291234567",
        "notify_by_sms": True,
        "residence": "HKG",
        "permanent_resident": True,
        "place_of_birth": "HKG",
        "entered_taiwan_after_1983": False,
        "previous_permit_number": "",
        "previous_permit_valid_until": "",
        "passport_type": "HKSAR",
        "passport_number": "K12345678",
        "passport_expiry": (today + dt.timedelta(days=3 * 365)).isoformat(),
        "holds_other_passport": False,
        "arrival_date": (today + dt.timedelta(days=14)).isoformat(),
        "stay_days": 10,
    }
    data.update(overrides)
    return data


def a07_data(county_obj: County, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "",
        "family_name": "NGUYEN",
        "given_names": "THI LAN",
        "sex": "F",
        "date_of_birth": "1990-05-17",
        "nationality": "VNM",
        "email": "lan@example.test",
        "phone": "",
        "ui_number": "A800000014",
        "county": str(county_obj.pk),
        "new_address": "臺北市大安區復興南路一段100號5樓",
        "moved_on": "2026-11-01",
        "housing": "rented",
    }
    data.update(overrides)
    return data


def a11_data(station_obj: Unit, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "王小明",
        "family_name": "WANG",
        "given_names": "HSIAO MING",
        "sex": "M",
        "date_of_birth": "1985-01-15",
        "nationality": "TWN",
        "email": "wang@example.test",
        "phone": "",
        "id_kind": "national_id",
        "national_id": "A123456789",
        "ui_number": "",
        "passport_number": "",
        "passport_country": "",
        "period_from": "2024-01-01",
        "period_to": "2026-10-31",
        "copies": 2,
        "purpose": "tax",
        "filed_by_agent": False,
        "agent_name": "",
        "pickup": "counter",
        "station": str(station_obj.pk),
        "postal_address": "",
    }
    data.update(overrides)
    return data
