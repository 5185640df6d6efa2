from __future__ import annotations

import pytest
from django.core.cache import cache

from immigo.accounts.models import User

from . import factories as f


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """The sign-in throttle lives in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_user(db) -> User:  # type: ignore[no-untyped-def]
    return f.public()


@pytest.fixture
def staff_user(db) -> User:  # type: ignore[no-untyped-def]
    return f.staff()
