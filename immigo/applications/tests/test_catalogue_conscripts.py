"""A02, A03, A04 and F04: conscript-age men's exit approvals through the case engine, with the
catalogue's age bands and per-trip limits at their boundaries."""

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.documents.signing import token_encode
from immigo.applications.documents.verify import document_verify
from immigo.applications.models import Case, CaseDocument, Channel, IssuedDocument, Status
from immigo.border import services as border_services
from immigo.border.tests import factories as f
from immigo.core.errors import InvalidInputError, PermissionDeniedError

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=f.TAIPEI)
WINTER = dt.datetime(2027, 1, 20, 9, 0, tzinfo=f.TAIPEI)


def _submit(code, user, data, files=None, channel=Channel.ONLINE):
    service = service_get(code)
    form = service.form_class(data=data)
    assert form.is_valid(), form.errors
    return services.application_submit(
        submission=services.Submission(service=service, data=form.cleaned_data, files=files or {}, channel=channel, language="en"),
        by=user,
    )


def a02(**overrides):
    data = f.conscript_data(
        school_name="國立臺灣大學",
        deferment_until="2027-06-30",
        departure_date="2026-12-10",
        return_date="2027-03-10",
        purpose="family visit",
    )
    data.update(overrides)
    return data


# --- A02 -----------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a02_student_with_deferment_is_approved_at_once_for_one_month_and_four_months_abroad():
    f.hq()
    case = _submit("A02", f.public(), a02())
    assert case.status == Status.ISSUED and case.fee_amount == 0
    approval = case.issued_document
    assert approval.kind == IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL
    assert approval.valid_from == dt.date(2026, 11, 24)
    assert approval.valid_until == dt.date(2026, 12, 23)  # exits allowed for 1 month
    assert approval.payload["rb"] == "2027-04-10"  # each stay abroad at most 4 months
    assert approval.payload["id"] == "******6789"
    token = token_encode(payload=approval.payload, signature=approval.signature, key_id=approval.key_id)
    assert document_verify(token).status == "valid"  # the QR code checks out against the register


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"return_date": "2027-04-11"}, "return_date"),  # one day over 4 months
        ({"departure_date": "2026-12-24"}, "departure_date"),  # outside the month of validity
        ({"deferment_until": "2027-03-09"}, "deferment_until"),  # deferment ends before he returns
        ({"date_of_birth": "2008-01-01"}, "date_of_birth"),  # turns 19 only in 2027
        ({"national_id": "B217559343", "sex": "F"}, "sex"),  # not a man
    ],
)
def test_a02_refusals_save_nothing(overrides, field):
    f.hq()
    with pytest.raises(services.IneligibleError) as err:
        _submit("A02", f.public(), a02(**overrides))
    assert field in err.value.details["fields"]
    assert Case.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a02_boundaries_that_pass():
    f.hq()
    user = f.public()
    case = _submit("A02", user, a02(return_date="2027-04-10", departure_date="2026-12-10"))  # exactly 4 months
    assert case.status == Status.ISSUED
    case = _submit(
        "A02", user, a02(departure_date="2026-12-23", return_date="2027-01-05", date_of_birth="2007-12-31", national_id="C148101732")
    )
    assert case.status == Status.ISSUED  # born on the last day of 2007: a conscript from 2026-01-01


@time_machine.travel(NOW, tick=False)
def test_a02_sex_must_match_the_national_id():
    form = service_get("A02").form_class(data=a02(sex="F"))
    assert not form.is_valid() and "sex" in form.errors


@time_machine.travel(NOW, tick=False)
def test_a02_an_exit_ban_sends_the_application_to_an_officer():
    f.hq()
    keeper = f.staff("keeper@t.test", Role.SUPERVISOR, f.hq())
    person = f.citizen(dob=dt.date(2005, 5, 20))
    f.ban(person, keeper)
    case = _submit("A02", f.public(), a02())
    assert case.status == Status.SUBMITTED
    assert not IssuedDocument.objects.filter(case=case).exists()
    assert case.events.get(action="auto_check").details["exit_ban"] == "refer"


