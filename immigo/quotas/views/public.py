"""The public board of remaining places: a page, a counter-screen variant for the stations'
display boards, and the cheap JSON both poll every second (the page works without JavaScript;
the script only refreshes the figures)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..board import Board, board_get
from ..models import Category, Port


def column_label(category: str, port: str) -> str:
    label = str(Category(category).label)
    if port != Port.ANY:
        label = f"{label} – {Port(port).label}"
    return label


def _context(board: Board) -> dict[str, Any]:
    columns = [{**c, "label": column_label(c["category"], c["port"]), "key": f"{c['category']}-{c['port']}"} for c in board["columns"]]
    days = [
        {
            "day": dt.date.fromisoformat(d["day"]),
            "iso": d["day"],
            "cells": [
                {**cell, "key": f"{cell['category']}-{cell['port']}", "label": column_label(cell["category"], cell["port"])}
                for cell in d["cells"]
            ],
        }
        for d in board["days"]
    ]
    return {"board": board, "columns": columns, "days": days, "today": days[0] if days else None}


@require_GET
def board_page(request: HttpRequest) -> HttpResponse:
    return render(request, "quotas/board.html", _context(board_get()))


@require_GET
def counter_screen(request: HttpRequest) -> HttpResponse:
    return render(request, "quotas/counter.html", _context(board_get()))


@require_GET
def board_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(board_get())
    response["Cache-Control"] = "public, max-age=1"
    return response
