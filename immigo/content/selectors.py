"""Reads of content: what the public sees in a language (with the fall-back to Traditional
Chinese), the popularity ranking, and the editors' lists. Each list runs a fixed number of
queries however many rows it shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from immigo.core.errors import NotFoundError

from .markup import AmendmentSpec, ArticleSpec, amendments_format, articles_format
from .models import NEWS_KINDS, SOURCE_LANGUAGE, Category, Item, ItemTranslation, Kind, LocalName, Revision, html_lang

MOST_READ_DAYS = 30

ORDERING: dict[Kind, tuple[str, ...]] = {
    **dict.fromkeys(NEWS_KINDS, ("-published_at", "-id")),
    Kind.FAQ: ("category__position", "position", "id"),
    Kind.REGULATION: ("category__position", "position", "-promulgated_on", "id"),
    Kind.GUIDE: ("category__position", "position", "id"),
    Kind.PUBLICATION: ("-published_at", "-id"),
    Kind.DISCLOSURE: ("position", "id"),
}


@dataclass(frozen=True)
class Shown:
    """An item as one visitor sees it: the version in their language, or else the Chinese one."""

    item: Item
    translation: ItemTranslation
    revision: Revision
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.translation.language != self.requested

    @property
    def lang(self) -> str:
        return html_lang(self.translation.language)

    @property
    def title(self) -> str:
        return self.revision.title

    @property
    def summary(self) -> str:
        return self.revision.summary

    @property
    def body(self) -> str:
        return self.revision.body

    @property
    def url(self) -> str:
        return self.item.get_absolute_url()

    @property
    def category_name(self) -> LocalName | None:
        return self.item.category.name_in(self.requested) if self.item.category else None


def visible_languages(language: str) -> list[str]:
    return [language] if language == SOURCE_LANGUAGE else [language, SOURCE_LANGUAGE]


def _live_versions(language: str) -> QuerySet[ItemTranslation]:
    return ItemTranslation.objects.filter(language__in=visible_languages(language), live_revision__isnull=False).select_related(
        "live_revision"
    )


def content_list_published(
    *, kinds: Iterable[str], language: str, category: Category | None = None, reg_kind: str = "", with_articles: bool = False
) -> QuerySet[Item]:
    """Items of `kinds` with a published version in `language` or in Chinese, in their list
    order, each with `visible_versions` prefetched (turn them into `Shown` with `shown_list`);
    `with_articles` prefetches a regulation's articles too."""
    kinds = list(kinds)
    versions = _live_versions(language)
    if with_articles:
        versions = versions.prefetch_related("live_revision__articles")
    queryset = (
        Item.objects.filter(kind__in=kinds)
        .filter(Exists(_live_versions(language).filter(item=OuterRef("pk"))))
        .select_related("category")
        .prefetch_related(Prefetch("translations", queryset=versions, to_attr="visible_versions"))
    )
    if category is not None:
        queryset = queryset.filter(category=category)
    if reg_kind:
        queryset = queryset.filter(reg_kind=reg_kind)
    return queryset.order_by(*ORDERING[Kind(kinds[0])])


def shown_for(item: Item, language: str) -> Shown | None:
    versions: list[ItemTranslation] = getattr(item, "visible_versions", None) or list(_live_versions(language).filter(item=item))
    chosen = next((v for v in versions if v.language == language), None) or next(
        (v for v in versions if v.language == SOURCE_LANGUAGE), None
    )
    if chosen is None or chosen.live_revision is None:
        return None
    return Shown(item=item, translation=chosen, revision=chosen.live_revision, requested=language)


def shown_list(items: Iterable[Item], language: str) -> list[Shown]:
    return [shown for shown in (shown_for(item, language) for item in items) if shown is not None]


def content_get_published(*, kinds: Iterable[str], slug: str, language: str) -> Shown:
    """One published item by its address, in the visitor's language or else in Chinese."""
    item = content_list_published(kinds=kinds, language=language).filter(slug=slug).first()
    shown = shown_for(item, language) if item is not None else None
    if shown is None:
        raise NotFoundError()
    return shown


