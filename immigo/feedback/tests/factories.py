"""Factories of the feedback tests: served tickets and their ratings."""

from __future__ import annotations

from immigo.accounts.models import User
from immigo.core.models import Unit
from immigo.feedback import services
from immigo.feedback.models import Rating
from immigo.queues.models import Counter, Ticket
from immigo.queues.tests import factories as qf


def rated(station: Unit, at: Counter, officer: User, level: int, channel: str = Rating.Channel.TABLET) -> Rating:
    """A ticket taken, called to `at`, served by `officer` and rated `level`."""
    ticket: Ticket = qf.served(station, at, officer)
    return services.rating_submit(ticket=ticket, level=level, channel=channel)
