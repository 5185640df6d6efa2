"""The case workflow: the tables, the two-officer rejection, the paused clock, permissions."""

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, CaseEvent, Channel, RejectionProposal, Status, SupplementRequest
from immigo.applications.workflow import ALLOWED, RULES, Action, rules_are_consistent
from immigo.core.errors import InvalidInputError, PermissionDeniedError
from immigo.core.models import AuditEntry

from . import factories as f

pytestmark = pytest.mark.django_db
TAIPEI_TUESDAY = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(Status)


def test_every_action_rule_is_a_move_the_table_allows():
    assert rules_are_consistent()


def test_terminal_statuses_lead_nowhere():
    for status in (Status.REJECTED, Status.COLLECTED, Status.WITHDRAWN):
        assert ALLOWED[status] == frozenset()


@pytest.fixture
def setup():
    county = f.county()
    station = f.station(county_obj=county)
    return {
        "county": county,
        "station": station,
        "counter": f.staff("counter@t.test", Role.COUNTER_OFFICER, station),
        "reviewer": f.staff("reviewer@t.test", Role.REVIEWER, station),
        "reviewer2": f.staff("reviewer2@t.test", Role.REVIEWER, station),
        "supervisor": f.staff("supervisor@t.test", Role.SUPERVISOR, station),
        "other_station_reviewer": f.staff(
            "far@t.test", Role.REVIEWER, f.station(code="station-02-ntpc", county_obj=f.county("TW-NWT", "新北市", "New Taipei City"))
        ),
    }


def _counter_a07(setup, **overrides) -> Case:
    service = service_get("A07")
    form = service.form_class(data=f.a07_data(setup["county"], **overrides))
    assert form.is_valid(), form.errors
    return services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={},
            channel=Channel.COUNTER,
            language="zh-hant",
            seen_at_counter=frozenset({"resident_certificate", "lease"}),
        ),
        by=setup["counter"],
        counter_unit=setup["station"],
    )


@time_machine.travel(TAIPEI_TUESDAY, tick=False)
def test_a_counter_intake_gets_a_receipt_and_a_due_date_in_working_days(setup):
    case = _counter_a07(setup)
    assert case.status == Status.SUBMITTED
    assert case.unit == setup["station"]
    assert case.time_limit_days == 3
    # Tuesday + 3 working days = Friday.
    assert case.due_date == dt.date(2026, 11, 27)
    assert list(case.events.values_list("action", flat=True)) == ["submit"]
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="create", actor=setup["counter"]).exists()


@time_machine.travel(TAIPEI_TUESDAY, tick=False)
def test_missing_documents_at_the_counter_produce_a_one_time_notice_at_once(setup):
    service = service_get("A07")
    form = service.form_class(data=f.a07_data(setup["county"]))
    assert form.is_valid()
    case = services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={},
            channel=Channel.COUNTER,
            language="en",
            seen_at_counter=frozenset({"resident_certificate"}),
        ),
        by=setup["counter"],
        counter_unit=setup["station"],
    )
    assert case.status == Status.AWAITING_SUPPLEMENT
    notice = case.supplements.get()
    assert [i["code"] for i in notice.items] == ["lease"]


@time_machine.travel(TAIPEI_TUESDAY, tick=False)
def test_the_clock_pauses_while_the_applicant_owes_documents(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=TAIPEI_TUESDAY.tzinfo), tick=False):
        notice = services.case_request_supplement(
            case=case,
            by=setup["reviewer"],
            items=[{"code": "lease", "label": "Lease contract", "note": "signed by both"}, {"code": "", "label": "Photo", "note": ""}],
        )
        case.refresh_from_db()
        assert case.status == Status.AWAITING_SUPPLEMENT
        assert case.paused_remaining_days == 2  # Thursday and Friday were left
        assert notice.respond_by == dt.date(2026, 12, 9)  # 10 working days
    # The applicant returns the following Wednesday: the two days left count from then.
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=TAIPEI_TUESDAY.tzinfo), tick=False):
        services.case_supplement_receive(case=case, by=setup["counter"], seen_at_counter=frozenset({"lease"}))
        case.refresh_from_db()
        assert case.status == Status.UNDER_REVIEW
        assert case.due_date == dt.date(2026, 12, 4)
        assert case.paused_since is None
        assert SupplementRequest.objects.get(pk=notice.pk).fulfilled_via == Channel.COUNTER