def content_list_most_read(*, language: str, limit: int = 10, kinds: Iterable[str] = NEWS_KINDS) -> list[Shown]:
    """The most-read published items of the last 30 days (seed H02, 人氣排行榜), counting reads in
    every language, shown in `language` (or in Chinese)."""
    since = timezone.localdate() - dt.timedelta(days=MOST_READ_DAYS - 1)
    items = (
        content_list_published(kinds=kinds, language=language)
        .annotate(reads=Sum("daily_reads__count", filter=Q(daily_reads__day__gte=since)))
        .filter(reads__gt=0)
        .order_by("-reads", "-published_at", "-id")[:limit]
    )
    return shown_list(items, language)


def category_list(*, scheme: str, audience: str | None = None) -> QuerySet[Category]:
    queryset = Category.objects.filter(scheme=scheme)
    if audience is not None:
        queryset = queryset.filter(audience=audience)
    return queryset.order_by("position", "code")


def category_list_with_counts(*, scheme: str, language: str, audience: str | None = None) -> QuerySet[Category]:
    """Categories with `published` = how many of their items a visitor in `language` sees."""
    visible = Q(items__translations__language__in=visible_languages(language), items__translations__live_revision__isnull=False)
    return category_list(scheme=scheme, audience=audience).annotate(published=Count("items", filter=visible, distinct=True))


def category_get(*, scheme: str, code: str) -> Category:
    category = Category.objects.filter(scheme=scheme, code=code).first()
    if category is None:
        raise NotFoundError()
    return category


# --- revisions ------------------------------------------------------------------------------


def revision_articles(revision: Revision) -> list[ArticleSpec]:
    return [ArticleSpec(chapter=a.chapter, number=a.number, anchor=a.anchor, text=a.text) for a in revision.articles.all()]


def revision_articles_text(revision: Revision) -> str:
    return articles_format(revision_articles(revision))


def revision_amendments_text(revision: Revision) -> str:
    return amendments_format([AmendmentSpec(amended_on=a.amended_on, description=a.description) for a in revision.amendments.all()])


# --- the editors' lists ---------------------------------------------------------------------


def content_list_for_editor(*, kind: str = "", status: str = "", language: str = "", query: str = "") -> QuerySet[ItemTranslation]:
    """Every language version with its item and latest revision, most recently changed first."""
    queryset = ItemTranslation.objects.select_related("item", "latest_revision", "live_revision").order_by("-updated_at", "-id")
    if kind:
        queryset = queryset.filter(item__kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if language:
        queryset = queryset.filter(language=language)
    if query:
        queryset = queryset.filter(Q(latest_revision__title__icontains=query) | Q(item__slug__icontains=query))
    return queryset


def content_list_for_review() -> QuerySet[ItemTranslation]:
    """Versions waiting for a publisher, the longest waiting first."""
    return (
        ItemTranslation.objects.filter(status="in_review")
        .select_related("item", "latest_revision", "live_revision", "submitted_by")
        .order_by("updated_at", "id")
    )


def translation_get(*, item_id: int, language: str) -> ItemTranslation:
    translation = (
        ItemTranslation.objects.select_related("item", "item__category", "latest_revision", "live_revision", "submitted_by")
        .filter(item_id=item_id, language=language)
        .first()
    )
    if translation is None:
        raise NotFoundError()
    return translation


def item_get(*, item_id: int) -> Item:
    item = Item.objects.select_related("category").filter(pk=item_id).first()
    if item is None:
        raise NotFoundError()
    return item


def translation_history(translation: ItemTranslation) -> list[dict[str, Any]]:
    """Revisions and workflow steps of a version, newest first."""
    rows: list[dict[str, Any]] = [
        {"at": r.created_at, "kind": "revision", "revision": r, "who": r.author_label} for r in translation.revisions.order_by("-number")
    ]
    rows += [
        {"at": e.at, "kind": "event", "event": e, "who": e.actor_label}
        for e in translation.events.select_related("revision").order_by("-at", "-id")
    ]
    rows.sort(key=lambda row: (row["at"], row["kind"] == "event"), reverse=True)
    return rows
