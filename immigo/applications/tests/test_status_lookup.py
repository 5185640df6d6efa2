"""A18: receipt or ID number + date of birth; last 3 months; one answer for every mismatch;
5 wrong birth dates per reference per day."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from immigo.applications import selectors, services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Channel
from immigo.core.errors import RateLimitedError

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DOB = dt.date(1985, 1, 15)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def case():
    station = f.station()
    service = service_get("A11")
    form = service.form_class(data=f.a11_data(station))
    assert form.is_valid()
    with time_machine.travel(NOW, tick=False):
        return services.application_submit(
            submission=services.Submission(
                service=service, data=form.cleaned_data, files={"identity_document": f.pdf()}, channel=Channel.ONLINE, language="en"
            ),
            by=f.public(),
        )


@time_machine.travel(NOW, tick=False)
def test_found_by_receipt_and_birth_date(case):
    result = selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="a")
    assert result.status == "submitted"
    assert result.due_date == case.due_date


@time_machine.travel(NOW, tick=False)
def test_found_by_identity_number_and_birth_date(case):
    result = selectors.status_lookup(reference="a123456789", date_of_birth=DOB, client_key="a")
    assert result.receipt_number == case.receipt_number


@time_machine.travel(NOW, tick=False)
def test_wrong_birth_date_and_unknown_receipt_give_the_same_answer(case):
    with pytest.raises(selectors.LookupNotFoundError) as wrong_dob:
        selectors.status_lookup(reference=case.receipt_number, date_of_birth=dt.date(1985, 1, 16), client_key="a")
    other = case.receipt_number[:-1] + ("0" if case.receipt_number[-1] != "0" else "1")
    with pytest.raises(selectors.LookupNotFoundError) as unknown:
        selectors.status_lookup(reference=other, date_of_birth=DOB, client_key="a")
    assert wrong_dob.value.as_dict() == unknown.value.as_dict()


def test_cases_older_than_three_months_are_not_shown(case):
    with time_machine.travel(NOW + dt.timedelta(days=93), tick=False), pytest.raises(selectors.LookupNotFoundError):
        selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="a")
    with time_machine.travel(NOW + dt.timedelta(days=80), tick=False):
        assert selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="a")


@time_machine.travel(NOW, tick=False)
def test_the_sixth_wrong_birth_date_in_a_day_is_refused_even_with_the_right_one(case):
    for attempt in range(5):
        with pytest.raises(selectors.LookupNotFoundError):
            selectors.status_lookup(reference=case.receipt_number, date_of_birth=dt.date(1980, 1, attempt + 1), client_key=f"c{attempt}")
    with pytest.raises(RateLimitedError):
        selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="fresh")
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="fresh")


@time_machine.travel(NOW, tick=False)
def test_one_client_is_throttled_per_minute(case, settings):
    settings.IMMIGO_LOOKUP_PER_CLIENT_PER_MINUTE = 3
    for _ in range(3):
        selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="same")
    with pytest.raises(RateLimitedError):
        selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="same")


@time_machine.travel(NOW, tick=False)
def test_awaiting_documents_shows_every_missing_item(case):
    from immigo.accounts.models import Role

    reviewer = f.staff("r@t.test", Role.REVIEWER, case.unit)
    services.case_request_supplement(case=case, by=reviewer, items=[{"label": "Passport copy"}, {"label": "Photo"}])
    result = selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="a")
    assert result.status == "awaiting_supplement"
    assert result.awaiting_items == ["Passport copy", "Photo"]


@time_machine.travel(NOW, tick=False)
def test_a_successful_lookup_costs_one_query(case, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.status_lookup(reference=case.receipt_number, date_of_birth=DOB, client_key="q")
