"""Conscript-age men leaving the country (役男出境): the age bands and per-trip limits as code.

Rules (service-rules.md §3; seed A02–A04, F04):

- A man is of conscription age (役齡男子) from 1 January of the year after he turns 18 (the year
  he turns 19) until 31 December of the year he turns 36 (兵役法 art. 3). Until he has served,
  every exit needs approval.
- Short-term exit (A02, domestic students with deferment): the approval allows exits for
  1 month from approval; each stay abroad may last at most 4 months.
- Study abroad (A04, men who left before conscription age, 役男出境處理辦法): re-exit is allowed
  while studying at an accredited school up to a maximum study age of 24 (bachelor or lower),
  27 (master) or 30 (PhD), counted to 31 December of that year; a bachelor programme longer than
  4 years adds 1 year per extra year; for consecutive degrees the limit may be deferred to at most
  33 for a PhD. Each stay in Taiwan is at most 3 months, extendable by at most 3 months for
  illness, disaster or school holidays.
- Airport approval (F04): a man travelling in the winter break of the year he turns 19 (his first
  year of conscription age) without prior approval may sign an undertaking (切結書) at the airport
  and show a return ticket dated within 2 months; the Border Affairs Brigade approves the exit.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

FIRST_AGE = 19  # conscription age starts on 1 January of the year he turns 19
LAST_AGE = 36  # and ends on 31 December of the year he turns 36

APPROVAL_VALID_MONTHS = 1  # the approval allows exits for 1 month from approval
MAX_STAY_ABROAD_MONTHS = 4  # per trip, short-term exit (A02)

STAY_IN_TAIWAN_MONTHS = 3  # per visit, study abroad (A04)
STAY_EXTENSION_MONTHS = 3  # at most, for illness, disaster or school holidays

BACHELOR_STANDARD_YEARS = 4
PHD_CONSECUTIVE_MAX_AGE = 33

AIRPORT_RETURN_MONTHS = 2  # F04: a return ticket dated within 2 months
# F04 applies "in the winter break": the seed gives no dates. [Inference] Taiwan's school winter
# break falls in January and February, which is also the start of the first conscription year.
WINTER_BREAK_MONTHS = frozenset({1, 2})


class StudyLevel(enum.StrEnum):
    BACHELOR = "bachelor"  # bachelor or lower (high school, associate)
    MASTER = "master"
    PHD = "phd"


STUDY_AGE_LIMITS: dict[StudyLevel, int] = {StudyLevel.BACHELOR: 24, StudyLevel.MASTER: 27, StudyLevel.PHD: 30}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when that month is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def conscription_period(date_of_birth: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of conscription age for a man born on `date_of_birth`."""
    return dt.date(date_of_birth.year + FIRST_AGE, 1, 1), dt.date(date_of_birth.year + LAST_AGE, 12, 31)


def is_conscript_age(date_of_birth: dt.date, on: dt.date) -> bool:
    start, end = conscription_period(date_of_birth)
    return start <= on <= end


def is_first_conscript_year(date_of_birth: dt.date, on: dt.date) -> bool:
    """The year he turns 19: the year F04's airport approval is for."""
    return on.year == date_of_birth.year + FIRST_AGE


def left_before_conscription_age(date_of_birth: dt.date, departed_on: dt.date) -> bool:
    """A04: the first departure was before 1 January of the year he turned 19."""
    return departed_on < conscription_period(date_of_birth)[0]


def approval_valid_until(approved_on: dt.date) -> dt.date:
    """Last day on which an approved exit may take place (1 month from approval)."""
    return add_months(approved_on, APPROVAL_VALID_MONTHS) - dt.timedelta(days=1)


def latest_return_abroad(departure: dt.date) -> dt.date:
    """A02: the last day of a stay abroad of at most 4 months that starts on `departure`."""
    return add_months(departure, MAX_STAY_ABROAD_MONTHS)


def latest_airport_return(departure: dt.date) -> dt.date:
    """F04: the return ticket must be dated within 2 months of departure."""
    return add_months(departure, AIRPORT_RETURN_MONTHS)


def study_age_limit(level: StudyLevel, *, programme_years: int = BACHELOR_STANDARD_YEARS, consecutive_degrees: bool = False) -> int:
    """The age up to whose 31 December a man may keep studying abroad at `level`.

    A bachelor programme longer than 4 years adds 1 year per extra year; a PhD after consecutive
    degrees may be deferred, but never past 33."""
    limit = STUDY_AGE_LIMITS[level]
    if level is StudyLevel.BACHELOR and programme_years > BACHELOR_STANDARD_YEARS:
        limit += programme_years - BACHELOR_STANDARD_YEARS
    if level is StudyLevel.PHD and consecutive_degrees:
        limit = PHD_CONSECUTIVE_MAX_AGE
    return limit


def study_abroad_deadline(
    date_of_birth: dt.date, level: StudyLevel, *, programme_years: int = 4, consecutive_degrees: bool = False
) -> dt.date:
    """The last day (31 December of the limit year) on which study abroad still allows re-exit."""
    limit = study_age_limit(level, programme_years=programme_years, consecutive_degrees=consecutive_degrees)
    return dt.date(date_of_birth.year + limit, 12, 31)


def latest_exit_after_visit(entered_on: dt.date, *, extended: bool = False) -> dt.date:
    """A04: the last day of a stay in Taiwan that began on `entered_on` (3 months, or 6 with the
    extension for illness, disaster or school holidays)."""
    months = STAY_IN_TAIWAN_MONTHS + (STAY_EXTENSION_MONTHS if extended else 0)
    return add_months(entered_on, months)


@dataclass(frozen=True)
class AirportCheck:
    first_year: bool
    winter_break: bool
    return_in_time: bool

    @property
    def ok(self) -> bool:
        return self.first_year and self.winter_break and self.return_in_time


def airport_approval_check(*, date_of_birth: dt.date, departure: dt.date, return_date: dt.date) -> AirportCheck:
    """F04's three conditions besides the signed undertaking."""
    return AirportCheck(
        first_year=is_first_conscript_year(date_of_birth, departure),
        winter_break=departure.month in WINTER_BREAK_MONTHS,
        return_in_time=departure <= return_date <= latest_airport_return(departure),
    )
