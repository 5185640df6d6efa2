"""Working days: the DGPA calendar (holidays, make-up workdays) plus typhoon closures per county."""

import datetime as dt

import pytest
from django.db import IntegrityError

from immigo.core import calendar
from immigo.core.models import Closure, County

D = dt.date


@pytest.fixture
def taipei(db):
    return County.objects.create(code="TW-TPE", name_zh="臺北市", name_en="Taipei City")


@pytest.fixture
def hualien(db):
    return County.objects.create(code="TW-HUA", name_zh="花蓮縣", name_en="Hualien County")


@pytest.mark.django_db
def test_weekends_and_weekday_holidays_are_not_working_days():
    assert not calendar.is_working_day(D(2026, 11, 28))  # Saturday
    assert not calendar.is_working_day(D(2026, 10, 9))  # National Day moved to Friday
    assert not calendar.is_working_day(D(2026, 5, 1))  # Labour Day, a day off for offices from 2026
    assert calendar.is_working_day(D(2026, 11, 24))  # an ordinary Tuesday


@pytest.mark.django_db
def test_a_makeup_saturday_is_a_working_day():
    assert D(2025, 2, 8).weekday() == 5
    assert calendar.is_working_day(D(2025, 2, 8))


@pytest.mark.django_db
def test_lunar_new_year_week_is_skipped_when_counting():
    # Friday 2025-01-24: 1/27-1/31 are days off, 2/1-2/2 the weekend.
    assert calendar.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)


@pytest.mark.django_db
def test_counting_lands_on_the_makeup_saturday():
    assert calendar.add_working_days(D(2025, 2, 7), 1) == D(2025, 2, 8)
    assert calendar.add_working_days(D(2025, 2, 7), 2) == D(2025, 2, 10)


@pytest.mark.django_db
def test_ten_working_days_across_the_2026_new_year():
    # 2025-12-25 (Thursday) and 2026-01-01 (Thursday) are days off.
    assert calendar.add_working_days(D(2025, 12, 19), 10) == D(2026, 1, 6)


@pytest.mark.django_db
def test_a_typhoon_closure_delays_only_its_county(taipei, hualien):
    Closure.objects.create(date=D(2026, 7, 15), county=hualien, reason="颱風停班")
    start = D(2026, 7, 14)  # Tuesday
    assert calendar.add_working_days(start, 1, county_id=hualien.pk) == D(2026, 7, 16)
    assert calendar.add_working_days(start, 1, county_id=taipei.pk) == D(2026, 7, 15)
    assert calendar.add_working_days(start, 1) == D(2026, 7, 15)
    assert not calendar.is_working_day(D(2026, 7, 15), county_id=hualien.pk)


@pytest.mark.django_db
def test_a_national_closure_applies_to_every_county(taipei):
    Closure.objects.create(date=D(2026, 7, 15), county=None, reason="颱風停班（全國）")
    assert calendar.add_working_days(D(2026, 7, 14), 1, county_id=taipei.pk) == D(2026, 7, 16)
    assert calendar.add_working_days(D(2026, 7, 14), 1) == D(2026, 7, 16)


@pytest.mark.django_db
def test_one_national_closure_per_day(taipei):
    Closure.objects.create(date=D(2026, 7, 15), county=None, reason="a")
    with pytest.raises(IntegrityError):
        Closure.objects.create(date=D(2026, 7, 15), county=None, reason="b")


@pytest.mark.django_db
def test_working_days_between_counts_the_end_not_the_start():
    assert calendar.working_days_between(D(2026, 11, 23), D(2026, 11, 27)) == 4
    assert calendar.working_days_between(D(2026, 11, 27), D(2026, 11, 30)) == 1
    assert calendar.working_days_between(D(2026, 11, 30), D(2026, 11, 27)) == -1


@pytest.mark.django_db
def test_zero_days_from_a_holiday_is_the_next_working_day():
    assert calendar.add_working_days(D(2026, 10, 9), 0) == D(2026, 10, 12)


def test_the_published_calendar_has_the_expected_number_of_working_days():
    for year, expected in ((2025, 247), (2026, 245), (2027, 244)):
        days = [D(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
        working = sum(1 for d in days if d.year == year and calendar._published_working(d))
        assert working == expected, year
