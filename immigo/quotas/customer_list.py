"""Reading an agency's customer list (CSV): every row is checked before anything is saved, and
every problem is reported with its row and column, in the user's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .services import TravellerData

COLUMNS = ("name_zh", "name_roman", "sex", "date_of_birth", "permit_number")
MAX_BYTES = 100_000
MAX_ROWS = 40
# 大陸居民往來臺灣通行證: a letter or digit, then 7 to 11 digits or letters (old and new formats).
PERMIT_RE = re.compile(r"^[A-Z0-9][A-Z0-9]{7,11}$")


@dataclass(frozen=True)
class RowError:
    row: int  # 1 is the first line after the header
    column: str
    message: str


def column_labels() -> dict[str, str]:
    return {
        "name_zh": _("name (Chinese)"),
        "name_roman": _("name (pinyin)"),
        "sex": _("sex"),
        "date_of_birth": _("date of birth"),
        "permit_number": _("travel permit number"),
        "": _("the file"),
    }


def customer_list_read(upload: UploadedFile, *, today: dt.date) -> tuple[list[TravellerData], list[RowError]]:
    """The travellers of the list, or the errors (then no traveller is returned at all)."""
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return [], [RowError(0, "", _("The file is larger than 100 kB."))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, "", _("Save the file as CSV in UTF-8 encoding."))]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [RowError(0, "", _("The first line must name the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)})]
    reader.fieldnames = header
    travellers: list[TravellerData] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=1):
        if number > MAX_ROWS:
            errors.append(RowError(number, "", _("A list has at most %(max)s travellers.") % {"max": MAX_ROWS}))
            break
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if not any(values.values()):
            continue
        row_errors: list[RowError] = []
        if not values["name_zh"] or len(values["name_zh"]) > 60:
            row_errors.append(RowError(number, "name_zh", _("Enter the name in Chinese characters (at most 60).")))
        if not values["name_roman"] or len(values["name_roman"]) > 120:
            row_errors.append(RowError(number, "name_roman", _("Enter the name in pinyin (at most 120 characters).")))
        sex = values["sex"].upper()
        if sex not in {"F", "M"}:
            row_errors.append(RowError(number, "sex", _("Enter F or M.")))
        birth: dt.date | None = None
        try:
            birth = dt.date.fromisoformat(values["date_of_birth"])
        except ValueError:
            row_errors.append(RowError(number, "date_of_birth", _("Enter the date as YYYY-MM-DD, e.g. 1985-03-21.")))
        else:
            if birth >= today or birth.year < 1900:
                row_errors.append(RowError(number, "date_of_birth", _("The date of birth must be in the past.")))
        permit = values["permit_number"].upper().replace(" ", "")
        if not PERMIT_RE.fullmatch(permit):
            row_errors.append(RowError(number, "permit_number", _("Enter the travel permit number: 8 to 12 letters or digits.")))
        elif permit in seen:
            row_errors.append(RowError(number, "permit_number", _("The same permit number is on row %(row)s.") % {"row": seen[permit]}))
        else:
            seen[permit] = number
        if row_errors or birth is None:
            errors += row_errors
            continue
        travellers.append(
            TravellerData(name_zh=values["name_zh"], name_roman=values["name_roman"], sex=sex, date_of_birth=birth, permit_number=permit)
        )
    if not errors and not travellers:
        errors.append(RowError(0, "", _("The list has no travellers.")))
    return ([] if errors else travellers), errors


def template_csv() -> str:
    """An example list agencies can fill in."""
    return (
        "\n".join(
            [
                ",".join(COLUMNS),
                "王小明,WANG Xiaoming,M,1985-03-21,T12345678",
                "李美玲,LI Meiling,F,1990-11-02,T23456789",
            ]
        )
        + "\n"
    )
