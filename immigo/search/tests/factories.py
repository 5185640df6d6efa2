"""Search documents for the tests, written through the public service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from immigo.search.services import search_document_upsert


def index_document(key: str, title: str, body: str = "", **overrides: Any) -> dict[str, Any]:
    """Indexes a news item in Traditional Chinese unless told otherwise; returns what it sent."""
    kind = overrides.pop("kind", "news")
    document: dict[str, Any] = {
        "kind": kind,
        "key": key,
        "language": "zh-hant",
        "title": title,
        "body": body,
        "url": f"/{kind}/{key}/",
        **overrides,
    }
    search_document_upsert(**document)
    return document


def index_regulation(
    key: str,
    title: str,
    body: str = "",
    *,
    promulgated_on: dt.date,
    reg_kind: str = "law",
    reg_category: str = "residence",
    **overrides: Any,
) -> dict[str, Any]:
    """A regulation as the content app indexes it: published_on is the promulgation date."""
    return index_document(
        key,
        title,
        body,
        kind="regulation",
        published_on=promulgated_on,
        attrs={"reg_kind": reg_kind, "reg_category": reg_category, "promulgated_on": promulgated_on.isoformat(), "name": title},
        **overrides,
    )
