"""Taiwan identity numbers: national ID, unified ID (UI) numbers old and new, and their check digit.

The algorithm (Ministry of the Interior): the leading letter expands to a two-digit value from a
fixed table (not alphabetical: I=34, O=35, W=32 ...); for an old-format UI number the second
letter contributes the units digit of its own table value (A0 B1 C2 D3). The eleven digits are
weighted 1,9,8,7,6,5,4,3,2,1,1 and the number is valid when the sum is divisible by 10.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LETTER_VALUES: dict[str, int] = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
OLD_UI_SECOND_LETTERS = "ABCD"


class IdKind(enum.StrEnum):
    NATIONAL_ID = "national_id"
    OLD_UI = "old_ui"
    NEW_UI = "new_ui"


class IdProblem(enum.StrEnum):
    """Why a number is refused; the values match the reason codes of the published test vectors."""

    LENGTH = "length"
    LOWERCASE = "lowercase"
    NON_ASCII = "non_ascii"
    FIRST_CHAR = "first_char"
    GENDER_DIGIT = "gender_digit"
    SECOND_LETTER = "second_letter"
    NON_DIGIT = "non_digit"
    WRONG_KIND = "wrong_kind"
    CHECKSUM = "checksum"


PROBLEM_MESSAGES = {
    IdProblem.LENGTH: _("An identity number has exactly 10 characters."),
    IdProblem.LOWERCASE: _("Letters in an identity number must be capital letters."),
    IdProblem.NON_ASCII: _("Use half-width letters and digits only."),
    IdProblem.FIRST_CHAR: _("An identity number starts with a capital letter."),
    IdProblem.GENDER_DIGIT: _("The second character is not valid for this kind of number."),
    IdProblem.SECOND_LETTER: _("In an old-format resident number the second letter is A, B, C or D."),
    IdProblem.NON_DIGIT: _("After the first characters an identity number contains digits only."),
    IdProblem.WRONG_KIND: _("This is a valid number of another kind, not the kind asked for here."),
    IdProblem.CHECKSUM: _("The check digit does not match: please check the number for a typing error."),
}


@dataclass(frozen=True)
class IdCheck:
    value: str
    kind: IdKind | None
    problem: IdProblem | None

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        return str(PROBLEM_MESSAGES[self.problem]) if self.problem else ""

    @property
    def sex(self) -> str | None:
        """'M' or 'F' as encoded in the number, when the kind encodes it."""
        if not self.valid or self.kind is None:
            return None
        if self.kind is IdKind.NATIONAL_ID:
            return "M" if self.value[1] == "1" else "F"
        if self.kind is IdKind.NEW_UI:
            return "M" if self.value[1] == "8" else "F"
        return None


def _checksum_ok(value: str) -> bool:
    first = LETTER_VALUES[value[0]]
    second = value[1]
    if second.isalpha():
        second_digit = LETTER_VALUES[second] % 10
    else:
        second_digit = int(second)
    digits = [first // 10, first % 10, second_digit, *(int(c) for c in value[2:])]
    return sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) % 10 == 0


def check_digit(prefix: str) -> str:
    """The last digit that makes `prefix` (9 characters) a valid number."""
    if len(prefix) != 9:
        raise ValueError("prefix must have 9 characters")
    for digit in "0123456789":
        if _checksum_ok(prefix + digit):
            return digit
    raise AssertionError("unreachable: one digit always completes the sum")


def classify(raw: str) -> IdCheck:
    """Recognise which kind of identity number `raw` is and whether it is valid.

    The value is not normalised: the caller decides whether to upper-case user input.
    """
    value = raw
    if not value.isascii():
        return IdCheck(value, None, IdProblem.NON_ASCII)
    if len(value) != 10:
        return IdCheck(value, None, IdProblem.LENGTH)
    first, second, rest = value[0], value[1], value[2:]
    if first.islower() or (second.isalpha() and second.islower()):
        return IdCheck(value, None, IdProblem.LOWERCASE)
    if first not in LETTER_VALUES:
        return IdCheck(value, None, IdProblem.FIRST_CHAR)
    if second.isalpha():
        kind = IdKind.OLD_UI
        if second not in OLD_UI_SECOND_LETTERS:
            return IdCheck(value, kind, IdProblem.SECOND_LETTER)
    elif second in "12":
        kind = IdKind.NATIONAL_ID
    elif second in "89":
        kind = IdKind.NEW_UI
    elif second.isdigit():
        return IdCheck(value, None, IdProblem.GENDER_DIGIT)
    else:
        return IdCheck(value, None, IdProblem.NON_DIGIT)
    if not rest.isdigit():
        return IdCheck(value, kind, IdProblem.NON_DIGIT)
    if not _checksum_ok(value):
        return IdCheck(value, kind, IdProblem.CHECKSUM)
    return IdCheck(value, kind, None)


def validate(raw: str, *, kinds: frozenset[IdKind] | set[IdKind] | None = None) -> IdCheck:
    """Check `raw` as one of `kinds` (any kind when None). A valid number of a kind that is not
    accepted here is refused as WRONG_KIND; structural problems keep their own reason."""
    result = classify(raw)
    if kinds is None:
        return result
    if result.kind is not None and result.kind not in kinds:
        return IdCheck(raw, result.kind, IdProblem.WRONG_KIND)
    return result


def new_ui_from_old(*, old_ui: str, sex: str, serial: str) -> str:
    """The new-format UI number (2021-01-02 onward) for a holder of an old-format number.

    The first letter (the issuing area) is kept, the second character becomes 8 (male) or 9
    (female), and `serial` (7 digits, allocated by the issuing service) is followed by the
    check digit.
    """
    old = validate(old_ui, kinds={IdKind.OLD_UI})
    if not old.valid:
        raise ValueError(old.message)
    if sex not in ("M", "F") or len(serial) != 7 or not serial.isdigit():
        raise ValueError("sex must be M or F and serial 7 digits")
    prefix = old_ui[0] + ("8" if sex == "M" else "9") + serial
    return prefix + check_digit(prefix)
