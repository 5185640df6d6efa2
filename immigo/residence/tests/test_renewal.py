"""B06 renewal through the case engine: the link from the notice files the application with the
registry's details, the station reviews it, approval extends the permit and stops the ladder."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from immigo.accounts.models import Role, User
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel
from immigo.applications.models import Status as CaseStatus
from immigo.applications.services import Submission, application_submit, case_approve, case_start_review
from immigo.applications.services.errors import IneligibleError
from immigo.residence.models import LadderStep, Permit
from immigo.residence.services import ladder_sweep, renewal_token_make

from . import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _data(resident, permit: Permit, **overrides):  # type: ignore[no-untyped-def]
    person = resident.person
    data = {
        "native_name": person.native_name,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "nationality": person.nationality,
        "email": person.email,
        "phone": person.phone,
        "notify_by_sms": False,
        "ui_number": resident.ui_number,
        "passport_number": "",
        "passport_country": "",
        "permit_number": permit.number,
        "reason_continues": True,
    }
    data.update(overrides)
    return data


def _submit(data, by=None):  # type: ignore[no-untyped-def]
    files = {code: _pdf(f"{code}.pdf") for code in ("passport", "resident_certificate", "photo")}
    return application_submit(
        submission=Submission(service=service_get("B06"), data=data, files=files, channel=Channel.ONLINE, language="vi"),
        by=by,
    )


@time_machine.travel("2026-03-02 10:00 +08:00", tick=False)
def test_the_renewal_link_files_the_application_and_approval_extends_the_permit(station, client, interpreter):
    resident = f.resident(expires_on=TODAY + dt.timedelta(days=7), station_obj=station, issued_on=dt.date(2025, 3, 9))
    permit = resident.permits.get()
    ladder_sweep(day=TODAY)
    applicant = User.objects.create_user("hoa@example.org", "pw-for-tests-123", full_name="Hoa", kind=User.Kind.PUBLIC)
    client.force_login(applicant)
    url = reverse("residence:renew", kwargs={"token": renewal_token_make(permit_id=permit.pk, expires_on=permit.expires_on)})

    form = client.get(url)
    assert form.status_code == 200
    data = {k: ("on" if v is True else v) for k, v in _data(resident, permit).items() if v is not False}
    data["date_of_birth"] = "1990-05-17"
    response = client.post(url, {**data, "passport": _pdf("p.pdf"), "resident_certificate": _pdf("r.pdf"), "photo": _pdf("ph.pdf")})

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.service_code, case.unit, case.applicant_id, case.status) == ("B06", station, resident.person_id, CaseStatus.SUBMITTED)
    reviewer = f.staff("reviewer@immigo.test", Role.REVIEWER, station)
    supervisor = f.staff("supervisor@immigo.test", Role.SUPERVISOR, station)
    case_start_review(case=case, by=reviewer)
    case_approve(case=case, by=supervisor)

    permit.refresh_from_db()
    renewed = Permit.objects.get(renewed_from=permit)
    assert permit.status == Permit.Status.RENEWED
    assert renewed.status == Permit.Status.VALID
    assert renewed.expires_on == dt.date(2027, 3, 9)  # the same one-year validity, from the old expiry
    assert renewed.renewal_case == case.receipt_number
    assert LadderStep.objects.get(step="call").status == LadderStep.Status.CANCELLED
    # The link of the old notice no longer opens anything.
    assert client.get(url).status_code == 404


@time_machine.travel("2026-03-02 10:00 +08:00", tick=False)
def test_a_renewal_is_refused_more_than_30_days_before_expiry(station):
    resident = f.resident(expires_on=TODAY + dt.timedelta(days=31), station_obj=station)
    with pytest.raises(IneligibleError) as error:
        _submit(_data(resident, resident.permits.get()))
    assert "permit_number" in error.value.details["fields"]
    assert not Case.objects.exists()


@time_machine.travel("2026-03-02 10:00 +08:00", tick=False)
def test_a_renewal_for_someone_elses_permit_is_refused(station):
    resident = f.resident(expires_on=TODAY + dt.timedelta(days=10), station_obj=station)
    other = f.resident(expires_on=TODAY + dt.timedelta(days=10), station_obj=station)
    with pytest.raises(IneligibleError):
        _submit(_data(resident, other.permits.get()))


@time_machine.travel("2026-03-02 10:00 +08:00", tick=False)
def test_a_renewal_on_file_stops_the_call_but_not_the_notice(station, interpreter):
    resident = f.resident(expires_on=TODAY + dt.timedelta(days=6), station_obj=station)
    _submit(_data(resident, resident.permits.get()))

    result = ladder_sweep(day=TODAY)

    assert (result.notices, result.calls, result.skipped_renewal_pending) == (1, 0, 1)
