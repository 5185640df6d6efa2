"""Fixtures of the missing persons tests: a content editor, a special-operations officer, a
station reviewer (who may not keep the list)."""

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
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("editor@immigo.test", Role.CONTENT_EDITOR, f.unit("hq", Unit.Kind.HEADQUARTERS))


@pytest.fixture
def special_ops_officer(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("specialops@immigo.test", Role.COUNTER_OFFICER, f.unit("special-ops-khh-1", Unit.Kind.SPECIAL_OPERATIONS))


@pytest.fixture
def station_reviewer(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("reviewer@immigo.test", Role.REVIEWER, f.unit("station-01-taipei", Unit.Kind.SERVICE_STATION))
