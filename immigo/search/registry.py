"""Who supplies the documents of each kind. An app registers a provider in its ``AppConfig.ready``;
``manage.py search_reindex`` asks every provider for its documents and rebuilds the index.

A provider is a callable without arguments that yields the keyword arguments of
``services.search_document_upsert`` (``kind`` may be left out), one dict per language version::

    register_provider(
        "regulation",
        regulation_search_documents,
        label=Kind.REGULATION.label,
        value_labels={"reg_kind": dict(RegKind.choices)},
    )

``label`` names the kind in the search filters; ``value_labels`` names the stored values of the
category (key ``"category"``) and of attributes, where the provider stores codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

Provider = Callable[[], Iterable[Mapping[str, Any]]]
Label = str | Promise


@dataclass(frozen=True)
class ProviderEntry:
    kind: str
    provider: Provider
    label: Label | None = None
    value_labels: Mapping[str, Mapping[str, Label]] = field(default_factory=dict)


_PROVIDERS: dict[str, ProviderEntry] = {}


def register_provider(
    kind: str,
    provider: Provider,
    *,
    label: Label | None = None,
    value_labels: Mapping[str, Mapping[str, Label]] | None = None,
) -> None:
    """Registers the provider of a kind. Registering the same provider again is harmless; a
    different provider for a kind that has one is a configuration error."""
    existing = _PROVIDERS.get(kind)
    if existing is not None and existing.provider is not provider:
        raise ImproperlyConfigured(f"Search documents of kind {kind!r} already come from {existing.provider!r}.")
    _PROVIDERS[kind] = ProviderEntry(kind=kind, provider=provider, label=label, value_labels=dict(value_labels or {}))


def unregister_provider(kind: str) -> None:
    _PROVIDERS.pop(kind, None)


def provider_list() -> list[ProviderEntry]:
    return [_PROVIDERS[kind] for kind in sorted(_PROVIDERS)]


def kind_label(kind: str) -> str:
    entry = _PROVIDERS.get(kind)
    return str(entry.label) if entry is not None and entry.label else kind


def value_label(kind: str, name: str, value: str) -> str:
    """The words for a stored category (``name="category"``) or attribute value."""
    entry = _PROVIDERS.get(kind)
    if entry is None:
        return value
    label = entry.value_labels.get(name, {}).get(value)
    return str(label) if label else value


class Labels:
    """Labels for one request, each looked up once: a provider's labels may be data that each
    lookup reads from the database."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str, str], str] = {}

    def kind(self, kind: str) -> str:
        return kind_label(kind)

    def value(self, kind: str, name: str, value: str) -> str:
        key = (kind, name, value)
        if key not in self._values:
            self._values[key] = value_label(kind, name, value)
        return self._values[key]
