"""The status of an entry, kept as data: who is still missing, found, or withdrawn by the agency."""

from __future__ import annotations

from .models import MissingPerson

Status = MissingPerson.Status

# A found or withdrawn entry may be reopened when that was recorded in error.
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.MISSING: frozenset({Status.FOUND, Status.WITHDRAWN}),
    Status.FOUND: frozenset({Status.MISSING}),
    Status.WITHDRAWN: frozenset({Status.MISSING}),
}

# Only these entries are public, and only when published.
PUBLIC_STATUSES = frozenset({Status.MISSING})
