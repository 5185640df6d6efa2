"""The allocation engine: taking places on receipt, giving them back, and back-filling the waiting
list, all under the lock of the day's counter row.

Guarantees, whatever the concurrency:
- receipt numbers of a day are handed out by the counter row, so receipt order is the order in
  which applications took its lock, and no two applications of a day share one;
- an application takes places only when nobody is waiting before it and the day has room for
  the whole group; otherwise it joins the end of the waiting list;
- `used <= total` is a CHECK constraint of the counter row, and (day, place number) is unique:
  the database refuses an oversold day or a place given twice even if this code were wrong;
- each step is O(1) in the number of applications of the day (O(group size) for the places):
  the counter row is read by primary key and the waiting list's head through an index.

`places_take` runs as its own transaction (or joins the caller's); the other functions run inside
the caller's transaction, which holds the day's lock (`day_lock`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import GroupApplication, GroupEvent, QuotaDay, QuotaPlace

Status = GroupApplication.Status

# How many waiting applications one back-fill pass reads at a time.
BACKFILL_BATCH = 50


@dataclass(frozen=True)
class Receipt:
    receipt_seq: int
    allocated: bool
    first_place: int  # the first place number given (0 when the application waits)


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


# One statement takes the counter row's lock, hands out the receipt number and, when the group
# fits and nobody waits before it, its places. SET expressions see the row as locked (also after
# waiting for a concurrent writer), exactly like a plain decrement. On return, `waiting` is 0
# exactly when the group got places: a group that waits leaves at least itself on the list.
_TAKE_COUNTER = """
UPDATE {day} SET
  received = received + 1,
  used = used + CASE WHEN waiting = 0 AND used + %(n)s <= total THEN %(n)s ELSE 0 END,
  granted = granted + CASE WHEN waiting = 0 AND used + %(n)s <= total THEN %(n)s ELSE 0 END,
  waiting = waiting + CASE WHEN waiting = 0 AND used + %(n)s <= total THEN 0 ELSE 1 END,
  version = version + 1,
  updated_at = %(now)s
WHERE id = %(day_id)s{guard}
RETURNING id, received, granted, waiting
"""

# PostgreSQL: the whole receipt in one statement, run as its own transaction: the application
# row is locked and must still be without a receipt number (so a retry by the sweep can never
# receive it twice), then the counter update, the application's receipt number, status and
# allocation time (its history starts from these: see selectors.group_history), and its
# places. The counter's lock is held for this one statement and its commit, exactly as long as a
# bare decrement holds it; the statement locks 12 relations (tables and indexes), within
# PostgreSQL's 16 fast-path locks per backend, so 200 concurrent receipts do not queue on the
# shared lock manager.
_TAKE_ALL_POSTGRESQL = """
WITH pending AS (
  SELECT id FROM {app} WHERE id = %(app_id)s AND receipt_seq IS NULL FOR UPDATE
),
u AS ({counter}),
a AS (
  UPDATE {app} SET receipt_seq = u.received,
    status = CASE WHEN u.waiting = 0 THEN 'allocated' ELSE 'waiting' END,
    allocated_at = CASE WHEN u.waiting = 0 THEN %(now)s::timestamptz ELSE NULL END,
    updated_at = %(now)s
  FROM u WHERE {app}.id = %(app_id)s
  RETURNING {app}.id
),
p AS (
  INSERT INTO {place} (quota_day_id, number, application_id, granted_at, released_at)
  SELECT u.id, u.granted - %(n)s + s.i, %(app_id)s, %(now)s, NULL
  FROM u CROSS JOIN generate_series(1, %(n)s) AS s(i) WHERE u.waiting = 0
  RETURNING 1
)
SELECT u.received, u.waiting, u.granted, (SELECT count(*) FROM a), (SELECT count(*) FROM p) FROM u
"""


def _execute_prepared(sql: str, params: dict[str, Any]) -> tuple[int, ...] | None:
    """Runs the statement as a server-side prepared statement on Django's own connection (in its
    transaction, or as its own when Django is in autocommit): planned once per connection, not
    on every receipt. Logged like Django's queries when they are being captured."""
    connection.ensure_connection()
    started = time.monotonic()
    with connection.connection.cursor() as cursor:
        cursor.execute(sql, params, prepare=True)
        row = cursor.fetchone()
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"{sql} -- {params}", "time": f"{time.monotonic() - started:.3f}"})
    return row


