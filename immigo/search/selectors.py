"""Searching the public content. The visitor's language is searched; content that has no version in
it is searched in Traditional Chinese and flagged ``is_fallback``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from immigo.core.errors import InvalidInputError

from .backends import backend_get
from .services import language_codes
from .text import query_parse
from .types import SearchFacets, SearchPage, SearchQuery

MAX_QUERY_LENGTH = 100
# Terms one query may require: a 32-character Chinese phrase, or 32 words.
MAX_QUERY_TERMS = 32
MAX_PER_PAGE = 100


def search_language(language: str) -> str:
    """The portal language to search for a requested one (``en-us`` → ``en``, ``zh-tw`` → ``zh-hant``)."""
    codes = language_codes()
    requested = (language or "").lower()
    if requested in codes:
        return requested
    base = requested.split("-")[0]
    if base in codes:
        return base
    return settings.LANGUAGE_CODE


def query_problem(text: str) -> str | None:
    """Why the text cannot be searched for, or None. Blank text is fine: it means no words."""
    if len(text) > MAX_QUERY_LENGTH:
        return str(_("Enter at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH})
    if text.strip() and query_parse(text).is_empty:
        return str(_("Enter words, numbers or characters, not only punctuation."))
    if len(query_parse(text).required) > MAX_QUERY_TERMS:
        return str(_("Use fewer words."))
    return None


def search_run(
    *,
    query: str,
    language: str,
    kinds: Iterable[str] | None = None,
    category: str = "",
    attrs: Mapping[str, str] | None = None,
    title_only: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    per_page: int = 20,
    title_query: str = "",
) -> SearchPage:
    """One page of results for the query. Every word (every bigram of a Chinese word) must occur;
    results are ranked by BM25 with title matches first, then by adjacency of the query's
    characters. ``title_only`` restricts the query to titles; ``title_query`` is a second query
    that only titles must match (the regulations' name field). ``date_from``/``date_to`` bound
    ``published_on`` (regulations: the promulgation date); ``attrs`` must all match exactly.

    Without query text the documents that pass the filters are listed newest first. Page numbers
    out of range give the nearest page. Raises ``InvalidInputError`` for a query the search
    cannot run (too long, too many words, only punctuation)."""
    errors = {name: [problem] for name, text in (("query", query), ("title_query", title_query)) if (problem := query_problem(text))}
    if errors:
        raise InvalidInputError(details={"fields": errors})
    q = SearchQuery(
        query=query,
        title_query=title_query,
        language=search_language(language),
        fallback_language=settings.LANGUAGE_CODE,
        kinds=tuple(sorted(set(kinds or ()))),
        category=category,
        attrs=tuple(sorted((attrs or {}).items())),
        title_only=title_only,
        date_from=date_from,
        date_to=date_to,
        page=max(1, page),
        per_page=min(max(1, per_page), MAX_PER_PAGE),
    )
    return backend_get().query(q)


def search_facets_get(*, language: str, kinds: Iterable[str] | None = None, attr_names: Iterable[str] = ()) -> SearchFacets:
    """The kinds present among the content searchable in the language, and the categories and
    attribute values present within ``kinds`` (all kinds when None)."""
    return backend_get().facets(
        language=search_language(language),
        fallback_language=settings.LANGUAGE_CODE,
        kinds=tuple(kinds or ()),
        attr_names=tuple(attr_names),
    )
