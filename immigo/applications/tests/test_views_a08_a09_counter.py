"""Pages of A08 (multilingual form), A09 (sponsor pages, traveller lookup) and the counter
conveniences (B03 reply slip, B07 lost passports, B11 intake elsewhere) through the test client."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from immigo.accounts.models import Role, User
from immigo.applications.catalogue import a09_business_fast_track as a09
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel, Status
from immigo.applications.services.forwarding import case_forward
from immigo.core.models import AuditEntry

from . import catalogue_factories as cf
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()
A08_APPLY = reverse("applications:apply", args=["pre-arrival-check"])
SPONSOR_HOME = reverse("applications:sponsor_home")
SPONSOR_APPLY = reverse("applications:sponsor_apply")
LOOKUP = reverse("applications:fast_track_lookup")
LOOKUP_PDF = reverse("applications:fast_track_lookup_pdf")
# Session, user, the sponsor of the login, the count, one page of cases (with their approvals
# joined), the audit entry naming the cases shown, and the session saved again (in a savepoint):
# the same whatever the number of rows.
SPONSOR_HOME_QUERIES = 9


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _browser(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not False}


# --- A08 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label"),
    [("zh-hant", "國籍"), ("vi", "Quốc tịch"), ("hi", "राष्ट्रीयता"), ("en", "Nationality")],
)
def test_a08_form_is_shown_in_the_applicants_language(client, public_user, language, label):
    client.force_login(public_user)
    response = client.get(A08_APPLY, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert label in response.text


def test_a08_applied_online_is_issued_and_downloadable(client, public_user, hq_unit):
    client.force_login(public_user)
    response = client.post(A08_APPLY, _browser(cf.a08_data(TODAY)), HTTP_ACCEPT_LANGUAGE="en")
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.status == Status.ISSUED
    pdf = client.get(reverse("applications:case_document", args=[case.receipt_number]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_a08_refusal_names_the_field_in_the_applicants_language(client, public_user, hq_unit):
    client.force_login(public_user)
    data = cf.a08_data(TODAY, worked_in_taiwan_as_migrant_worker=True)
    response = client.post(A08_APPLY, _browser(data), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "migrant workers cannot use the online check" in response.text
    assert Case.objects.count() == 0


# --- A09 ----------------------------------------------------------------------------------------


@pytest.fixture
def sponsor_client(client, hq_unit):  # type: ignore[no-untyped-def]
    organisation = cf.sponsor()
    client.force_login(cf.sponsor_login(organisation))
    client.organisation = organisation
    return client


def test_a09_public_form_is_not_offered_and_the_catalogue_says_who_files(client, public_user):
    client.force_login(public_user)
    assert client.get(reverse("applications:apply", args=["business-fast-track"])).status_code == 404
    text = client.get(reverse("applications:service_list"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Organisations file this service for their customers" in text


def test_a09_sponsor_pages_refuse_public_accounts_and_other_organisations(client, public_user, hq_unit):
    client.force_login(public_user)
    assert client.get(SPONSOR_HOME).status_code == 403
    from immigo.organisations.models import Organisation

    agency = Organisation.objects.create(kind=Organisation.Kind.TRAVEL_AGENCY, name="Agency", business_number="22099131")
    client.force_login(cf.sponsor_login(agency, email="agency@agency.test"))
    assert client.get(SPONSOR_HOME).status_code == 403


def test_a09_sponsor_files_an_application_and_sees_it_listed(sponsor_client):
    data = _browser(cf.a09_data(TODAY))
    files = {"passport_copy": f.pdf(), "employment_proof": f.pdf(), "business_relation_proof": f.pdf()}
    response = sponsor_client.post(SPONSOR_APPLY, {**data, **files}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.organisation == sponsor_client.organisation
    listing = sponsor_client.get(SPONSOR_HOME, HTTP_ACCEPT_LANGUAGE="en")
    assert case.receipt_number in listing.text
    assert AuditEntry.objects.filter(object_id="sponsor-approvals").exists()


def test_a09_sponsor_form_errors_are_shown_and_nothing_is_filed(sponsor_client):
    data = _browser(cf.a09_data(TODAY))
    response = sponsor_client.post(SPONSOR_APPLY, {**data, "passport_copy": f.pdf()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "This document is required." in response.text
    assert Case.objects.count() == 0


def _approved(organisation, login, passport_number="C01X00T47"):  # type: ignore[no-untyped-def]
    from immigo.applications import services

    form = service_get("A09").form_class(data=cf.a09_data(TODAY, passport_number=passport_number))
    assert form.is_valid()
    files = {"passport_copy": f.pdf(), "employment_proof": f.pdf(), "business_relation_proof": f.pdf()}
    case = a09.fast_track_submit(organisation=organisation, by=login, data=form.cleaned_data, files=files, language="en")
    reviewer = f.staff(f"rev-{passport_number}@immigo.test", Role.REVIEWER, f.hq_unit())
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    services.case_issue(case=case, by=reviewer)
    return case


def test_a09_sponsor_downloads_its_approvals_and_the_list_query_count_is_fixed(sponsor_client, django_assert_num_queries):
    login = User.objects.get(pk=sponsor_client.session["_auth_user_id"])
    first = _approved(sponsor_client.organisation, login)
    response = sponsor_client.get(reverse("applications:sponsor_approval", args=[first.receipt_number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with django_assert_num_queries(SPONSOR_HOME_QUERIES):
        sponsor_client.get(SPONSOR_HOME)
    _approved(sponsor_client.organisation, login, passport_number="C01X00T99")
    with django_assert_num_queries(SPONSOR_HOME_QUERIES):
        sponsor_client.get(SPONSOR_HOME)


def test_a09_another_sponsor_cannot_download_the_approval(client, hq_unit):
    mine = cf.sponsor()
    case = _approved(mine, cf.sponsor_login(mine))
    other = cf.sponsor(name="Other Co", business_number="12345675")
    client.force_login(cf.sponsor_login(other, email="other@sponsor.test"))
    assert client.get(reverse("applications:sponsor_approval", args=[case.receipt_number])).status_code == 404


def test_a09_traveller_looks_up_and_downloads_the_approval(client, hq_unit):
    organisation = cf.sponsor()
    _approved(organisation, cf.sponsor_login(organisation))
    answers = {"passport_number": "C01X00T47", "date_of_birth": "1979-08-30"}
    page = client.post(LOOKUP, answers, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert organisation.name in page.text
    pdf = client.post(LOOKUP_PDF, answers)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    wrong = client.post(LOOKUP_PDF, {**answers, "date_of_birth": "1979-08-31"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 404
    assert "No approval matches" in wrong.text


def test_a09_lookup_page_answers_429_once_the_limit_is_reached(client, db):  # type: ignore[no-untyped-def]
    cache.clear()
    answers = {"passport_number": "X0000001", "date_of_birth": "1979-08-30"}
    for _attempt in range(a09.LOOKUPS_PER_CLIENT):
        assert client.post(LOOKUP, answers).status_code == 404
    assert client.post(LOOKUP, answers).status_code == 429


# --- B03, B07, B11 at the counter -------------------------------------------------------------------


def _staff_get(client, url, purpose="case work"):  # type: ignore[no-untyped-def]
    return client.get(f"{url}?purpose={purpose.replace(' ', '+')}", HTTP_ACCEPT_LANGUAGE="en")


def test_b03_forward_button_and_reply_slip(client, counter_officer, station, hq_unit):
    from immigo.applications import services

    service = service_get("B03")
    form = service.form_class(data=cf.extension_data(TODAY, special_reason="litigation", special_details="Custody case pending"))
    assert form.is_valid(), form.errors
    case = services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={},
            channel=Channel.COUNTER,
            language="en",
            seen_at_counter=frozenset({"residence_permit", "photo", "kinship_certificate", "special_reason_proof"}),
        ),
        by=counter_officer,
        counter_unit=station,
    )
    client.force_login(counter_officer)
    page = _staff_get(client, reverse("staff:case", args=[case.receipt_number]))
    assert "Forward to headquarters (special extension)" in page.text
    response = client.post(reverse("staff:case_action", args=[case.receipt_number, "forward"]), {"reason": "Special extension"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.unit == hq_unit
    slip = _staff_get(client, reverse("staff:reply_slip_pdf", args=[case.receipt_number]))
    assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"


def test_b03_reply_slip_is_not_found_for_a_case_not_forwarded(client, counter_officer, station, hq_unit):
    from immigo.applications import services

    service = service_get("B03")
    form = service.form_class(data=cf.extension_data(TODAY))
    assert form.is_valid()
    case = services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={},
            channel=Channel.COUNTER,
            language="en",
            seen_at_counter=frozenset({"residence_permit", "photo", "kinship_certificate"}),
        ),
        by=counter_officer,
        counter_unit=station,
    )
    client.force_login(counter_officer)
    assert _staff_get(client, reverse("staff:reply_slip_pdf", args=[case.receipt_number])).status_code == 404
    case_forward(case=case, by=counter_officer, reason="Special circumstances found at review")
    assert _staff_get(client, reverse("staff:reply_slip_pdf", args=[case.receipt_number])).status_code == 200


def test_b07_counter_takes_a_report_finds_it_and_records_the_passport_found(client, counter_officer, station):
    client.force_login(counter_officer)
    data = _browser(cf.lost_passport_data())
    intake = reverse("staff:intake_form", args=["lost-foreign-passport"])
    response = client.post(intake, {**data, "language": "en", "seen_identity_proof": "on", "seen_photo": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.text[:2000]
    case = Case.objects.get()
    assert case.status == Status.ISSUED
    search = client.get(reverse("staff:lost_passports"), {"passport_number": "561234987"}, HTTP_ACCEPT_LANGUAGE="en")
    assert case.issued_document.number in search.text
    found = client.post(
        reverse("staff:lost_passport_found", args=[case.issued_document.pk]), {"found_on": "2026-11-24", "note": "Taxi company"}
    )
    assert found.status_code == 302
    case.issued_document.refresh_from_db()
    assert case.issued_document.revoked_at is not None


def test_b07_lost_passport_pages_need_a_staff_role(client, public_user):
    client.force_login(public_user)
    assert client.get(reverse("staff:lost_passports")).status_code == 403


def test_b11_cross_county_intake_shows_where_it_was_taken_in(client, counter_officer, station):
    kaohsiung = cf.second_station()
    client.force_login(counter_officer)
    data = _browser(cf.residence_certificate_data(kaohsiung.county))
    intake = reverse("staff:intake_form", args=["foreign-residence-certificate"])
    response = client.post(
        intake, {**data, "language": "en", "seen_resident_certificate": "on", "seen_passport_copy": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302, response.text[:2000]
    case = Case.objects.get()
    assert case.unit == kaohsiung
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    reviewer = f.staff("khh.rev@immigo.test", Role.REVIEWER, kaohsiung)
    client.force_login(reviewer)
    page = _staff_get(client, reverse("staff:case", args=[case.receipt_number]))
    assert "Taken in at" in page.text


def test_a09_api_lookup_answers_with_the_approval_and_its_verification_link(client, hq_unit):
    cache.clear()
    organisation = cf.sponsor()
    case = _approved(organisation, cf.sponsor_login(organisation))
    url = "/api/v1/fast-track/lookup"
    response = client.post(url, {"passport_number": "C01X00T47", "date_of_birth": "1979-08-30"}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.issued_document.number
    assert body["valid_until"] == "2027-11-23"
    assert "/verify/?t=IM1." in body["verification_url"]
    wrong = client.post(url, {"passport_number": "C01X00T47", "date_of_birth": "1979-08-31"}, content_type="application/json")
    assert wrong.status_code == 404
    assert wrong.json()["code"] == "fast_track_not_found"


def test_b03_api_forwards_a_case(client, counter_officer, station, hq_unit):
    from immigo.applications import services

    service = service_get("B03")
    form = service.form_class(data=cf.extension_data(TODAY, special_reason="illness", special_details="Pregnancy, 8th month"))
    assert form.is_valid()
    case = services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={},
            channel=Channel.COUNTER,
            language="en",
            seen_at_counter=frozenset({"residence_permit", "photo", "kinship_certificate", "special_reason_proof"}),
        ),
        by=counter_officer,
        counter_unit=station,
    )
    client.force_login(counter_officer)
    response = client.post(
        f"/api/v1/staff/cases/{case.receipt_number}/actions/forward", {"reason": "Special extension"}, content_type="application/json"
    )
    assert response.status_code == 200, response.text
    case.refresh_from_db()
    assert case.unit == hq_unit


def test_a08_certificate_verifies_on_the_public_page(client, public_user, hq_unit):
    from immigo.applications.documents.signing import token_encode

    case = cf.submit("A08", cf.a08_data(TODAY), by=public_user)
    doc = case.issued_document
    token = token_encode(payload=doc.payload, signature=doc.signature, key_id=doc.key_id)
    page = client.get(reverse("verify:verify"), {"t": token}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Travel authorisation certificate (online pre-arrival check)" in page.text
    assert "Multiple entries" in page.text
    assert "Qualifying visa or residence document" in page.text


def test_catalogue_links_travellers_to_the_fast_track_lookup(client):
    text = client.get(reverse("applications:service_list"), HTTP_ACCEPT_LANGUAGE="en").text
    assert f'href="{LOOKUP}"' in text
    assert client.get(LOOKUP, HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_a09_sponsor_answers_a_one_time_notice_for_its_traveller(sponsor_client):
    from immigo.applications import services

    login = User.objects.get(pk=sponsor_client.session["_auth_user_id"])
    form = service_get("A09").form_class(data=cf.a09_data(TODAY))
    assert form.is_valid()
    files = {"passport_copy": f.pdf(), "employment_proof": f.pdf(), "business_relation_proof": f.pdf()}
    case = a09.fast_track_submit(organisation=sponsor_client.organisation, by=login, data=form.cleaned_data, files=files, language="en")
    reviewer = f.staff("hq.rev@immigo.test", Role.REVIEWER, f.hq_unit())
    services.case_request_supplement(case=case, by=reviewer, items=[{"code": "employment_proof", "label": "Signed letter", "note": ""}])
    page = sponsor_client.get(reverse("applications:sponsor_case", args=[case.receipt_number]), HTTP_ACCEPT_LANGUAGE="en")
    assert "The officer needs more documents" in page.text
    url = reverse("applications:sponsor_supplement", args=[case.receipt_number])
    assert sponsor_client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en").status_code == 422
    response = sponsor_client.post(url, {"employment_proof": f.pdf("letter.pdf")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW


def test_a09_another_company_cannot_open_or_answer_the_case(client, hq_unit):
    mine = cf.sponsor()
    case = _approved(mine, cf.sponsor_login(mine))
    other = cf.sponsor(name="Other Co", business_number="12345675")
    client.force_login(cf.sponsor_login(other, email="other@sponsor.test"))
    assert client.get(reverse("applications:sponsor_case", args=[case.receipt_number])).status_code == 404
    assert client.post(reverse("applications:sponsor_supplement", args=[case.receipt_number]), {}).status_code == 404


@pytest.mark.parametrize("language", ["zh-hant", "hi", "id", "tl", "th", "vi"])
def test_a08_is_offered_in_the_seeds_seven_languages(client, public_user, language):
    """Chinese, English, Hindi, Indonesian, Filipino, Thai and Vietnamese (seed A08)."""
    from django.utils import translation

    client.force_login(public_user)
    page = client.get(A08_APPLY, HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        name = str(service_get("A08").name)
        issuer_label = str(service_get("A08").form_class().fields["qualifying_issuer"].label)
    assert name != "Online pre-arrival check for nationals of India, Thailand, Vietnam, the Philippines and Indonesia"
    assert name in page.text
    assert issuer_label in page.text


SPONSOR_API = "/api/v1/fast-track/sponsor/applications"
# Session, user, the sponsor of the login, one page of cases (applicant and approval joined), the
# audit entry, and the session saved again (in a savepoint): the same whatever the number of rows.
SPONSOR_API_LIST_QUERIES = 8


def test_a09_api_sponsor_files_and_lists_its_applications(sponsor_client, django_assert_num_queries):
    import json

    data = json.dumps(cf.a09_data(TODAY))
    files = {"passport_copy": f.pdf(), "employment_proof": f.pdf(), "business_relation_proof": f.pdf()}
    created = sponsor_client.post(SPONSOR_API, {"data": data, **files})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "submitted"
    case = Case.objects.get()
    assert case.organisation == sponsor_client.organisation
    with django_assert_num_queries(SPONSOR_API_LIST_QUERIES):
        listed = sponsor_client.get(SPONSOR_API)
    assert [row["receipt_number"] for row in listed.json()] == [case.receipt_number]
    login = User.objects.get(pk=sponsor_client.session["_auth_user_id"])
    _approved(sponsor_client.organisation, login, passport_number="C01X00T99")
    with django_assert_num_queries(SPONSOR_API_LIST_QUERIES):
        assert len(sponsor_client.get(SPONSOR_API).json()) == 2


def test_a09_api_sponsor_form_errors_and_missing_documents_are_422(sponsor_client):
    import json

    bad = sponsor_client.post(SPONSOR_API, {"data": json.dumps(cf.a09_data(TODAY, passport_expiry="not a date"))})
    assert bad.status_code == 422
    assert "passport_expiry" in bad.json()["details"]["fields"]
    missing = sponsor_client.post(SPONSOR_API, {"data": json.dumps(cf.a09_data(TODAY))})
    assert missing.status_code == 422
    assert "passport_copy" in missing.json()["details"]["fields"]
    assert Case.objects.count() == 0


def test_a09_api_sponsor_endpoints_refuse_other_accounts(client, public_user):
    assert client.get(SPONSOR_API).status_code == 401
    client.force_login(public_user)
    assert client.get(SPONSOR_API).status_code == 401