def test_a_one_time_notice_needs_at_least_one_item(setup):
    case = _counter_a07(setup)
    with pytest.raises(InvalidInputError):
        services.case_request_supplement(case=case, by=setup["reviewer"], items=[{"label": "  "}])
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_a_rejection_needs_a_second_officer(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    services.case_propose_rejection(case=case, by=setup["reviewer"], reason="Address outside the jurisdiction")
    with pytest.raises(services.SecondOfficerRequiredError):
        services.case_confirm_rejection(case=case, by=setup["reviewer"])
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    services.case_confirm_rejection(case=case, by=setup["supervisor"])
    case.refresh_from_db()
    assert case.status == Status.REJECTED
    assert case.decision_reason == "Address outside the jurisdiction"
    proposal = RejectionProposal.objects.get(case=case)
    assert (proposal.proposed_by, proposal.decided_by) == (setup["reviewer"], setup["supervisor"])


def test_a_case_cannot_be_rejected_without_a_proposal(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    with pytest.raises(services.TransitionNotAllowedError):
        services.case_confirm_rejection(case=case, by=setup["supervisor"])


def test_an_open_rejection_proposal_blocks_approval_until_withdrawn(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    services.case_propose_rejection(case=case, by=setup["reviewer"], reason="doubt")
    with pytest.raises(services.TransitionNotAllowedError):
        services.case_approve(case=case, by=setup["reviewer2"])
    services.case_cancel_rejection(case=case, by=setup["reviewer"])
    services.case_approve(case=case, by=setup["reviewer2"])
    case.refresh_from_db()
    assert case.status == Status.APPROVED


def test_a_rejected_case_cannot_return_to_review(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    services.case_propose_rejection(case=case, by=setup["reviewer"], reason="r")
    services.case_confirm_rejection(case=case, by=setup["supervisor"])
    with pytest.raises(services.TransitionNotAllowedError):
        services.case_start_review(case=case, by=setup["reviewer"])
    case.refresh_from_db()
    assert case.status == Status.REJECTED


def test_a_counter_officer_may_not_approve(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["counter"])
    with pytest.raises(PermissionDeniedError):
        services.case_approve(case=case, by=setup["counter"])


def test_an_officer_of_another_station_may_not_act(setup):
    case = _counter_a07(setup)
    with pytest.raises(PermissionDeniedError):
        services.case_start_review(case=case, by=setup["other_station_reviewer"])


def test_approval_updates_the_registry_address_and_issues_for_collection(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    services.case_approve(case=case, by=setup["reviewer"])
    case.refresh_from_db()
    assert case.applicant.address == "臺北市大安區復興南路一段100號5樓"
    assert AuditEntry.objects.filter(object_type="core.person", object_id=str(case.applicant_id), action="update").exists()
    document = services.case_issue(case=case, by=setup["counter"])
    assert document.payload["ad"] == case.applicant.address
    services.case_record_collection(case=case, by=setup["counter"])
    case.refresh_from_db()
    assert case.status == Status.COLLECTED


def test_history_is_append_only(setup):
    case = _counter_a07(setup)
    event = case.events.first()
    event.reason = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert CaseEvent.objects.get(pk=event.pk).reason == ""


def test_every_staff_transition_is_audited(setup):
    case = _counter_a07(setup)
    services.case_start_review(case=case, by=setup["reviewer"])
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="transition", actor=setup["reviewer"]).exists()


def test_the_applicant_may_withdraw_their_own_online_case_only(setup):
    owner, stranger = f.public("owner@t.test"), f.public("stranger@t.test")
    service = service_get("A07")
    form = service.form_class(data=f.a07_data(setup["county"]))
    assert form.is_valid()
    case = services.application_submit(
        submission=services.Submission(
            service=service,
            data=form.cleaned_data,
            files={"resident_certificate": f.pdf(), "lease": f.pdf()},
            channel=Channel.ONLINE,
            language="zh-hant",
        ),
        by=owner,
    )
    assert case.unit == setup["station"]  # routed to the station of the new county
    with pytest.raises(PermissionDeniedError):
        services.case_withdraw(case=case, by=stranger)
    services.case_withdraw(case=case, by=owner, reason="moved again")
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN


def test_the_withdraw_rule_is_open_to_applicants_and_staff():
    assert RULES[Action.WITHDRAW].applicant_may
    assert Role.COUNTER_OFFICER in RULES[Action.WITHDRAW].roles
