"""What the services share: references, identity keys, names in the reader's language."""

from __future__ import annotations

import re
import secrets

from django.utils import translation

from immigo.core.models import Unit

from ..models import REFERENCE_LENGTH

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a reference read out on the phone is not misheard.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
HOLDER_KEY_RE = re.compile(r"[A-Z0-9]{4,20}")


def reference_new() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def reference_normalise(value: str) -> str:
    return "".join(value.split()).replace("-", "").upper()[:REFERENCE_LENGTH]


def holder_key_normalise(value: str) -> str:
    """An identity, passport or business number as stored: upper case, no spaces or hyphens.
    Returns "" when it is not 4 to 20 letters and digits."""
    key = "".join(value.split()).replace("-", "").upper()
    return key if HOLDER_KEY_RE.fullmatch(key) else ""


def station_name(station: Unit, language: str | None = None) -> str:
    language = language or translation.get_language() or "zh-hant"
    return station.name_zh if language.startswith("zh") else (station.name_en or station.name_zh)
