from __future__ import annotations

import pytest
from django.core.cache import cache

from immigo.accounts.models import Role, User

from . import factories as f


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("editor@immigo.test", Role.CONTENT_EDITOR, f.hq_unit(), full_name="Content Editor")


@pytest.fixture
def second_editor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("editor2@immigo.test", Role.CONTENT_EDITOR, f.station(), full_name="Second Editor")


@pytest.fixture
def supervisor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("supervisor@immigo.test", Role.SUPERVISOR, f.hq_unit(), full_name="HQ Supervisor")


@pytest.fixture
def station_supervisor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("station.supervisor@immigo.test", Role.SUPERVISOR, f.station(), full_name="Station Supervisor")


@pytest.fixture
def public_user(db) -> User:  # type: ignore[no-untyped-def]
    return f.public()
