"""Fixtures of the quota tests. Time is frozen on Tuesday 2026-11-24 (a working day) at 10:00 in
Taipei; the quota days are the days after."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from immigo.accounts.models import User
from immigo.organisations.models import Organisation

from . import factories as f

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()
DAY = TODAY + dt.timedelta(days=3)


@pytest.fixture(autouse=True)
def _frozen_time_and_clean_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    with time_machine.travel(NOW, tick=True):
        yield
    cache.clear()


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return f.quota_officer()


@pytest.fixture
def agency(db) -> Organisation:  # type: ignore[no-untyped-def]
    return f.agency()


@pytest.fixture
def agent(agency: Organisation) -> User:
    return f.agency_login(agency, "agent@agency.test")


@pytest.fixture
def other_agency(db) -> Organisation:  # type: ignore[no-untyped-def]
    return f.agency("22345675", "乙旅行社")


@pytest.fixture
def other_agent(other_agency: Organisation) -> User:
    return f.agency_login(other_agency, "agent2@agency2.test")
