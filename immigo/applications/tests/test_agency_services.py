"""A13–A15 filed by travel agencies: eligibility, the automatic checks with the catalogue's
figures (15 days of stay, 3 months of validity, age 20 / 18), the immediate quick permit of A15,
and the rule that an agency acts only for itself with a valid licence."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.catalogue.a13_mainland_independent_travel import mainland_id_birth_date, mainland_id_valid
from immigo.applications.models import Case, IssuedDocument, Status
from immigo.applications.services import agency as agency_services
from immigo.applications.services.errors import IneligibleError
from immigo.core.errors import InvalidInputError
from immigo.core.models import AuditEntry
from immigo.organisations.errors import OrganisationAccessDeniedError, OrganisationLicenceLapsedError

from . import agency_factories as af
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Tuesday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def taipei_agency(hq_unit):  # type: ignore[no-untyped-def]
    return af.agency()


@pytest.fixture
def kinmen_agency(hq_unit):  # type: ignore[no-untyped-def]
    af.kinmen_station()
    return af.agency(business_number="22345675", name="金門示範旅行社", address="金門縣金城鎮民生路1號", login="clerk@kinmen.test")


def _cleaned(code: str, data: dict) -> dict:
    form = service_get(code).form_class(data=data)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def _file(code: str, org_user, data: dict, files=None) -> Case:  # type: ignore[no-untyped-def]
    org, user = org_user
    return agency_services.agency_application_submit(
        organisation=org, by=user, service=service_get(code), data=_cleaned(code, data), files=files or {}, language="zh-hant"
    )


def _a13_files() -> dict:
    return {code: f.pdf(f"{code}.pdf") for code in ("travel_permit", "resident_id", "photo", "savings_proof", "insurance")}


# --- the mainland identity number -------------------------------------------------------------


def test_published_mainland_identity_number_passes_and_a_changed_digit_fails():
    # The GB 11643 specimen 11010519491231002X.
    assert mainland_id_valid("11010519491231002X")
    assert not mainland_id_valid("110105194912310021")
    assert mainland_id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)


def test_form_refuses_an_identity_number_with_another_birth_date():
    data = af.a15_data(TODAY, mainland_id=af.mainland_id("350203", dt.date(1991, 4, 12)))
    form = service_get("A15").form_class(data=data)
    assert not form.is_valid()
    assert "mainland_id" in form.errors


# --- A15: decided at once ---------------------------------------------------------------------


def test_kinmen_agency_gets_a_quick_permit_at_once_valid_three_months(kinmen_agency):
    case = _file("A15", kinmen_agency, af.a15_data(TODAY))
    assert case.status == Status.ISSUED
    assert case.organisation == kinmen_agency[0]
    assert case.submitted_by == kinmen_agency[1]
    assert case.account is None
    assert case.unit.code == "station-23-kinmen"
    permit = IssuedDocument.objects.get(case=case)
    assert permit.kind == IssuedDocument.Kind.KINMEN_MATSU_QUICK_PERMIT
    assert (permit.valid_from, permit.valid_until) == (TODAY, dt.date(2027, 2, 23))
    assert permit.payload["st"] == 15 and permit.payload["en"] == 1
    assert permit.payload["og"] == "金門示範旅行社"
    assert permit.payload["ar"] == "kinmen"
    assert AuditEntry.objects.filter(actor=kinmen_agency[1], action="create", object_id=str(case.pk)).exists()


def test_quick_permit_is_refused_for_a_traveller_from_outside_fujian(kinmen_agency):
    data = af.a15_data(TODAY, mainland_id=af.mainland_id("110101", dt.date(1990, 4, 12)))
    with pytest.raises(IneligibleError) as caught:
        _file("A15", kinmen_agency, data)
    assert "mainland_id" in caught.value.details["fields"]
    assert not Case.objects.exists()


def test_quick_permit_allows_fifteen_days_but_not_sixteen(kinmen_agency):
    arrival = TODAY + dt.timedelta(days=2)
    case = _file("A15", kinmen_agency, af.a15_data(TODAY, departure_date=(arrival + dt.timedelta(days=15)).isoformat()))
    assert case.status == Status.ISSUED
    other = af.a15_data(
        TODAY,
        mainland_id=af.mainland_id("350203", dt.date(1990, 4, 12), serial="456"),
        passport_number="T87654321",
        departure_date=(arrival + dt.timedelta(days=16)).isoformat(),
    )
    with pytest.raises(IneligibleError) as caught:
        _file("A15", kinmen_agency, other)
    assert caught.value.details["checks"] == ["stay_length"]


def test_a_traveller_holds_one_valid_quick_permit_at_a_time(kinmen_agency):
    _file("A15", kinmen_agency, af.a15_data(TODAY))
    with pytest.raises(IneligibleError) as caught:
        _file("A15", kinmen_agency, af.a15_data(TODAY))
    assert caught.value.details["checks"] == ["no_valid_permit"]


def test_quick_permit_travel_permit_must_cover_the_trip(kinmen_agency):
    data = af.a15_data(TODAY, passport_expiry=(TODAY + dt.timedelta(days=3)).isoformat())
    with pytest.raises(IneligibleError) as caught:
        _file("A15", kinmen_agency, data)
    assert caught.value.details["checks"] == ["travel_permit_validity"]


def test_only_kinmen_and_matsu_agencies_file_quick_permits(taipei_agency):
    with pytest.raises(agency_services.AgencyNotEligibleError):
        _file("A15", taipei_agency, af.a15_data(TODAY))
    assert not Case.objects.exists()


def test_a_lapsed_licence_files_nothing(hq_unit):
    lapsed = af.agency(licence_valid_until=TODAY - dt.timedelta(days=1))
    with pytest.raises(OrganisationLicenceLapsedError):
        _file("A13", lapsed, af.a13_data(TODAY), files=_a13_files())
    assert not Case.objects.exists()


def test_a_login_cannot_file_for_another_agency(taipei_agency, kinmen_agency):
    org, _user = kinmen_agency
    with pytest.raises(OrganisationAccessDeniedError):
        agency_services.agency_application_submit(
            organisation=org,
            by=taipei_agency[1],
            service=service_get("A15"),
            data=_cleaned("A15", af.a15_data(TODAY)),
            language="zh-hant",
        )


def test_agency_services_cannot_be_filed_without_an_agency(public_user, hq_unit):
    """The public application route (and any other) is refused: the agency's id is missing."""
    submission = services.Submission(
        service=service_get("A15"), data=_cleaned("A15", af.a15_data(TODAY)), files={}, channel="online", language="en"
    )
    with pytest.raises(IneligibleError) as caught:
        services.application_submit(submission=submission, by=public_user)
    assert "filed_by_agency" in caught.value.details["checks"]


