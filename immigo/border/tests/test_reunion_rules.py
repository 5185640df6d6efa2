"""The reunion-period computation (A16): the 8 → 6 years change, the more-than-183-days year,
leap years, gaps in the records and in the permits."""

import datetime as dt

import pytest

from immigo.border import reunion as r

D = dt.date


def stay(days_out: list[tuple[dt.date, dt.date]]) -> list[r.CrossingRecord]:
    """Crossings for someone in Taiwan except during the given trips (exit day, entry day)."""
    out = []
    for exit_day, entry_day in days_out:
        out += [r.CrossingRecord(exit_day, "exit"), r.CrossingRecord(entry_day, "entry")]
    return out


def test_the_rule_is_8_years_before_the_amendment_and_6_from_it():
    assert r.rule_years_on(D(2009, 8, 13)) == 8
    assert r.rule_years_on(D(2009, 8, 14)) == 6
    assert sum(r.OLD_RULE_YEARS.values()) == 8 and sum(r.NEW_RULE_YEARS.values()) == 6


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2011, 3, 1), D(2012, 2, 29)),  # a year that holds 29 February has 366 days
        (D(2012, 2, 29), D(2013, 2, 28)),  # no 29 February next year: the month's last day
        (D(2013, 3, 1), D(2014, 2, 28)),
        (D(2015, 7, 10), D(2016, 7, 9)),
    ],
)
def test_years_run_anniversary_to_anniversary(start, end):
    assert r.year_end(start) == end


def test_entry_and_exit_days_both_count():
    intervals, anomalies = r.presence_intervals(
        [r.CrossingRecord(D(2020, 1, 10), "entry"), r.CrossingRecord(D(2020, 1, 12), "exit")], start=D(2020, 1, 1), end=D(2020, 12, 31)
    )
    assert r.days_present(intervals, D(2020, 1, 1), D(2020, 12, 31)) == 3
    assert anomalies == []


def _year_with_days_out(start: dt.date, days_abroad: int) -> list[r.CrossingRecord]:
    """In Taiwan all year except one trip: left the day after `start`, back `days_abroad` + 1 later."""
    exit_day = start + dt.timedelta(days=1)
    return stay([(exit_day, exit_day + dt.timedelta(days=days_abroad + 1))])


@pytest.mark.parametrize(("days_abroad", "qualifies"), [(181, True), (182, False)])
def test_a_year_counts_only_with_more_than_183_days(days_abroad, qualifies):
    # 2013-03-01..2014-02-28 has 365 days; away `days_abroad` full days leaves 365 - days_abroad.
    start = D(2013, 3, 1)
    crossings = [r.CrossingRecord(D(2013, 1, 1), "entry"), *_year_with_days_out(start, days_abroad)]
    result = r.reunion_period_compute(periods=[r.StatusPeriod(r.Stage.DEPENDENT, start)], crossings=crossings, as_of=D(2014, 3, 1))
    row = result.rows[0]
    assert row.days_in_taiwan == 365 - days_abroad
    assert row.qualifies is qualifies  # 184 days counts, 183 does not


def test_leap_year_has_one_more_day_to_count():
    start = D(2011, 3, 1)
    crossings = [r.CrossingRecord(D(2011, 1, 1), "entry"), *_year_with_days_out(start, 182)]
    result = r.reunion_period_compute(periods=[r.StatusPeriod(r.Stage.DEPENDENT, start)], crossings=crossings, as_of=D(2012, 3, 1))
    assert result.rows[0].end == D(2012, 2, 29)
    assert result.rows[0].days_in_taiwan == 184  # 366 - 182: counts in a leap year, not in a common one
    assert result.rows[0].qualifies


def test_new_rule_six_years_with_reunion_years_credited():
    crossings = [r.CrossingRecord(D(2006, 1, 1), "entry")]  # in Taiwan since, no trips
    periods = [
        r.StatusPeriod(r.Stage.REUNION, D(2007, 1, 1), D(2008, 12, 31)),  # two full reunion years under the old rule
        r.StatusPeriod(r.Stage.DEPENDENT, D(2009, 1, 1), D(2010, 12, 31)),
        r.StatusPeriod(r.Stage.LONG_TERM, D(2011, 1, 1)),
    ]
    result = r.reunion_period_compute(periods=periods, crossings=crossings, as_of=D(2013, 6, 30))
    assert result.rule_years == 6
    assert result.credited_reunion_years == 2
    assert result.dependent_years == 4  # 2 credited + 2 of dependent residence
    assert result.long_term_eligible_on == D(2011, 1, 1)
    assert result.long_term_consecutive_years == 2
    assert result.settlement_eligible_on == D(2013, 1, 1)


