"""Mainland spouses' road to settlement: the reunion-period credit (團聚併計期間) as pure code.

Rules (service-rules.md §5; seed A16):

- Before the 2009 amendment of the Cross-Strait Act (art. 17) the road took **8 years**:
  2 years of reunion visits (團聚), 4 years of dependent residence (依親居留), 2 years of
  long-term residence (長期居留), then settlement (定居).
- From the amendment (in force 2009-08-14 [VERIFY]) it takes **6 years**: dependent residence
  at once, 4 years of it, then 2 consecutive years of long-term residence.
- Every year counts only with **more than 183 days** in Taiwan in that year.
- Time already spent in reunion under the old rule is credited (併計) toward the 4 years of
  dependent residence: each full year of reunion status begun before the amendment, with more
  than 183 days in Taiwan, counts as one year of dependent residence.

How the days are counted (the conventions an officer applies by hand, stated once here):

- Years run from the start of each status, anniversary to anniversary; a year that begins on
  29 February ends on 28 February of the next year (Civil Code art. 121: when the last month has
  no corresponding day, the period ends on that month's last day).
- The day of entry and the day of exit both count as days in Taiwan.
- Only days inside a status period (lawful stay) count; a gap between permits counts nothing.
- A year that is not complete on the day of the computation is shown but not credited; so is the
  part-year a status ends with.
- Missing crossing records (two entries or two exits in a row) are reported as anomalies for the
  officer; between two entries the person is taken to have stayed, between two exits only the
  exit days count.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

AMENDMENT_EFFECTIVE = dt.date(2009, 8, 14)
MIN_DAYS_PER_YEAR = 184  # "more than 183 days"
OLD_RULE_YEARS = {"reunion": 2, "dependent": 4, "long_term": 2}  # 8 years
NEW_RULE_YEARS = {"reunion": 0, "dependent": 4, "long_term": 2}  # 6 years


class Stage(enum.StrEnum):
    REUNION = "reunion"  # 團聚
    DEPENDENT = "dependent"  # 依親居留
    LONG_TERM = "long_term"  # 長期居留


@dataclass(frozen=True)
class StatusPeriod:
    stage: Stage
    start: dt.date
    end: dt.date | None = None  # None: still held


@dataclass(frozen=True)
class CrossingRecord:
    day: dt.date
    direction: str  # "entry" or "exit"


@dataclass(frozen=True)
class YearRow:
    stage: Stage
    index: int  # 1-based within the stage
    start: dt.date
    end: dt.date
    days_in_taiwan: int
    complete: bool  # the whole year has passed and the status lasted the whole year
    qualifies: bool  # complete and more than 183 days
    credited_to: Stage | None  # the requirement this year counts toward, if it counts


@dataclass(frozen=True)
class Computation:
    as_of: dt.date
    rule_years: int  # 8 or 6
    rows: list[YearRow]
    credited_reunion_years: int  # reunion years credited toward dependent residence (new rule)
    reunion_years: int  # qualifying reunion years (old rule requirement)
    dependent_years: int  # qualifying years counted toward the 4 (credit included under the new rule)
    long_term_consecutive_years: int
    long_term_eligible_on: dt.date | None  # the day the dependent requirement was met
    settlement_eligible_on: dt.date | None
    anomalies: list[str] = field(default_factory=list)

    @property
    def required(self) -> dict[str, int]:
        return dict(OLD_RULE_YEARS if self.rule_years == 8 else NEW_RULE_YEARS)


def rule_years_on(day: dt.date) -> int:
    """The total the law required on `day`: 8 years before the amendment, 6 from it."""
    return 6 if day >= AMENDMENT_EFFECTIVE else 8


def _last_day_of_month(year: int, month: int) -> int:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def year_end(start: dt.date) -> dt.date:
    """The last day of the year that begins on `start` (Civil Code art. 121)."""
    year = start.year + 1
    if start.month == 2 and start.day == 29 and _last_day_of_month(year, 2) == 28:
        return dt.date(year, 2, 28)
    return dt.date(year, start.month, start.day) - dt.timedelta(days=1)


def presence_intervals(
    crossings: Iterable[CrossingRecord], *, start: dt.date, end: dt.date
) -> tuple[list[tuple[dt.date, dt.date]], list[str]]:
    """Intervals (inclusive) in Taiwan between `start` and `end`, from the crossings, and the
    anomalies found in the records. Before the first crossing the person is taken to be where
    that crossing says they were not (in Taiwan before a first exit, abroad before a first entry)."""
    ordered = sorted(crossings, key=lambda c: (c.day, 0 if c.direction == "entry" else 1))
    intervals: list[tuple[dt.date, dt.date]] = []
    anomalies: list[str] = []
    inside_since: dt.date | None = None
    if ordered and ordered[0].direction == "exit":
        inside_since = dt.date.min
    previous: CrossingRecord | None = None
    for crossing in ordered:
        if crossing.direction == "entry":
            if inside_since is not None and previous is not None and previous.direction == "entry":
                anomalies.append(f"entry {crossing.day.isoformat()} follows entry {previous.day.isoformat()} with no exit recorded")
                previous = crossing
                continue
            inside_since = crossing.day
        else:
            if inside_since is None:
                # Two exits in a row: the entry between them is missing; count the exit day only.
                if previous is not None:
                    anomalies.append(f"exit {crossing.day.isoformat()} follows exit {previous.day.isoformat()} with no entry recorded")
                intervals.append((crossing.day, crossing.day))
            else:
                intervals.append((inside_since, crossing.day))
            inside_since = None
        previous = crossing
    if inside_since is not None:
        intervals.append((inside_since, dt.date.max))
    clipped = [(max(a, start), min(b, end)) for a, b in intervals if b >= start and a <= end]
    return _merge(clipped), anomalies


def _merge(intervals: Sequence[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def days_present(intervals: Sequence[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> int:
    total = 0
    for a, b in intervals:
        lo, hi = max(a, start), min(b, end)
        if lo <= hi:
            total += (hi - lo).days + 1
    return total


def _stage_years(period: StatusPeriod, as_of: dt.date) -> list[tuple[int, dt.date, dt.date, bool]]:
    """(index, start, end, complete) of each year of the period up to `as_of`."""
    last = min(period.end or as_of, as_of)
    out = []
    start, index = period.start, 1
    while start <= last:
        end = year_end(start)
        complete = end <= last and (period.end is None or end <= period.end) and end <= as_of
        out.append((index, start, min(end, last), complete))
        start, index = end + dt.timedelta(days=1), index + 1
    return out


def reunion_period_compute(*, periods: Sequence[StatusPeriod], crossings: Iterable[CrossingRecord], as_of: dt.date) -> Computation:
    """The year-by-year computation an officer answers an A16 request with.

    Guarantees: pure (no database); every year of every status period up to `as_of` is a row;
    the rule in force on `as_of` (8 or 6 years) decides whether reunion years are a requirement
    of their own or credited toward dependent residence."""
    ordered = sorted(periods, key=lambda p: p.start)
    first = ordered[0].start if ordered else as_of
    intervals, anomalies = presence_intervals(crossings, start=first, end=as_of)
    rule = rule_years_on(as_of)
    rows: list[YearRow] = []
    reunion_years = credited = dependent = 0
    long_term_run = 0
    long_term_eligible_on: dt.date | None = None
    settlement_eligible_on: dt.date | None = None
    required = OLD_RULE_YEARS if rule == 8 else NEW_RULE_YEARS
    for period in ordered:
        for index, start, end, complete in _stage_years(period, as_of):
            days = days_present(intervals, start, end)
            qualifies = complete and days >= MIN_DAYS_PER_YEAR
            credited_to: Stage | None = None
            if qualifies and period.stage is Stage.REUNION:
                if rule == 6 and start < AMENDMENT_EFFECTIVE:
                    credited += 1
                    dependent += 1
                    credited_to = Stage.DEPENDENT
                elif rule == 8:
                    reunion_years += 1
                    credited_to = Stage.REUNION
            elif qualifies and period.stage is Stage.DEPENDENT:
                if rule == 6 or reunion_years >= required["reunion"]:
                    dependent += 1
                    credited_to = Stage.DEPENDENT
            elif period.stage is Stage.LONG_TERM and complete:
                if qualifies and dependent >= required["dependent"]:
                    long_term_run += 1
                    credited_to = Stage.LONG_TERM
                else:
                    long_term_run = 0  # two consecutive years: a short year starts the count again
            if credited_to is Stage.DEPENDENT and dependent == required["dependent"] and long_term_eligible_on is None:
                long_term_eligible_on = end + dt.timedelta(days=1)
            if credited_to is Stage.LONG_TERM and long_term_run >= required["long_term"] and settlement_eligible_on is None:
                settlement_eligible_on = end + dt.timedelta(days=1)
            rows.append(
                YearRow(
                    stage=period.stage,
                    index=index,
                    start=start,
                    end=end,
                    days_in_taiwan=days,
                    complete=complete,
                    qualifies=qualifies,
                    credited_to=credited_to,
                )
            )
    return Computation(
        as_of=as_of,
        rule_years=rule,
        rows=rows,
        credited_reunion_years=credited,
        reunion_years=reunion_years,
        dependent_years=min(dependent, required["dependent"]) if dependent else 0,
        long_term_consecutive_years=long_term_run,
        long_term_eligible_on=long_term_eligible_on,
        settlement_eligible_on=settlement_eligible_on,
        anomalies=anomalies,
    )
