"""Plain factories of the queue tests: stations, staff, counters and tickets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit
from immigo.queues import services
from immigo.queues.models import Category, Counter, Ticket

TAIPEI = "station-01-taipei"
KAOHSIUNG = "station-17-kaohsiung-first"


def unit(code: str, kind: Unit.Kind = Unit.Kind.SERVICE_STATION, parent: Unit | None = None) -> Unit:
    return Unit.objects.get_or_create(
        code=code, defaults={"kind": kind, "name_zh": f"{code}站", "name_en": f"{code} station", "parent": parent}
    )[0]


def station(code: str = TAIPEI) -> Unit:
    return unit(code, parent=unit("hq-entry-exit", Unit.Kind.HEADQUARTERS))


def staff(email: str, role: Role, where: Unit, *, full_name: str = "") -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, "pw-for-tests-123", full_name=full_name or email.split("@")[0], kind=User.Kind.STAFF
    )
    StaffRole.objects.get_or_create(user=user, role=role, unit=where)
    return user


def counter(where: Unit, number: int, categories: Iterable[str] = (Category.GENERAL,), *, love: bool = False) -> Counter:
    return Counter.objects.create(station=where, number=number, is_love_counter=love, default_categories=list(categories))


def opened(where: Unit, number: int, officer: User, categories: Iterable[str] = (Category.GENERAL,), *, love: bool = False) -> Counter:
    return services.counter_open(counter=counter(where, number, categories, love=love), by=officer, categories=categories)


def ticket(where: Unit, category: str = Category.GENERAL, **kwargs: Any) -> Ticket:
    kwargs.setdefault("channel", Ticket.Channel.KIOSK)
    return services.ticket_issue(station=where, category=category, **kwargs)


def served(where: Unit, at: Counter, officer: User, **kwargs: Any) -> Ticket:
    """A ticket taken, called to `at` and served there."""
    ticket(where, **kwargs)
    called = services.ticket_call_next(counter=at, by=officer)
    return services.ticket_finish(ticket=called, by=officer)
