"""Fixtures of the newsletter tests: headquarters and a station, a content editor, a headquarters
supervisor (the publisher), a station supervisor (who does not publish), and tasks that run at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from immigo.accounts.models import Role, User

from . import factories as f


@pytest.fixture(autouse=True)
def _clean_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("editor@immigo.test", (Role.CONTENT_EDITOR, f.hq()), full_name="Content Editor")


@pytest.fixture
def publisher(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("publisher@immigo.test", (Role.SUPERVISOR, f.hq()), full_name="HQ Supervisor")


@pytest.fixture
def station_supervisor(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff("station.supervisor@immigo.test", (Role.SUPERVISOR, f.station()), full_name="Station Supervisor")
