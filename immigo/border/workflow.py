"""A proxy's authorisation (A06) as a transition table; `proxy_authorisation_move` in services is
the only code that writes its status, and every move leaves an event."""

from __future__ import annotations

from .models import ProxyAuthorisation

Status = ProxyAuthorisation.Status

ALLOWED: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.VERIFIED, Status.REJECTED, Status.EXPIRED}),
    Status.VERIFIED: frozenset({Status.ANSWERED, Status.EXPIRED}),
    Status.REJECTED: frozenset(),
    Status.ANSWERED: frozenset(),
    Status.EXPIRED: frozenset(),
}

OPEN: frozenset[str] = frozenset({Status.PENDING, Status.VERIFIED})
