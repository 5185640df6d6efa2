"""The public board of remaining places (seed A10: 每日配賦餘額即時資訊): today and the next 13
days, per category. One indexed query builds it; the result is cached for at most a second and
dropped on every commit that changes a counter, so a screen polling every second is never more
than a second behind and the database answers at most one board query per second per cache.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.core.cache import cache
from django.utils import timezone

from immigo.core import calendar

from .models import Category, Port, QuotaDay

BOARD_DAYS = 14
CACHE_KEY = "immigo:quotas:board"
CACHE_SECONDS = 1


class BoardCell(TypedDict):
    category: str
    port: str
    set: bool  # False: no quota has been set for the day (a quota of 0 is a set quota)
    total: int
    used: int
    remaining: int
    waiting: int


class BoardDay(TypedDict):
    day: str
    cells: list[BoardCell]


class Board(TypedDict):
    today: str
    generated_at: str
    columns: list[dict[str, str]]
    days: list[BoardDay]


def _build(today: dt.date) -> Board:
    rows: list[Any] = list(
        QuotaDay.objects.filter(day__gte=today, day__lt=today + dt.timedelta(days=BOARD_DAYS))
        .order_by("day", "category", "port")
        .values("day", "category", "port", "total", "used", "waiting")
    )
    order = {value: i for i, value in enumerate(Category.values)}
    port_order = {value: i for i, value in enumerate(Port.values)}
    columns = sorted({(r["category"], r["port"]) for r in rows}, key=lambda c: (order[c[0]], port_order[c[1]]))
    by_day: dict[dt.date, dict[tuple[str, str], dict[str, Any]]] = {}
    for row in rows:
        by_day.setdefault(row["day"], {})[(row["category"], row["port"])] = row
    days: list[BoardDay] = []
    for offset in range(BOARD_DAYS):
        day = today + dt.timedelta(days=offset)
        found = by_day.get(day, {})
        cells: list[BoardCell] = []
        for category, port in columns:
            cell = found.get((category, port))
            if cell is None:
                cells.append({"category": category, "port": port, "set": False, "total": 0, "used": 0, "remaining": 0, "waiting": 0})
            else:
                cells.append(
                    {
                        "category": category,
                        "port": port,
                        "set": True,
                        "total": cell["total"],
                        "used": cell["used"],
                        "remaining": cell["total"] - cell["used"],
                        "waiting": cell["waiting"],
                    }
                )
        days.append({"day": day.isoformat(), "cells": cells})
    return {
        "today": today.isoformat(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "columns": [{"category": c, "port": p} for c, p in columns],
        "days": days,
    }


def board_get() -> Board:
    """The board as of at most a second ago (from the cache, or one query)."""
    today = calendar.local_today()
    key = f"{CACHE_KEY}:{today.isoformat()}"
    board: Board | None = cache.get(key)
    if board is None:
        board = _build(today)
        cache.set(key, board, CACHE_SECONDS)
    return board


def board_invalidate() -> None:
    """Drops the cached board; called on commit of every change of a day's counters."""
    cache.delete(f"{CACHE_KEY}:{calendar.local_today().isoformat()}")
