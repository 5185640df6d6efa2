"""Receipt numbers: the submission date plus 40 random bits, with a check symbol.

Format `YYMMDD-XXXX-XXXX-C`: X are Crockford base-32 symbols drawn from `secrets` (about 10^12
possibilities per day, so a receipt cannot be guessed from another one), and C is Crockford's
mod-37 check symbol, which catches any single mistyped character and most transpositions.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(r"^\d{6}[0-9A-Z]{8}[0-9A-Z*~$=]$")


def _value(body: str) -> int:
    return int(body[:6]) * (32**8) + int("".join(f"{ALPHABET.index(c):05b}" for c in body[6:]), 2)


def check_symbol(body: str) -> str:
    return CHECK_ALPHABET[_value(body) % 37]


def receipt_generate(on: dt.date) -> str:
    body = on.strftime("%y%m%d") + "".join(secrets.choice(ALPHABET) for _ in range(8))
    compact = body + check_symbol(body)
    return format_receipt(compact)


def format_receipt(compact: str) -> str:
    return f"{compact[:6]}-{compact[6:10]}-{compact[10:14]}-{compact[14:]}"


def receipt_normalise(raw: str) -> str | None:
    """The canonical receipt for what a person typed, or None when it cannot be one of ours."""
    compact = re.sub(r"[\s\-]", "", raw.upper())
    if len(compact) != 15:
        return None
    compact = compact[:14].translate(_TRANSLATE) + compact[14]
    if not _SHAPE.match(compact) or any(c not in ALPHABET for c in compact[6:14]):
        return None
    if check_symbol(compact[:14]) != compact[14]:
        return None
    return format_receipt(compact)