# --- A03 -----------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a03_overseas_chinese_conscript_is_reviewed_and_issued():
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    data = f.conscript_data(
        country_of_residence="USA",
        residing_abroad_since="2015-07-01",
        entered_on="2026-11-01",
        departure_date="2026-12-05",
        county=str(f.county().pk),
    )
    case = _submit("A03", f.public(), data, files={"overseas_status_certificate": f.pdf(), "passport": f.pdf()})
    assert case.status == Status.SUBMITTED and case.time_limit_days == 3
    assert case.unit == station  # the station of the household registration reviews it
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    approval = services.case_issue(case=case, by=reviewer)
    assert approval.payload["sv"] == "A03" and "rb" not in approval.payload
    assert approval.valid_until == dt.date(2026, 12, 23)


@time_machine.travel(NOW, tick=False)
def test_a03_needs_the_certificate_of_overseas_chinese_status_online():
    f.hq()
    data = f.conscript_data(
        country_of_residence="USA",
        residing_abroad_since="2015-07-01",
        entered_on="2026-11-01",
        departure_date="2026-12-05",
        county=str(f.county().pk),
    )
    with pytest.raises(InvalidInputError) as err:
        _submit("A03", f.public(), data, files={"passport": f.pdf()})
    assert "overseas_status_certificate" in err.value.details["fields"]


# --- A04 -----------------------------------------------------------------------------------------


def a04(**overrides):
    data = f.conscript_data(
        date_of_birth="2002-03-15",
        national_id="E154942803",
        first_departure_on="2015-08-01",
        school_name="University of Toronto",
        school_country="CAN",
        study_level="bachelor",
        programme_years=4,
        consecutive_degrees=False,
        entered_on="2026-10-01",
        departure_date="2026-12-20",
        extension_reason="",
        county=str(f.county().pk),
    )
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_a04_within_the_study_age_and_three_months_goes_to_an_officer_with_the_enrolment_certificate():
    f.hq()
    case = _submit("A04", f.public(), a04(), files={"enrolment_certificate": f.pdf()})
    assert case.status == Status.SUBMITTED
    checks = case.events.get(action="auto_check").details
    assert checks["study_age"] == "pass" and checks["stay_in_taiwan"] == "pass"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_of_birth": "2001-03-15", "national_id": "A123456789"}, "study_level"),  # 24 reached at the end of 2025
        ({"first_departure_on": "2021-01-01"}, "first_departure_on"),  # left in the year he turned 19
        ({"entered_on": "2026-09-19"}, "departure_date"),  # 3 months after entry ended on 2026-12-19
    ],
)
def test_a04_refusals(overrides, field):
    f.hq()
    with pytest.raises(services.IneligibleError) as err:
        _submit("A04", f.public(), a04(**overrides), files={"enrolment_certificate": f.pdf()})
    assert field in err.value.details["fields"]


@time_machine.travel(NOW, tick=False)
def test_a04_a_master_student_may_study_to_27_and_a_longer_programme_adds_years():
    f.hq()
    user = f.public()
    case = _submit(
        "A04",
        user,
        a04(date_of_birth="2001-03-15", national_id="A123456789", study_level="master"),
        files={"enrolment_certificate": f.pdf()},
    )
    assert case.status == Status.SUBMITTED
    case = _submit(
        "A04", user, a04(date_of_birth="2001-03-15", national_id="C148101732", programme_years=5), files={"enrolment_certificate": f.pdf()}
    )
    assert case.status == Status.SUBMITTED  # a 5-year bachelor programme: 25


@time_machine.travel(NOW, tick=False)
def test_a04_an_extended_stay_needs_proof_and_an_officer():
    f.hq()
    service = service_get("A04")
    form = service.form_class(data=a04(entered_on="2026-08-01", extension_reason="illness"))
    assert form.is_valid(), form.errors
    assert [d.code for d in service.required_documents(form.cleaned_data)] == ["enrolment_certificate", "extension_proof"]
    case = _submit(
        "A04",
        f.public(),
        a04(entered_on="2026-08-01", extension_reason="illness"),
        files={"enrolment_certificate": f.pdf(), "extension_proof": f.pdf()},
    )
    assert case.events.get(action="auto_check").details["stay_in_taiwan"] == "refer"


