"""A08 (automatic certificate), A09 (sponsor filings, lookups) and the four A11 online
applications through the services, with the catalogue's figures."""

import datetime as dt

import pytest
import time_machine

from immigo.applications import services
from immigo.applications.catalogue import a09_business_fast_track as a09
from immigo.applications.catalogue import service_get
from immigo.applications.documents.pdf import issued_document_pdf
from immigo.applications.documents.signing import token_encode
from immigo.applications.documents.verify import VerificationStatus, document_verify
from immigo.applications.models import Case, Channel, IssuedDocument, Pickup, Status
from immigo.core.errors import InvalidInputError, NotFoundError, RateLimitedError
from immigo.organisations.errors import OrganisationAccessDeniedError

from . import catalogue_factories as cf
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()


def _token(doc: IssuedDocument) -> str:
    return token_encode(payload=doc.payload, signature=doc.signature, key_id=doc.key_id)


# --- A08 ----------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a08_passing_every_check_issues_the_certificate_at_once_with_the_rule_figures():
    f.hq_unit()
    case = cf.submit("A08", cf.a08_data(TODAY), by=f.public())
    assert case.status == Status.ISSUED
    assert case.fee_amount == 0
    certificate = case.issued_document
    assert certificate.kind == IssuedDocument.Kind.TRAVEL_AUTHORISATION
    assert certificate.valid_from == TODAY
    assert certificate.valid_until == dt.date(2026, 12, 23)  # 30 days, counting the day of issue
    assert certificate.payload["en"] == "multiple"
    assert certificate.payload["st"] == 30
    assert certificate.payload["pp"] == "VNM ****4567"
    assert [e.action for e in case.events.all()] == ["submit", "auto_check", "approve", "issue"]
    assert document_verify(_token(certificate)).status == VerificationStatus.VALID


@time_machine.travel(NOW, tick=False)
def test_a08_certificate_prints_as_a_pdf_with_the_full_passport_number():
    f.hq_unit()
    case = cf.submit("A08", cf.a08_data(TODAY), by=f.public())
    pdf = issued_document_pdf(case.issued_document)
    assert pdf.startswith(b"%PDF")


