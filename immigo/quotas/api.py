"""/api/v1/quotas/: the public board of remaining places (the same cached figures as the page)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from .board import board_get
from .schemas import BoardOut

router = Router(tags=["quotas"])


@router.get("/board", response=BoardOut, summary="Remaining places per category for today and the next 13 days (at most a second old)")
def board(request: HttpRequest) -> dict[str, object]:
    return dict(board_get())
