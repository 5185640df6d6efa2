"""An alert's statuses, kept as data: a supervisor acknowledges it (on the way to the counter)
and then records how it was handled; a handled alert is closed."""

from __future__ import annotations

from .models import Alert

Status = Alert.Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.ACKNOWLEDGED, Status.HANDLED}),
    Status.ACKNOWLEDGED: frozenset({Status.HANDLED}),
    Status.HANDLED: frozenset(),
}

PENDING_STATUSES = frozenset({Status.OPEN, Status.ACKNOWLEDGED})
