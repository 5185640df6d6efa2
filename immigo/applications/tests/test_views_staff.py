"""The back office through the Django test client: queue, case page and its actions, counter
intake, printouts, access limits and the audit trail of every look at a case."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from immigo.accounts.models import Role
from immigo.applications import receipts, services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel, Pickup, RejectionProposal, Status
from immigo.core.models import AuditEntry, Person

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Tuesday
TODAY = NOW.date()
QUEUE = reverse("staff:queue")
# Session (read, and saved again on every request), user, the officer's units (for the filter and
# for the selector), the filter's unit names, the count and one page of cases: the same number
# whatever the number of rows.
QUEUE_MAX_QUERIES = 13  # includes the audit entry naming the cases shown


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _case_url(case: Case, purpose: str = "case work", **extra: str) -> str:
    return f"{reverse('staff:case', args=[case.receipt_number])}?{urlencode({'purpose': purpose, **extra})}"


def _action(client, case: Case, action: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    return client.post(reverse("staff:case_action", args=[case.receipt_number, action]), {"purpose": "case work", **(data or {})})


def _queued_case(unit, *, due: dt.date, status: Status = Status.SUBMITTED, family_name: str = "LEE") -> Case:  # type: ignore[no-untyped-def]
    person = Person.objects.create(family_name=family_name, given_names="MEI", date_of_birth=dt.date(1980, 1, 1), nationality="TWN")
    return Case.objects.create(
        receipt_number=receipts.receipt_generate(TODAY),
        service_code="A11",
        applicant=person,
        channel=Channel.COUNTER,
        unit=unit,
        status=status,
        pickup=Pickup.COUNTER,
        submitted_on=TODAY,
        time_limit_days=3,
        due_date=due,
    )


@pytest.fixture
def a11_case(counter_officer, station):  # type: ignore[no-untyped-def]
    """An A11 certificate filed at the counter with a scan of the identity document."""
    service = service_get("A11")
    form = service.form_class(data=f.a11_data(station))
    assert form.is_valid(), form.errors
    return services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={"identity_document": f.pdf("id-card.pdf")},
            channel=Channel.COUNTER,
            language="zh-hant",
        ),
        by=counter_officer,
        counter_unit=station,
    )


@pytest.fixture
def other_station_reviewer(hq_unit):  # type: ignore[no-untyped-def]
    kaohsiung = f.station(code="station-15-kaohsiung", county_obj=f.county("TW-KHH", "高雄市", "Kaohsiung City"), name_zh="高雄市服務站")
    return f.staff("kaohsiung@immigo.test", Role.REVIEWER, kaohsiung, full_name="Kaohsiung Reviewer")


# --- who may enter ---------------------------------------------------------------------------


def test_back_office_sends_anonymous_visitors_to_sign_in_and_refuses_public_accounts(client, public_user):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(public_user)
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("staff:intake")).status_code == 403


# --- the queue -------------------------------------------------------------------------------


def test_queue_lists_open_cases_by_due_date(client, reviewer, station):
    late = _queued_case(station, due=TODAY + dt.timedelta(days=9), family_name="LATE")
    early = _queued_case(station, due=TODAY + dt.timedelta(days=1), family_name="EARLY")
    middle = _queued_case(station, due=TODAY + dt.timedelta(days=4), status=Status.AWAITING_SUPPLEMENT, family_name="MIDDLE")
    _queued_case(station, due=TODAY, status=Status.REJECTED, family_name="CLOSED")
    client.force_login(reviewer)
    text = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").text
    shown = re.findall(r'<th scope="row"><a class="mono" href="[^"]+">([^<]+)</a>', text)
    assert shown == [early.receipt_number, middle.receipt_number, late.receipt_number]
    assert "Paused: waiting for the applicant" in text
    assert "Overdue" not in text
    assert f'href="{_case_url(early)}"' in text


def test_queue_marks_a_case_overdue_once_its_due_date_has_passed(client, reviewer, a11_case):
    client.force_login(reviewer)
    assert "Overdue" not in client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").text
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        client.force_login(reviewer)  # the session itself expired in the meantime
        text = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").text
    row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\"><a[^>]*>{re.escape(a11_case.receipt_number)}</a>.*?</tr>", text, re.S)
    assert row is not None
    assert '<span class="badge badge--overdue">Overdue</span>' in row.group(0)


def test_queue_links_carry_the_purpose_the_officer_chose(client, reviewer, station):
    case = _queued_case(station, due=TODAY)
    client.force_login(reviewer)
    assert f'href="{_case_url(case, "supervision")}"' in client.get(QUEUE, {"purpose": "supervision"}).text
    assert f'href="{_case_url(case)}"' in client.get(QUEUE, {"purpose": "curiosity"}).text


def test_queue_filters_by_status_and_ignores_units_the_officer_does_not_serve(client, reviewer, station, other_station_reviewer):
    waiting = _queued_case(station, due=TODAY, status=Status.AWAITING_SUPPLEMENT)
    fresh = _queued_case(station, due=TODAY)
    client.force_login(reviewer)
    text = client.get(QUEUE, {"status": Status.AWAITING_SUPPLEMENT}).text
    assert waiting.receipt_number in text and fresh.receipt_number not in text
    foreign_unit = other_station_reviewer.staff_roles.get().unit
    unfiltered = client.get(QUEUE, {"unit": foreign_unit.pk}).text
    assert fresh.receipt_number in unfiltered  # an invalid choice falls back to all of the officer's units


def test_queue_query_count_does_not_grow_with_the_number_of_cases(client, reviewer, station, django_assert_max_num_queries):
    client.force_login(reviewer)
    for day in range(3):
        _queued_case(station, due=TODAY + dt.timedelta(days=day))
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for day in range(60):
        _queued_case(station, due=TODAY + dt.timedelta(days=day))
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES), CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert response.text.count('<th scope="row">') == 50
    assert 'href="?page=2"' in response.text
    assert len(many) == len(few)
    assert client.get(QUEUE, {"page": 2}).text.count('<th scope="row">') == 13


# --- counter intake --------------------------------------------------------------------------


def test_counter_intake_lists_only_services_offered_at_the_counter(client, counter_officer):
    client.force_login(counter_officer)
    text = client.get(reverse("staff:intake")).text
    assert reverse("staff:intake_form", args=["address-change"]) in text
    assert reverse("staff:intake_form", args=["entry-exit-certificate"]) in text
    assert reverse("staff:intake_form", args=["hk-macao-entry-permit"]) not in text
    assert client.get(reverse("staff:intake_form", args=["hk-macao-entry-permit"])).status_code == 404


def test_counter_intake_of_an_address_change_without_the_lease_sends_a_one_time_notice(client, counter_officer, station, county):
    client.force_login(counter_officer)
    url = reverse("staff:intake_form", args=["address-change"])
    form_page = client.get(url).text
    assert 'name="seen_lease"' in form_page and 'type="file" name="lease"' in form_page
    data = {k: v for k, v in f.a07_data(county, moved_on="2026-11-01").items() if v is not False}
    response = client.post(url, {**data, "language": "en", "seen_resident_certificate": "on"})

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _case_url(case, filed="1")
    assert case.channel == Channel.COUNTER
    assert case.unit == station
    assert case.language == "en"
    assert case.status == Status.AWAITING_SUPPLEMENT
    assert case.is_paused
    notice = case.supplements.get()
    assert [item["code"] for item in notice.items] == ["lease"]
    document = case.documents.get()
    assert (document.requirement_code, document.seen_at_counter) == ("resident_certificate", True)

    page = client.get(response["Location"]).text
    assert reverse("staff:receipt_pdf", args=[case.receipt_number]) in page
    assert reverse("staff:notice_pdf", args=[case.receipt_number, notice.pk]) in page


def test_counter_intake_shows_form_errors_and_files_nothing(client, counter_officer, county):
    client.force_login(counter_officer)
    data = {k: v for k, v in f.a07_data(county, ui_number="A800000015").items() if v is not False}
    response = client.post(reverse("staff:intake_form", args=["address-change"]), {**data, "language": "en"})
    assert response.status_code == 422
    assert 'href="#id_ui_number"' in response.content.decode()
    assert Case.objects.count() == 0


# --- the case page and its actions -----------------------------------------------------------


def test_case_page_asks_why_before_showing_anything_and_records_nothing(client, reviewer, a11_case):
    client.force_login(reviewer)
    response = client.get(reverse("staff:case", args=[a11_case.receipt_number]))
    assert response.status_code == 200
    assert 'name="purpose"' in response.text
    assert a11_case.applicant.family_name not in response.text
    assert not AuditEntry.objects.filter(actor=reviewer, action="read").exists()


def test_case_page_shows_applicant_application_documents_history_and_actions(client, reviewer, a11_case):
    client.force_login(reviewer)
    text = client.get(_case_url(a11_case), HTTP_ACCEPT_LANGUAGE="en").text
    assert "WANG" in text and "A123456789" in text
    assert "Records from" in text and "2024-01-01" in text  # answers under the form's labels
    document = a11_case.documents.get()
    assert reverse("staff:case_file", args=[a11_case.receipt_number, document.pk]) in text
    assert "NT$200" in text and "not paid" in text
    assert reverse("staff:case_action", args=[a11_case.receipt_number, "start_review"]) in text
    assert reverse("staff:case_action", args=[a11_case.receipt_number, "record_payment"]) not in text  # counter role only


def test_reviewer_proposes_a_rejection_but_only_another_officer_can_confirm_it(client, reviewer, supervisor, a11_case):
    client.force_login(reviewer)
    assert _action(client, a11_case, "start_review").status_code == 302
    no_reason = _action(client, a11_case, "propose_rejection", {"reason": ""})
    assert no_reason.status_code == 302
    assert not RejectionProposal.objects.exists()
    _action(client, a11_case, "propose_rejection", {"reason": "The period asked for predates the records."})
    proposal = RejectionProposal.objects.get()
    assert proposal.proposed_by == reviewer

    page = client.get(_case_url(a11_case), HTTP_ACCEPT_LANGUAGE="en").text
    confirm_url = reverse("staff:case_action", args=[a11_case.receipt_number, "confirm_rejection"])
    assert confirm_url not in page
    response = _action(client, a11_case, "confirm_rejection")
    assert response.status_code == 302
    followed = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text
    assert "confirmed by a different officer" in followed
    a11_case.refresh_from_db()
    assert a11_case.status == Status.UNDER_REVIEW

    client.force_login(supervisor)
    page = client.get(_case_url(a11_case), HTTP_ACCEPT_LANGUAGE="en").text
    assert confirm_url in page
    assert "Proposed by Reviewing Officer" in page
    _action(client, a11_case, "confirm_rejection")
    a11_case.refresh_from_db()
    proposal.refresh_from_db()
    assert a11_case.status == Status.REJECTED
    assert proposal.decided_by == supervisor


def test_one_time_notice_is_sent_from_the_case_page_and_answered_at_the_counter(client, reviewer, counter_officer, a11_case):
    client.force_login(reviewer)
    _action(
        client,
        a11_case,
        "request_supplement",
        {"documents": ["identity_document"], "extra_items": "Old passport\n\n", "note": "Bring the originals."},
    )
    notice = a11_case.supplements.get()
    with translation.override(a11_case.language):  # the notice is written in the applicant's language
        label = str(service_get("A11").documents[0].label)
    assert notice.items == [
        {"code": "identity_document", "label": label, "note": ""},
        {"code": "extra_1", "label": "Old passport", "note": ""},
    ]
    assert notice.note == "Bring the originals."
    a11_case.refresh_from_db()
    assert a11_case.status == Status.AWAITING_SUPPLEMENT

    client.force_login(counter_officer)
    page = client.get(_case_url(a11_case)).text
    assert 'name="seen_identity_document"' in page and 'name="seen_extra_1"' in page
    _action(client, a11_case, "receive_supplement", {"seen_identity_document": "on", "seen_extra_1": "on"})
    a11_case.refresh_from_db()
    notice.refresh_from_db()
    assert a11_case.status == Status.UNDER_REVIEW
    assert notice.fulfilled_via == Channel.COUNTER
    assert a11_case.documents.filter(supplement=notice, seen_at_counter=True).count() == 2


def test_fee_approval_and_issue_through_the_case_page(client, reviewer, counter_officer, a11_case):
    client.force_login(counter_officer)
    _action(client, a11_case, "start_review")
    _action(client, a11_case, "record_payment")
    client.force_login(reviewer)
    _action(client, a11_case, "approve", {"reason": ""})
    _action(client, a11_case, "issue")
    a11_case.refresh_from_db()
    assert a11_case.fee_paid_at is not None
    assert a11_case.status == Status.ISSUED
    response = client.get(f"{reverse('staff:document_pdf', args=[a11_case.receipt_number])}?purpose=case+work")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_an_action_not_open_in_the_status_comes_back_as_a_message(client, reviewer, a11_case):
    client.force_login(reviewer)
    response = _action(client, a11_case, "issue")
    assert response.status_code == 302
    assert "This action is not possible" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text
    assert client.post(reverse("staff:case_action", args=[a11_case.receipt_number, "teleport"])).status_code == 404


def test_officer_of_another_station_cannot_open_or_act_on_the_case(client, other_station_reviewer, a11_case):
    client.force_login(other_station_reviewer)
    assert client.get(_case_url(a11_case)).status_code == 403
    assert _action(client, a11_case, "start_review").status_code == 403
    assert client.get(f"{reverse('staff:receipt_pdf', args=[a11_case.receipt_number])}?purpose=case+work").status_code == 403
    a11_case.refresh_from_db()
    assert a11_case.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(actor=other_station_reviewer).exists()


# --- every look is audited with its purpose ---------------------------------------------------


def _views_of(case: Case) -> dict[str, tuple[str, str]]:
    notice = case.supplements.get()
    document = case.documents.exclude(file="").first()
    return {
        "case page": (reverse("staff:case", args=[case.receipt_number]), "read"),
        "stored file": (reverse("staff:case_file", args=[case.receipt_number, document.pk]), "read"),
        "receipt": (reverse("staff:receipt_pdf", args=[case.receipt_number]), "export"),
        "notice": (reverse("staff:notice_pdf", args=[case.receipt_number, notice.pk]), "export"),
    }


@pytest.mark.parametrize("view", ["case page", "stored file", "receipt", "notice"])
def test_every_staff_view_of_a_case_is_audited_with_the_chosen_purpose(client, reviewer, a11_case, view):
    services.case_request_supplement(case=a11_case, by=reviewer, items=[{"code": "identity_document", "label": "ID", "note": ""}])
    client.force_login(reviewer)
    url, action = _views_of(a11_case)[view]
    before = set(AuditEntry.objects.values_list("id", flat=True))

    response = client.get(url, {"purpose": "applicant enquiry"})
    assert response.status_code == 200
    new = list(AuditEntry.objects.exclude(id__in=before))
    assert new
    assert all(e.actor == reviewer and e.person_id_ref == a11_case.applicant_id for e in new)
    assert all(e.purpose.startswith("applicant enquiry") for e in new)
    assert action in {e.action for e in new}


def test_stored_file_streams_as_an_attachment(client, reviewer, a11_case):
    client.force_login(reviewer)
    document = a11_case.documents.get()
    response = client.get(reverse("staff:case_file", args=[a11_case.receipt_number, document.pk]), {"purpose": "case work"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == f.PDF_BYTES


def test_viewing_the_queue_is_audited_with_the_cases_shown(client, reviewer, station):
    client.force_login(reviewer)
    case = _queued_case(station, due=TODAY)
    client.get(QUEUE)
    entry = AuditEntry.objects.get(actor=reviewer, action="search")
    assert entry.details["receipts"] == [case.receipt_number]
    assert entry.purpose.startswith("work queue")
