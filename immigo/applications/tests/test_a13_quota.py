"""A13 and the daily quota of independent travellers: each traveller filed by an agency takes a
place of the day of arrival in receipt order (or waits); a case is approved only with a place;
a rejected or withdrawn case gives its place to the next traveller waiting."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Status
from immigo.applications.services import agency as agency_services
from immigo.notifications.models import OutboxMessage
from immigo.organisations.errors import OrganisationLicenceLapsedError
from immigo.quotas.board import board_get
from immigo.quotas.errors import QuotaPlaceNotHeldError
from immigo.quotas.models import Category, GroupApplication, QuotaDay

from . import agency_factories as af
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Tuesday
TODAY = NOW.date()
ARRIVAL = TODAY + dt.timedelta(days=10)  # af.traveller's arrival date
Quota = GroupApplication.Status


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def taipei_agency(hq_unit):  # type: ignore[no-untyped-def]
    return af.agency()


def _individual_quota(total: int) -> QuotaDay:
    return QuotaDay.objects.create(category=Category.INDIVIDUAL, day=ARRIVAL, total=total)


def _file(org_user, serial: str, permit: str) -> Case:  # type: ignore[no-untyped-def]
    org, user = org_user
    data = af.a13_data(TODAY, mainland_id=af.mainland_id("110101", dt.date(1990, 4, 12), serial=serial), passport_number=permit)
    form = service_get("A13").form_class(data=data)
    assert form.is_valid(), form.errors
    files = {code: f.pdf(f"{code}.pdf") for code in ("travel_permit", "resident_id", "photo", "savings_proof", "insurance")}
    return agency_services.agency_application_submit(
        organisation=org, by=user, service=service_get("A13"), data=form.cleaned_data, files=files, language="zh-hant"
    )


def _quota_application(case: Case) -> GroupApplication:
    return GroupApplication.objects.get(case=case)


def test_a_traveller_filed_by_an_agency_takes_a_place_of_the_day_of_arrival(taipei_agency):
    day = _individual_quota(2)
    case = _file(taipei_agency, "101", "T10000001")
    application = _quota_application(case)
    assert (application.status, application.receipt_seq, application.size) == (Quota.ALLOCATED, 1, 1)
    assert application.quota_day == day and application.organisation == taipei_agency[0]
    assert application.tour_name == f"A13 {case.receipt_number}"
    traveller = application.travellers.get()
    assert (traveller.name_zh, traveller.name_roman, traveller.permit_number) == ("林小芳", "LIN XIAOFANG", "T10000001")
    day.refresh_from_db()
    assert day.used == 1
    board_day = next(d for d in board_get()["days"] if d["day"] == ARRIVAL.isoformat())
    assert [c["remaining"] for c in board_day["cells"] if c["category"] == Category.INDIVIDUAL] == [1]


def test_the_next_traveller_waits_is_approved_only_with_a_place_and_gets_the_place_a_rejection_frees(taipei_agency, hq_unit):
    _individual_quota(1)
    reviewer = f.staff("reviewer.hq@immigo.test", Role.REVIEWER, hq_unit)
    supervisor = f.staff("supervisor.hq@immigo.test", Role.SUPERVISOR, hq_unit)
    first = _file(taipei_agency, "101", "T10000001")
    second = _file(taipei_agency, "102", "T10000002")
    assert _quota_application(second).status == Quota.WAITING

    services.case_start_review(case=second, by=reviewer)
    with pytest.raises(QuotaPlaceNotHeldError):
        services.case_approve(case=second, by=reviewer)
    second.refresh_from_db()
    assert second.status == Status.UNDER_REVIEW  # the refused approval left nothing behind

    services.case_start_review(case=first, by=reviewer)
    services.case_propose_rejection(case=first, by=reviewer, reason="Savings certificate forged.")
    services.case_confirm_rejection(case=first, by=supervisor)
    assert _quota_application(first).status == Quota.REJECTED
    waiting = _quota_application(second)
    assert waiting.status == Quota.ALLOCATED
    assert OutboxMessage.objects.filter(dedupe_key=f"quota-places-{waiting.pk}").exists()

    services.case_approve(case=second, by=reviewer)
    issued = _quota_application(second)
    assert issued.status == Quota.ISSUED and issued.issued_at is not None


def test_a_withdrawn_application_gives_its_place_back(taipei_agency, hq_unit):
    day = _individual_quota(1)
    case = _file(taipei_agency, "101", "T10000001")
    services.case_withdraw(case=case, by=taipei_agency[1], reason="Trip cancelled")
    assert _quota_application(case).status == Quota.WITHDRAWN
    day.refresh_from_db()
    assert day.used == 0


def test_without_an_individual_quota_for_the_day_no_cap_applies(taipei_agency):
    QuotaDay.objects.create(category=Category.INDIVIDUAL, day=ARRIVAL + dt.timedelta(days=1), total=1)
    case = _file(taipei_agency, "101", "T10000001")
    assert case.status == Status.SUBMITTED
    assert not GroupApplication.objects.filter(case=case).exists()


def test_a_licence_that_lapses_before_the_day_of_arrival_takes_no_place_and_files_nothing(hq_unit):
    day = _individual_quota(5)
    agency = af.agency(licence_valid_until=ARRIVAL - dt.timedelta(days=1))
    with pytest.raises(OrganisationLicenceLapsedError):
        _file(agency, "101", "T10000001")
    assert not Case.objects.exists() and not GroupApplication.objects.exists()
    day.refresh_from_db()
    assert (day.used, day.received) == (0, 0)
