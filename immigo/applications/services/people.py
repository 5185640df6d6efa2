"""Finding or registering the person an application is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from immigo.core.models import Passport, Person

from .errors import IdentityMismatchError

PASSPORT_ISSUERS = {"HKSAR": "HKG", "MSAR": "MAC", "BNO": "GBN"}


def _identity(data: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    if data.get("national_id"):
        out["national_id"] = data["national_id"]
    if data.get("ui_number"):
        out["ui_number"] = data["ui_number"]
    if data.get("passport_number"):
        out["passport_number"] = data["passport_number"]
        issuer = data.get("passport_country") or PASSPORT_ISSUERS.get(data.get("passport_type", ""), "")
        out["passport_country"] = issuer
    return out


def person_find(data: Mapping[str, Any]) -> Person | None:
    ident = _identity(data)
    if "national_id" in ident:
        return Person.objects.filter(national_id=ident["national_id"]).first()
    if "ui_number" in ident:
        return Person.objects.filter(ui_number=ident["ui_number"]).first()
    if "passport_number" in ident:
        passport = (
            Passport.objects.filter(number=ident["passport_number"], issuing_country=ident["passport_country"])
            .select_related("person")
            .first()
        )
        return passport.person if passport else None
    return None


def person_for_application(data: Mapping[str, Any]) -> Person:
    """The registry's person for these details, created when new. An identity number that exists
    with another date of birth is refused (the same answer as any mismatch: no data leaks)."""
    person = person_find(data)
    dob = data["date_of_birth"]
    if person is not None:
        if person.date_of_birth != dob:
            raise IdentityMismatchError(details={"fields": {"date_of_birth": [str(IdentityMismatchError.message)]}})
        changed = []
        for name in ("email", "phone"):
            if data.get(name) and getattr(person, name) != data[name]:
                setattr(person, name, data[name])
                changed.append(name)
        if changed:
            person.save(update_fields=[*changed, "updated_at"])
    else:
        ident = _identity(data)
        person = Person.objects.create(
            national_id=ident.get("national_id"),
            ui_number=ident.get("ui_number"),
            native_name=data.get("native_name", ""),
            family_name=data.get("family_name", ""),
            given_names=data.get("given_names", ""),
            date_of_birth=dob,
            sex=data.get("sex", "X"),
            nationality=data.get("nationality", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
        )
    if data.get("passport_number"):
        ident = _identity(data)
        expiry = data.get("passport_expiry") or dt.date.max
        Passport.objects.get_or_create(
            issuing_country=ident["passport_country"],
            number=ident["passport_number"],
            defaults={"person": person, "expires_on": expiry, "kind": data.get("passport_type", "")},
        )
    return person
