"""A fixed-window counter in the cache (Redis or the database cache, so it holds across web
workers) for public forms that must not be hammered."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def throttle_hit(*, scope: str, client_key: str, limit: int, window_seconds: int) -> bool:
    """Counts one attempt of `client_key` (an IP address) in `scope`; True when the attempt is over
    `limit` in the current window. The key is hashed: the cache holds no addresses in clear."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{client_key or '-'}".encode()).hexdigest()[:32]
    key = f"immigo:throttle:{scope}:{digest}"
    if cache.add(key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