def places_take(*, application: GroupApplication) -> Receipt | None:
    """Receives a stored application (status RECEIVED) on its day: hands out its receipt number
    and either its places (ALLOCATED) or the end of the waiting list (WAITING), all or nothing.
    Outside a transaction this is its own transaction (on PostgreSQL one statement); inside one,
    it joins it. Returns None when the application had already been received (by a concurrent
    retry)."""
    now = timezone.now()
    n = application.size
    params: dict[str, Any] = {
        "n": n,
        "now": now,
        "day_id": application.quota_day_id,
        "app_id": application.pk,
    }
    if connection.vendor == "postgresql":
        sql = _TAKE_ALL_POSTGRESQL.format(
            counter=_TAKE_COUNTER.format(day=_table(QuotaDay), guard=" AND EXISTS (SELECT 1 FROM pending)"),
            app=_table(GroupApplication),
            place=_table(QuotaPlace),
        )
        row = _execute_prepared(sql, params)
        if row is None:
            return None
        seq, waiting, granted, apps, places = row
        allocated = waiting == 0
        if (apps, places) != (1, n if allocated else 0):
            raise RuntimeError("allocation statement wrote an unexpected number of rows")
    else:
        # SQLite: an IMMEDIATE transaction holds the database's write lock from its first statement.
        with transaction.atomic():
            if not GroupApplication.objects.filter(pk=application.pk, receipt_seq__isnull=True).exists():
                return None
            with connection.cursor() as cursor:
                cursor.execute(_TAKE_COUNTER.format(day=_table(QuotaDay), guard=""), params)
                _day_id, seq, granted, waiting = cursor.fetchone()
            allocated = waiting == 0
            status = Status.ALLOCATED if allocated else Status.WAITING
            GroupApplication.objects.filter(pk=application.pk).update(
                receipt_seq=seq, status=status, allocated_at=now if allocated else None, updated_at=now
            )
            if allocated:
                QuotaPlace.objects.bulk_create(
                    QuotaPlace(quota_day_id=application.quota_day_id, number=granted - n + i, application_id=application.pk, granted_at=now)
                    for i in range(1, n + 1)
                )
    application.receipt_seq = seq
    application.status = Status.ALLOCATED if allocated else Status.WAITING
    application.allocated_at = now if allocated else None
    return Receipt(receipt_seq=seq, allocated=allocated, first_place=granted - n + 1 if allocated else 0)


def day_lock(quota_day_id: int) -> QuotaDay:
    """The day's counter row, locked until the end of the transaction."""
    return QuotaDay.objects.select_for_update().get(pk=quota_day_id)


def places_release(*, day: QuotaDay, application: GroupApplication, now: dt.datetime) -> int:
    """Gives back the places the application holds (or its spot on the waiting list). The caller
    holds the day's lock and then back-fills. Returns the number of places given back."""
    if application.status == Status.WAITING:
        day.waiting -= 1
        return 0
    released = QuotaPlace.objects.filter(application=application, released_at__isnull=True).update(released_at=now)
    day.used -= released
    return released


def backfill(*, day: QuotaDay, now: dt.datetime) -> list[GroupApplication]:
    """Gives free places to the waiting list in receipt order: the head of the list takes its
    places while the whole group fits, and the pass stops at the first group that does not (no
    later group overtakes it). The caller holds the day's lock and saves the day afterwards.
    Returns the applications that were given places, in order."""
    given: list[GroupApplication] = []
    while day.waiting > 0 and day.used < day.total:
        head = list(
            GroupApplication.objects.select_for_update()
            .filter(quota_day=day, status=Status.WAITING)
            .order_by("receipt_seq")[:BACKFILL_BATCH]
        )
        if not head:
            break
        for application in head:
            if day.used + application.size > day.total:
                return given
            first = day.granted + 1
            QuotaPlace.objects.bulk_create(
                QuotaPlace(quota_day=day, number=first + i, application=application, granted_at=now) for i in range(application.size)
            )
            day.granted += application.size
            day.used += application.size
            day.waiting -= 1
            application.quota_day = day
            application.status = Status.ALLOCATED
            application.allocated_at = now
            application.save(update_fields=["status", "allocated_at", "updated_at"])
            GroupEvent.objects.create(
                application=application, before=Status.WAITING, after=Status.ALLOCATED, actor=None, reason="back-fill", at=now
            )
            given.append(application)
        if len(head) < BACKFILL_BATCH:
            break
    return given


def day_save(day: QuotaDay) -> None:
    day.version += 1
    day.save(update_fields=["total", "used", "granted", "waiting", "version", "updated_at"])
