"""Read-only queries over the outbox."""

from __future__ import annotations

import datetime

from django.db.models import Q

from .models import OutboxMessage

Status = OutboxMessage.Status


def outbox_claimable_q(*, now: datetime.datetime) -> Q:
    """Messages a worker may claim at `now`: pending and due, or sending with a lease that ran out
    (the worker that claimed it stopped before reporting a result)."""
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(status=Status.SENDING, claimed_until__lt=now)


def outbox_list_due(*, now: datetime.datetime, limit: int) -> list[int]:
    """Ids of the messages that are claimable at `now`, longest waiting first."""
    return list(
        OutboxMessage.objects.filter(outbox_claimable_q(now=now)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
