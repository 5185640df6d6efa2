"""Government working days (Asia/Taipei): the DGPA office calendar plus closures added by an
administrator (typhoon days, per county). Every time limit in the platform is counted here.

A date is a non-working day when it is a Saturday or Sunday that is not a make-up workday, a
weekday day off in the published calendar, or a closure for the county concerned (or nationwide).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

TAIPEI = ZoneInfo("Asia/Taipei")
CALENDAR_FILE = Path(__file__).with_name("data") / "tw-calendar.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishedCalendar:
    years: frozenset[int]
    days_off: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]
    descriptions: dict[dt.date, str]


@cache
def published_calendar() -> PublishedCalendar:
    raw = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))
    days_off: set[dt.date] = set()
    makeup: set[dt.date] = set()
    descriptions: dict[dt.date, str] = {}
    for year in raw["years"].values():
        for item in year["weekday_days_off"]:
            day = dt.date.fromisoformat(item["date"])
            days_off.add(day)
            descriptions[day] = item["description"]
        for item in year.get("makeup_workdays", []):
            day = dt.date.fromisoformat(item["date"])
            makeup.add(day)
            descriptions[day] = item["description"]
    return PublishedCalendar(
        years=frozenset(int(y) for y in raw["years"]),
        days_off=frozenset(days_off),
        makeup_workdays=frozenset(makeup),
        descriptions=descriptions,
    )


def local_today() -> dt.date:
    return timezone.now().astimezone(TAIPEI).date()


def _closed_days(start: dt.date, end: dt.date, county_id: int | None) -> set[dt.date]:
    from .models import Closure

    qs = Closure.objects.filter(date__gte=start, date__lte=end)
    if county_id is None:
        qs = qs.filter(county__isnull=True)
    else:
        qs = qs.filter(county__isnull=True) | qs.filter(county_id=county_id)
    return set(qs.values_list("date", flat=True))


def _published_working(day: dt.date) -> bool:
    cal = published_calendar()
    if day.year not in cal.years:
        log.warning("working-day calendar has no data for %s; counting Monday-Friday", day.year)
    if day in cal.makeup_workdays:
        return True
    if day.weekday() >= 5:
        return False
    return day not in cal.days_off


def is_working_day(day: dt.date, *, county_id: int | None = None) -> bool:
    return _published_working(day) and day not in _closed_days(day, day, county_id)


def add_working_days(start: dt.date, count: int, *, county_id: int | None = None) -> dt.date:
    """The `count`-th working day after `start` (start itself is never counted).

    With count == 0 it is `start` if that is a working day, else the next working day.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    horizon = start + dt.timedelta(days=count * 2 + 60)
    closed = _closed_days(start, horizon, county_id)
    day = start
    if count == 0:
        while not (_published_working(day) and day not in closed):
            day += dt.timedelta(days=1)
        return day
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if day > horizon:
            horizon = day + dt.timedelta(days=count * 2 + 60)
            closed |= _closed_days(day, horizon, county_id)
        if _published_working(day) and day not in closed:
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, *, county_id: int | None = None) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start, county_id=county_id)
    closed = _closed_days(start, end, county_id)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if _published_working(day) and day not in closed:
            count += 1
    return count


def describe(day: dt.date) -> str:
    return published_calendar().descriptions.get(day, "")
