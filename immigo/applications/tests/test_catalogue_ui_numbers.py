"""A05 (a new unified ID number on approval) and N04 (converting an old-format number at once),
through the case engine, with the signed notice."""

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.documents.pdf import issued_document_pdf
from immigo.applications.models import Case, Channel, IssuedDocument, Status
from immigo.border.tests import factories as f
from immigo.core import identifiers
from immigo.core.models import Person
from immigo.core.ui_number_models import UiNumberRecord

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=f.TAIPEI)


def _submit(code, data, files=None, user=None):
    from immigo.accounts.models import User

    service = service_get(code)
    form = service.form_class(data=data)
    assert form.is_valid(), form.errors
    return services.application_submit(
        submission=services.Submission(service=service, data=form.cleaned_data, files=files or {}, channel=Channel.ONLINE, language="en"),
        by=user or User.objects.filter(email="citizen@example.test").first() or f.public(),
    )


def a05(county, **overrides):
    data = {
        "native_name": "",
        "family_name": "SMITH",
        "given_names": "JANE",
        "sex": "F",
        "date_of_birth": "1992-04-03",
        "nationality": "GBR",
        "email": "jane@example.test",
        "phone": "",
        "passport_number": "123456789",
        "passport_country": "GBR",
        "passport_expiry": "2030-01-01",
        "entered_on": "2026-11-01",
        "county": str(county.pk),
        "address": "臺北市中正區廣州街15號",
        "purpose": "bank",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_a05_approval_assigns_a_new_format_number_and_issues_the_notice():
    county = f.county(letters="A")
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    case = _submit("A05", a05(county), files={"passport": f.pdf(), "entry_document": f.pdf()})
    assert case.unit == station and case.status == Status.SUBMITTED and case.fee_amount == 0
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    person = Person.objects.get(pk=case.applicant_id)
    assert person.ui_number == "A900000016"  # Taipei's letter, female, foreign national, first serial
    assert identifiers.classify(person.ui_number).kind is identifiers.IdKind.NEW_UI
    notice = services.case_issue(case=case, by=reviewer)
    assert notice.kind == IssuedDocument.Kind.UI_NUMBER_NOTICE and notice.payload["ui"] == "A900000016"
    assert issued_document_pdf(notice).startswith(b"%PDF")


@time_machine.travel(NOW, tick=False)
def test_a05_two_applicants_never_get_the_same_number():
    county = f.county(letters="A")
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    numbers = []
    for i, passport in enumerate(("P1111111", "P2222222")):
        case = _submit(
            "A05", a05(county, passport_number=passport, family_name=f"X{i}"), files={"passport": f.pdf(), "entry_document": f.pdf()}
        )
        services.case_start_review(case=case, by=reviewer)
        services.case_approve(case=case, by=reviewer)
        numbers.append(Person.objects.get(pk=case.applicant_id).ui_number)
    assert numbers == ["A900000016", "A900000025"]


@time_machine.travel(NOW, tick=False)
def test_a05_refuses_someone_who_already_holds_a_number():
    county = f.county()
    f.station()
    person = Person.objects.create(
        family_name="SMITH", given_names="JANE", date_of_birth=dt.date(1992, 4, 3), sex="F", nationality="GBR", ui_number="A900000016"
    )
    person.passports.create(number="123456789", issuing_country="GBR", expires_on=dt.date(2030, 1, 1))
    with pytest.raises(services.IneligibleError):
        _submit("A05", a05(county), files={"passport": f.pdf(), "entry_document": f.pdf()})


@time_machine.travel(NOW, tick=False)
def test_a05_asks_for_female_or_male():
    form = service_get("A05").form_class(data=a05(f.county(), sex="X"))
    assert not form.is_valid() and "sex" in form.errors


def n04(**overrides):
    data = {
        "native_name": "",
        "family_name": "TRAN",
        "given_names": "VAN BINH",
        "sex": "M",
        "date_of_birth": "1980-02-02",
        "nationality": "VNM",
        "email": "binh@example.test",
        "phone": "",
        "ui_number": "EC83597323",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_n04_converts_an_old_number_at_once_for_the_same_person_and_keeps_the_link():
    f.hq()
    person = Person.objects.create(
        family_name="TRAN", given_names="VAN BINH", date_of_birth=dt.date(1980, 2, 2), sex="M", nationality="VNM", ui_number="EC83597323"
    )
    case = _submit("N04", n04())
    assert case.status == Status.ISSUED and case.applicant_id == person.pk
    person.refresh_from_db()
    assert person.previous_ui_number == "EC83597323"
    assert person.ui_number.startswith("E8") and identifiers.classify(person.ui_number).valid
    assert UiNumberRecord.objects.get(replaces="EC83597323").number == person.ui_number
    notice = case.issued_document
    assert notice.payload["ui"] == person.ui_number and notice.payload["old"] == "EC83597323"


@time_machine.travel(NOW, tick=False)
def test_n04_refuses_an_unknown_number_a_wrong_birth_date_and_a_second_conversion():
    f.hq()
    with pytest.raises(services.IneligibleError) as err:
        _submit("N04", n04())
    assert "ui_number" in err.value.details["fields"]
    Person.objects.create(family_name="TRAN", date_of_birth=dt.date(1980, 2, 2), sex="M", nationality="VNM", ui_number="EC83597323")
    with pytest.raises(services.IdentityMismatchError):
        _submit("N04", n04(date_of_birth="1980-02-03"))
    _submit("N04", n04())
    with pytest.raises(services.IneligibleError) as err:
        _submit("N04", n04())
    assert "not_converted" in err.value.details["checks"]
    assert Case.objects.count() == 1


def test_n04_accepts_only_old_format_numbers():
    form = service_get("N04").form_class(data=n04(ui_number="A800000014"))
    assert not form.is_valid() and "ui_number" in form.errors
