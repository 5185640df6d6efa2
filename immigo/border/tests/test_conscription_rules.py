"""The conscript exit rules at their boundaries (service-rules.md §3)."""

import datetime as dt

import pytest

from immigo.border import conscription as c

D = dt.date


def test_conscription_age_runs_from_the_year_he_turns_19_to_the_end_of_the_year_he_turns_36():
    assert c.conscription_period(D(2007, 6, 30)) == (D(2026, 1, 1), D(2043, 12, 31))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 12, 31), False),  # still 18 and the year before he turns 19
        (D(2026, 1, 1), True),  # men born in 2007 became conscripts on 2026-01-01
        (D(2043, 12, 31), True),  # the last day of the year he turns 36
        (D(2044, 1, 1), False),
    ],
)
def test_conscript_age_boundaries(day, expected):
    assert c.is_conscript_age(D(2007, 12, 31), day) is expected


def test_the_approval_allows_exits_for_one_month():
    assert c.approval_valid_until(D(2026, 11, 24)) == D(2026, 12, 23)
    assert c.approval_valid_until(D(2026, 1, 31)) == D(2026, 2, 27)  # 28 February less a day


@pytest.mark.parametrize(
    ("departure", "latest"),
    [(D(2026, 7, 1), D(2026, 11, 1)), (D(2026, 10, 31), D(2027, 2, 28)), (D(2027, 10, 31), D(2028, 2, 29))],
)
def test_a_stay_abroad_lasts_at_most_four_months(departure, latest):
    assert c.latest_return_abroad(departure) == latest


@pytest.mark.parametrize(
    ("level", "years", "consecutive", "limit"),
    [
        (c.StudyLevel.BACHELOR, 4, False, 24),
        (c.StudyLevel.BACHELOR, 5, False, 25),  # one extra year of programme, one extra year of age
        (c.StudyLevel.BACHELOR, 7, False, 27),
        (c.StudyLevel.MASTER, 2, False, 27),
        (c.StudyLevel.PHD, 5, False, 30),
        (c.StudyLevel.PHD, 5, True, 33),  # consecutive degrees: at most 33
    ],
)
def test_study_abroad_age_limits(level, years, consecutive, limit):
    assert c.study_age_limit(level, programme_years=years, consecutive_degrees=consecutive) == limit


def test_the_study_age_counts_to_31_december_of_the_limit_year():
    assert c.study_abroad_deadline(D(2002, 3, 15), c.StudyLevel.BACHELOR) == D(2026, 12, 31)
    assert c.study_abroad_deadline(D(2002, 3, 15), c.StudyLevel.MASTER) == D(2029, 12, 31)


def test_left_before_conscription_age_means_before_1_january_of_the_year_he_turns_19():
    assert c.left_before_conscription_age(D(2000, 5, 1), D(2018, 12, 31)) is True
    assert c.left_before_conscription_age(D(2000, 5, 1), D(2019, 1, 1)) is False


def test_a_visit_to_taiwan_lasts_three_months_or_six_with_the_extension():
    assert c.latest_exit_after_visit(D(2026, 6, 15)) == D(2026, 9, 15)
    assert c.latest_exit_after_visit(D(2026, 6, 15), extended=True) == D(2026, 12, 15)


@pytest.mark.parametrize(
    ("departure", "back", "ok"),
    [
        (D(2026, 1, 20), D(2026, 3, 20), True),  # exactly 2 months
        (D(2026, 1, 20), D(2026, 3, 21), False),
        (D(2026, 2, 28), D(2026, 4, 28), True),
        (D(2026, 3, 1), D(2026, 3, 10), False),  # not the winter break
        (D(2027, 1, 20), D(2027, 2, 1), False),  # not the year he turns 19
    ],
)
def test_airport_approval_conditions(departure, back, ok):
    assert c.airport_approval_check(date_of_birth=D(2007, 8, 1), departure=departure, return_date=back).ok is ok