# --- A13: reviewed by an officer ---------------------------------------------------------------


def test_a13_is_filed_for_review_with_a_two_day_limit_and_the_permit_fee(taipei_agency):
    case = _file("A13", taipei_agency, af.a13_data(TODAY), files=_a13_files())
    assert case.status == Status.SUBMITTED
    assert case.fee_amount == 600
    assert case.time_limit_days == 2
    assert case.due_date == dt.date(2026, 11, 26)
    assert case.unit.code == "hq-entry-exit"
    assert case.documents.count() == 5


def test_a13_requires_the_proof_of_its_basis(taipei_agency):
    files = _a13_files()
    files.pop("savings_proof")
    with pytest.raises(InvalidInputError) as caught:
        _file("A13", taipei_agency, af.a13_data(TODAY), files=files)
    assert "savings_proof" in caught.value.details["fields"]


@pytest.mark.parametrize(
    ("basis", "born", "ok"),
    [
        ("savings", dt.date(2006, 11, 24), True),  # 20 today
        ("savings", dt.date(2006, 11, 25), False),  # 20 tomorrow
        ("student", dt.date(2008, 11, 24), True),  # 18 today
        ("student", dt.date(2008, 11, 25), False),
    ],
)
def test_a13_age_bands(taipei_agency, basis, born, ok):  # type: ignore[no-untyped-def]
    data = af.a13_data(TODAY, basis=basis, date_of_birth=born.isoformat(), mainland_id=af.mainland_id("110101", born))
    files = _a13_files()
    files["student_card"] = f.pdf()
    if ok:
        assert _file("A13", taipei_agency, data, files=files).status == Status.SUBMITTED
    else:
        with pytest.raises(IneligibleError) as caught:
            _file("A13", taipei_agency, data, files=files)
        assert caught.value.details["checks"] == ["age"]


def test_a13_arrival_must_fall_within_the_three_month_validity(taipei_agency):
    arrival = dt.date(2027, 2, 24)
    data = af.a13_data(TODAY, arrival_date=arrival.isoformat(), departure_date=(arrival + dt.timedelta(days=5)).isoformat())
    with pytest.raises(IneligibleError) as caught:
        _file("A13", taipei_agency, data, files=_a13_files())
    assert caught.value.details["checks"] == ["arrival_window"]