def test_old_rule_needs_reunion_years_of_their_own():
    crossings = [r.CrossingRecord(D(2000, 1, 1), "entry")]
    periods = [r.StatusPeriod(r.Stage.REUNION, D(2003, 1, 1), D(2004, 12, 31)), r.StatusPeriod(r.Stage.DEPENDENT, D(2005, 1, 1))]
    result = r.reunion_period_compute(periods=periods, crossings=crossings, as_of=D(2009, 3, 1))
    assert result.rule_years == 8
    assert result.reunion_years == 2 and result.credited_reunion_years == 0
    assert result.dependent_years == 4
    assert result.long_term_eligible_on == D(2009, 1, 1)


def test_reunion_years_after_the_amendment_are_not_credited():
    crossings = [r.CrossingRecord(D(2009, 1, 1), "entry")]
    periods = [r.StatusPeriod(r.Stage.REUNION, D(2010, 1, 1), D(2010, 12, 31)), r.StatusPeriod(r.Stage.DEPENDENT, D(2011, 1, 1))]
    result = r.reunion_period_compute(periods=periods, crossings=crossings, as_of=D(2012, 6, 1))
    assert result.credited_reunion_years == 0
    assert result.dependent_years == 1


def test_a_gap_between_permits_counts_nothing():
    crossings = [r.CrossingRecord(D(2015, 1, 1), "entry")]
    periods = [
        r.StatusPeriod(r.Stage.DEPENDENT, D(2016, 1, 1), D(2016, 6, 30)),  # lapsed mid-year
        r.StatusPeriod(r.Stage.DEPENDENT, D(2017, 1, 1)),
    ]
    result = r.reunion_period_compute(periods=periods, crossings=crossings, as_of=D(2017, 12, 31))
    first, second = result.rows
    assert not first.complete and not first.qualifies  # the permit ended before the year did
    assert second.complete and second.qualifies
    assert result.dependent_years == 1


def test_a_short_long_term_year_restarts_the_two_consecutive_years():
    away = stay([(D(2021, 2, 1), D(2021, 12, 1))])  # 2021 mostly abroad
    crossings = [r.CrossingRecord(D(2015, 1, 1), "entry"), *away]
    periods = [r.StatusPeriod(r.Stage.DEPENDENT, D(2016, 1, 1), D(2019, 12, 31)), r.StatusPeriod(r.Stage.LONG_TERM, D(2020, 1, 1))]
    result = r.reunion_period_compute(periods=periods, crossings=crossings, as_of=D(2022, 12, 31))
    long_term = [row for row in result.rows if row.stage is r.Stage.LONG_TERM]
    assert [row.qualifies for row in long_term] == [True, False, True]
    assert result.long_term_consecutive_years == 1
    assert result.settlement_eligible_on is None


def test_the_year_in_progress_is_shown_but_not_counted():
    result = r.reunion_period_compute(
        periods=[r.StatusPeriod(r.Stage.DEPENDENT, D(2026, 1, 1))],
        crossings=[r.CrossingRecord(D(2025, 1, 1), "entry")],
        as_of=D(2026, 11, 24),
    )
    assert len(result.rows) == 1
    assert result.rows[0].days_in_taiwan == 328
    assert not result.rows[0].complete and not result.rows[0].qualifies


def test_missing_records_are_reported_and_counted_conservatively():
    crossings = [
        r.CrossingRecord(D(2020, 1, 1), "entry"),
        r.CrossingRecord(D(2020, 3, 1), "entry"),  # no exit recorded in between: stays counted
        r.CrossingRecord(D(2020, 5, 1), "exit"),
        r.CrossingRecord(D(2020, 6, 1), "exit"),  # no entry in between: only the exit day counts
    ]
    intervals, anomalies = r.presence_intervals(crossings, start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert len(anomalies) == 2
    assert r.days_present(intervals, D(2020, 1, 1), D(2020, 12, 31)) == 122 + 1  # 1 Jan–1 May, and 1 June


def test_someone_whose_first_record_is_an_exit_was_in_taiwan_before_it():
    intervals, _ = r.presence_intervals([r.CrossingRecord(D(2020, 1, 10), "exit")], start=D(2020, 1, 1), end=D(2020, 1, 31))
    assert r.days_present(intervals, D(2020, 1, 1), D(2020, 1, 31)) == 10
