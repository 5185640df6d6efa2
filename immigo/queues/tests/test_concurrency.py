"""Numbers and calls under real concurrency: many kiosks at once, many counters at once. Runs on
PostgreSQL (SQLite serialises writers, so there is no race to lose there)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from immigo.accounts.models import Role
from immigo.queues import services
from immigo.queues.errors import QueueEmptyError
from immigo.queues.models import Category, Ticket, TicketSequence

from . import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race needs a database with concurrent writers"),
]


def _race(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()  # each thread has its own connection: give it back

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_kiosks_racing_for_the_first_numbers_of_the_day_get_one_to_n(station):
    f.counter(station, 1, [Category.GENERAL])

    results = _race(12, lambda _i: f.ticket(station).number)

    assert sorted(results) == list(range(1, 13))
    assert TicketSequence.objects.get().last_number == 12


def test_counters_calling_at_once_never_share_a_ticket(station):
    officers = [f.staff(f"c{i}@immigo.test", Role.COUNTER_OFFICER, station) for i in range(8)]
    counters = [f.opened(station, i + 1, officer) for i, officer in enumerate(officers)]
    for _ in range(5):
        f.ticket(station)

    results = _race(8, lambda i: services.ticket_call_next(counter=counters[i], by=officers[i]).pk)

    called = [r for r in results if isinstance(r, int)]
    assert len(called) == 5 and len(set(called)) == 5
    assert sum(isinstance(r, QueueEmptyError) for r in results) == 3
    assert Ticket.objects.filter(status=Ticket.Status.CALLED).count() == 5
