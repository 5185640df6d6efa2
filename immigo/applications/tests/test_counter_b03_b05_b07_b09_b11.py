"""Counter conveniences: B03 forwarding and its reply slip, B05 annotation, B07 lost and found
passports, B09 kinship-certificate waiver, B11 cross-county intake."""

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import selectors, services
from immigo.applications.catalogue.b05_work_permit_annotation import work_annotation_applies
from immigo.applications.catalogue.b07_lost_passport import (
    LostPassportReportNotOpenError,
    lost_passport_found_record,
    lost_passport_report_list,
)
from immigo.applications.documents.pdf import issued_document_pdf, reply_slip_pdf
from immigo.applications.documents.signing import token_encode
from immigo.applications.documents.verify import VerificationStatus, document_verify
from immigo.applications.models import CaseEvent, Channel, IssuedDocument, Status
from immigo.applications.services.forwarding import case_forward, forward_event
from immigo.applications.workflow import Action
from immigo.core.errors import InvalidInputError, PermissionDeniedError

from . import catalogue_factories as cf
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()


# --- B05 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "issued_on", "expected"),
    [
        ("spouse_of_citizen", dt.date(2011, 9, 16), True),
        ("mainland_spouse_dependent", dt.date(2026, 1, 5), True),
        ("mainland_spouse_long_term", dt.date(2026, 1, 5), True),
        ("spouse_of_citizen", dt.date(2011, 9, 15), False),  # before the annotation began
        ("employment", dt.date(2026, 1, 5), False),
        ("study", dt.date(2026, 1, 5), False),
        ("", dt.date(2026, 1, 5), False),
    ],
)
def test_b05_annotation_is_for_spouses_with_residence_from_16_september_2011(basis, issued_on, expected):
    assert work_annotation_applies(basis=basis, issued_on=issued_on) is expected


@time_machine.travel(NOW, tick=False)
def test_b05_a_spouses_residence_certificate_carries_the_annotation_and_a_workers_does_not(station, reviewer):
    spouse = cf.submit("A07", f.a07_data(station.county, residence_basis="spouse_of_citizen"), by=f.public())
    worker = cf.submit(
        "A07", f.a07_data(station.county, ui_number="A900000025", residence_basis="employment"), by=f.public("w@example.test")
    )
    for case in (spouse, worker):
        services.case_start_review(case=case, by=reviewer)
        services.case_approve(case=case, by=reviewer)
        services.case_issue(case=case, by=reviewer)
    spouse_doc = IssuedDocument.objects.get(case=spouse)
    assert spouse_doc.payload["wp"] == 1
    assert "wp" not in IssuedDocument.objects.get(case=worker).payload
    assert issued_document_pdf(spouse_doc).startswith(b"%PDF")


# --- B11 ----------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_b11_a_station_takes_in_a_case_of_another_county_and_routes_it_there(counter_officer, station):
    kaohsiung = cf.second_station()
    case = cf.submit(
        "A11-RC",
        cf.residence_certificate_data(kaohsiung.county),
        by=counter_officer,
        channel=Channel.COUNTER,
        counter_unit=station,
        seen_at_counter=frozenset({"resident_certificate", "passport_copy"}),
        files={},
    )
    assert case.unit == kaohsiung
    submitted = case.events.get(action=Action.SUBMIT)
    assert submitted.details["intake_unit"] == station.code
    assert submitted.details["cross_county"] is True
    # Kaohsiung decides it; the Taipei counter can still read it to print the receipt, not act on it.
    assert case in selectors.case_list_for_officer(user=f.staff("khh@immigo.test", Role.REVIEWER, kaohsiung))
    assert case not in selectors.case_list_for_officer(user=counter_officer)
    assert selectors.case_get_for_staff(user=counter_officer, receipt_number=case.receipt_number, purpose="receipt").pk == case.pk
    assert selectors.actions_for(case=case, user=counter_officer) == []


@time_machine.travel(NOW, tick=False)
def test_b11_an_address_change_taken_in_elsewhere_goes_to_the_new_county(counter_officer, station):
    kaohsiung = cf.second_station()
    case = cf.submit(
        "A07",
        f.a07_data(kaohsiung.county),
        by=counter_officer,
        channel=Channel.COUNTER,
        counter_unit=station,
        seen_at_counter=frozenset({"resident_certificate", "lease"}),
        files={},
    )
    assert case.unit == kaohsiung


@time_machine.travel(NOW, tick=False)
def test_b11_officers_of_a_third_station_cannot_read_the_case(counter_officer, station):
    kaohsiung = cf.second_station()
    case = cf.submit(
        "A11-RC",
        cf.residence_certificate_data(kaohsiung.county),
        by=counter_officer,
        channel=Channel.COUNTER,
        counter_unit=station,
        seen_at_counter=frozenset({"resident_certificate", "passport_copy"}),
        files={},
    )
    third = f.station("station-10-chiayi", county_obj=f.county("TW-CYQ", "嘉義縣", "Chiayi County"), name_zh="嘉義縣服務站")
    outsider = f.staff("cyq@immigo.test", Role.COUNTER_OFFICER, third)
    with pytest.raises(PermissionDeniedError):
        selectors.case_get_for_staff(user=outsider, receipt_number=case.receipt_number, purpose="curiosity")


