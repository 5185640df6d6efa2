"""API schemas of the feedback app."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class RatingIn(Schema):
    level: int


class RatingOut(Schema):
    level: int
    alert_raised: bool


class AlertOut(Schema):
    id: int
    status: str
    raised_at: dt.datetime
    counter: int
    officer: str
    ticket: str
    level: int
