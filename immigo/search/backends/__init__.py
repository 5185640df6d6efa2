"""Search backends: where the index lives. ``IMMIGO_SEARCH_BACKEND`` names the class (a dotted
path); the default keeps the index in the application's own database (see DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol, cast

from django.conf import settings
from django.utils.module_loading import import_string

from ..types import IndexDocument, SearchFacets, SearchPage, SearchQuery

DEFAULT_BACKEND = "immigo.search.backends.database.DatabaseSearchBackend"


class SearchBackend(Protocol):
    def index(self, doc: IndexDocument) -> None:
        """Adds the document or replaces the version with the same kind, key and language."""

    def remove(self, *, kind: str, key: str, language: str | None = None) -> None:
        """Removes one language version, or every version when ``language`` is None."""

    def query(self, q: SearchQuery) -> SearchPage:
        """One page of results: ranked and highlighted, or newest first when the query has no text."""

    def facets(self, *, language: str, fallback_language: str, kinds: Iterable[str] = (), attr_names: Iterable[str] = ()) -> SearchFacets:
        """The kinds, categories and attribute values that the documents searchable in the language
        have (within ``kinds`` when given)."""

    def identities(self, *, kind: str) -> set[tuple[str, str]]:
        """The (key, language) of every indexed document of the kind, for pruning on reindex."""


@lru_cache(maxsize=4)
def _backend(path: str) -> SearchBackend:
    return cast(SearchBackend, import_string(path)())


def backend_get() -> SearchBackend:
    return _backend(getattr(settings, "IMMIGO_SEARCH_BACKEND", "") or DEFAULT_BACKEND)
