"""A ticket's statuses and moves, kept as data. A recall leaves the ticket `called` (an event,
not a move); a person who missed their call may be put back in the queue by the officer."""

from __future__ import annotations

from .models import Ticket

Status = Ticket.Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.WAITING: frozenset({Status.CALLED, Status.CANCELLED}),
    Status.CALLED: frozenset({Status.SERVING, Status.SERVED, Status.NO_SHOW}),
    Status.SERVING: frozenset({Status.SERVED}),
    Status.SERVED: frozenset(),
    Status.NO_SHOW: frozenset({Status.WAITING}),
    Status.CANCELLED: frozenset(),
}

# At a counter's window: the counter is busy with this ticket.
ACTIVE_STATUSES = frozenset({Status.CALLED, Status.SERVING})
# Finished one way or another: nothing more happens to the ticket today.
CLOSED_STATUSES = frozenset({Status.SERVED, Status.CANCELLED})
