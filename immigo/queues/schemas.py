"""API schemas of the queue: separate input and output shapes."""

from __future__ import annotations

from ninja import Field, Schema


class TicketIn(Schema):
    category: str
    priority_reason: str = ""
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    notify_places: int = Field(3, ge=1, le=20)


class TicketOut(Schema):
    number: str
    category: str
    priority: bool
    status: str
    station: str
    places_ahead: int | None
    counter: int | None
    url: str


class CallOut(Schema):
    number: str
    counter: int


class CategoryLineOut(Schema):
    category: str
    label: str
    waiting: int


class BoardOut(Schema):
    station: str
    calls: list[CallOut]
    waiting: list[CategoryLineOut]
