"""Fixtures of the queue tests: the Taipei station with a counter officer, a second officer, a
supervisor and a volunteer; another station's officer; time frozen on a working day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from immigo.accounts.models import Role, User
from immigo.core.models import Unit

from . import factories as f

# Tuesday 24 November 2026, 09:30 in Taipei: a working day.
NOW = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clean_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def station(db) -> Unit:  # type: ignore[no-untyped-def]
    return f.station()


@pytest.fixture
def officer(station: Unit) -> User:
    return f.staff("counter@immigo.test", Role.COUNTER_OFFICER, station, full_name="Chen Yi-chun")


@pytest.fixture
def officer2(station: Unit) -> User:
    return f.staff("counter2@immigo.test", Role.COUNTER_OFFICER, station, full_name="Lin Chih-ming")


@pytest.fixture
def supervisor(station: Unit) -> User:
    return f.staff("supervisor@immigo.test", Role.SUPERVISOR, station, full_name="Huang Shu-fen")


@pytest.fixture
def volunteer(station: Unit) -> User:
    return f.staff("volunteer@immigo.test", Role.VOLUNTEER, station, full_name="Hsu Volunteer")


@pytest.fixture
def other_officer(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("khh@immigo.test", Role.COUNTER_OFFICER, f.station(f.KAOHSIUNG))