# --- B03 and B09 ----------------------------------------------------------------------------------


def _extension(counter_officer, station, **overrides):  # type: ignore[no-untyped-def]
    data = cf.extension_data(TODAY, **overrides)
    seen = {"residence_permit", "photo"} | ({"kinship_certificate"} if not data["declared_earlier_visit"] else set())
    if data["special_reason"]:
        seen.add("special_reason_proof")
    return cf.submit(
        "B03", data, by=counter_officer, channel=Channel.COUNTER, counter_unit=station, seen_at_counter=frozenset(seen), files={}
    )


@time_machine.travel(NOW, tick=False)
def test_b03_station_forwards_a_special_extension_to_headquarters_and_prints_the_reply_slip(counter_officer, station, hq_unit):
    case = _extension(counter_officer, station, special_reason="spouse_died", special_details="Husband died 2026-10-02")
    assert case.unit == station
    assert case.due_date == dt.date(2026, 12, 1)  # 5 working days
    assert Action.FORWARD in selectors.actions_for(case=case, user=counter_officer)
    case_forward(case=case, by=counter_officer, reason="Special extension: spouse died")
    case.refresh_from_db()
    assert case.unit == hq_unit
    assert case.status == Status.SUBMITTED
    assert case.due_date == dt.date(2026, 12, 1)  # the time limit keeps running
    event = forward_event(case)
    assert event is not None and event.details == {"from_unit": station.code, "to_unit": hq_unit.code}
    assert reply_slip_pdf(case, forwarded=event, service_name="Extension").startswith(b"%PDF")
    hq_reviewer = f.staff("hq.rev@immigo.test", Role.REVIEWER, hq_unit)
    assert Action.FORWARD not in selectors.actions_for(case=case, user=hq_reviewer)


@time_machine.travel(NOW, tick=False)
def test_b03_forwarding_needs_a_reason_and_a_service_that_forwards(counter_officer, station, hq_unit):
    case = _extension(counter_officer, station)
    with pytest.raises(InvalidInputError):
        case_forward(case=case, by=counter_officer, reason=" ")
    other = cf.submit(
        "A11-RC",
        cf.residence_certificate_data(station.county),
        by=counter_officer,
        channel=Channel.COUNTER,
        counter_unit=station,
        seen_at_counter=frozenset({"resident_certificate", "passport_copy"}),
        files={},
    )
    assert Action.FORWARD not in selectors.actions_for(case=other, user=counter_officer)
    with pytest.raises(services.TransitionNotAllowedError):
        case_forward(case=other, by=counter_officer, reason="no")
    assert not CaseEvent.objects.filter(action=Action.FORWARD).exists()


@time_machine.travel(NOW, tick=False)
def test_b03_extension_must_be_asked_within_30_days_before_expiry():
    from immigo.applications.catalogue import service_get

    form = service_get("B03").form_class(data=cf.extension_data(TODAY, permit_expiry=(TODAY + dt.timedelta(days=31)).isoformat()))
    assert not form.is_valid()
    assert "permit_expiry" in form.errors


@time_machine.travel(NOW, tick=False)
def test_b03_extension_of_a_mainland_spouse_carries_the_b05_annotation(counter_officer, station, reviewer):
    case = _extension(counter_officer, station)
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    document = services.case_issue(case=case, by=reviewer)
    assert document.payload["wp"] == 1
    assert document.valid_until == TODAY + dt.timedelta(days=20 + 365)
    assert issued_document_pdf(document).startswith(b"%PDF")


@time_machine.travel(NOW, tick=False)
def test_b09_the_kinship_certificate_is_waived_when_the_earlier_record_is_found(counter_officer, station):
    earlier = _extension(counter_officer, station)
    assert earlier.documents.filter(requirement_code="kinship_certificate").exists()
    with time_machine.travel(dt.datetime(2027, 11, 20, 10, 0, tzinfo=NOW.tzinfo), tick=False):
        repeat = _extension(
            counter_officer,
            station,
            permit_expiry="2027-12-10",
            requested_until="2028-12-10",
            declared_earlier_visit=True,
            declaration_signed_by="李小紅",
        )
    assert not repeat.documents.filter(requirement_code="kinship_certificate").exists()
    checks = repeat.events.get(action=Action.AUTO_CHECK).details
    assert checks["kinship_earlier_record"] == "pass"
    assert checks["notes"]["kinship_earlier_record"] == earlier.receipt_number
    assert repeat.status == Status.SUBMITTED  # accepted, no one-time notice


@time_machine.travel(NOW, tick=False)
def test_b09_without_an_earlier_record_the_officer_must_verify(counter_officer, station):
    case = _extension(counter_officer, station, declared_earlier_visit=True, declaration_signed_by="李小紅")
    checks = case.events.get(action=Action.AUTO_CHECK).details
    assert checks["kinship_earlier_record"] == "refer"
    assert case.status == Status.SUBMITTED  # accepted first, verified afterwards


