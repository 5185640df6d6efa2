from __future__ import annotations

from ninja import Schema


class BoardCellOut(Schema):
    category: str
    port: str
    set: bool
    total: int
    used: int
    remaining: int
    waiting: int


class BoardDayOut(Schema):
    day: str
    cells: list[BoardCellOut]


class BoardColumnOut(Schema):
    category: str
    port: str


class BoardOut(Schema):
    today: str
    generated_at: str
    columns: list[BoardColumnOut]
    days: list[BoardDayOut]
