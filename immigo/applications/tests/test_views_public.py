"""The applicant's pages through the Django test client: catalogue, applying, the case page,
downloads and the public status lookup."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from immigo.applications import receipts, services
from immigo.applications.models import Case, CaseDocument, Status
from immigo.core.models import Person

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()
A01_APPLY = reverse("applications:apply", args=["hk-macao-entry-permit"])
A07_APPLY = reverse("applications:apply", args=["address-change"])


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def applicant_client(client, public_user, hq_unit):  # type: ignore[no-untyped-def]
    client.force_login(public_user)
    return client


def _form_data(data: dict) -> dict:
    """What a browser sends: unticked checkboxes are left out."""
    return {key: value for key, value in data.items() if value is not False}


def _apply_a01(client, **overrides):  # type: ignore[no-untyped-def]
    return client.post(A01_APPLY, _form_data(f.a01_data(TODAY, **overrides)))


# --- home and catalogue ---------------------------------------------------------------------


def test_home_page_offers_applying_status_lookup_verification_and_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    for url in (
        reverse("applications:service_list"),
        reverse("applications:status_lookup"),
        reverse("verify:verify"),
        reverse("accounts:login"),
        A01_APPLY,
    ):
        assert f'href="{url}"' in response.text
    assert '<main id="main"' in response.text


def test_service_list_shows_fee_time_limit_channels_and_when_a_document_is_needed(client):
    response = client.get(reverse("applications:service_list"), HTTP_ACCEPT_LANGUAGE="en")
    text = response.text
    assert response.status_code == 200
    assert "Online entry permit for Hong Kong and Macao residents" in text
    assert "Free" in text
    assert "NT$100 per copy" in text
    assert "3 working days" in text and "1 working day" in text
    assert "At a counter" in text
    # A conditional document says when it is needed, from the form's own answers.
    assert re.search(r"Lease contract\s*<span class=\"condition\">\(Needed only if “The new home is” is “I rent it”\.\)", text)
    assert f'href="{A07_APPLY}"' in text


# --- applying -------------------------------------------------------------------------------


def test_apply_asks_an_anonymous_visitor_to_sign_in_first(client):
    response = client.get(A01_APPLY)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={A01_APPLY}"


def test_apply_is_for_public_accounts_only(client, counter_officer):
    client.force_login(counter_officer)
    assert client.get(A01_APPLY).status_code == 403


def test_apply_form_labels_every_input_and_offers_a_file_input_per_document(applicant_client, county):
    text = applicant_client.get(A07_APPLY, HTTP_ACCEPT_LANGUAGE="en").text
    inputs = re.findall(r"<(?:input|select|textarea)\b[^>]*\bid=\"([^\"]+)\"", text)
    assert inputs
    for input_id in inputs:
        assert f'for="{input_id}"' in text, input_id
    for code in ("resident_certificate", "ownership_proof", "lease", "host_consent", "dormitory_certificate"):
        assert re.search(rf'<input type="file" name="{code}"[^>]*accept="\.pdf,\.jpg,\.jpeg,\.png', text), code
    assert "Needed only if “The new home is” is “I rent it”." in text


def test_a01_online_application_is_issued_and_the_permit_downloads_for_its_owner_only(applicant_client, client, public_user):
    response = _apply_a01(applicant_client)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:case_detail", args=[case.receipt_number])
    assert case.status == Status.ISSUED
    assert case.account == public_user

    page = applicant_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    download = reverse("applications:case_document", args=[case.receipt_number])
    assert f'href="{download}"' in page.text
    assert "Download your permit (PDF)" in page.text
    assert case.receipt_number in page.text

    pdf = applicant_client.get(download)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="{case.issued_document.number}.pdf"'
    assert pdf.content.startswith(b"%PDF")

    client.logout()
    client.force_login(f.public("someone-else@example.test"))
    assert client.get(download).status_code == 404
    assert client.get(reverse("applications:case_detail", args=[case.receipt_number])).status_code == 404


def test_ineligible_a01_is_shown_again_with_the_reason_at_the_field_and_nothing_is_saved(applicant_client):
    response = _apply_a01(applicant_client, stay_days=45)
    text = response.content.decode()
    assert response.status_code == 422
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0
    # The summary at the top links to the field; the field carries the message and says it is invalid.
    assert 'class="error-summary"' in text
    assert 'href="#id_stay_days"' in text
    assert re.search(r'<p class="error-message" id="id_stay_days_error">', text)
    field = re.search(r"<input[^>]*name=\"stay_days\"[^>]*>", text).group(0)
    assert 'aria-invalid="true"' in field
    assert "id_stay_days_error" in field
    assert 'value="45"' in field


def test_online_application_without_a_required_document_names_the_missing_file_and_saves_nothing(applicant_client, station):
    data = _form_data(f.a07_data(station.county, moved_on="2026-11-01"))
    response = applicant_client.post(A07_APPLY, {**data, "resident_certificate": f.pdf()}, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_lease"' in text
    assert 'id="id_lease_error"' in text
    assert Case.objects.count() == 0
    assert CaseDocument.objects.count() == 0


def test_online_a07_with_its_documents_is_submitted_to_the_station_of_the_new_county(applicant_client, station):
    data = _form_data(f.a07_data(station.county, moved_on="2026-11-01"))
    response = applicant_client.post(A07_APPLY, {**data, "resident_certificate": f.pdf(), "lease": f.pdf("lease.pdf")})
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.unit == station
    assert case.status == Status.SUBMITTED
    assert sorted(case.documents.values_list("requirement_code", flat=True)) == ["lease", "resident_certificate"]


# --- the applicant's case page ---------------------------------------------------------------


@pytest.fixture
def a07_case(applicant_client, station):  # type: ignore[no-untyped-def]
    data = _form_data(f.a07_data(station.county, moved_on="2026-11-01"))
    applicant_client.post(A07_APPLY, {**data, "resident_certificate": f.pdf(), "lease": f.pdf("lease.pdf")})
    return Case.objects.get()


def test_case_page_is_not_found_for_staff_and_other_accounts(client, a07_case, reviewer):
    url = reverse("applications:case_detail", args=[a07_case.receipt_number])
    client.logout()
    client.force_login(f.public("other@example.test"))
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    assert client.get(url).status_code == 403


def test_applicant_answers_the_one_time_notice_by_uploading_every_item(applicant_client, a07_case, reviewer):
    services.case_request_supplement(
        case=a07_case, by=reviewer, items=[{"code": "lease", "label": "Lease contract", "note": "signed page"}]
    )
    page = applicant_client.get(reverse("applications:case_detail", args=[a07_case.receipt_number]), HTTP_ACCEPT_LANGUAGE="en")
    assert "We need more documents from you" in page.text
    assert 'name="lease"' in page.text

    empty = applicant_client.post(reverse("applications:case_supplement", args=[a07_case.receipt_number]), {})
    assert empty.status_code == 422
    assert 'href="#id_lease"' in empty.content.decode()

    response = applicant_client.post(
        reverse("applications:case_supplement", args=[a07_case.receipt_number]), {"lease": f.pdf("new-lease.pdf")}
    )
    a07_case.refresh_from_db()
    assert response.status_code == 302
    assert a07_case.status == Status.UNDER_REVIEW
    assert a07_case.documents.filter(requirement_code="lease", supplement__isnull=False).exists()


def test_applicant_can_withdraw_while_the_case_is_open_and_the_button_then_disappears(applicant_client, a07_case):
    url = reverse("applications:case_detail", args=[a07_case.receipt_number])
    withdraw = reverse("applications:case_withdraw", args=[a07_case.receipt_number])
    assert f'action="{withdraw}"' in applicant_client.get(url).text
    response = applicant_client.post(withdraw, {"reason": "moved again"})
    a07_case.refresh_from_db()
    assert response.status_code == 302
    assert a07_case.status == Status.WITHDRAWN
    assert f'action="{withdraw}"' not in applicant_client.get(url).text


def test_receipt_pdf_prints_for_the_owner(applicant_client, a07_case):
    response = applicant_client.get(reverse("applications:case_receipt", args=[a07_case.receipt_number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_my_cases_lists_only_the_accounts_own_cases(applicant_client, a07_case, station):
    other = Client()
    other.force_login(f.public("other@example.test"))
    data = _form_data(f.a07_data(station.county, moved_on="2026-11-01", ui_number="A800000023", email="o@example.test"))
    other.post(A07_APPLY, {**data, "resident_certificate": f.pdf(), "lease": f.pdf("lease.pdf")})
    others = Case.objects.exclude(pk=a07_case.pk).get()

    text = applicant_client.get(reverse("applications:my_cases")).text
    assert a07_case.receipt_number in text
    assert others.receipt_number not in text


# --- public status lookup -------------------------------------------------------------------

LOOKUP = reverse("applications:status_lookup")


def _lookup(client, reference: str, dob: str):  # type: ignore[no-untyped-def]
    return client.post(LOOKUP, {"reference": reference, "date_of_birth": dob}, HTTP_ACCEPT_LANGUAGE="en")


def _summary(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S).group(0)


def test_status_lookup_shows_the_status_for_the_receipt_and_date_of_birth(client, a07_case):
    response = _lookup(client, a07_case.receipt_number, "1990-05-17")
    assert response.status_code == 200
    assert "Submitted" in response.text
    assert a07_case.due_date.isoformat() in response.text
    assert "Change of address on a residence document" in response.text


def test_status_lookup_prefills_the_receipt_number_from_the_receipts_qr_code(client):
    response = client.get(LOOKUP, {"receipt": "261124-ABCD-EFGH-J"})
    assert 'value="261124-ABCD-EFGH-J"' in response.text


def test_status_lookup_answers_the_same_for_a_wrong_birth_date_and_an_unknown_receipt(client, a07_case):
    wrong_dob = _lookup(client, a07_case.receipt_number, "1991-01-01")
    unknown = _lookup(client, receipts.receipt_generate(TODAY), "1990-05-17")
    assert wrong_dob.status_code == unknown.status_code == 200
    assert "No application matches these details" in _summary(wrong_dob)
    assert _summary(wrong_dob) == _summary(unknown)


def test_status_lookup_refuses_the_sixth_wrong_birth_date_of_the_day_with_429(client, a07_case):
    for _attempt in range(5):
        assert _lookup(client, a07_case.receipt_number, "1991-01-01").status_code == 200
    response = _lookup(client, a07_case.receipt_number, "1991-01-01")
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_status_lookup_marks_empty_and_invalid_fields(client):
    response = client.post(LOOKUP, {"reference": "", "date_of_birth": "31/02/1990"}, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_reference"' in text and 'href="#id_date_of_birth"' in text
    assert re.search(r'<input[^>]*name="date_of_birth"[^>]*aria-invalid="true"', text)
