"""Writing the search index. Other apps call these when public content is published, changed or
withdrawn; the configured backend stores it (see ``backends``).

With the database backend the write joins the caller's transaction: content and index commit or
roll back together, so a published version is searchable exactly when it is published."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from immigo.core.errors import InvalidInputError

from .backends import backend_get
from .types import IndexDocument

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Links in results are to our own pages or to another site over HTTP(S); never javascript: URLs.
_SAFE_URL = re.compile(r"^(/(?!/)|https?://)", re.IGNORECASE)
LIMITS = {"kind": 40, "key": 200, "title": 500, "url": 500, "category": 100, "attr_name": 40, "attr_value": 200}


def _clean(text: str) -> str:
    # PostgreSQL cannot store NUL characters in text.
    return text.replace("\x00", "")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _validated(
    *,
    kind: str,
    key: str,
    language: str,
    title: str,
    body: str,
    url: str,
    category: str,
    published_on: dt.date | None,
    attrs: dict[str, str] | None,
) -> IndexDocument:
    errors: dict[str, list[Any]] = {}

    def check(name: str, ok: bool, message: Any) -> None:
        if not ok:
            errors.setdefault(name, []).append(message)

    kind, key, title, url, category = (_clean(v).strip() for v in (kind, key, title, url, category))
    check("kind", bool(_SLUG.match(kind)) and len(kind) <= LIMITS["kind"], _("The kind must be a short code of letters, digits, - or _."))
    check("key", 0 < len(key) <= LIMITS["key"], _("The key must be 1 to 200 characters."))
    check("language", language in language_codes(), _("The language is not one of the portal's languages."))
    check("title", 0 < len(title) <= LIMITS["title"], _("The title must be 1 to 500 characters."))
    check(
        "url", len(url) <= LIMITS["url"] and bool(_SAFE_URL.match(url)), _("The address must be a path on this site or an http(s) address.")
    )
    check("category", len(category) <= LIMITS["category"], _("The category must be at most 100 characters."))
    check("published_on", published_on is None or isinstance(published_on, dt.date), _("The publication date must be a date."))
    cleaned_attrs: dict[str, str] = {}
    for name, value in (attrs or {}).items():
        value = _clean(str(value)).strip()
        check("attrs", bool(_SLUG.match(name)) and len(name) <= LIMITS["attr_name"], _("Attribute names must be short codes."))
        check("attrs", len(value) <= LIMITS["attr_value"], _("Attribute values must be at most 200 characters."))
        if value:
            cleaned_attrs[name] = value
    if errors:
        raise InvalidInputError(details={"fields": errors})
    published = published_on.date() if isinstance(published_on, dt.datetime) else published_on
    return IndexDocument(
        kind=kind,
        key=key,
        language=language,
        title=title,
        body=_clean(body),
        url=url,
        category=category,
        published_on=published,
        attrs=cleaned_attrs,
    )


def search_document_upsert(
    *,
    kind: str,
    key: str,
    language: str,
    title: str,
    body: str,
    url: str,
    category: str = "",
    published_on: dt.date | None = None,
    attrs: dict[str, str] | None = None,
) -> None:
    """Makes the document searchable, replacing its earlier version in that language. ``body`` is
    plain text (markup is shown as typed, escaped); ``published_on`` is the date the date-range
    filters use: for regulations, the promulgation date. Attributes with empty values are left
    out. Raises ``InvalidInputError`` (details per field) when a value is missing or too long."""
    doc = _validated(
        kind=kind,
        key=key,
        language=language,
        title=title,
        body=body,
        url=url,
        category=category,
        published_on=published_on,
        attrs=attrs,
    )
    backend_get().index(doc)


def search_document_remove(*, kind: str, key: str, language: str | None = None) -> None:
    """Takes the document out of the search: one language version, or all of them when
    ``language`` is None. Removing what is not indexed is harmless."""
    backend_get().remove(kind=kind, key=key, language=language)
