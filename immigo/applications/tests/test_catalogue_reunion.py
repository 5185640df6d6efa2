"""A16: the spouse asks online, an officer computes from the crossing records and answers with a
signed statement that lists the years."""

import datetime as dt

import pytest
import time_machine

from immigo.accounts.models import Role
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.catalogue.a16_reunion_period import ReunionComputationMissingError
from immigo.applications.documents.pdf import issued_document_pdf
from immigo.applications.models import Channel, IssuedDocument, Status
from immigo.border import services as border_services
from immigo.border.reunion import Stage, StatusPeriod
from immigo.border.tests import factories as f
from immigo.core.errors import PermissionDeniedError

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=f.TAIPEI)


def a16(county, **overrides):
    data = {
        "native_name": "張麗",
        "family_name": "ZHANG",
        "given_names": "LI",
        "sex": "F",
        "date_of_birth": "1982-08-08",
        "nationality": "CHN",
        "email": "zhang@example.test",
        "phone": "",
        "ui_number": "X997694995",
        "spouse_name": "陳志明",
        "spouse_national_id": "A123456789",
        "marriage_registered_on": "2006-05-01",
        "reunion_from": "2007-01-01",
        "dependent_from": "2009-01-01",
        "long_term_from": "2011-01-01",
        "county": str(county.pk),
        "question": "When can I apply for settlement?",
    }
    data.update(overrides)
    return data


def _submit(data):
    service = service_get("A16")
    form = service.form_class(data=data)
    assert form.is_valid(), form.errors
    return services.application_submit(
        submission=services.Submission(service=service, data=form.cleaned_data, files={}, channel=Channel.ONLINE, language="zh-hant"),
        by=f.public(),
    )


@time_machine.travel(NOW, tick=False)
def test_a16_officer_computes_from_the_crossings_and_answers_with_the_years():
    county = f.county()
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    case = _submit(a16(county))
    assert case.unit == station and case.status == Status.SUBMITTED and case.time_limit_days == 5
    f.crossing(case.applicant, dt.date(2006, 12, 1), "entry")
    f.crossing(case.applicant, dt.date(2012, 2, 1), "exit")  # most of 2012 abroad
    f.crossing(case.applicant, dt.date(2012, 10, 1), "entry")
    services.case_start_review(case=case, by=reviewer)
    with pytest.raises(ReunionComputationMissingError):
        services.case_approve(case=case, by=reviewer)
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW  # nothing half-saved
    periods = border_services.reunion_periods_from_data(case.data)
    assert periods == [
        StatusPeriod(Stage.REUNION, dt.date(2007, 1, 1), dt.date(2008, 12, 31)),
        StatusPeriod(Stage.DEPENDENT, dt.date(2009, 1, 1), dt.date(2010, 12, 31)),
        StatusPeriod(Stage.LONG_TERM, dt.date(2011, 1, 1), None),
    ]
    saved = border_services.reunion_computation_save(by=reviewer, case_id=case.pk, periods=periods, as_of=dt.date(2026, 11, 24))
    assert saved.result["rule_years"] == 6 and saved.result["credited_reunion_years"] == 2
    # 2011 counts; 2012 (about 122 days in Taiwan) breaks the run; 2013 and 2014 make the two consecutive years.
    assert saved.result["settlement_eligible_on"] == "2015-01-01"
    services.case_approve(case=case, by=reviewer)
    statement = services.case_issue(case=case, by=reviewer)
    assert statement.kind == IssuedDocument.Kind.REUNION_PERIOD_STATEMENT
    assert statement.payload["cr"] == 2 and statement.payload["se"] == "2015-01-01"
    assert statement.payload["yr"][0] == ["reunion", "2007-01-01", "2007-12-31", 365, 1]
    assert [row[4] for row in statement.payload["yr"] if row[0] == "long_term"][:4] == [1, 0, 1, 1]
    assert issued_document_pdf(statement).startswith(b"%PDF")


@time_machine.travel(NOW, tick=False)
def test_a16_only_officers_of_the_case_unit_compute():
    county = f.county()
    f.station()
    case = _submit(a16(county))
    outsider = f.staff("b@t.test", Role.BORDER_OFFICER, f.border_unit())
    with pytest.raises(PermissionDeniedError):
        border_services.reunion_computation_save(
            by=outsider, case_id=case.pk, periods=border_services.reunion_periods_from_data(case.data), as_of=dt.date(2026, 11, 24)
        )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reunion_from": "", "dependent_from": "", "long_term_from": ""}, "dependent_from"),
        ({"dependent_from": "2012-01-01", "long_term_from": "2011-01-01"}, "long_term_from"),
        ({"nationality": "VNM"}, "nationality"),
    ],
)
def test_a16_form_refusals(overrides, field):
    form = service_get("A16").form_class(data=a16(f.county(), **overrides))
    assert not form.is_valid() and field in form.errors
