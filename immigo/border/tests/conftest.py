import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