# --- F04 -----------------------------------------------------------------------------------------


def f04(**overrides):
    data = f.conscript_data(
        date_of_birth="2008-06-01",
        departure_date="2027-01-20",
        flight="CI 100",
        return_date="2027-03-20",
        return_ticket_number="2972401234567",
        undertaking_signed=True,
    )
    data.update(overrides)
    return data


def _airport(officer, unit, **overrides):
    form = service_get("F04").form_class(data=f04(**overrides))
    assert form.is_valid(), form.errors
    return border_services.airport_approval_grant(officer=officer, unit=unit, data=form.cleaned_data, undertaking=f.pdf("undertaking.pdf"))


@time_machine.travel(WINTER, tick=False)
def test_f04_border_officer_grants_the_airport_approval_with_the_undertaking_on_file():
    unit = f.border_unit()
    officer = f.staff("border@t.test", Role.BORDER_OFFICER, unit)
    case = _airport(officer, unit)
    assert case.status == Status.ISSUED and case.unit == unit and case.channel == Channel.COUNTER
    assert case.submitted_by == officer
    approval = case.issued_document
    assert approval.payload["sv"] == "F04" and approval.payload["rb"] == "2027-03-20" and approval.payload["fl"] == "CI100"
    assert approval.valid_until == dt.date(2027, 1, 20)  # this departure only
    docs = {d.requirement_code: d.seen_at_counter for d in CaseDocument.objects.filter(case=case)}
    assert docs == {"undertaking": False, "return_ticket": True}


@time_machine.travel(WINTER, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"return_date": "2027-03-21"}, "return_date"),  # a day past 2 months
        ({"date_of_birth": "2007-06-01", "national_id": "C148101732"}, "date_of_birth"),  # turned 19 in 2026
        ({"departure_date": "2027-01-21"}, "departure_date"),  # not today
    ],
)
def test_f04_refusals(overrides, field):
    unit = f.border_unit()
    officer = f.staff("border@t.test", Role.BORDER_OFFICER, unit)
    with pytest.raises(services.IneligibleError) as err:
        _airport(officer, unit, **overrides)
    assert field in err.value.details["fields"]


@time_machine.travel(dt.datetime(2027, 3, 2, 9, 0, tzinfo=f.TAIPEI), tick=False)
def test_f04_is_only_for_the_winter_break():
    unit = f.border_unit()
    officer = f.staff("border@t.test", Role.BORDER_OFFICER, unit)
    with pytest.raises(services.IneligibleError) as err:
        _airport(officer, unit, departure_date="2027-03-02", return_date="2027-03-20")
    assert "departure_date" in err.value.details["fields"]


@time_machine.travel(WINTER, tick=False)
def test_f04_only_border_officers_of_a_border_unit_take_it_in():
    unit = f.border_unit()
    counter = f.staff("counter@t.test", Role.COUNTER_OFFICER, f.station())
    with pytest.raises(PermissionDeniedError):
        _airport(counter, unit)
    officer = f.staff("border@t.test", Role.BORDER_OFFICER, unit)
    with pytest.raises(PermissionDeniedError):
        _airport(officer, f.station())
    service = service_get("F04")
    form = service.form_class(data=f04())
    assert form.is_valid()
    with pytest.raises(PermissionDeniedError):  # the generic counter intake refuses a station officer
        services.application_submit(
            submission=services.Submission(
                service=service,
                data=form.cleaned_data,
                files={"undertaking": f.pdf()},
                channel=Channel.COUNTER,
                language="en",
                seen_at_counter=frozenset({"return_ticket"}),
            ),
            by=counter,
            counter_unit=f.station(),
        )
    assert Case.objects.count() == 0


@time_machine.travel(WINTER, tick=False)
def test_f04_requires_the_signed_undertaking():
    form = service_get("F04").form_class(data=f04(undertaking_signed=False))
    assert not form.is_valid() and "undertaking_signed" in form.errors
