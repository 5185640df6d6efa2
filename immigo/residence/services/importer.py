"""Bulk import of the registry from CSV: every row validated, each bad row reported with its line,
column and reason, the good rows kept; a re-import updates instead of duplicating.

Natural keys: a resident by unified ID number, or by passport (country + number) when they have
none; a permit by its number. Rows are written in batches: new people, residents and permits in
bulk (PostgreSQL's COPY, with ids drawn from the sequences in one query; bulk INSERTs elsewhere),
existing ones with bulk updates. Each batch is one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from immigo.accounts.models import User
from immigo.core import identifiers
from immigo.core.audit import audit_record
from immigo.core.models import County, Person, Unit

from ..errors import ResidentImportFileInvalidError
from ..models import Permit, Resident

BATCH = 5000
REQUIRED_COLUMNS = (
    "family_name",
    "given_names",
    "date_of_birth",
    "nationality",
    "station",
    "permit_number",
    "permit_kind",
    "issued_on",
    "expires_on",
)
# Every column the file may have, in the order of the template.
COLUMNS = (
    "ui_number",
    "passport_country",
    "passport_number",
    "native_name",
    "family_name",
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "email",
    "phone",
    "language",
    "address",
    "county",
    "station",
    "permit_number",
    "permit_kind",
    "issued_on",
    "expires_on",
    "sms_allowed",
)
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE_RE = re.compile(r"^\+\d{7,15}$")
PERMIT_RE = re.compile(r"^[A-Za-z0-9-]{4,20}$")
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
UI_KINDS = frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI})
TRUE_VALUES = {"", "1", "true", "yes", "y"}
FALSE_VALUES = {"0", "false", "no", "n"}

PERSON_FIELDS = (
    "ui_number",
    "native_name",
    "family_name",
    "given_names",
    "date_of_birth",
    "sex",
    "nationality",
    "email",
    "phone",
    "preferred_language",
    "address",
    "county_id",
)
RESIDENT_FIELDS = ("ui_number", "passport_country", "passport_number", "station_id", "sms_allowed")
PERMIT_FIELDS = ("kind", "issued_on", "expires_on", "station_id")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return self.created + self.updated


@dataclass
class Row:
    line: int
    person: dict[str, Any]
    resident: dict[str, Any]
    permit: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, str]:
        ui = self.resident["ui_number"]
        return ("ui", ui, "") if ui else ("pp", self.resident["passport_country"], self.resident["passport_number"])


class RowValidator:
    """Checks one CSV row; collects every problem of the row (not just the first)."""

    def __init__(self) -> None:
        self.stations = {
            code: (pk, county)
            for code, pk, county in Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION).values_list("code", "pk", "county_id")
        }
        self.counties = dict(County.objects.values_list("code", "pk"))
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.kinds = set(Permit.Kind.values)
        self.today = timezone.localdate()

    def _date(self, value: str, column: str, errors: list[RowError], line: int) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            errors.append(RowError(line, column, _("Not a date in the form YYYY-MM-DD.")))
            return None

    def check(self, line: int, raw: dict[str, str]) -> tuple[Row | None, list[RowError]]:
        errors: list[RowError] = []
        v = {name: (raw.get(name) or "").strip() for name in COLUMNS}
        for name in REQUIRED_COLUMNS:
            if not v[name]:
                errors.append(RowError(line, name, _("This value is required.")))
        ui = v["ui_number"].upper()
        if ui:
            check = identifiers.validate(ui, kinds=UI_KINDS)
            if not check.valid:
                errors.append(RowError(line, "ui_number", str(check.message)))
        passport = v["passport_number"].upper()
        country = v["passport_country"].upper()
        if passport and not PASSPORT_RE.match(passport):
            errors.append(RowError(line, "passport_number", _("Use letters and digits only (5 to 20).")))
        if passport and not (len(country) == 3 and country.isalpha()):
            errors.append(RowError(line, "passport_country", _("Use the three-letter country code, e.g. VNM.")))
        if not ui and not passport:
            errors.append(RowError(line, "ui_number", _("Give the unified ID number, or the passport when there is none.")))
        dob = self._date(v["date_of_birth"], "date_of_birth", errors, line) if v["date_of_birth"] else None
        issued = self._date(v["issued_on"], "issued_on", errors, line) if v["issued_on"] else None
        expires = self._date(v["expires_on"], "expires_on", errors, line) if v["expires_on"] else None
        if issued and expires and expires <= issued:
            errors.append(RowError(line, "expires_on", _("The expiry date must be after the issue date.")))
        if dob and dob > self.today:
            errors.append(RowError(line, "date_of_birth", _("The date of birth cannot be in the future.")))
        nationality = v["nationality"].upper()
        if nationality and not (len(nationality) == 3 and nationality.isalpha()):
            errors.append(RowError(line, "nationality", _("Use the three-letter country code, e.g. VNM.")))
        sex = v["sex"].upper() or "X"
        if sex not in {"F", "M", "X"}:
            errors.append(RowError(line, "sex", _("Use F, M or X.")))
        if v["email"] and not EMAIL_RE.match(v["email"]):
            errors.append(RowError(line, "email", _("Not a valid e-mail address.")))
        phone = "".join(v["phone"].split())
        if phone and not PHONE_RE.match(phone):
            errors.append(RowError(line, "phone", _("Give the mobile number with its country code, e.g. +886912345678.")))
        language = v["language"].lower() or "zh-hant"
        if language not in self.languages:
            errors.append(RowError(line, "language", _("Not one of the supported languages.")))
        station = self.stations.get(v["station"])
        if v["station"] and station is None:
            errors.append(RowError(line, "station", _("No service station has this code.")))
        county_id = self.counties.get(v["county"].upper()) if v["county"] else None
        if v["county"] and county_id is None:
            errors.append(RowError(line, "county", _("No county or city has this code.")))
        if v["permit_number"] and not PERMIT_RE.match(v["permit_number"]):
            errors.append(RowError(line, "permit_number", _("Use letters, digits and hyphens only (4 to 20).")))
        if v["permit_kind"] and v["permit_kind"] not in self.kinds:
            errors.append(RowError(line, "permit_kind", _("Not a known permit type.")))
        sms = v["sms_allowed"].lower()
        if sms not in TRUE_VALUES | FALSE_VALUES:
            errors.append(RowError(line, "sms_allowed", _("Use yes or no.")))
        if errors:
            return None, errors
        assert station is not None
        return (
            Row(
                line=line,
                person={
                    "ui_number": ui or None,
                    "native_name": v["native_name"][:120],
                    "family_name": v["family_name"].upper()[:80],
                    "given_names": v["given_names"].upper()[:120],
                    "date_of_birth": dob,
                    "sex": sex,
                    "nationality": nationality,
                    "email": v["email"],
                    "phone": phone,
                    "preferred_language": language,
                    "address": v["address"][:200],
                    "county_id": county_id or station[1],
                },
                resident={
                    "ui_number": ui,
                    "passport_country": country if passport else "",
                    "passport_number": passport,
                    "station_id": station[0],
                    "sms_allowed": sms not in FALSE_VALUES,
                },
                permit={
                    "number": v["permit_number"],
                    "kind": v["permit_kind"],
                    "issued_on": issued,
                    "expires_on": expires,
                    "station_id": station[0],
                },
            ),
            [],
        )


def _reader(stream: IO[str]) -> csv.DictReader[str]:
    reader = csv.DictReader(stream)
    header = set(reader.fieldnames or [])
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ResidentImportFileInvalidError(details={"missing_columns": missing})
    return reader


def _pg_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh ids from the model's id sequence, in one query."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def _pg_copy(model: type[models.Model], columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's cursor: COPY ... FROM STDIN
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert(model: type[models.Model], columns: list[str], values: list[dict[str, Any]]) -> list[int]:
    """Inserts new rows given as dicts of column values; returns their ids in order. PostgreSQL:
    ids drawn from the sequence in one query, then one COPY. Elsewhere: bulk INSERTs."""
    if not values:
        return []
    if connection.vendor == "postgresql":
        ids = _pg_ids(model, len(values))
        _pg_copy(model, ["id", *columns], ((pk, *(row[c] for c in columns)) for pk, row in zip(ids, values, strict=True)))
        return ids
    objects = model._default_manager.bulk_create([model(**row) for row in values], batch_size=500)
    return [obj.pk for obj in objects]


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def _write_batch(rows: list[Row], result: ImportResult) -> None:
    now = timezone.now()
    # Match residents by natural key, then people without a resident row by UI number.
    uis = [r.resident["ui_number"] for r in rows if r.resident["ui_number"]]
    passports = [r.resident["passport_number"] for r in rows if not r.resident["ui_number"]]
    existing: dict[tuple[str, str, str], tuple[int, int]] = {}
    for pk, person_id, ui in Resident.objects.filter(ui_number__in=uis).values_list("pk", "person_id", "ui_number"):
        existing[("ui", ui, "")] = (pk, person_id)
    if passports:
        for pk, person_id, country, number in Resident.objects.filter(passport_number__in=passports, ui_number="").values_list(
            "pk", "person_id", "passport_country", "passport_number"
        ):
            existing[("pp", country, number)] = (pk, person_id)
    unmatched = [u for u in uis if ("ui", u, "") not in existing]
    loose_people = dict(Person.objects.filter(ui_number__in=unmatched).values_list("ui_number", "pk")) if unmatched else {}
    permits = dict(Permit.objects.filter(number__in=[r.permit["number"] for r in rows]).values_list("number", "pk"))

    # People: new ones inserted, known ones updated.
    matched_people: list[int | None] = []
    new_people: list[dict[str, Any]] = []
    old_people: list[Person] = []
    for row in rows:
        match = existing.get(row.key)
        known_person: int | None = match[1] if match else loose_people.get(row.resident["ui_number"])
        matched_people.append(known_person)
        if known_person is None:
            new_people.append({**row.person, "previous_ui_number": "", "created_at": now, "updated_at": now})
        else:
            old_people.append(Person(pk=known_person, **row.person, updated_at=now))
    fresh_people = iter(_insert(Person, [*PERSON_FIELDS, "previous_ui_number", "created_at", "updated_at"], new_people))
    person_ids: list[int] = [pk if pk is not None else next(fresh_people) for pk in matched_people]
    if old_people:
        Person.objects.bulk_update(old_people, [*PERSON_FIELDS, "updated_at"], batch_size=1000)

    # Residents.
    matched_residents: list[int | None] = []
    new_residents: list[dict[str, Any]] = []
    old_residents: list[Resident] = []
    for row, person_id in zip(rows, person_ids, strict=True):
        match = existing.get(row.key)
        if match:
            matched_residents.append(match[0])
            old_residents.append(Resident(pk=match[0], person_id=person_id, **row.resident, updated_at=now))
            result.updated += 1
        else:
            matched_residents.append(None)
            new_residents.append(
                {
                    "person_id": person_id,
                    **row.resident,
                    "protected": False,
                    "protected_email": "",
                    "protected_phone": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            result.created += 1
    resident_columns = ["person_id", *RESIDENT_FIELDS, "protected", "protected_email", "protected_phone", "created_at", "updated_at"]
    fresh_residents = iter(_insert(Resident, resident_columns, new_residents))
    resident_ids: list[int] = [pk if pk is not None else next(fresh_residents) for pk in matched_residents]
    if old_residents:
        Resident.objects.bulk_update(old_residents, [*RESIDENT_FIELDS, "updated_at"], batch_size=1000)

    # Permits: a known permit number is updated, a new one inserted.
    new_permits: list[dict[str, Any]] = []
    old_permits: list[Permit] = []
    for row, resident_id in zip(rows, resident_ids, strict=True):
        if row.permit["number"] in permits:
            old_permits.append(Permit(pk=permits[row.permit["number"]], resident_id=resident_id, **row.permit, updated_at=now))
        else:
            new_permits.append(
                {
                    "resident_id": resident_id,
                    **row.permit,
                    "status": Permit.Status.VALID,
                    "renewal_case": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    # A resident holds one valid permit: an imported newer permit retires the older valid one.
    matched = {resident_id for resident_id, _person_id in existing.values()}
    known_residents = [p["resident_id"] for p in new_permits if p["resident_id"] in matched]
    if known_residents:
        Permit.objects.filter(resident_id__in=known_residents, status=Permit.Status.VALID).update(
            status=Permit.Status.RENEWED, updated_at=now
        )
    permit_columns = ["resident_id", "number", *PERMIT_FIELDS, "status", "renewal_case", "created_at", "updated_at"]
    _insert(Permit, permit_columns, new_permits)
    if old_permits:
        Permit.objects.bulk_update(old_permits, [*PERMIT_FIELDS, "updated_at"], batch_size=1000)


def resident_import(
    *,
    stream: IO[str],
    by: User | None,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    source: str = "",
) -> ImportResult:
    """Imports residents and their permits from CSV text. Guarantees: each bad row is reported
    (line, column, reason) and skipped, every good row is kept; a row whose natural key (UI number,
    or passport) is already in the registry updates that resident (and a permit number already
    known updates that permit) instead of adding one; a later row with the same key as an earlier
    one in the file is refused. Each batch is one transaction. One audit entry records the import."""
    result = ImportResult()
    validator = RowValidator()
    seen: set[tuple[str, str, str]] = set()
    seen_permits: set[str] = set()

    def valid_rows() -> Iterator[Row]:
        for index, raw in enumerate(_reader(stream), start=2):
            result.rows += 1
            if None in raw:
                result.errors.append(RowError(index, "", _("The row has more values than the header.")))
                continue
            row, errors = validator.check(index, raw)
            if row is None:
                result.errors.extend(errors)
                continue
            if row.key in seen:
                result.errors.append(
                    RowError(index, "ui_number" if row.key[0] == "ui" else "passport_number", _("This resident appears twice in the file."))
                )
                continue
            if row.permit["number"] in seen_permits:
                result.errors.append(RowError(index, "permit_number", _("This permit number appears twice in the file.")))
                continue
            seen.add(row.key)
            seen_permits.add(row.permit["number"])
            yield row

    for chunk in _chunks(valid_rows(), batch_size):
        _write_batch(chunk, result)
        if progress is not None:
            progress(result.rows)
    audit_record(
        actor=by,
        action="create",
        object_type="residence.import",
        object_id=source[:64] or timezone.now().strftime("%Y%m%dT%H%M%S"),
        purpose="residence registry bulk import",
        details={"rows": result.rows, "created": result.created, "updated": result.updated, "errors": len(result.errors)},
    )
    return result


def errors_csv(errors: list[RowError]) -> str:
    """The error report as CSV (line, column, reason)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line", "column", "reason"])
    for error in errors:
        writer.writerow([error.line, error.column, error.reason])
    return out.getvalue()
