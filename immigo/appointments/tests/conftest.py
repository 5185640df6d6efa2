"""Fixtures of the appointments tests. Time is frozen on Monday 2 March 2026, 09:00 in Taipei
(a working day); `tomorrow` is Tuesday 3 March."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from immigo.accounts.models import Role, User
from immigo.core.models import Unit

from . import factories as f

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _clean_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def station(db) -> Unit:  # type: ignore[no-untyped-def]
    return f.station()


@pytest.fixture
def other_station(db) -> Unit:  # type: ignore[no-untyped-def]
    return f.station("station-02-new-taipei")


@pytest.fixture
def counter_officer(station: Unit) -> User:
    return f.staff("counter@immigo.test", Role.COUNTER_OFFICER, station, full_name="Counter Officer")


@pytest.fixture
def supervisor(station: Unit) -> User:
    return f.staff("supervisor@immigo.test", Role.SUPERVISOR, station, full_name="Supervising Officer")


@pytest.fixture
def person(db) -> User:  # type: ignore[no-untyped-def]
    return f.public()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):  # type: ignore[no-untyped-def]
    """Notice tasks run where they are queued, so a test sees the outbox rows; the rules cache
    starts empty."""
    from ..rules import rules_cache_clear

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    rules_cache_clear()
    yield
    rules_cache_clear()
