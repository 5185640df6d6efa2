"""The allowed moves of bookings, group sessions, home pickups and van visits. Each table covers
every status; the services move a record only along these rows."""

from __future__ import annotations

from .models import Appointment, GroupSession, HomePickup, VanVisit

A = Appointment.Status
APPOINTMENT_ALLOWED: dict[str, frozenset[str]] = {
    A.BOOKED: frozenset({A.ARRIVED, A.CANCELLED, A.NO_SHOW}),
    A.ARRIVED: frozenset(),
    A.CANCELLED: frozenset(),
    A.NO_SHOW: frozenset(),
}

G = GroupSession.Status
GROUP_ALLOWED: dict[str, frozenset[str]] = {
    G.REQUESTED: frozenset({G.CONFIRMED, G.CANCELLED}),
    G.CONFIRMED: frozenset({G.COMPLETED, G.CANCELLED}),
    G.COMPLETED: frozenset(),
    G.CANCELLED: frozenset(),
}

P = HomePickup.Status
PICKUP_ALLOWED: dict[str, frozenset[str]] = {
    P.REQUESTED: frozenset({P.SCHEDULED, P.DECLINED, P.CANCELLED}),
    P.SCHEDULED: frozenset({P.SCHEDULED, P.COMPLETED, P.CANCELLED}),
    P.COMPLETED: frozenset(),
    P.DECLINED: frozenset(),
    P.CANCELLED: frozenset(),
}

V = VanVisit.Status
VAN_ALLOWED: dict[str, frozenset[str]] = {
    V.PLANNED: frozenset({V.PUBLISHED, V.CANCELLED}),
    V.PUBLISHED: frozenset({V.CANCELLED}),
    V.CANCELLED: frozenset(),
}
