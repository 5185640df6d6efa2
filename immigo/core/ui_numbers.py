"""Issuing unified ID (UI) numbers in the new format (letter + 8/9 + 7 digits + check digit),
and converting an old-format number (letter + A-D + 8 digits) for the same person (N04).

The third character says who the holder is: 0-6 a foreign national or stateless person, 7 a
national without household registration, 8 a Hong Kong or Macao resident, 9 a mainland resident
(see /work/shared/data/id-numbers.json). The first letter is the issuing area's letter; a
conversion keeps the old number's first letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from . import identifiers
from .audit import audit_record
from .errors import DomainError
from .models import Person
from .ui_number_models import UiCategory, UiNumberRecord, UiNumberSeries

if TYPE_CHECKING:
    from immigo.accounts.models import User

# Serials per series: foreign nationals use third digits 0-6 (7 million numbers), the other
# categories one fixed third digit (1 million numbers).
FOREIGN_CAPACITY = 7_000_000
FIXED_CAPACITY = 1_000_000
CATEGORY_DIGIT = {UiCategory.NATIONAL_NO_REGISTRATION: "7", UiCategory.HK_MACAO: "8", UiCategory.MAINLAND: "9"}
# Old-format second letters: A/B (male/female) nationals without registration, mainland and
# HK/Macao residents; C/D (male/female) foreign nationals.
OLD_SECOND_LETTER_SEX = {"A": "M", "B": "F", "C": "M", "D": "F"}
OLD_SECOND_LETTER_FOREIGN = {"A": False, "B": False, "C": True, "D": True}


class UiNumberSexRequiredError(DomainError):
    code = "ui_number_sex_required"
    message = _("A unified ID number encodes the holder's sex: record the person's sex as female or male first.")


class UiNumberSeriesExhaustedError(DomainError):
    code = "ui_number_series_exhausted"
    message = _("Every number of this series has been issued. Ask the information division to open a new area letter.")
    status = 409


class UiNumberAlreadyHeldError(DomainError):
    code = "ui_number_already_held"
    message = _("This person already holds a new-format unified ID number.")
    status = 409


class UiNumberNotConvertibleError(DomainError):
    code = "ui_number_not_convertible"
    message = _("Only a valid old-format unified ID number (two letters and eight digits) can be converted.")


def category_for_nationality(nationality: str) -> UiCategory:
    code = (nationality or "").upper()
    if code == "CHN":
        return UiCategory.MAINLAND
    if code in ("HKG", "MAC"):
        return UiCategory.HK_MACAO
    if code == "TWN":
        return UiCategory.NATIONAL_NO_REGISTRATION
    return UiCategory.FOREIGN


def number_for_serial(*, letter: str, sex: str, category: UiCategory, serial: int) -> str:
    """The number a series' serial stands for, check digit included."""
    sex_digit = "8" if sex == "M" else "9"
    if category == UiCategory.FOREIGN:
        if not 0 <= serial < FOREIGN_CAPACITY:
            raise ValueError("serial out of range")
        body = f"{serial:07d}"
    else:
        if not 0 <= serial < FIXED_CAPACITY:
            raise ValueError("serial out of range")
        body = CATEGORY_DIGIT[category] + f"{serial:06d}"
    prefix = letter + sex_digit + body
    return prefix + identifiers.check_digit(prefix)


def _series(*, letter: str, sex_digit: str, category: UiCategory) -> UiNumberSeries:
    try:
        with transaction.atomic():
            series, _created = UiNumberSeries.objects.get_or_create(letter=letter, sex_digit=sex_digit, category=category)
    except IntegrityError:  # created by a concurrent allocation a moment ago
        series = UiNumberSeries.objects.get(letter=letter, sex_digit=sex_digit, category=category)
    return series


