"""The status of a group application, kept as data.

Places are held from ALLOCATED until the application is rejected, withdrawn or lapses; ISSUED
keeps them for good. A WAITING application holds none: it is given places by back-fill, in
receipt order, when places come free.
"""

from __future__ import annotations

from .models import GroupApplication

Status = GroupApplication.Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.ALLOCATED, Status.WAITING}),
    Status.WAITING: frozenset({Status.ALLOCATED, Status.REJECTED, Status.WITHDRAWN}),
    Status.ALLOCATED: frozenset({Status.INCOMPLETE, Status.ISSUED, Status.REJECTED, Status.WITHDRAWN}),
    Status.INCOMPLETE: frozenset({Status.ALLOCATED, Status.LAPSED, Status.REJECTED, Status.WITHDRAWN}),
    Status.ISSUED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.LAPSED: frozenset(),
}

# Moves that end the application and give its places (or its spot on the list) back.
CLOSING = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.LAPSED})

# Who may ask for each move (the system moves RECEIVED on, makes ALLOCATED from WAITING, and LAPSED).
# The agency withdraws, or reports the missing documents supplied (INCOMPLETE -> ALLOCATED).
AGENCY_MOVES = frozenset({Status.WITHDRAWN, Status.ALLOCATED})
STAFF_MOVES = frozenset({Status.INCOMPLETE, Status.ISSUED, Status.REJECTED})