@time_machine.travel(NOW, tick=False)
def test_a08_certificate_is_expired_on_the_31st_day():
    f.hq_unit()
    case = cf.submit("A08", cf.a08_data(TODAY), by=f.public())
    token = _token(case.issued_document)
    with time_machine.travel(dt.datetime(2026, 12, 23, 23, 0, tzinfo=NOW.tzinfo), tick=False):
        assert document_verify(token).status == VerificationStatus.VALID
    with time_machine.travel(dt.datetime(2026, 12, 24, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        assert document_verify(token).status == VerificationStatus.EXPIRED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"qualifying_valid_until": (TODAY - dt.timedelta(days=1)).isoformat()}, "qualifying_valid_until"),
        ({"worked_in_taiwan_as_migrant_worker": True}, "worked_in_taiwan_as_migrant_worker"),
        ({"arrival_date": (TODAY + dt.timedelta(days=30)).isoformat()}, "arrival_date"),
        ({"passport_expiry": (TODAY + dt.timedelta(days=5)).isoformat()}, "passport_expiry"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a08_ineligible_applicants_are_refused_and_nothing_is_saved(overrides, field):
    f.hq_unit()
    with pytest.raises(services.IneligibleError) as err:
        cf.submit("A08", cf.a08_data(TODAY, **overrides), by=f.public())
    assert field in err.value.details["fields"]
    assert Case.objects.count() == 0


def test_a08_form_offers_only_the_five_countries_and_the_seven_issuers():
    form = service_get("A08").form_class()
    assert [c for c, _label in form.fields["nationality"].choices] == ["IND", "THA", "VNM", "PHL", "IDN"]
    assert [c for c, _label in form.fields["qualifying_issuer"].choices] == ["USA", "CAN", "JPN", "GBR", "SCHENGEN", "AUS", "NZL"]
    refused = service_get("A08").form_class(data=cf.a08_data(TODAY, nationality="MMR"))
    assert not refused.is_valid()
    assert "nationality" in refused.errors


@time_machine.travel(NOW, tick=False)
def test_a08_cannot_be_extended_by_applying_again_while_valid():
    f.hq_unit()
    user = f.public()
    cf.submit("A08", cf.a08_data(TODAY), by=user)
    with pytest.raises(services.IneligibleError):
        cf.submit("A08", cf.a08_data(TODAY), by=user)


# --- A09 ----------------------------------------------------------------------------------------


@pytest.fixture
def sponsor_login(db):  # type: ignore[no-untyped-def]
    f.hq_unit()
    organisation = cf.sponsor()
    return organisation, cf.sponsor_login(organisation)


def _a09_files():  # type: ignore[no-untyped-def]
    return {"passport_copy": f.pdf(), "employment_proof": f.pdf(), "business_relation_proof": f.pdf()}


@time_machine.travel(NOW, tick=False)
def test_a09_sponsor_files_for_a_traveller_and_hq_reviews_it(sponsor_login):
    organisation, login = sponsor_login
    case = a09.fast_track_submit(organisation=organisation, by=login, data=_a09_cleaned(), files=_a09_files(), language="en")
    assert case.organisation_id == organisation.pk
    assert case.unit.code == "hq-entry-exit"
    assert case.status == Status.SUBMITTED
    assert case.due_date == dt.date(2026, 11, 27)  # 3 working days
    assert case.account_id is None and case.submitted_by_id == login.pk


@time_machine.travel(NOW, tick=False)
def test_a09_approval_is_valid_one_year_or_until_the_passport_expires(sponsor_login):
    organisation, login = sponsor_login
    reviewer = f.staff("hq.reviewer@immigo.test", "reviewer", f.hq_unit())
    case = a09.fast_track_submit(organisation=organisation, by=login, data=_a09_cleaned(), files=_a09_files(), language="en")
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    approval = services.case_issue(case=case, by=reviewer)
    assert approval.valid_until == dt.date(2027, 11, 23)
    assert approval.payload["sp"] == organisation.name
    short = _a09_cleaned(passport_number="C01X00T48", passport_expiry=dt.date(2027, 6, 30))
    case2 = a09.fast_track_submit(organisation=organisation, by=login, data=short, files=_a09_files(), language="en")
    services.case_start_review(case=case2, by=reviewer)
    services.case_approve(case=case2, by=reviewer)
    assert services.case_issue(case=case2, by=reviewer).valid_until == dt.date(2027, 6, 30)


@time_machine.travel(NOW, tick=False)
def test_a09_a_traveller_with_a_passport_expiring_within_six_months_is_refused(sponsor_login):
    organisation, login = sponsor_login
    data = _a09_cleaned(passport_expiry=TODAY + dt.timedelta(days=150))
    with pytest.raises(services.IneligibleError):
        a09.fast_track_submit(organisation=organisation, by=login, data=data, files=_a09_files(), language="en")
    assert Case.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a09_only_sponsoring_companies_file(sponsor_login):
    organisation, _login = sponsor_login
    stranger = cf.sponsor_login(cf.sponsor(name="Other Co", business_number="12345675"), email="other@sponsor.test")
    with pytest.raises(OrganisationAccessDeniedError):
        a09.fast_track_submit(organisation=organisation, by=stranger, data=_a09_cleaned(), files=_a09_files(), language="en")
    # The public route refuses: nobody filed it for a sponsor.
    with pytest.raises(services.IneligibleError):
        cf.submit("A09", cf.a09_data(TODAY), by=f.public())


@time_machine.travel(NOW, tick=False)
def test_a09_suspended_sponsor_cannot_file(db):  # type: ignore[no-untyped-def]
    f.hq_unit()
    organisation = cf.sponsor(status="suspended")
    login = cf.sponsor_login(organisation)
    with pytest.raises(a09.SponsorInactiveError):
        a09.fast_track_submit(organisation=organisation, by=login, data=_a09_cleaned(), files=_a09_files(), language="en")


@time_machine.travel(NOW, tick=False)
def test_a09_lookup_finds_the_approval_by_passport_and_birth_date_only(sponsor_login):
    organisation, login = sponsor_login
    reviewer = f.staff("hq.reviewer@immigo.test", "reviewer", f.hq_unit())
    case = a09.fast_track_submit(organisation=organisation, by=login, data=_a09_cleaned(), files=_a09_files(), language="en")
    with pytest.raises(NotFoundError):  # not approved yet
        a09.fast_track_lookup(passport_number="C01X00T47", date_of_birth=dt.date(1979, 8, 30), client_key="10.0.0.1")
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    approval = services.case_issue(case=case, by=reviewer)
    found = a09.fast_track_lookup(passport_number="c01x 00t47", date_of_birth=dt.date(1979, 8, 30), client_key="10.0.0.2")
    assert found.pk == approval.pk
    with pytest.raises(NotFoundError):
        a09.fast_track_lookup(passport_number="C01X00T47", date_of_birth=dt.date(1979, 8, 31), client_key="10.0.0.3")


def test_a09_lookup_is_rate_limited_per_client(db):  # type: ignore[no-untyped-def]
    for _attempt in range(a09.LOOKUPS_PER_CLIENT):
        with pytest.raises(NotFoundError):
            a09.fast_track_lookup(passport_number="X1", date_of_birth=dt.date(1980, 1, 1), client_key="10.9.9.9")
    with pytest.raises(RateLimitedError):
        a09.fast_track_lookup(passport_number="X1", date_of_birth=dt.date(1980, 1, 1), client_key="10.9.9.9")


@time_machine.travel(NOW, tick=False)
def test_a09_sponsor_lists_only_its_own_cases(sponsor_login):
    organisation, login = sponsor_login
    other = cf.sponsor(name="Other Co", business_number="12345675")
    other_login = cf.sponsor_login(other, email="other@sponsor.test")
    mine = a09.fast_track_submit(organisation=organisation, by=login, data=_a09_cleaned(), files=_a09_files(), language="en")
    a09.fast_track_submit(
        organisation=other, by=other_login, data=_a09_cleaned(passport_number="Z9999999"), files=_a09_files(), language="en"
    )
    assert list(a09.fast_track_list_for_sponsor(organisation=organisation)) == [mine]
    with pytest.raises(NotFoundError):
        a09.fast_track_get_for_sponsor(organisation=other, receipt_number=mine.receipt_number)


def _a09_cleaned(**overrides):  # type: ignore[no-untyped-def]
    form = service_get("A09").form_class(data=cf.a09_data(TODAY))
    assert form.is_valid(), form.errors
    return {**form.cleaned_data, **overrides}


# --- A11: foreign resident certificate ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a11_residence_certificate_goes_to_the_station_of_the_applicants_county_and_costs_100_a_copy():
    f.station()
    kaohsiung = cf.second_station()
    case = cf.submit("A11-RC", cf.residence_certificate_data(kaohsiung.county), by=f.public())
    assert case.unit == kaohsiung
    assert case.fee_amount == 200
    assert case.due_date == dt.date(2026, 11, 27)
    assert case.pickup == Pickup.COUNTER


@time_machine.travel(NOW, tick=False)
def test_a11_residence_certificate_is_issued_after_review_and_payment():
    kaohsiung = cf.second_station()
    reviewer = f.staff("khh.reviewer@immigo.test", "reviewer", kaohsiung)
    counter = f.staff("khh.counter@immigo.test", "counter_officer", kaohsiung)
    case = cf.submit("A11-RC", cf.residence_certificate_data(kaohsiung.county), by=f.public())
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    with pytest.raises(services.FeeUnpaidError):
        services.case_issue(case=case, by=counter)
    services.case_record_payment(case=case, by=counter)
    certificate = services.case_issue(case=case, by=counter)
    assert certificate.kind == IssuedDocument.Kind.FOREIGN_RESIDENCE_PROOF
    assert certificate.payload["id"] == "******0014"
    assert (certificate.payload["ps"], certificate.payload["pe"]) == ("2024-01-01", "2026-10-31")
    assert issued_document_pdf(certificate).startswith(b"%PDF")


@time_machine.travel(NOW, tick=False)
def test_a11_residence_certificate_refuses_an_expired_resident_certificate():
    county = f.county()
    form = service_get("A11-RC").form_class(data=cf.residence_certificate_data(county, resident_certificate_expiry="2026-11-01"))
    assert not form.is_valid()
    assert "resident_certificate_expiry" in form.errors


# --- A11 / N08: immigration professional --------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a11_professional_certificate_is_reviewed_at_the_immigration_affairs_division_for_1000():
    hq = cf.hq_immigration()
    case = cf.submit("A11-IP", cf.professional_data(), by=f.public())
    assert case.unit == hq
    assert case.fee_amount == 1000
    assert case.due_date == dt.date(2026, 11, 27)
    assert set(case.documents.values_list("requirement_code", flat=True)) == {
        "identity_card",
        "training_certificate",
        "exam_result",
        "photo",
    }


@time_machine.travel(NOW, tick=False)
def test_a11_professional_certificate_refuses_minors_and_holders():
    hq = cf.hq_immigration()
    user = f.public()
    with pytest.raises(services.IneligibleError) as err:
        cf.submit("A11-IP", cf.professional_data(national_id="A234567893", date_of_birth="2007-01-01"), by=user)
    assert "date_of_birth" in err.value.details["fields"]
    reviewer = f.staff("hq.imm@immigo.test", "reviewer", hq)
    counter = f.staff("hq.counter@immigo.test", "counter_officer", hq)
    case = cf.submit("A11-IP", cf.professional_data(), by=user)
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    services.case_record_payment(case=case, by=counter)
    services.case_issue(case=case, by=counter)
    with pytest.raises(services.IneligibleError):
        cf.submit("A11-IP", cf.professional_data(), by=user)


# --- A11 / N07: matchmaking permit -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"entity_kind": "company"}, "entity_kind"),
        ({"charges_remuneration": True}, "charges_remuneration"),
        ({"advertises": True}, "advertises"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a11_matchmaking_is_refused_for_profit_paid_or_advertised(overrides, field):
    cf.hq_immigration()
    with pytest.raises(services.IneligibleError) as err:
        cf.submit("A11-MM", cf.matchmaking_data(**overrides), by=f.public())
    assert field in err.value.details["fields"]
    assert Case.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a11_matchmaking_permit_for_an_association_is_free_and_issued_after_review():
    hq = cf.hq_immigration()
    reviewer = f.staff("hq.imm@immigo.test", "reviewer", hq)
    case = cf.submit("A11-MM", cf.matchmaking_data(), by=f.public())
    assert case.fee_amount == 0 and case.unit == hq
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    permit = services.case_issue(case=case, by=reviewer)
    assert permit.kind == IssuedDocument.Kind.MATCHMAKING_PERMIT
    assert permit.payload["og"].startswith("社團法人台灣國際家庭互助協會")
    assert issued_document_pdf(permit).startswith(b"%PDF")


# --- A11: APRC exit report ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a11_exit_report_covers_the_reported_period_and_needs_the_reason_proof():
    station = f.station()
    reviewer = f.staff("tpe.reviewer@immigo.test", "reviewer", station)
    case = cf.submit("A11-EX", cf.aprc_exit_data(station.county, TODAY), by=f.public())
    assert set(case.documents.values_list("requirement_code", flat=True)) == {"aprc", "medical_proof"}
    assert case.fee_amount == 0 and case.unit == station
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    report = services.case_issue(case=case, by=reviewer)
    assert report.valid_from == dt.date(2026, 12, 14)
    assert report.valid_until == dt.date(2027, 12, 14)
    assert report.payload["rs"] == "medical"


@time_machine.travel(NOW, tick=False)
def test_a11_exit_report_covers_at_most_two_years():
    county = f.county()
    start = TODAY + dt.timedelta(days=20)
    two_years = start.replace(year=start.year + 2)
    ok = service_get("A11-EX").form_class(data=cf.aprc_exit_data(county, TODAY, return_date=two_years.isoformat()))
    assert ok.is_valid(), ok.errors
    too_long = cf.aprc_exit_data(county, TODAY, return_date=(two_years + dt.timedelta(days=1)).isoformat())
    form = service_get("A11-EX").form_class(data=too_long)
    assert not form.is_valid()
    assert "return_date" in form.errors


@time_machine.travel(NOW, tick=False)
def test_a11_exit_report_online_needs_the_proof_of_the_reason():
    station = f.station()
    with pytest.raises(InvalidInputError) as err:
        cf.submit("A11-EX", cf.aprc_exit_data(station.county, TODAY, reason="study"), by=f.public(), files={"aprc": f.pdf()})
    assert "enrolment_proof" in err.value.details["fields"]


def test_the_four_new_a11_services_are_offered_online_and_at_the_counter():
    for code in ("A11-RC", "A11-IP", "A11-MM", "A11-EX"):
        service = service_get(code)
        assert service.offers(Channel.ONLINE) and service.offers(Channel.COUNTER), code
        assert service.time_limit_working_days == 3, code


@time_machine.travel(NOW, tick=False)
def test_a09_only_the_filing_company_supplies_documents_for_its_traveller(sponsor_login):
    from immigo.core.errors import PermissionDeniedError

    organisation, login = sponsor_login
    reviewer = f.staff("hq.reviewer@immigo.test", "reviewer", f.hq_unit())
    case = a09.fast_track_submit(organisation=organisation, by=login, data=_a09_cleaned(), files=_a09_files(), language="en")
    services.case_request_supplement(case=case, by=reviewer, items=[{"code": "employment_proof", "label": "Signed letter", "note": ""}])
    stranger = cf.sponsor_login(cf.sponsor(name="Other Co", business_number="12345675"), email="other@sponsor.test")
    with pytest.raises(PermissionDeniedError):
        services.case_supplement_receive(case=case, by=stranger, files={"employment_proof": f.pdf()})
    services.case_supplement_receive(case=case, by=login, files={"employment_proof": f.pdf()})
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW


def test_signed_fields_of_the_new_documents_read_in_words():
    from django.utils import translation

    from immigo.applications.documents.fields import signed_fields

    with translation.override("en"):
        rows = dict(signed_fields({"t": "aprc_exit_report", "rs": "medical", "en": "multiple", "wp": 1}))
    assert rows["Document"] == "Acknowledgement of a permanent resident's exit report"
    assert rows["Reason"] == "Medical treatment abroad"
    assert rows["Entries allowed"] == "Multiple entries"
    assert rows["The holder does not need to apply for a work permit to work"] == "Yes"
