"""Proof under load: many more applications than places, filed and withdrawn at the same time.

On PostgreSQL, 32 threads with their own connections file 400 groups for 300 places while other
threads withdraw allocated groups; the day's counter lock and its constraints must keep every
invariant (no oversell, no duplicate place, waiting-list order, back-fill in order). SQLite has
one writer at a time (its IMMEDIATE transactions queue writers), so there the same burst runs
interleaved in one thread and proves the same invariants and that each filing takes the lock.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from immigo.quotas import allocation, services
from immigo.quotas.models import HOLDING, GroupApplication, QuotaDay, QuotaPlace

from . import factories as f
from .conftest import DAY
from .invariants import day_invariants

Status = GroupApplication.Status
PLACES = 300
APPLICATIONS = 400
THREADS = 32


def _prefix_allocated(day: QuotaDay) -> None:
    """Without any release, receipt order alone decides: a prefix of the receipts holds places,
    everyone after the first group that did not fit waits."""
    statuses = list(GroupApplication.objects.filter(quota_day=day).order_by("receipt_seq").values_list("status", flat=True))
    first_waiting = statuses.index(Status.WAITING)
    assert all(s == Status.ALLOCATED for s in statuses[:first_waiting])
    assert all(s == Status.WAITING for s in statuses[first_waiting:])


def _sizes(seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(5, 8) for _ in range(APPLICATIONS)]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_groups_from_many_threads_never_oversells_on_postgresql(agency):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; see the sequential variant")
    agents = [f.agency_login(agency, f"agent{i}@agency.test") for i in range(THREADS)]
    day = f.quota_day(DAY, total=PLACES)
    sizes = _sizes(7)
    barrier = threading.Barrier(THREADS)

    def file(worker: int) -> list[int]:
        barrier.wait()
        ids = []
        try:
            for size in sizes[worker::THREADS]:
                ids.append(f.group(by=agents[worker], organisation=agency, day=DAY, size=size).pk)
        finally:
            connections.close_all()
        return ids

    with ThreadPoolExecutor(THREADS) as pool:
        filed = [pk for ids in pool.map(file, range(THREADS)) for pk in ids]
    assert len(filed) == APPLICATIONS
    figures = day_invariants(day)
    assert figures["received"] == APPLICATIONS and figures["duplicates"] == 0
    assert figures["waiting"] > 0 and PLACES - 8 < figures["held"] <= PLACES
    _prefix_allocated(day)

    # Second burst: threads withdraw allocated groups at the same time; their places go to the
    # waiting list in order, never more than the quota.
    holding = list(GroupApplication.objects.filter(quota_day=day, status=Status.ALLOCATED).values_list("pk", "filed_by_id"))
    random.Random(3).shuffle(holding)
    to_withdraw = holding[:20]
    by_user = {a.pk: a for a in agents}

    def withdraw(worker: int) -> None:
        barrier.wait()
        try:
            for pk, user_id in to_withdraw[worker::THREADS]:
                services.group_withdraw(application_id=pk, by=by_user[user_id])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(withdraw, range(THREADS)))
    figures = day_invariants(day)
    assert figures["duplicates"] == 0 and figures["held"] <= PLACES
    assert GroupApplication.objects.filter(quota_day=day, status=Status.WITHDRAWN).count() == 20
    # The places freed went on down the list: the head still waiting needs more than is left.
    day.refresh_from_db()
    head = GroupApplication.objects.filter(quota_day=day, status=Status.WAITING).order_by("receipt_seq").first()
    assert head is not None and head.size > day.remaining


def test_the_same_burst_interleaved_on_one_connection_keeps_every_invariant(agency, agent, django_assert_num_queries):
    day = f.quota_day(DAY, total=PLACES)
    sizes = _sizes(11)
    rng = random.Random(5)
    filed: list[GroupApplication] = []
    for size in sizes:
        filed.append(f.group(by=agent, organisation=agency, day=DAY, size=size))
        if rng.random() < 0.2:
            holders = [a for a in filed if GroupApplication.objects.get(pk=a.pk).status in HOLDING or a.status == Status.WAITING]
            victim = rng.choice(holders)
            current = GroupApplication.objects.get(pk=victim.pk).status
            if current in {Status.ALLOCATED, Status.WAITING}:
                services.group_withdraw(application_id=victim.pk, by=agent)
        if len(filed) % 50 == 0:
            day_invariants(day)
    figures = day_invariants(day)
    assert figures["received"] == APPLICATIONS and figures["held"] <= PLACES
    day.refresh_from_db()
    head = GroupApplication.objects.filter(quota_day=day, status=Status.WAITING).order_by("receipt_seq").first()
    assert head is None or head.size > day.remaining


def _stored(agency, agent, size: int) -> GroupApplication:  # type: ignore[no-untyped-def]
    """An application stored by a filing that has not reached its receipt yet."""
    return services._group_store(
        by=agent, organisation=agency, category="group", day=DAY, tour_name="t", travellers=f.travellers(size), port="any"
    )


def _counter_writes(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "WITH")) and "quotas_quotaday" in q["sql"]]


def test_one_receipt_receives_every_application_stored_before_it_with_one_counter_write(agency, agent):
    """Group receipt: the filing that takes the day's lock receives the applications stored
    before it too, in the order they were stored, with one write of the counter row."""
    day = f.quota_day(DAY, total=17)
    earlier = [_stored(agency, agent, size) for size in (5, 6, 5)]
    with CaptureQueriesContext(connection) as ctx:
        last = f.group(by=agent, organisation=agency, day=DAY, size=5)
    assert len(_counter_writes(ctx.captured_queries)) == 1
    apps = [GroupApplication.objects.get(pk=a.pk) for a in [*earlier, last]]
    assert [a.receipt_seq for a in apps] == [1, 2, 3, 4]
    # 5 + 6 + 5 = 16 of 17 places: the fourth group (5) does not fit and waits.
    assert [a.status for a in apps] == [Status.ALLOCATED, Status.ALLOCATED, Status.ALLOCATED, Status.WAITING]
    assert list(QuotaPlace.objects.filter(application=apps[1]).order_by("number").values_list("number", flat=True)) == list(range(6, 12))
    assert (last.status, last.receipt_seq) == (Status.WAITING, 4)
    figures = day_invariants(day)
    assert (figures["held"], figures["waiting"], figures["received"]) == (16, 1, 4)


def test_a_filing_received_by_an_earlier_batch_reads_its_receipt_without_the_lock(agency, agent):
    f.quota_day(DAY, total=50)
    first, second = _stored(agency, agent, 5), _stored(agency, agent, 5)
    assert allocation.places_take(application=first).receipt_seq == 1
    with CaptureQueriesContext(connection) as ctx:
        receipt = allocation.places_take(application=second)
    assert receipt == allocation.Receipt(receipt_seq=2, allocated=True, first_place=6)
    assert len(ctx.captured_queries) == 1
    assert "FOR UPDATE" not in ctx.captured_queries[0]["sql"] and not _counter_writes(ctx.captured_queries)


def test_more_applications_than_one_batch_are_received_batch_after_batch_in_stored_order(agency, agent, monkeypatch):
    day = f.quota_day(DAY, total=20)
    monkeypatch.setattr(allocation, "RECEIVE_BATCH", 2)
    stored = [_stored(agency, agent, 5) for _ in range(5)]
    with CaptureQueriesContext(connection) as ctx:
        receipt = allocation.places_take(application=stored[-1])
    assert len(_counter_writes(ctx.captured_queries)) == 3
    assert receipt == allocation.Receipt(receipt_seq=5, allocated=False, first_place=0)
    assert [GroupApplication.objects.get(pk=a.pk).receipt_seq for a in stored] == [1, 2, 3, 4, 5]
    figures = day_invariants(day)
    assert (figures["held"], figures["waiting"]) == (20, 1)


def test_the_counter_row_is_written_under_the_database_lock(agency, agent, settings):
    """On SQLite the receipt runs in an IMMEDIATE transaction (the database write lock from its
    first statement); on PostgreSQL the counter row is locked before the receipt statement reads
    it, and receipts of a day queue on an advisory lock first."""
    f.quota_day(DAY, total=100)
    with CaptureQueriesContext(connection) as ctx:
        f.group(by=agent, organisation=agency, day=DAY)
    sql = [q["sql"] for q in ctx.captured_queries]
    writes = _counter_writes(ctx.captured_queries)
    assert len(writes) == 1
    if connection.vendor == "sqlite":
        assert settings.DATABASES["default"].get("OPTIONS", {}).get("transaction_mode", "IMMEDIATE") == "IMMEDIATE"
        return
    queue = next(i for i, q in enumerate(sql) if "pg_advisory_xact_lock" in q)
    lock = next(i for i, q in enumerate(sql) if "quotas_quotaday" in q and "FOR UPDATE" in q)
    assert queue < lock < sql.index(writes[0])


def test_a_receipt_for_an_application_that_was_never_stored_for_one_is_refused(agency, agent):
    f.quota_day(DAY, total=10)
    stray = _stored(agency, agent, 5)
    GroupApplication.objects.filter(pk=stray.pk).update(status=Status.WITHDRAWN)
    with pytest.raises(RuntimeError):
        allocation.places_take(application=stray)
