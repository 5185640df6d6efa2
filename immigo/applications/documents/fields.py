"""Helpers shared by whoever builds, prints and verifies issued-document payloads: masking of
numbers, the crossing list of an entry/exit certificate and its digest, and the labels of the
payload keys (listed in :mod:`immigo.applications.documents.signing`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.applications.models import IssuedDocument
from immigo.border.selectors import crossing_list_for_person
from immigo.core.models import Person

TAIPEI = ZoneInfo("Asia/Taipei")

FIELD_LABELS: dict[str, Any] = {
    "t": _("Document"),
    "n": _("Document number"),
    "nm": _("Name"),
    "dob": _("Date of birth"),
    "sx": _("Sex"),
    "id": _("Identity or passport number"),
    "vf": _("Valid from"),
    "vu": _("Valid until"),
    "iat": _("Issued at"),
    "en": _("Entries allowed"),
    "st": _("Days of stay per entry"),
    "pp": _("Passport"),
    "ps": _("Period from"),
    "pe": _("Period until"),
    "cx": _("Number of crossings"),
    "ch": _("Fingerprint of the crossing list"),
    "ad": _("Address"),
    "na": _("Nationality"),
    "qd": _("Qualifying visa or residence document"),
    "sp": _("Sponsoring company"),
    "og": _("Organisation"),
    "rs": _("Reason"),
    "ld": _("Date of loss"),
    "wp": _("The holder does not need to apply for a work permit to work"),
    "ar": _("Island and port of entry"),
}

# The border services' documents (conscripts' exit approvals, UI number notices, reunion statements).
from immigo.border.document_fields import FIELD_LABELS as _BORDER_FIELD_LABELS  # noqa: E402

FIELD_LABELS.update(_BORDER_FIELD_LABELS)

# The reasons of an APRC holder's exit report (A11), as the payload's ``rs`` codes them.
EXIT_REPORT_REASONS: dict[str, Any] = {
    "study": _("Study abroad"),
    "medical": _("Medical treatment abroad"),
    "other": _("Another special reason"),
}


def taipei_today() -> dt.date:
    return timezone.now().astimezone(TAIPEI).date()


def mask_number(value: str, *, keep: int = 4) -> str:
    """Every character but the last ``keep`` replaced by ``*``: "A123456789" becomes "******6789".
    A value of ``keep`` characters or fewer is returned as it is."""
    if len(value) <= keep:
        return value
    return "*" * (len(value) - keep) + value[-keep:]


def unmask(masked: str, candidates: list[str]) -> str:
    """The one candidate that the masked number was made from, or the masked number itself."""
    matches = [c for c in candidates if len(c) == len(masked) and all(m == "*" or m == ch for m, ch in zip(masked, c, strict=True))]
    return matches[0] if len(matches) == 1 else masked


def crossing_rows(*, person_id: int, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """The crossings a certificate lists: (Taipei date ISO, "entry"/"exit"), oldest first. Ports
    and flights are left out on purpose: the certificate states dates only."""
    return [
        (timezone.localtime(c.at, TAIPEI).date().isoformat(), c.direction)
        for c in crossing_list_for_person(person_id=person_id, start=start, end=end)
    ]


def crossing_digest(rows: list[tuple[str, str]]) -> str:
    """The payload's ``ch``: first 16 hex characters of the SHA-256 of the compact JSON array
    ``[["2026-01-05","exit"],["2026-01-19","entry"]]`` of the rows :func:`crossing_rows` returns
    (Taipei dates, oldest first)."""
    text = json.dumps([[day, direction] for day, direction in rows], separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def display_value(key: str, value: Any) -> str:
    """A payload value as a reader should see it."""
    if key == "t" and value in IssuedDocument.Kind.values:
        return str(IssuedDocument.Kind(value).label)
    if key == "en" and value == "multiple":
        return str(_("Multiple entries"))
    if key == "rs" and value in EXIT_REPORT_REASONS:
        return str(EXIT_REPORT_REASONS[value])
    if key == "wp":
        return str(_("Yes") if value else _("No"))
    if key == "sx" and value in Person.Sex.values:
        return str(Person.Sex(value).label)
    if key == "iat" and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = moment.astimezone(TAIPEI)
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)


def signed_fields(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for every key of the payload: the known keys in a fixed order, then any other."""
    ordered = [k for k in FIELD_LABELS if k in payload] + sorted(k for k in payload if k not in FIELD_LABELS)
    return [(str(FIELD_LABELS.get(k, k)), display_value(k, payload[k])) for k in ordered]
