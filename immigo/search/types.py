"""The values that pass between the search services, selectors and a backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class IndexDocument:
    """One language version of one piece of content, validated and ready to index."""

    kind: str
    key: str
    language: str
    title: str
    body: str
    url: str
    category: str = ""
    published_on: dt.date | None = None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchQuery:
    """What to look for. ``query`` and ``title_query`` are the visitor's text: each backend
    analyses them itself (an external engine with its own analyser)."""

    query: str
    language: str
    fallback_language: str
    title_query: str = ""
    kinds: tuple[str, ...] = ()  # empty: every kind
    category: str = ""
    attrs: tuple[tuple[str, str], ...] = ()
    title_only: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class SearchResult:
    kind: str
    key: str
    title: str
    url: str
    snippet_html: SafeString
    category: str
    published_on: dt.date | None
    score: float
    language: str
    is_fallback: bool
    title_html: SafeString
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag of the result's language, for the ``lang`` attribute."""
        return "zh-Hant-TW" if self.language == "zh-hant" else self.language


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    page: int
    pages: int
    per_page: int = 20

    @property
    def first_number(self) -> int:
        """The position of the page's first result in the whole list (for ``<ol start>``)."""
        return (self.page - 1) * self.per_page + 1


@dataclass(frozen=True)
class SearchFacets:
    """The values present in the searchable documents, for the filters' choices."""

    kinds: list[str]
    categories: list[tuple[str, str]]  # (kind, category)
    attrs: dict[str, list[str]]
