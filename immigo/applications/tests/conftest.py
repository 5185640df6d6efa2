"""Shared fixtures of the applications tests: a county with its service station under the
headquarters division (which A01 routes to), officers with their roles, and an applicant."""

from __future__ import annotations

import pytest

from immigo.accounts.models import Role, User
from immigo.core.models import County, Unit

from . import factories as f


@pytest.fixture
def county(db) -> County:  # type: ignore[no-untyped-def]
    return f.county()


@pytest.fixture
def hq_unit(db) -> Unit:  # type: ignore[no-untyped-def]
    return f.hq_unit()


@pytest.fixture
def station(county: County, hq_unit: Unit) -> Unit:
    return f.station(county_obj=county)


@pytest.fixture
def counter_officer(station: Unit) -> User:
    return f.staff("counter@immigo.test", Role.COUNTER_OFFICER, station, full_name="Counter Officer")


@pytest.fixture
def reviewer(station: Unit) -> User:
    return f.staff("reviewer@immigo.test", Role.REVIEWER, station, full_name="Reviewing Officer")


@pytest.fixture
def supervisor(station: Unit) -> User:
    return f.staff("supervisor@immigo.test", Role.SUPERVISOR, station, full_name="Supervising Officer")


@pytest.fixture
def public_user(db) -> User:  # type: ignore[no-untyped-def]
    return f.public("applicant@example.test")
