"""A12: the counter services behind the five online forms the seed names: each is taken in at a
counter with its own documents, fee and time limit, and its form refuses what its rules refuse."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Channel, Status

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Tuesday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _person(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "native_name": "",
        "family_name": "LI",
        "given_names": "HUA",
        "sex": "F",
        "date_of_birth": "1992-05-01",
        "nationality": "CHN",
        "email": "hua@example.test",
        "phone": "",
    }
    data.update(overrides)
    return data


def _mainland_residence(**overrides):  # type: ignore[no-untyped-def]
    data = _person(
        purpose="dependent_residence",
        travel_permit_number="T20260001",
        spouse_national_id="A123456789",
        married_on="2025-03-01",
        residence_since="",
        address="臺北市大安區復興南路一段100號",
    )
    data.update(overrides)
    return data


@pytest.mark.parametrize("code", ["A12-HK", "A12-NR", "A12-FS", "A12-MR", "A12-OS"])
def test_the_five_named_forms_are_counter_services(code):
    service = service_get(code)
    assert service.channels == frozenset({Channel.COUNTER})
    assert service.fee > 0
    assert service.time_limit_working_days > 0
    assert service.documents


def test_settlement_asks_for_the_documents_dependent_residence_does_not():
    service = service_get("A12-MR")
    dependent = {d.code for d in service.required_documents({"purpose": "dependent_residence"})}
    settlement = {d.code for d in service.required_documents({"purpose": "settlement"})}
    assert {"police_record", "loss_of_registration", "means_proof"} <= settlement - dependent


def test_long_term_residence_needs_the_date_current_residence_began():
    form = service_get("A12-MR").form_class(data=_mainland_residence(purpose="long_term_residence"))
    assert not form.is_valid()
    assert "residence_since" in form.errors


def test_counter_intake_of_a_mainland_residence_sends_the_one_time_notice_for_what_is_missing(counter_officer, station):
    service = service_get("A12-MR")
    form = service.form_class(data=_mainland_residence())
    assert form.is_valid(), form.errors
    case = services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={"photo": f.pdf(), "travel_permit": f.pdf()},
            channel=Channel.COUNTER,
            language="zh-hant",
            seen_at_counter=frozenset({"household_record"}),
        ),
        by=counter_officer,
        counter_unit=station,
    )
    assert (case.status, case.fee_amount, case.time_limit_days) == (Status.AWAITING_SUPPLEMENT, 1000, 20)
    assert [item["code"] for item in case.supplements.get().items] == ["guarantee"]


def test_overseas_student_return_must_follow_departure():
    data = _person(
        nationality="MYS",
        passport_number="A12345678",
        passport_country="MYS",
        passport_expiry="2030-01-01",
        school="國立臺灣大學",
        student_number="B12345678",
        residence_certificate_number="",
        departure_date="2027-01-20",
        return_date="2027-01-10",
        address="臺北市大安區羅斯福路四段1號",
    )
    form = service_get("A12-OS").form_class(data=data)
    assert not form.is_valid()
    assert "return_date" in form.errors


def test_a_national_without_registration_applying_for_residence_gives_an_address():
    data = _person(
        nationality="TWN",
        purpose="residence",
        passport_number="300000001",
        passport_country="TWN",
        passport_expiry="2030-01-01",
        overseas_address="1 Orchard Road, Singapore",
        address="",
        relative_national_id="",
    )
    form = service_get("A12-NR").form_class(data=data)
    assert not form.is_valid()
    assert "address" in form.errors
    data["purpose"] = "entry"
    assert service_get("A12-NR").form_class(data=data).is_valid()
