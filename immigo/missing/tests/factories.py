"""Plain factories for the missing persons tests."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import County, Unit
from immigo.missing.models import MissingPerson, Province

# A valid new-format unified ID number from the published test vectors.
ID_NUMBER = "A800000014"


def county(code: str = "TW-KHH", name_zh: str = "高雄市", name_en: str = "Kaohsiung City") -> County:
    return County.objects.get_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})[0]


def unit(code: str, kind: Unit.Kind) -> Unit:
    return Unit.objects.get_or_create(code=code, defaults={"kind": kind, "name_zh": code, "name_en": code})[0]


def staff(email: str, role: Role, where: Unit) -> User:
    user = User.objects.create_user(email, "pw-for-tests-123", full_name=email.split("@")[0], kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=where)
    return user


def person(case_number: str = "NIA-113-0001", **overrides: Any) -> MissingPerson:
    values: dict[str, Any] = {
        "case_number": case_number,
        "name_zh": "林海生",
        "name_roman": "LIN Haisheng",
        "sex": MissingPerson.Sex.MALE,
        "birth_year": 1990,
        "origin_province": Province.FUJIAN,
        "origin_city": "莆田市",
        "year_missing": 2023,
        "place_last_seen": county(),
        "reason": MissingPerson.Reason.FISHING_CREW,
        "source_agency": MissingPerson.SourceAgency.FISHERIES,
        "status": MissingPerson.Status.MISSING,
        "is_published": True,
        "id_number": "",
    }
    values.update(overrides)
    return MissingPerson.objects.create(**values)


def image(kind: str = "PNG", name: str = "photo.png", size: tuple[int, int] = (40, 50)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(out, format=kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{kind.lower()}")


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "case_number": "NIA-113-0100",
        "name_zh": "陳志遠",
        "name_roman": "CHEN Zhiyuan",
        "sex": "M",
        "birth_year": "",
        "age_when_missing": "34",
        "origin_province": "fujian",
        "origin_city": "福州市",
        "year_missing": "2023",
        "place_last_seen": county().pk,
        "reason": "fishing_crew",
        "description": "",
        "source_agency": "fisheries",
        "id_number": "",
        "notes": "",
    }
    data.update(overrides)
    return data