def test_b09_the_declaration_must_be_signed():
    from immigo.applications.catalogue import service_get

    form = service_get("B03").form_class(data=cf.extension_data(dt.date.today(), declared_earlier_visit=True))
    assert not form.is_valid()
    assert "declaration_signed_by" in form.errors


@time_machine.travel(NOW, tick=False)
def test_b09_without_the_declaration_the_certificate_is_required(counter_officer, station):
    from immigo.applications.catalogue import service_get

    service = service_get("B03")
    form = service.form_class(data=cf.extension_data(TODAY))
    assert form.is_valid(), form.errors
    assert "kinship_certificate" in [doc.code for doc in service.required_documents(form.cleaned_data)]
    declared = service.form_class(data=cf.extension_data(TODAY, declared_earlier_visit=True, declaration_signed_by="李小紅"))
    assert declared.is_valid()
    assert "kinship_certificate" not in [doc.code for doc in service.required_documents(declared.cleaned_data)]


# --- B07 ----------------------------------------------------------------------------------------


def _report(counter_officer, station, **overrides):  # type: ignore[no-untyped-def]
    return cf.submit(
        "B07",
        cf.lost_passport_data(**overrides),
        by=counter_officer,
        channel=Channel.COUNTER,
        counter_unit=station,
        seen_at_counter=frozenset({"identity_proof", "photo"}),
        files={},
    )


@time_machine.travel(NOW, tick=False)
def test_b07_the_unit_taking_the_report_issues_its_certificate_at_once(counter_officer, station):
    case = _report(counter_officer, station)
    assert case.status == Status.ISSUED
    assert case.unit == station
    report = case.issued_document
    assert report.kind == IssuedDocument.Kind.LOST_PASSPORT_REPORT
    assert report.payload["pp"] == "USA *****4987"
    assert report.payload["ld"] == "2026-11-22"
    assert issued_document_pdf(report).startswith(b"%PDF")
    assert list(lost_passport_report_list(passport_number="561234987", country="usa")) == [report]


@time_machine.travel(NOW, tick=False)
def test_b07_a_found_passport_withdraws_the_report_certificate(counter_officer, station):
    report = _report(counter_officer, station).issued_document
    token = token_encode(payload=report.payload, signature=report.signature, key_id=report.key_id)
    assert document_verify(token).status == VerificationStatus.VALID
    lost_passport_found_record(report=report, by=counter_officer, found_on=TODAY, note="Handed in by the taxi company")
    report.refresh_from_db()
    assert report.revoked_at is not None
    assert report.revocation_reason == "passport found 2026-11-24"
    assert document_verify(token).status == VerificationStatus.REVOKED
    assert report.case.events.filter(action=Action.PASSPORT_FOUND).count() == 1
    with pytest.raises(LostPassportReportNotOpenError):
        lost_passport_found_record(report=report, by=counter_officer, found_on=TODAY)


@time_machine.travel(NOW, tick=False)
def test_b07_found_date_must_lie_between_loss_and_today(counter_officer, station):
    report = _report(counter_officer, station).issued_document
    with pytest.raises(InvalidInputError):
        lost_passport_found_record(report=report, by=counter_officer, found_on=dt.date(2026, 11, 21))
    with pytest.raises(InvalidInputError):
        lost_passport_found_record(report=report, by=counter_officer, found_on=dt.date(2026, 11, 25))


@time_machine.travel(NOW, tick=False)
def test_b07_is_a_counter_service_only(counter_officer, station):
    with pytest.raises(InvalidInputError):
        cf.submit("B07", cf.lost_passport_data(), by=f.public(), files={"identity_proof": f.pdf(), "photo": f.pdf()})


@time_machine.travel(NOW, tick=False)
def test_b07_a_special_operations_team_takes_a_report_on_a_holiday_and_can_read_it(county, hq_unit):
    from immigo.core.models import Unit

    team = Unit.objects.create(
        code="special-ops-tpe",
        kind=Unit.Kind.SPECIAL_OPERATIONS,
        name_zh="臺北市專勤隊",
        name_en="Taipei Special Ops",
        county=county,
        parent=hq_unit,
    )
    officer = f.staff("ops@immigo.test", Role.SPECIAL_OPERATIONS, team)
    case = _report(officer, team)
    assert case.status == Status.ISSUED and case.unit == team
    assert selectors.case_get_for_staff(user=officer, receipt_number=case.receipt_number, purpose="give the certificate").pk == case.pk
    lost_passport_found_record(report=case.issued_document, by=officer, found_on=TODAY)


@time_machine.travel(NOW, tick=False)
def test_b07_an_interpreter_cannot_take_a_report(station):
    interpreter = f.staff("interp@immigo.test", Role.INTERPRETER, station)
    with pytest.raises(PermissionDeniedError):
        _report(interpreter, station)
