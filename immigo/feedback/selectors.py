"""Reads of the satisfaction ratings: the ticket a counter's tablet asks about, the supervisor's
alerts, the monthly statistics (seed G01, Table 1-5) and the service-expert tally (G02)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from immigo.accounts.models import User
from immigo.accounts.permissions import units_where
from immigo.core.models import Unit
from immigo.queues.models import Counter, Ticket
from immigo.queues.services import COUNTER_ROLES

from .models import SATISFIED_LEVELS, VOTE_LEVEL, Alert, Ballot, Level, Rating
from .services import SUPERVISOR_ROLES
from .workflow import PENDING_STATUSES

# The tablet asks about the ticket the counter finished last, for this long after.
TABLET_WINDOW = dt.timedelta(minutes=10)
# Handled alerts stay on the supervisor's screen for the rest of the day (latest first).
HANDLED_SHOWN = 20


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of `month` and the first day of the next month."""
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def percent(part: int, whole: int) -> Decimal | None:
    """A percentage with two decimals, rounded half up as printed in the seed's table."""
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ticket_for_tablet(*, counter: Counter) -> Ticket | None:
    """The ticket the counter's tablet asks the person to rate: the one finished last at the
    counter, within the last minutes, while it has no rating."""
    since = timezone.now() - TABLET_WINDOW
    return (
        Ticket.objects.filter(counter=counter, status=Ticket.Status.SERVED, finished_at__gte=since, rating__isnull=True)
        .order_by("-finished_at")
        .first()
    )


def counter_get_by_tablet_token(*, token: str) -> Counter | None:
    return Counter.objects.select_related("station").filter(tablet_token=token, is_active=True).first()


def station_list_for_supervisor(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=units_where(user, SUPERVISOR_ROLES), kind=Unit.Kind.SERVICE_STATION).order_by("code")


def station_list_for_ballots(*, user: User) -> QuerySet[Unit]:
    from .services import BALLOT_ROLES

    return Unit.objects.filter(pk__in=units_where(user, BALLOT_ROLES), kind=Unit.Kind.SERVICE_STATION).order_by("code")


def ballot_list_recent(*, station: Unit, limit: int = 20) -> list[Ballot]:
    """The ballots entered last at the station (for the volunteer to check their entries)."""
    return list(Ballot.objects.filter(station=station).select_related("officer", "entered_by").order_by("-created_at", "-id")[:limit])


def alert_list_for_supervisor(*, station: Unit) -> tuple[list[Alert], list[Alert]]:
    """The alerts still to deal with (oldest first: the person has waited longest) and the last
    handled ones."""
    base = Alert.objects.filter(station=station).select_related("rating__counter", "rating__officer", "rating__ticket", "acknowledged_by")
    pending = list(base.filter(status__in=PENDING_STATUSES).order_by("created_at", "id"))
    handled = list(base.filter(status=Alert.Status.HANDLED).select_related("handled_by").order_by("-handled_at")[:HANDLED_SHOWN])
    return pending, handled


@dataclass
class LevelCounts:
    """Counts per level, in the seed's order (very satisfied first)."""

    counts: dict[int, int] = field(default_factory=lambda: {level: 0 for level in Level.values})
    served: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(self.counts[level] for level in SATISFIED_LEVELS)

    @property
    def neutral(self) -> int:
        return self.counts[Level.NEUTRAL]

    @property
    def dissatisfied(self) -> int:
        return self.total - self.satisfied - self.neutral

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.satisfied, self.total)

    @property
    def usage_rate(self) -> Decimal | None:
        """Rated tickets / served tickets."""
        return percent(self.total, self.served)

    def ordered(self) -> list[tuple[int, int, Decimal | None]]:
        """(level, count, share of the total) from very satisfied down."""
        return [(level, self.counts[level], percent(self.counts[level], self.total)) for level in sorted(self.counts, reverse=True)]


@dataclass
class CounterStats:
    counter: Counter
    counts: LevelCounts


@dataclass
class MonthStats:
    station: Unit
    month: dt.date
    counters: list[CounterStats]
    total: LevelCounts


def statistics_for_month(*, station: Unit, month: dt.date) -> MonthStats:
    """The five-light statistics of a station for one month: per counter and for the station,
    counts per level, satisfaction rate ((very satisfied + satisfied) / all) and usage rate
    (rated tickets / served tickets). Three queries whatever the number of counters."""
    start, end = month_bounds(month)
    counters = list(Counter.objects.filter(station=station).order_by("number"))
    per_counter: dict[int, LevelCounts] = defaultdict(LevelCounts)
    total = LevelCounts()
    ratings = (
        Rating.objects.filter(station=station, service_day__gte=start, service_day__lt=end)
        .values("counter_id", "level")
        .annotate(n=Count("id"))
    )
    for row in ratings:
        per_counter[row["counter_id"]].counts[row["level"]] += row["n"]
        total.counts[row["level"]] += row["n"]
    served = (
        Ticket.objects.filter(station=station, service_day__gte=start, service_day__lt=end, status=Ticket.Status.SERVED)
        .values("counter_id")
        .annotate(n=Count("id"))
    )
    for served_row in served:
        per_counter[served_row["counter_id"]].served += served_row["n"]
        total.served += served_row["n"]
    return MonthStats(
        station=station,
        month=start,
        counters=[CounterStats(c, per_counter[c.pk]) for c in counters if c.pk in per_counter],
        total=total,
    )


