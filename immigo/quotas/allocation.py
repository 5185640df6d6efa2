"""The allocation engine: receiving stored applications on their day, giving places back, and
back-filling the waiting list, all under the lock of the day's counter row.

Guarantees, whatever the concurrency:
- receipt numbers of a day are handed out by the counter row, in the order the engine receives
  the applications: the order they were stored in, batch after batch (see `day_receive`);
- an application takes places only when nobody is waiting before it and the day has room for
  the whole group; otherwise it joins the end of the waiting list;
- `used <= total` is a CHECK constraint of the counter row, and (day, place number) is unique:
  the database refuses an oversold day or a place given twice even if this code were wrong;
- each step is O(1) in the number of applications of the day (O(batch) for a receipt, O(group
  size) for the places): the counter row is read by primary key, the stored applications and the
  waiting list's head through indexes.

Receipts are taken in batches (the way a database commits concurrent transactions in groups):
whoever holds the day's lock receives every application of the day stored and not yet received,
up to RECEIVE_BATCH, with one counter update and one commit. When many agencies file at the same
moment, one lock and one commit serve hundreds of them instead of one each; a filing whose
application was received by somebody else's batch finds its receipt without taking the lock.

`places_take` and `day_receive` run as their own transaction (or join the caller's); the other
functions run inside the caller's transaction, which holds the day's lock (`day_lock`).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import connection, transaction
from django.utils import timezone

from .models import GroupApplication, GroupEvent, QuotaDay, QuotaPlace

Status = GroupApplication.Status

# How many stored applications one receipt receives at most (one statement under the lock).
RECEIVE_BATCH = 500
# How many waiting applications one back-fill pass reads at a time.
BACKFILL_BATCH = 50
# PostgreSQL advisory lock class of the queue of receipts of one day (the day's id is the key).
_RECEIPT_QUEUE_LOCK = 0x51_55_4F  # "QUO"


@dataclass(frozen=True)
class Receipt:
    """An application's receipt as it stands: its receipt number and, when it holds places, the
    first of them (its places are numbered from there, one per traveller)."""

    receipt_seq: int
    allocated: bool
    first_place: int  # 0 when the application holds no places (it waits)


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


@functools.cache
def _statement(template: str, vendor: str) -> str:
    """A statement of this module with its table names (per database vendor, which quotes them)."""
    return template.format(app=_table(GroupApplication), day=_table(QuotaDay), place=_table(QuotaPlace))


# PostgreSQL: one statement receives the batch. It runs after the counter row has been locked (by
# an earlier statement of the same transaction), so its snapshot sees every earlier receipt.
# `plan` decides each application in stored order: receipt number received + rank; places while
# nobody waits and the running total of the group sizes fits (a prefix of the batch, since the
# running total only grows), the waiting list for the rest. Then the counter, the applications and
# the place rows are written from the plan; the statement returns the plan and how many rows each
# write touched, which the caller checks.
_RECEIVE_POSTGRESQL = """
WITH batch AS (
  SELECT id, size, row_number() OVER w AS rank, sum(size) OVER w AS running
  FROM (
    SELECT id, size FROM {app}
    WHERE quota_day_id = %(day_id)s AND status = 'received' AND receipt_seq IS NULL
    ORDER BY id LIMIT %(limit)s
  ) AS stored
  WINDOW w AS (ORDER BY id)
),
plan AS MATERIALIZED (
  SELECT b.id, b.size, c.received + b.rank AS seq,
         (c.waiting = 0 AND c.used + b.running <= c.total) AS fits,
         c.granted + b.running - b.size AS after
  FROM batch AS b CROSS JOIN {day} AS c WHERE c.id = %(day_id)s
),
totals AS MATERIALIZED (
  SELECT count(*) AS received,
         count(*) FILTER (WHERE NOT fits) AS waiting,
         coalesce(sum(size) FILTER (WHERE fits), 0) AS places
  FROM plan
),
counter AS (
  UPDATE {day} SET
    received = {day}.received + t.received,
    used = {day}.used + t.places,
    granted = {day}.granted + t.places,
    waiting = {day}.waiting + t.waiting,
    version = {day}.version + 1,
    updated_at = %(now)s
  FROM totals AS t WHERE {day}.id = %(day_id)s AND t.received > 0
  RETURNING 1
),
applications AS (
  UPDATE {app} SET
    receipt_seq = plan.seq,
    status = CASE WHEN plan.fits THEN 'allocated' ELSE 'waiting' END,
    allocated_at = CASE WHEN plan.fits THEN %(now)s::timestamptz END,
    updated_at = %(now)s
  FROM plan WHERE {app}.id = plan.id AND {app}.receipt_seq IS NULL
  RETURNING 1
),
places AS (
  INSERT INTO {place} (quota_day_id, number, application_id, granted_at, released_at)
  SELECT %(day_id)s, plan.after + s.i, plan.id, %(now)s, NULL
  FROM plan CROSS JOIN LATERAL generate_series(1, plan.size) AS s(i) WHERE plan.fits
  RETURNING 1
)
SELECT plan.id, plan.seq, plan.fits, plan.after + 1,
       (SELECT count(*) FROM counter), (SELECT count(*) FROM applications),
       (SELECT count(*) FROM places), (SELECT places FROM totals)
FROM plan ORDER BY plan.seq
"""


# The receipt of one application as committed: its receipt number and its first place held.
_RECEIPT = """
SELECT a.receipt_seq,
       (SELECT min(p.number) FROM {place} AS p WHERE p.application_id = a.id AND p.released_at IS NULL)
