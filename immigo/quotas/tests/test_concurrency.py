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

from immigo.quotas import services
from immigo.quotas.models import HOLDING, GroupApplication, QuotaDay

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


def test_filing_takes_the_counter_lock_in_one_statement(agency, agent, django_assert_max_num_queries, settings):
    """The counter row is written by the same statement that decides the allocation: on SQLite
    inside the IMMEDIATE transaction (the database write lock), on PostgreSQL under its row lock."""
    f.quota_day(DAY, total=100)
    travellers = f.travellers(5)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        services.group_application_submit(by=agent, organisation=agency, category="group", day=DAY, tour_name="t", travellers=travellers)
    counter_writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "WITH")) and "quotas_quotaday" in q["sql"]
    ]
    assert len(counter_writes) == 1
    assert "received = received + 1" in counter_writes[0]
    if connection.vendor == "sqlite":
        assert settings.DATABASES["default"].get("OPTIONS", {}).get("transaction_mode", "IMMEDIATE") == "IMMEDIATE"
