"""The invariants every test of the allocation checks (also used by the concurrency test)."""

from __future__ import annotations

from django.db.models import Count

from immigo.quotas.models import HOLDING, GroupApplication, GroupEvent, QuotaDay, QuotaPlace

Status = GroupApplication.Status


def day_invariants(day: QuotaDay) -> dict[str, int]:
    """Checks one day's counters against its rows; returns figures for the caller's assertions.

    - no oversell: the places held never exceed the quota, and the counter matches the rows;
    - no duplicate place number (also a unique constraint);
    - every application holding places holds exactly its size, others none;
    - waiting-list order: nobody received after the head of the waiting list was ever given
      places, and back-filled groups got their places in receipt order;
    - receipt numbers 1..received, each once.
    """
    day.refresh_from_db()
    active = QuotaPlace.objects.filter(quota_day=day, released_at__isnull=True)
    held = active.count()
    assert held == day.used <= day.total, (held, day.used, day.total)
    duplicates = QuotaPlace.objects.filter(quota_day=day).values("number").annotate(n=Count("number")).filter(n__gt=1).count()
    assert duplicates == 0
    apps = list(
        GroupApplication.objects.filter(quota_day=day).annotate(held=Count("places__number", filter=_active())).order_by("receipt_seq")
    )
    for app in apps:
        assert app.held == (app.size if app.status in HOLDING else 0), (app.pk, app.status, app.held)
    seqs = [a.receipt_seq for a in apps]
    assert seqs == list(range(1, day.received + 1))
    waiting = [a for a in apps if a.status == Status.WAITING]
    assert len(waiting) == day.waiting
    if waiting:
        # Strict receipt order: nobody received after the head of the list was ever given places.
        head = waiting[0].receipt_seq
        assert all(a.allocated_at is None for a in apps if a.receipt_seq > head)
    # Back-fill in order: the groups given places from the list got them in receipt order.
    backfilled = list(
        GroupEvent.objects.filter(application__quota_day=day, before=Status.WAITING, after=Status.ALLOCATED)
        .order_by("id")
        .values_list("application__receipt_seq", flat=True)
    )
    assert backfilled == sorted(backfilled)
    total_held = sum(a.size for a in apps if a.status in HOLDING)
    assert total_held == day.used
    return {"held": held, "duplicates": duplicates, "waiting": day.waiting, "received": day.received}


def _active():  # type: ignore[no-untyped-def]
    from django.db.models import Q

    return Q(places__released_at__isnull=True)