FROM {app} AS a WHERE a.id = %(app_id)s AND a.receipt_seq IS NOT NULL
"""


def _execute(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Runs a statement of this module on Django's own connection, in its transaction. On
    PostgreSQL as a server-side prepared statement (planned once per connection, not on every
    receipt) through the driver's cursor, logged like Django's queries when they are being
    captured."""
    sql = _statement(sql, connection.vendor)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    started = time.monotonic()
    # Django's cursors bind parameters on the client (one statement text per value); the driver's
    # plain cursor binds them on the server, so the statement is prepared once and reused.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"{sql} -- {params}", "time": f"{time.monotonic() - started:.3f}"})
    return rows


def _receipt_read(application_id: int) -> Receipt | None:
    """The application's receipt as committed, or None while it has not been received."""
    rows = _execute(_RECEIPT, {"app_id": application_id})
    if not rows:
        return None
    seq, first_place = rows[0]
    return Receipt(receipt_seq=seq, allocated=first_place is not None, first_place=first_place or 0)


def _receive_locked(quota_day_id: int, now: dt.datetime) -> dict[int, Receipt]:
    """Receives the day's stored applications, up to RECEIVE_BATCH, in the order they were
    stored. The caller holds the day's lock. Returns the receipts given, by application."""
    if connection.vendor == "postgresql":
        return _receive_postgresql(quota_day_id, now)
    return _receive_sqlite(quota_day_id, now)


def _receive_postgresql(quota_day_id: int, now: dt.datetime) -> dict[int, Receipt]:
    rows = _execute(_RECEIVE_POSTGRESQL, {"day_id": quota_day_id, "limit": RECEIVE_BATCH, "now": now})
    if rows:
        counters, applications, places, planned = rows[0][4:]
        if (counters, applications, places) != (1, len(rows), planned):
            raise RuntimeError("the receipt statement wrote an unexpected number of rows")
    return {pk: Receipt(receipt_seq=seq, allocated=fits, first_place=first if fits else 0) for pk, seq, fits, first, *_ in rows}


def _receive_sqlite(quota_day_id: int, now: dt.datetime) -> dict[int, Receipt]:
    """The same plan as the PostgreSQL statement, computed here; the IMMEDIATE transaction holds
    the database's write lock."""
    day = QuotaDay.objects.get(pk=quota_day_id)
    stored = list(
        GroupApplication.objects.filter(quota_day_id=quota_day_id, status=Status.RECEIVED, receipt_seq__isnull=True)
        .order_by("pk")
        .values_list("pk", "size")[:RECEIVE_BATCH]
    )
    receipts: dict[int, Receipt] = {}
    places: list[QuotaPlace] = []
    for pk, size in stored:
        day.received += 1
        fits = day.waiting == 0 and day.used + size <= day.total
        if fits:
            places.extend(
                QuotaPlace(quota_day_id=quota_day_id, number=day.granted + i, application_id=pk, granted_at=now) for i in range(1, size + 1)
            )
            receipts[pk] = Receipt(receipt_seq=day.received, allocated=True, first_place=day.granted + 1)
            day.granted += size
            day.used += size
        else:
            day.waiting += 1
            receipts[pk] = Receipt(receipt_seq=day.received, allocated=False, first_place=0)
        GroupApplication.objects.filter(pk=pk, receipt_seq__isnull=True).update(
            receipt_seq=day.received,
            status=Status.ALLOCATED if fits else Status.WAITING,
            allocated_at=now if fits else None,
            updated_at=now,
        )
    if receipts:
        QuotaPlace.objects.bulk_create(places)
        day_save(day, fields=["received"])
    return receipts


def _receipts_queue(quota_day_id: int) -> None:
    """Waits for the day's receipt in progress, if any (the caller's transaction keeps its turn).
    On PostgreSQL an advisory lock in memory, so waiting filings do not write the counter row's
    lock; on SQLite the IMMEDIATE transaction already holds the database's write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_RECEIPT_QUEUE_LOCK, quota_day_id])


def day_receive(quota_day_id: int) -> dict[int, Receipt]:
    """Receives the day's stored applications (up to RECEIVE_BATCH) in the order they were
    stored: their receipt numbers and their places or spots on the waiting list, all or nothing.
    Its own transaction, or the caller's. Returns the receipts given."""
    with transaction.atomic():
        _receipts_queue(quota_day_id)
        day_lock(quota_day_id)
        return _receive_locked(quota_day_id, timezone.now())


def places_take(*, application: GroupApplication) -> Receipt:
    """Receives a stored application (status RECEIVED) on its day and returns its receipt: its
    receipt number and either its places (ALLOCATED) or the end of the waiting list (WAITING).
    The application is received with every other application of the day stored before it and not
    yet received (one batch); when somebody else's batch received it already, its receipt is
    read without taking the lock. Its own transaction, or the caller's."""
    while True:
        receipt = _receipt_read(application.pk)
        if receipt is None:
            with transaction.atomic():
                _receipts_queue(application.quota_day_id)
                # Received by the batch this filing just waited for? Then nothing to write.
                receipt = _receipt_read(application.pk)
                if receipt is None:
                    day_lock(application.quota_day_id)
                    received = _receive_locked(application.quota_day_id, timezone.now())
                    if not received:
                        raise RuntimeError(f"group application {application.pk} is not stored for a receipt")
                    receipt = received.get(application.pk)
        if receipt is not None:
            break
        # More applications were stored before this one than one batch receives: the next batch.
    application.receipt_seq = receipt.receipt_seq
    application.status = Status.ALLOCATED if receipt.allocated else Status.WAITING
    return receipt


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


def day_save(day: QuotaDay, fields: Sequence[str] = ()) -> None:
    day.version += 1
    day.save(update_fields=["total", "used", "granted", "waiting", "version", "updated_at", *fields])
