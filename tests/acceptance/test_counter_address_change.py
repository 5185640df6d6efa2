"""Done-when of the foundation: a counter officer takes in an address change, requests a
supplement, a second officer's approval is required to reject, and the applicant sees each step by
status lookup and by notice."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.applications.models import Case, Status
from immigo.applications.tests import factories as f
from immigo.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
DOB = "1990-05-17"


def _lookup(client, case: Case) -> dict:
    cache.clear()  # a fresh minute for the per-client limit
    response = client.post("/api/v1/status", {"reference": case.receipt_number, "date_of_birth": DOB}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def _notices(case: Case) -> list[str]:
    return list(
        OutboxMessage.objects.filter(dedupe_key__contains=case.receipt_number, channel="email")
        .order_by("id")
        .values_list("event", flat=True)
    )


def _act(client, case: Case, action: str, **data):
    return client.post(reverse("staff:case_action", args=[case.receipt_number, action]), {"purpose": "case work", **data})


def test_address_change_from_counter_intake_to_a_two_officer_rejection(client):
    county = f.county()
    station = f.station(county_obj=county)
    counter = f.staff("counter@t.test", Role.COUNTER_OFFICER, station)
    reviewer = f.staff("reviewer@t.test", Role.REVIEWER, station)
    supervisor = f.staff("supervisor@t.test", Role.SUPERVISOR, station)

    # 1. Counter intake, with every original seen.
    client.force_login(counter)
    data = {k: v for k, v in f.a07_data(county, moved_on=(dt.date.today() - dt.timedelta(days=3)).isoformat()).items() if v is not False}
    response = client.post(
        reverse("staff:intake_form", args=["address-change"]),
        {**data, "language": "en", "seen_resident_certificate": "on", "seen_lease": "on"},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert _lookup(client, case)["status"] == "submitted"
    assert _notices(case) == ["case_submitted"]

    # 2. The reviewer asks for a missing item with a one-time notice.
    client.force_login(reviewer)
    assert _act(client, case, "start_review").status_code == 302
    _act(client, case, "request_supplement", extra_items="Landlord's signature on the lease", note="Bring the signed page.")
    case.refresh_from_db()
    assert case.status == Status.AWAITING_SUPPLEMENT
    status = _lookup(client, case)
    assert status["status"] == "awaiting_supplement"
    assert status["awaiting_items"] == ["Landlord's signature on the lease"]
    assert _notices(case)[-1] == "supplement_requested"
    notice_mail = OutboxMessage.objects.filter(
        dedupe_key__contains=case.receipt_number, event="supplement_requested", channel="email"
    ).get()
    assert "Landlord's signature on the lease" in notice_mail.body

    # 3. The applicant brings it to the counter.
    client.force_login(counter)
    item_code = case.supplements.get().items[0]["code"]
    assert _act(client, case, "receive_supplement", **{f"seen_{item_code}": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert _lookup(client, case)["status"] == "under_review"

    # 4. The reviewer proposes a rejection; it takes the supervisor to confirm it.
    client.force_login(reviewer)
    _act(client, case, "propose_rejection", reason="The address is a commercial building.")
    _act(client, case, "confirm_rejection")
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert _lookup(client, case)["status"] == "under_review"
    client.force_login(supervisor)
    _act(client, case, "confirm_rejection")
    case.refresh_from_db()
    assert case.status == Status.REJECTED

    status = _lookup(client, case)
    assert status["status"] == "rejected"
    assert [h["event"] for h in status["history"]][-1] == "Rejected"
    assert _notices(case)[-1] == "case_rejected"
    rejection_mail = OutboxMessage.objects.get(dedupe_key__contains=case.receipt_number, event="case_rejected", channel="email")
    assert "commercial building" in rejection_mail.body
