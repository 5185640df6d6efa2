"""The travel agencies' pages through the test client: who may enter, filing for a customer,
the agency's own case list (pinned queries), another agency's case (404), the permit download
and the customer-list upload with its row errors; every look is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Status
from immigo.applications.services import agency as agency_services
from immigo.core.models import AuditEntry

from . import agency_factories as af

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()
HOME = reverse("applications:agency_home")
# Session, user, the agency of the login, the count and one page of cases (with their
# applicants), the audit entry naming the cases shown, and the session saved again (inside a
# savepoint): the same whatever the number of rows.
HOME_MAX_QUERIES = 9


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kinmen_agency(hq_unit):  # type: ignore[no-untyped-def]
    af.kinmen_station()
    return af.agency(business_number="22345675", name="金門示範旅行社", address="金門縣金城鎮民生路1號", login="clerk@kinmen.test")


@pytest.fixture
def other_agency(hq_unit):  # type: ignore[no-untyped-def]
    return af.agency(business_number="12345675", name="另一旅行社", address="連江縣南竿鄉介壽村1號", login="clerk@other.test")


def _file_a15(org_user, serial: str = "123", permit: str = "T12345678") -> Case:  # type: ignore[no-untyped-def]
    org, user = org_user
    data = af.a15_data(TODAY, mainland_id=af.mainland_id("350203", dt.date(1990, 4, 12), serial=serial), passport_number=permit)
    form = service_get("A15").form_class(data=data)
    assert form.is_valid(), form.errors
    return agency_services.agency_application_submit(
        organisation=org, by=user, service=service_get("A15"), data=form.cleaned_data, language="zh-hant"
    )


def test_agency_pages_need_an_agency_login(client, public_user):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(public_user)
    assert client.get(HOME).status_code == 403
    assert client.get(reverse("applications:agency_apply", args=["kinmen-matsu-quick-permit"])).status_code == 403


def test_agency_files_a_quick_permit_and_prints_it(client, kinmen_agency):
    org, user = kinmen_agency
    client.force_login(user)
    url = reverse("applications:agency_apply", args=["kinmen-matsu-quick-permit"])
    assert client.get(url).status_code == 200
    data = af.a15_data(TODAY)
    data.pop("notify_by_sms", None)
    response = client.post(url, data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:agency_case", args=[case.receipt_number])
    assert (case.status, case.organisation, case.submitted_by) == (Status.ISSUED, org, user)
    page = client.get(response["Location"]).text
    assert "Download the permit (PDF)" in page
    pdf = client.get(reverse("applications:agency_permit", args=[case.receipt_number]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(actor=user, action="export", details__case=case.receipt_number).exists()
    assert AuditEntry.objects.filter(actor=user, action="read", object_id=str(case.pk)).exists()


def test_refused_quick_permit_shows_the_reason_beside_the_field(client, kinmen_agency):
    client.force_login(kinmen_agency[1])
    data = af.a15_data(TODAY, mainland_id=af.mainland_id("110101", dt.date(1990, 4, 12)))
    response = client.post(reverse("applications:agency_apply", args=["kinmen-matsu-quick-permit"]), data)
    assert response.status_code == 422
    assert "residents of Fujian province" in response.text
    assert not Case.objects.exists()


def test_agency_lists_only_its_own_cases_with_a_fixed_number_of_queries(client, kinmen_agency, other_agency, django_assert_num_queries):
    mine = [_file_a15(kinmen_agency, serial=f"{n:03d}", permit=f"T1000000{n}") for n in range(1, 4)]
    theirs = _file_a15(other_agency, serial="900", permit="T90000000")
    client.force_login(kinmen_agency[1])
    with django_assert_num_queries(HOME_MAX_QUERIES):
        text = client.get(HOME).text
    for case in mine:
        assert case.receipt_number in text
    assert theirs.receipt_number not in text
    entry = AuditEntry.objects.filter(actor=kinmen_agency[1], action="read", purpose__contains="case list").get()
    assert sorted(entry.details["receipts"]) == sorted(c.receipt_number for c in mine)


def test_another_agencys_case_is_not_found(client, kinmen_agency, other_agency):
    theirs = _file_a15(other_agency, serial="900", permit="T90000000")
    client.force_login(kinmen_agency[1])
    assert client.get(reverse("applications:agency_case", args=[theirs.receipt_number])).status_code == 404
    assert client.get(reverse("applications:agency_permit", args=[theirs.receipt_number])).status_code == 404
    assert not AuditEntry.objects.filter(actor=kinmen_agency[1], object_id=str(theirs.pk)).exists()


def test_a_taipei_agency_is_refused_the_quick_permit_with_the_reason(client, hq_unit):
    _org, user = af.agency()
    client.force_login(user)
    response = client.post(reverse("applications:agency_apply", args=["kinmen-matsu-quick-permit"]), af.a15_data(TODAY))
    assert response.status_code == 422
    assert "Kinmen or Matsu" in response.text


def test_customer_list_upload_reports_row_errors_and_files_nothing(client, kinmen_agency):
    client.force_login(kinmen_agency[1])
    service = service_get("A15")
    columns = agency_services.customer_list_columns(service)
    good = af.a15_data(TODAY, mainland_id=af.mainland_id("350203", dt.date(1990, 4, 12), serial="101"), passport_number="T10000001")
    bad = af.a15_data(TODAY, mainland_id=af.mainland_id("350203", dt.date(1990, 4, 12), serial="102"), passport_number="T1")
    lines = [",".join(columns)] + [",".join(str(row.get(c, "")).replace("True", "yes") for c in columns) for row in (good, bad)]
    upload = SimpleUploadedFile("list.csv", "\n".join(lines).encode(), content_type="text/csv")
    url = reverse("applications:agency_upload", args=[service.slug])
    response = client.post(url, {"customer_list": upload})
    assert response.status_code == 422
    assert "Rows to correct" in response.text
    assert "one letter followed by 8 digits" in response.text
    assert not Case.objects.exists()
    template = client.get(reverse("applications:agency_upload_template", args=[service.slug]))
    assert template.content.decode().strip().split(",") == columns


def test_services_needing_documents_offer_no_customer_list(client, kinmen_agency):
    client.force_login(kinmen_agency[1])
    text = client.get(HOME).text
    assert reverse("applications:agency_upload", args=["kinmen-matsu-quick-permit"]) in text
    assert reverse("applications:agency_upload", args=["mainland-independent-travel"]) not in text


def test_agency_demo_loads_twice_without_duplicates(hq_unit):
    from io import StringIO

    from django.core.management import call_command

    af.agency(business_number="12345675", name="示範旅行社")  # the Taipei demo agency of organisations_demo
    af.kinmen_station()
    call_command("agency_demo", stdout=StringIO())
    call_command("agency_demo", stdout=StringIO())
    assert sorted(Case.objects.values_list("service_code", "status")) == [
        ("A13", Status.SUBMITTED),
        ("A14", Status.SUBMITTED),
        ("A15", Status.ISSUED),
    ]
    assert all(case.organisation_id for case in Case.objects.all())


# --- the JSON API ------------------------------------------------------------------------------


def test_api_files_a_quick_permit_and_lists_only_the_agencys_cases(client, kinmen_agency, other_agency):
    import json

    theirs = _file_a15(other_agency, serial="900", permit="T90000000")
    client.force_login(kinmen_agency[1])
    response = client.post(
        "/api/v1/agency/services/A15/applications", {"data": json.dumps(af.a15_data(TODAY))}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "issued"
    assert body["document_number"]
    listed = [c["receipt_number"] for c in client.get("/api/v1/agency/cases").json()]
    assert listed == [body["receipt_number"]]
    assert client.get(f"/api/v1/agency/cases/{theirs.receipt_number}").status_code == 404


def test_api_refuses_public_accounts_and_names_refused_checks(client, kinmen_agency, public_user):
    import json

    client.force_login(public_user)
    assert client.get("/api/v1/agency/cases").status_code == 401
    client.force_login(kinmen_agency[1])
    data = af.a15_data(TODAY, mainland_id=af.mainland_id("110101", dt.date(1990, 4, 12)))
    response = client.post("/api/v1/agency/services/A15/applications", {"data": json.dumps(data)})
    assert response.status_code == 422
    assert "mainland_id" in response.json()["details"]["fields"]


# --- one-time notices --------------------------------------------------------------------------


@pytest.fixture
def a13_awaiting(hq_unit):  # type: ignore[no-untyped-def]
    from immigo.accounts.models import Role
    from immigo.applications import services

    from . import factories as f

    org_user = af.agency(business_number="82345673", name="示範旅行社", login="clerk@taipei.test")
    form = service_get("A13").form_class(data=af.a13_data(TODAY))
    assert form.is_valid(), form.errors
    files = {code: f.pdf() for code in ("travel_permit", "resident_id", "photo", "savings_proof", "insurance")}
    case = agency_services.agency_application_submit(
        organisation=org_user[0], by=org_user[1], service=service_get("A13"), data=form.cleaned_data, files=files, language="en"
    )
    reviewer = f.staff("reviewer.hq@immigo.test", Role.REVIEWER, hq_unit)
    services.case_start_review(case=case, by=reviewer)
    services.case_request_supplement(
        case=case, by=reviewer, items=[{"code": "insurance", "label": "Travel insurance", "note": "covering the whole stay"}]
    )
    case.refresh_from_db()
    return org_user, case


def test_the_agency_sends_the_documents_of_a_one_time_notice(client, a13_awaiting):
    from . import factories as f

    (_org, user), case = a13_awaiting
    client.force_login(user)
    url = reverse("applications:agency_case", args=[case.receipt_number])
    assert "Send the documents" in client.get(url).text
    assert client.post(url, {}).status_code == 422
    case.refresh_from_db()
    assert case.status == Status.AWAITING_SUPPLEMENT
    response = client.post(url, {"insurance": f.pdf("insurance.pdf")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert case.supplements.get().fulfilled_at is not None
    assert AuditEntry.objects.filter(actor=user, action="update", object_id=str(case.pk)).exists()


def test_another_agency_cannot_send_documents_for_a_case(client, a13_awaiting, kinmen_agency):
    from . import factories as f

    _own, case = a13_awaiting
    client.force_login(kinmen_agency[1])
    response = client.post(reverse("applications:agency_case", args=[case.receipt_number]), {"insurance": f.pdf()})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.AWAITING_SUPPLEMENT
