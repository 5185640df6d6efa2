"""Counting reads of published items for the popularity ranking (seed H02)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import DailyRead, Item

SESSION_KEY = "content_reads"
# A session remembers at most this many items per day; a crawler's session stops growing.
SESSION_MAX_ITEMS = 300


def content_read_record(*, item: Item, language: str, session: Any) -> bool:
    """Counts one read of `item` in `language` today (Taipei time), unless this session already
    read the item today; then it writes nothing. Returns whether it counted."""
    today = timezone.localdate()
    seen = session.get(SESSION_KEY) or {}
    if seen.get("day") != today.isoformat():
        seen = {"day": today.isoformat(), "items": []}
    if item.pk in seen["items"] or len(seen["items"]) >= SESSION_MAX_ITEMS:
        return False
    counter = DailyRead.objects.filter(item=item, language=language, day=today)
    if not counter.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                DailyRead.objects.create(item=item, language=language, day=today, count=1)
        except IntegrityError:
            # Another request created today's row first: add to it.
            counter.update(count=F("count") + 1)
    seen["items"] = [*seen["items"], item.pk]
    session[SESSION_KEY] = seen
    return True
