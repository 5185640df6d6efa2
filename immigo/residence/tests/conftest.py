"""Fixtures of the residence tests: Taipei station with its special-operations team, a
Vietnamese-speaking interpreter, a counter officer, a headquarters supervisor."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from immigo.accounts.models import Role, User
from immigo.core.models import Unit

from . import factories as f


@pytest.fixture(autouse=True)
def _clean_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def station(db) -> Unit:  # type: ignore[no-untyped-def]
    return f.station()


@pytest.fixture
def team(station: Unit) -> Unit:
    return f.special_ops(county_obj=station.county)


@pytest.fixture
def interpreter(station: Unit) -> User:
    return f.staff("interpreter@immigo.test", Role.INTERPRETER, station, languages=("vi", "id"), full_name="Vietnamese Interpreter")


@pytest.fixture
def counter_officer(station: Unit) -> User:
    return f.staff("counter@immigo.test", Role.COUNTER_OFFICER, station, languages=("zh-hant", "en"), full_name="Counter Officer")


@pytest.fixture
def special_ops_officer(team: Unit) -> User:
    return f.staff("specialops@immigo.test", Role.SPECIAL_OPERATIONS, team, full_name="Field Officer")


@pytest.fixture
def hq_supervisor(station: Unit) -> User:
    return f.staff("supervisor.hq@immigo.test", Role.SUPERVISOR, f.hq(), full_name="HQ Supervisor")
