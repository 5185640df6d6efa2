"""The JSON API: catalogue, online application, status lookup, staff actions, error shape."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache

from immigo.accounts.models import Role
from immigo.applications.models import Case, Status

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_the_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/services" in paths
    assert "/api/v1/status" in paths


def test_the_catalogue_lists_the_three_services_with_their_rules(client):
    body = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="en").json()
    by_code = {s["code"]: s for s in body}
    assert set(by_code) >= {"A01", "A07", "A11"}
    assert by_code["A01"]["fee"] == 0 and by_code["A01"]["channels"] == ["online"]
    assert by_code["A11"]["fee"] == 100 and by_code["A11"]["fee_per"] == "copy"
    assert by_code["A07"]["time_limit_working_days"] == 3
    assert any(d["conditional"] for d in by_code["A07"]["documents"])


def test_errors_come_in_the_callers_language(client):
    en = client.get("/api/v1/services/Z99", HTTP_ACCEPT_LANGUAGE="en").json()
    zh = client.get("/api/v1/services/Z99", HTTP_ACCEPT_LANGUAGE="zh-Hant").json()
    assert en["code"] == zh["code"] == "not_found"
    assert en["message"] == "Not found."
    assert zh["message"] != en["message"]


@time_machine.travel(NOW, tick=False)
def test_apply_online_through_the_api_and_look_it_up(client):
    f.hq_unit()
    client.force_login(f.public())
    response = client.post("/api/v1/services/A01/applications", {"data": json.dumps(f.a01_data(NOW.date()))}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "issued"
    assert body["document_number"]
    lookup = client.post(
        "/api/v1/status",
        {"reference": body["receipt_number"], "date_of_birth": "1988-03-02"},
        content_type="application/json",
    )
    assert lookup.status_code == 200
    assert lookup.json()["status"] == "issued"


@time_machine.travel(NOW, tick=False)
def test_invalid_fields_are_reported_per_field(client):
    f.hq_unit()
    client.force_login(f.public())
    data = f.a01_data(NOW.date(), date_of_birth="not-a-date", stay_days=45)
    response = client.post("/api/v1/services/A01/applications", {"data": json.dumps(data)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "date_of_birth" in body["details"]["fields"]
    assert Case.objects.count() == 0


def test_applying_needs_a_signed_in_public_account(client):
    response = client.post("/api/v1/services/A01/applications", {"data": "{}"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_status_lookup_not_found_shape(client):
    response = client.post(
        "/api/v1/status", {"reference": "261124-AAAA-AAAA-A", "date_of_birth": "1990-01-01"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "lookup_no_match"


@time_machine.travel(NOW, tick=False)
def test_staff_act_on_a_case_through_the_api(client):
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    supervisor = f.staff("s@t.test", Role.SUPERVISOR, station)
    client.force_login(f.public())
    data = f.a11_data(station)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/v1/services/A11/applications",
        {"data": json.dumps(data), "identity_document": SimpleUploadedFile("id.pdf", f.PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 201, response.content
    receipt = response.json()["receipt_number"]
    client.force_login(reviewer)
    queue = client.get("/api/v1/staff/cases").json()
    assert [c["receipt_number"] for c in queue] == [receipt]
    assert client.post(f"/api/v1/staff/cases/{receipt}/actions/start_review", {}, content_type="application/json").status_code == 200
    proposal = client.post(
        f"/api/v1/staff/cases/{receipt}/actions/propose_rejection", {"reason": "No records"}, content_type="application/json"
    )
    assert proposal.status_code == 200
    own = client.post(f"/api/v1/staff/cases/{receipt}/actions/confirm_rejection", {}, content_type="application/json")
    assert own.status_code == 409
    assert own.json()["code"] == "second_officer_required"
    client.force_login(supervisor)
    done = client.post(f"/api/v1/staff/cases/{receipt}/actions/confirm_rejection", {}, content_type="application/json")
    assert done.status_code == 200
    assert Case.objects.get(receipt_number=receipt).status == Status.REJECTED


def test_public_users_cannot_use_staff_endpoints(client):
    client.force_login(f.public())
    assert client.get("/api/v1/staff/cases").status_code == 401