def ui_number_allocate(*, letter: str, sex: str, category: UiCategory) -> str:
    """The next free number of the series. Must run inside the caller's transaction, which then
    records the number (UiNumberRecord and Person.ui_number, both unique): a rollback gives the
    serial back with everything else, and two transactions never draw the same serial because
    the counter advances with a single UPDATE that holds the row (PostgreSQL) or the database's
    write lock (SQLite) until commit. Numbers already held (e.g. loaded from another register)
    are skipped."""
    if letter not in identifiers.LETTER_VALUES:
        raise ValueError("area letter must be A-Z")
    if sex not in ("M", "F"):
        raise UiNumberSexRequiredError()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ui_number_allocate must run inside a transaction")
    series = _series(letter=letter, sex_digit="8" if sex == "M" else "9", category=category)
    capacity = FOREIGN_CAPACITY if category == UiCategory.FOREIGN else FIXED_CAPACITY
    while True:
        advanced = UiNumberSeries.objects.filter(pk=series.pk, next_serial__lt=capacity).update(next_serial=F("next_serial") + 1)
        if not advanced:
            raise UiNumberSeriesExhaustedError(details={"series": str(series)})
        serial = UiNumberSeries.objects.values_list("next_serial", flat=True).get(pk=series.pk) - 1
        number = number_for_serial(letter=letter, sex=sex, category=category, serial=serial)
        taken = UiNumberRecord.objects.filter(number=number).exists() or Person.objects.filter(ui_number=number).exists()
        if not taken:
            return number


@transaction.atomic
def ui_number_issue(*, person: Person, letter: str, by: User | None, case_receipt: str = "") -> UiNumberRecord:
    """Gives a person without a new-format number their first one (A05). Guarantees: the person
    then holds it in `ui_number` (an old-format number they held moves to `previous_ui_number`),
    it is in the register for ever, and the change is audited."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    current = identifiers.classify(person.ui_number or "")
    if current.valid and current.kind is identifiers.IdKind.NEW_UI:
        raise UiNumberAlreadyHeldError(details={"number": person.ui_number})
    if current.valid and current.kind is identifiers.IdKind.OLD_UI:
        return ui_number_convert(person=person, by=by, case_receipt=case_receipt)
    category = category_for_nationality(person.nationality)
    number = ui_number_allocate(letter=letter, sex=person.sex, category=category)
    record = UiNumberRecord.objects.create(
        number=number, person=person, category=category, reason=UiNumberRecord.Reason.NEW, case_receipt=case_receipt, issued_by=by
    )
    person.ui_number = number
    person.save(update_fields=["ui_number", "updated_at"])
    audit_record(
        actor=by,
        action="update",
        obj=person,
        person_id=person.pk,
        purpose=f"unified ID number issued{f', case {case_receipt}' if case_receipt else ''}",
        details={"number": number},
    )
    return record


@transaction.atomic
def ui_number_convert(*, person: Person, by: User | None, case_receipt: str = "") -> UiNumberRecord:
    """Re-encodes the person's old-format number in the new format (N04). Guarantees: the same
    old number always converts to the same new number (asking again returns the first record);
    the new number keeps the old one's area letter, takes the sex from the old second letter; the
    old number stays linked in `Person.previous_ui_number` and `UiNumberRecord.replaces`."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    old = person.ui_number or ""
    check = identifiers.validate(old, kinds={identifiers.IdKind.OLD_UI})
    if not check.valid:
        existing = UiNumberRecord.objects.filter(person=person, reason=UiNumberRecord.Reason.CONVERSION).first()
        if existing is not None and existing.number == person.ui_number:
            return existing
        raise UiNumberNotConvertibleError(details={"problem": str(check.problem)})
    existing = UiNumberRecord.objects.filter(replaces=old).first()
    if existing is not None:
        return existing
    second = old[1]
    category = UiCategory.FOREIGN if OLD_SECOND_LETTER_FOREIGN[second] else category_for_nationality(person.nationality)
    if category == UiCategory.FOREIGN and not OLD_SECOND_LETTER_FOREIGN[second]:
        category = UiCategory.NATIONAL_NO_REGISTRATION
    number = ui_number_allocate(letter=old[0], sex=OLD_SECOND_LETTER_SEX[second], category=category)
    record = UiNumberRecord.objects.create(
        number=number,
        person=person,
        category=category,
        reason=UiNumberRecord.Reason.CONVERSION,
        replaces=old,
        case_receipt=case_receipt,
        issued_by=by,
    )
    person.previous_ui_number = old
    person.ui_number = number
    person.save(update_fields=["previous_ui_number", "ui_number", "updated_at"])
    audit_record(
        actor=by,
        action="update",
        obj=person,
        person_id=person.pk,
        purpose=f"unified ID number converted to the new format{f', case {case_receipt}' if case_receipt else ''}",
        details={"old": old, "new": number},
    )
    return record


def ui_number_record_for_old(*, old_number: str) -> UiNumberRecord | None:
    return UiNumberRecord.objects.filter(replaces=old_number).select_related("person").first()
