"""Bulk import from CSV: bad rows reported with line, column and reason; good rows kept; a
re-import updates instead of duplicating; the command's progress bar; the staff upload page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.core.models import AuditEntry, Person
from immigo.residence.models import Permit, Resident
from immigo.residence.services import resident_import

from . import factories as f

pytestmark = pytest.mark.django_db


def _import(rows: list[dict[str, str]], batch_size: int = 5000):  # type: ignore[no-untyped-def]
    return resident_import(stream=io.StringIO(f.csv_text(rows)), by=None, batch_size=batch_size)


def test_good_rows_are_kept_and_each_bad_row_is_reported_with_line_column_and_reason(station):
    rows = [
        f.csv_row(),
        f.csv_row(ui_number="A123456789"),  # a national ID, not a UI number
        f.csv_row(expires_on="2025-01-01"),  # before the issue date
        f.csv_row(station="station-99-nowhere", email="not-an-email"),
        f.csv_row(),
    ]

    result = _import(rows)

    assert (result.rows, result.created, result.updated) == (5, 2, 0)
    assert [(e.line, e.column) for e in result.errors] == [(3, "ui_number"), (4, "expires_on"), (5, "email"), (5, "station")]
    assert all(e.reason for e in result.errors)
    assert Resident.objects.count() == Permit.objects.count() == Person.objects.count() == 2
    kept = Resident.objects.get(ui_number=rows[0]["ui_number"])
    assert (kept.person.family_name, kept.person.preferred_language, kept.station) == ("NGUYEN", "vi", station)
    assert AuditEntry.objects.filter(object_type="residence.import").count() == 1


def test_a_reimport_updates_the_resident_and_the_permit_instead_of_duplicating(station):
    row = f.csv_row()
    _import([row])
    changed = {**row, "email": "new@example.org", "language": "id", "expires_on": "2026-06-30"}

    result = _import([changed])

    assert (result.created, result.updated, result.errors) == (0, 1, [])
    assert Resident.objects.count() == Permit.objects.count() == Person.objects.count() == 1
    resident = Resident.objects.get()
    assert (resident.person.email, resident.person.preferred_language) == ("new@example.org", "id")
    assert str(resident.permits.get().expires_on) == "2026-06-30"


def test_residents_without_a_ui_number_are_matched_by_passport(station):
    row = f.csv_row(ui_number="", passport_country="VNM", passport_number="C1234567")
    _import([row])
    result = _import([{**row, "phone": "+886900000000"}])
    assert (result.created, result.updated) == (0, 1)
    assert Resident.objects.get().person.phone == "+886900000000"


def test_a_new_permit_for_a_known_resident_retires_the_old_one(station):
    row = f.csv_row()
    _import([row])
    _import([{**row, "permit_number": "RP-NEW-0001", "issued_on": "2026-01-10", "expires_on": "2027-01-10"}])
    assert dict(Permit.objects.values_list("number", "status")) == {row["permit_number"]: "renewed", "RP-NEW-0001": "valid"}


def test_the_same_resident_twice_in_one_file_is_refused_the_second_time(station):
    row = f.csv_row()
    result = _import([row, {**row, "permit_number": "RP-OTHER-01"}])
    assert [(e.line, e.column) for e in result.errors] == [(3, "ui_number")]


def test_batches_commit_separately_and_keep_every_good_row(station):
    rows = [f.csv_row() for _ in range(7)]
    result = _import(rows, batch_size=3)
    assert (result.created, Resident.objects.count()) == (7, 7)


def test_a_file_without_the_required_columns_is_refused_before_anything_is_written(station):
    from immigo.residence.errors import ResidentImportFileInvalidError

    with pytest.raises(ResidentImportFileInvalidError):
        resident_import(stream=io.StringIO("name,phone\nx,y\n"), by=None)
    assert not Resident.objects.exists()


def test_the_command_reports_bad_rows_and_draws_a_progress_bar_on_stderr(station, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_text(f.csv_text([f.csv_row(), f.csv_row(sex="Q")]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("residence_import", str(path), "--errors", str(tmp_path / "errors.csv"), stdout=out, stderr=err)

    assert "line 3, column sex:" in out.getvalue()
    assert "2 rows: 1 new residents, 0 updated, 1 refused" in out.getvalue()
    assert "2/2 rows" in err.getvalue()
    assert (tmp_path / "errors.csv").read_text().splitlines()[1].startswith("3,sex,")


def test_the_upload_page_imports_and_lists_the_refused_rows(station, client):
    supervisor = f.staff("supervisor@immigo.test", Role.SUPERVISOR, station)
    client.force_login(supervisor)
    upload = SimpleUploadedFile("residents.csv", f.csv_text([f.csv_row(), f.csv_row(date_of_birth="17/05/1990")]).encode(), "text/csv")

    response = client.post(reverse("residence:import"), {"file": upload, "format": "page"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "date_of_birth" in html
    assert Resident.objects.count() == 1


def test_the_upload_page_is_for_supervisors_only(station, client, interpreter):
    client.force_login(interpreter)
    assert client.get(reverse("residence:import")).status_code == 403
