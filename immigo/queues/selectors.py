"""Reads of the queue: the stations with a queue, a ticket by its secret, a ticket's place, the
display board, and the counters of a station."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from immigo.accounts.models import User
from immigo.accounts.permissions import units_where
from immigo.core import calendar
from immigo.core.errors import NotFoundError
from immigo.core.models import Unit

from .errors import TicketNotFoundError
from .models import Category, Counter, Ticket
from .services import COUNTER_ROLES, station_categories
from .workflow import ACTIVE_STATUSES

Status = Ticket.Status
# The display shows the latest calls; older ones scroll off.
BOARD_SIZE = 8


def station_name(station: Unit, *, language: str | None = None) -> str:
    """Chinese readers see the Chinese name, everyone else the English one."""
    return station.name_zh if (language or get_language() or "").startswith("zh") else station.name_en


def station_list_with_queue() -> QuerySet[Unit]:
    """The active stations with at least one counter in use."""
    return Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, is_active=True, counters__is_active=True).distinct().order_by("code")


def station_get_for_queue(*, code: str) -> Unit:
    try:
        return station_list_with_queue().get(code=code)
    except Unit.DoesNotExist:
        raise NotFoundError(details={"station": code}) from None


def ticket_get_by_token(*, token: str) -> Ticket:
    try:
        return Ticket.objects.select_related("station", "counter").get(token=token)
    except Ticket.DoesNotExist:
        raise TicketNotFoundError() from None


def ticket_places_ahead(ticket: Ticket) -> int | None:
    """How many waiting tickets of the same series will be called before this one: priority
    tickets first, then by number. None once the ticket is no longer waiting."""
    if ticket.status != Status.WAITING:
        return None
    waiting = Ticket.objects.filter(
        station_id=ticket.station_id, service_day=ticket.service_day, category=ticket.category, status=Status.WAITING
    ).exclude(pk=ticket.pk)
    if ticket.is_priority:
        return waiting.exclude(priority_reason="").filter(number__lt=ticket.number).count()
    return waiting.filter(Q(~Q(priority_reason="")) | Q(number__lt=ticket.number)).count()


@dataclass(frozen=True)
class CategoryLine:
    category: str
    label: str
    waiting: int


@dataclass(frozen=True)
class Board:
    """What the station's display shows: the tickets now at a window (latest call first) and how
    many people wait in each series. Numbers only: nothing personal."""

    station: Unit
    calls: list[Ticket]
    lines: list[CategoryLine]

    @property
    def latest(self) -> Ticket | None:
        return self.calls[0] if self.calls else None


def board_get(*, station: Unit) -> Board:
    today = calendar.local_today()
    calls = list(
        Ticket.objects.filter(station=station, service_day=today, status__in=ACTIVE_STATUSES)
        .select_related("counter")
        .order_by("-called_at", "-id")[:BOARD_SIZE]
    )
    waiting = dict(
        Ticket.objects.filter(station=station, service_day=today, status=Status.WAITING)
        .values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    lines = [CategoryLine(c, str(Category(c).label), waiting.get(c, 0)) for c in station_categories(station)]
    return Board(station=station, calls=calls, lines=lines)


def station_list_for_officer(*, user: User) -> QuerySet[Unit]:
    """The stations where `user` may work a counter."""
    return Unit.objects.filter(pk__in=units_where(user, COUNTER_ROLES), kind=Unit.Kind.SERVICE_STATION).order_by("code")


def counter_list_for_station(*, station: Unit) -> QuerySet[Counter]:
    return Counter.objects.filter(station=station, is_active=True).select_related("officer").order_by("number")


def counter_current_ticket(*, counter: Counter) -> Ticket | None:
    return Ticket.objects.filter(counter=counter, status__in=ACTIVE_STATUSES).select_related("station").first()


def waiting_counts(*, station: Unit, categories: Iterable[str]) -> dict[str, int]:
    today = calendar.local_today()
    rows = (
        Ticket.objects.filter(station=station, service_day=today, status=Status.WAITING, category__in=list(categories))
        .values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    return dict(rows)


def ticket_list_missed_today(*, station: Unit) -> QuerySet[Ticket]:
    """Today's no-shows, which an officer may put back in the queue when the person turns up."""
    return Ticket.objects.filter(station=station, service_day=calendar.local_today(), status=Status.NO_SHOW).order_by("-finished_at")