def test_a13_approved_paid_and_issued_gives_a_signed_tourism_permit(taipei_agency, station, hq_unit):
    from immigo.accounts.models import Role

    reviewer = f.staff("reviewer.hq@immigo.test", Role.REVIEWER, hq_unit)
    counter = f.staff("counter.hq@immigo.test", Role.COUNTER_OFFICER, hq_unit)
    case = _file("A13", taipei_agency, af.a13_data(TODAY), files=_a13_files())
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    with pytest.raises(services.FeeUnpaidError):
        services.case_issue(case=case, by=reviewer)
    services.case_record_payment(case=case, by=counter)
    permit = services.case_issue(case=case, by=reviewer)
    assert permit.kind == IssuedDocument.Kind.MAINLAND_TOURISM_PERMIT
    assert permit.payload["pp"] == "TWTP *****5678"
    assert permit.payload["id"].endswith(case.data["mainland_id"][-4:])
    assert permit.valid_until == dt.date(2027, 2, 23)


# --- A14 ---------------------------------------------------------------------------------------


def _a14_files() -> dict:
    return {code: f.pdf() for code in ("passport", "resident_id", "photo", "residence_proof")}


def test_a14_is_filed_with_a_three_day_limit(taipei_agency):
    case = _file("A14", taipei_agency, af.a14_data(TODAY), files=_a14_files())
    assert (case.status, case.time_limit_days, case.fee_amount) == (Status.SUBMITTED, 3, 600)
    assert case.data["passport_type"] == "PRC"


def test_a14_residents_need_one_year_abroad(taipei_agency):
    data = af.a14_data(TODAY, resident_since=dt.date(2025, 11, 25).isoformat())
    with pytest.raises(IneligibleError) as caught:
        _file("A14", taipei_agency, data, files=_a14_files())
    assert caught.value.details["checks"] == ["residence_period"]
    assert _file("A14", taipei_agency, af.a14_data(TODAY, resident_since="2025-11-24"), files=_a14_files()).pk


def test_a14_passport_must_be_valid_six_months_after_arrival(taipei_agency):
    arrival = TODAY + dt.timedelta(days=10)
    data = af.a14_data(TODAY, passport_expiry=(arrival + dt.timedelta(days=150)).isoformat())
    with pytest.raises(IneligibleError) as caught:
        _file("A14", taipei_agency, data, files=_a14_files())
    assert caught.value.details["checks"] == ["passport_validity"]


# --- customer lists ----------------------------------------------------------------------------


def _csv(rows: list[dict]) -> SimpleUploadedFile:
    columns = agency_services.customer_list_columns(service_get("A15"))
    out = io.StringIO()
    out.write(",".join(columns) + "\n")
    for row in rows:
        out.write(",".join(str(row.get(c, "")) for c in columns) + "\n")
    return SimpleUploadedFile("customers.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def _row(serial: str, permit: str, **overrides) -> dict:  # type: ignore[no-untyped-def]
    data = af.a15_data(TODAY, mainland_id=af.mainland_id("350203", dt.date(1990, 4, 12), serial=serial), passport_number=permit)
    data["notify_by_sms"] = "no"
    data.update(overrides)
    return data


def test_a_customer_list_files_every_row(kinmen_agency):
    org, user = kinmen_agency
    upload = _csv([_row("101", "T10000001"), _row("102", "T10000002")])
    result = agency_services.agency_batch_submit(organisation=org, by=user, service=service_get("A15"), upload=upload, language="zh-hant")
    assert result.errors == []
    assert [c.status for c in result.cases] == [Status.ISSUED, Status.ISSUED]
    assert Case.objects.filter(organisation=org).count() == 2


def test_a_customer_list_with_a_bad_row_files_nothing_and_names_the_rows(kinmen_agency):
    org, user = kinmen_agency
    upload = _csv(
        [
            _row("101", "T10000001"),
            _row("102", "BAD"),
            _row("103", "T10000003", mainland_id=af.mainland_id("110101", dt.date(1990, 4, 12))),
        ]
    )
    result = agency_services.agency_batch_submit(organisation=org, by=user, service=service_get("A15"), upload=upload, language="zh-hant")
    assert [e.row for e in result.errors] == [2, 3]
    assert result.cases == []
    assert not Case.objects.exists()
    assert not IssuedDocument.objects.exists()


def test_a_customer_list_must_use_the_template_columns(kinmen_agency):
    org, user = kinmen_agency
    upload = SimpleUploadedFile("x.csv", b"name,age\nA,1\n", content_type="text/csv")
    with pytest.raises(agency_services.CustomerListInvalidError) as caught:
        agency_services.agency_batch_submit(organisation=org, by=user, service=service_get("A15"), upload=upload, language="en")
    assert "mainland_id" in caught.value.details["missing"]
    assert caught.value.details["unknown"] == ["name", "age"]
