"""A01 (automatic decision, signed permit) and A11 (reviewed, fee per copy) through the services."""

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.documents.signing import token_encode, token_verify
from immigo.applications.models import Case, Channel, IssuedDocument, Status
from immigo.border.models import Crossing
from immigo.core.errors import InvalidInputError
from immigo.notifications.models import OutboxMessage

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()


def _submit_a01(user, **overrides):
    service = service_get("A01")
    form = service.form_class(data=f.a01_data(TODAY, **overrides))
    assert form.is_valid(), form.errors
    return services.application_submit(
        submission=services.Submission(service=service, data=form.cleaned_data, files={}, channel=Channel.ONLINE, language="zh-hant"),
        by=user,
    )


@time_machine.travel(NOW, tick=False)
def test_a01_passing_every_check_is_issued_at_once_with_the_rule_figures():
    f.hq_unit()
    case = _submit_a01(f.public())
    assert case.status == Status.ISSUED
    assert case.fee_amount == 0
    permit = case.issued_document
    assert permit.kind == IssuedDocument.Kind.HK_MACAO_ENTRY_PERMIT
    assert permit.valid_from == TODAY
    assert permit.valid_until == dt.date(2027, 2, 23)  # 3 months from approval
    assert permit.payload["en"] == 1 and permit.payload["st"] == 30
    assert permit.payload["pp"].endswith("5678") and "1234" not in permit.payload["pp"]
    assert token_verify(token_encode(payload=permit.payload, signature=permit.signature, key_id=permit.key_id)) == permit.payload
    assert [e.action for e in case.events.all()] == ["submit", "auto_check", "approve", "issue"]


@time_machine.travel(NOW, tick=False)
def test_a01_notices_go_by_email_and_by_sms_when_chosen():
    f.hq_unit()
    case = _submit_a01(f.public())
    events = set(OutboxMessage.objects.filter(dedupe_key__contains=case.receipt_number).values_list("event", "channel"))
    assert ("case_submitted", "email") in events
    assert ("document_issued", "sms") in events


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"stay_days": 45}, "stay_days"),
        ({"holds_other_passport": True}, "holds_other_passport"),
        ({"permanent_resident": False}, "permanent_resident"),
        ({"place_of_birth": "OTHER", "entered_taiwan_after_1983": False}, "place_of_birth"),
        ({"passport_expiry": (TODAY + dt.timedelta(days=100)).isoformat()}, "passport_expiry"),
        ({"arrival_date": (TODAY + dt.timedelta(days=120)).isoformat()}, "arrival_date"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a01_ineligible_applications_are_refused_and_nothing_is_saved(overrides, field):
    f.hq_unit()
    with pytest.raises(services.IneligibleError) as err:
        _submit_a01(f.public(), **overrides)
    assert field in err.value.details["fields"]
    assert Case.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a01_born_elsewhere_qualifies_with_a_valid_earlier_permit():
    f.hq_unit()
    case = _submit_a01(
        f.public(),
        place_of_birth="OTHER",
        previous_permit_number="P1234567",
        previous_permit_valid_until=(TODAY + dt.timedelta(days=30)).isoformat(),
    )
    assert case.status == Status.ISSUED


@time_machine.travel(NOW, tick=False)
def test_a01_one_valid_permit_at_a_time():
    f.hq_unit()
    user = f.public()
    _submit_a01(user)
    with pytest.raises(services.IneligibleError):
        _submit_a01(user)


@time_machine.travel(NOW, tick=False)
def test_a01_is_not_offered_at_the_counter():
    station = f.station()
    counter = f.staff("c@t.test", Role.COUNTER_OFFICER, station)
    service = service_get("A01")
    form = service.form_class(data=f.a01_data(TODAY))
    assert form.is_valid()
    with pytest.raises(InvalidInputError):
        services.application_submit(
            submission=services.Submission(service=service, data=form.cleaned_data, files={}, channel=Channel.COUNTER, language="zh-hant"),
            by=counter,
            counter_unit=station,
        )


@time_machine.travel(NOW, tick=False)
def test_a11_online_needs_the_identity_document():
    station = f.station()
    service = service_get("A11")
    form = service.form_class(data=f.a11_data(station))
    assert form.is_valid(), form.errors
    with pytest.raises(InvalidInputError) as err:
        services.application_submit(
            submission=services.Submission(service=service, data=form.cleaned_data, files={}, channel=Channel.ONLINE, language="en"),
            by=f.public(),
        )
    assert "identity_document" in err.value.details["fields"]
    assert Case.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a11_agent_filing_requires_the_authorisation_letter():
    station = f.station()
    service = service_get("A11")
    form = service.form_class(data=f.a11_data(station, filed_by_agent=True, agent_name="LIN"))
    assert form.is_valid(), form.errors
    assert [d.code for d in service.required_documents(form.cleaned_data)] == [
        "identity_document",
        "authorisation_letter",
        "agent_identity",
    ]


@time_machine.travel(NOW, tick=False)
def test_a11_is_reviewed_paid_per_copy_and_issued_with_the_crossing_dates():
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    counter = f.staff("c@t.test", Role.COUNTER_OFFICER, station)
    service = service_get("A11")
    form = service.form_class(data=f.a11_data(station, copies=2))
    assert form.is_valid(), form.errors
    case = services.application_submit(
        submission=services.Submission(
            service=service, data=form.cleaned_data, files={"identity_document": f.pdf()}, channel=Channel.ONLINE, language="en"
        ),
        by=f.public(),
    )
    assert case.unit == station
    assert case.fee_amount == 200  # NT$100 per copy
    assert case.due_date == dt.date(2026, 11, 27)
    for day, direction in ((dt.date(2025, 3, 1), "exit"), (dt.date(2025, 3, 9), "entry"), (dt.date(2023, 1, 1), "exit")):
        Crossing.objects.create(
            person=case.applicant, direction=direction, at=dt.datetime.combine(day, dt.time(9), tzinfo=NOW.tzinfo), port="TPE"
        )
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    with pytest.raises(services.FeeUnpaidError):
        services.case_issue(case=case, by=counter)
    services.case_record_payment(case=case, by=counter)
    document = services.case_issue(case=case, by=counter)
    assert document.payload["cx"] == 2  # only the crossings inside the period
    assert document.payload["ps"] == "2024-01-01"
    assert document.payload["id"] == "******6789"