@dataclass
class ExpertLine:
    officer: User
    rating_votes: int
    ballot_votes: int
    satisfied: int
    rated: int
    last_vote: dt.datetime | None

    @property
    def votes(self) -> int:
        return self.rating_votes + self.ballot_votes

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.satisfied, self.rated)


def _tie_key(line: ExpertLine) -> tuple[int, Decimal, float, int]:
    # Tie rule, in order: more votes; then the higher satisfaction rate over all the officer's
    # ratings of the month; then whoever reached their total first (the earlier last vote);
    # then the lower staff number (account id), so the result never depends on the database.
    rate = line.satisfaction_rate if line.satisfaction_rate is not None else Decimal(-1)
    last = line.last_vote.timestamp() if line.last_vote is not None else 0.0
    return (-line.votes, -rate, last, line.officer.pk)


TIE_RULE = (
    "most votes; then the higher satisfaction rate of the month; then the one who reached the total first; then the lower staff number"
)


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None or b is None:
        return a or b
    return max(a, b)


def expert_tally(*, station: Unit, month: dt.date) -> list[ExpertLine]:
    """The month's service-expert vote of a station, winner first: every top-level rating is a
    vote for the officer who served, every paper ballot a vote for the officer named on it.
    Three queries."""
    start, end = month_bounds(month)
    lines: dict[int, ExpertLine] = {}
    rows = (
        Rating.objects.filter(station=station, service_day__gte=start, service_day__lt=end)
        .values("officer_id", "level")
        .annotate(n=Count("id"), last=Max("created_at"))
    )
    ballots = Ballot.objects.filter(station=station, month=start).values("officer_id").annotate(n=Count("id"), last=Max("created_at"))
    rating_rows, ballot_rows = list(rows), list(ballots)
    officers = User.objects.in_bulk({r["officer_id"] for r in rating_rows} | {b["officer_id"] for b in ballot_rows})

    def line_for(officer_id: int) -> ExpertLine:
        if officer_id not in lines:
            lines[officer_id] = ExpertLine(
                officer=officers[officer_id], rating_votes=0, ballot_votes=0, satisfied=0, rated=0, last_vote=None
            )
        return lines[officer_id]

    for row in rating_rows:
        line = line_for(row["officer_id"])
        line.rated += row["n"]
        if row["level"] in SATISFIED_LEVELS:
            line.satisfied += row["n"]
        if row["level"] == VOTE_LEVEL:
            line.rating_votes += row["n"]
            line.last_vote = _later(line.last_vote, row["last"])
    for ballot_row in ballot_rows:
        line = line_for(ballot_row["officer_id"])
        line.ballot_votes += ballot_row["n"]
        line.last_vote = _later(line.last_vote, ballot_row["last"])
    return sorted(lines.values(), key=_tie_key)


def expert_winner(*, station: Unit, month: dt.date) -> ExpertLine | None:
    tally = expert_tally(station=station, month=month)
    return tally[0] if tally and tally[0].votes > 0 else None


@dataclass
class YearLine:
    officer: User
    months_won: list[dt.date]
    votes: int

    @property
    def wins(self) -> int:
        return len(self.months_won)


def expert_year(*, station: Unit, year: int, until: dt.date | None = None) -> list[YearLine]:
    """Per officer of the station: the months of `year` they were service expert and their
    votes over the year, most wins first (the count that goes into the annual appraisal, seed
    G02). Months after `until` (today by default) are not counted yet."""
    from immigo.core import calendar

    until = until or calendar.local_today()
    lines: dict[int, YearLine] = {}
    for month_number in range(1, 13):
        month = dt.date(year, month_number, 1)
        if month > until:
            break
        tally = expert_tally(station=station, month=month)
        for position, line in enumerate(tally):
            entry = lines.setdefault(line.officer.pk, YearLine(officer=line.officer, months_won=[], votes=0))
            entry.votes += line.votes
            if position == 0 and line.votes > 0:
                entry.months_won.append(month)
    return sorted(lines.values(), key=lambda line: (-line.wins, -line.votes, line.officer.pk))


def officers_of_station(*, station: Unit) -> QuerySet[User]:
    """The officers who work the station's counters (for the ballot form and the vote)."""
    from immigo.accounts.models import StaffRole

    user_ids = StaffRole.objects.filter(role__in=COUNTER_ROLES, unit=station).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=user_ids, is_active=True, kind=User.Kind.STAFF).order_by("full_name", "id")
