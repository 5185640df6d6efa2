"""What a published language version looks like to the site search (immigo.search)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .markup import plain_text
from .models import NEWS_KINDS, SOURCE_LANGUAGE, Category, Item, ItemTranslation, Kind, RegKind, Revision

SEARCH_KIND: dict[Kind, str] = {
    **dict.fromkeys(NEWS_KINDS, "news"),
    Kind.FAQ: "faq",
    Kind.REGULATION: "regulation",
    Kind.GUIDE: "guide",
    Kind.PUBLICATION: "publication",
    Kind.DISCLOSURE: "disclosure",
}


def _search() -> ModuleType:
    from immigo.search import services

    return services


def search_document(*, translation: ItemTranslation, revision: Revision) -> dict[str, Any]:
    """The keyword arguments of `search_document_upsert` for a version's live revision."""
    item = translation.item
    kind = Kind(item.kind)
    language = translation.language
    attrs: dict[str, str] = {"content_kind": kind.value}
    body = plain_text(revision.body)
    category = item.category.code if item.category else ""
    if item.category is not None:
        attrs["category_name"] = item.category.name_in(language).text[:200]
    if kind == Kind.REGULATION:
        articles = "\n\n".join(f"{a.number}\n{a.text}" for a in revision.articles.all())
        body = "\n\n".join(part for part in (body, articles) if part)
        attrs |= {
            "reg_kind": item.reg_kind,
            "reg_category": category,
            "promulgated_on": item.promulgated_on.isoformat() if item.promulgated_on else "",
            "name": revision.title[:200],
        }
    published = translation.first_published_at
    # The search's date filters use published_on; for a regulation that is its promulgation.
    published_on = timezone.localdate(published) if published else None
    if kind == Kind.REGULATION and item.promulgated_on:
        published_on = item.promulgated_on
    return {
        "kind": SEARCH_KIND[kind],
        "key": str(item.pk),
        "language": language,
        "title": revision.title,
        "body": "\n\n".join(part for part in (plain_text(revision.summary), body) if part),
        "url": item.get_absolute_url(),
        "category": category,
        "published_on": published_on,
        "attrs": attrs,
    }


def translation_index(*, translation: ItemTranslation) -> None:
    """Puts the version's live revision into the search index (or takes it out if none is live)."""
    if translation.live_revision is None:
        translation_unindex(translation=translation)
        return
    _search().search_document_upsert(**search_document(translation=translation, revision=translation.live_revision))


def translation_unindex(*, translation: ItemTranslation) -> None:
    _search().search_document_remove(
        kind=SEARCH_KIND[Kind(translation.item.kind)], key=str(translation.item_id), language=translation.language
    )


def item_reindex(*, item: Item) -> None:
    """After a change to the facts every version shares (address, category, dates)."""
    for translation in item.translations.filter(live_revision__isnull=False).select_related("item", "item__category", "live_revision"):
        translation_index(translation=translation)


# --- the providers of `manage.py search_reindex` ---------------------------------------------


def _documents_of(search_kind: str) -> Callable[[], Iterator[dict[str, Any]]]:
    kinds = [kind for kind, value in SEARCH_KIND.items() if value == search_kind]

    def provider() -> Iterator[dict[str, Any]]:
        versions = (
            ItemTranslation.objects.filter(item__kind__in=kinds, live_revision__isnull=False)
            .select_related("item", "item__category", "live_revision")
            .prefetch_related("live_revision__articles")
            .order_by("pk")
        )
        for translation in versions.iterator(chunk_size=200):
            assert translation.live_revision is not None
            yield search_document(translation=translation, revision=translation.live_revision)

    provider.__name__ = provider.__qualname__ = f"content_search_documents_{search_kind}"
    return provider


# One provider per search kind, made once, so registering them again is harmless.
PROVIDERS: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {kind: _documents_of(kind) for kind in sorted(set(SEARCH_KIND.values()))}


class CategoryNames(Mapping[str, str]):
    """Category codes → names in the active language, read when the search shows them (the
    names are data, so they cannot be fixed when the app starts)."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme

    def _names(self) -> dict[str, str]:
        language = get_language() or SOURCE_LANGUAGE
        return {category.code: category.name_in(language).text for category in Category.objects.filter(scheme=self.scheme)}

    def __getitem__(self, code: str) -> str:
        return self._names()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


def search_providers_register() -> None:
    """Tells the site search where each kind of content comes from and how to name its codes."""
    from immigo.search.registry import register_provider

    labels = {
        "news": _("News and announcements"),
        "faq": _("Frequently asked questions"),
        "regulation": _("Regulations"),
        "guide": _("Application guides and forms"),
        "publication": _("Publications"),
        "disclosure": _("Government information disclosure"),
    }
    schemes = {"faq": Category.Scheme.FAQ, "regulation": Category.Scheme.REGULATION, "guide": Category.Scheme.GUIDE}
    for kind, provider in PROVIDERS.items():
        value_labels: dict[str, Mapping[str, Any]] = {"content_kind": dict(Kind.choices)}
        if kind in schemes:
            value_labels["category"] = CategoryNames(schemes[kind])
        if kind == "regulation":
            value_labels |= {"reg_kind": dict(RegKind.choices), "reg_category": CategoryNames(Category.Scheme.REGULATION)}
        register_provider(kind, provider, label=labels[kind], value_labels=value_labels)
