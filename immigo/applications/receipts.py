"""Receipt numbers: the submission date plus 40 random bits, with a check symbol.

Format `YYMMDD-XXXX-XXXX-C`: X are Crockford base-32 symbols drawn from `secrets` (about 10^12
possibilities per day, so a receipt cannot be guessed from another one), and C is a Luhn mod-32
check symbol over the whole number, which catches any single mistyped character and any swap of
two adjacent characters but one: 0 and Z (worth 0 and 31) swap unseen, as 0 and 9 do in the
decimal Luhn check. Only letters and digits, so a receipt is safe in URLs and SMS.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(r"^\d{6}[0-9A-Z]{9}$")


def check_symbol(body: str) -> str:
    """Luhn mod N (N = 32) over the symbols of `body`."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


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
    compact = compact.translate(_TRANSLATE)
    if not _SHAPE.match(compact) or any(c not in ALPHABET for c in compact[6:]):
        return None
    if check_symbol(compact[:14]) != compact[14]:
        return None
    return format_receipt(compact)
