"""Translatable content items (Wagtail-like, keyed by locale).

An `Item` holds what is the same in every language (kind, slug, category, dates). Each language
version is an `ItemTranslation` with its own editorial status. Text lives only in `Revision`s:
every save appends one (a full snapshot, with a regulation's articles and amendment history as
child rows), so the history is complete and nothing is overwritten. A version points at its
latest revision (what the editors work on) and at its live revision (what the public sees), so
a published page stays up, unchanged, while its next revision is drafted and reviewed.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from immigo.core.models import AppendOnlyQuerySet

from .categories import SOURCE_LANGUAGE, Category, html_lang


class Kind(models.TextChoices):
    NEWS = "news", _("News")
    ANNOUNCEMENT = "announcement", _("Announcement")
    PRESS_RELEASE = "press_release", _("Press release")
    RECRUITMENT = "recruitment", _("Recruitment notice")
    FAQ = "faq", _("FAQ entry")
    REGULATION = "regulation", _("Regulation")
    GUIDE = "guide", _("Application guide and forms")
    PUBLICATION = "publication", _("Publication")
    DISCLOSURE = "disclosure", _("Government information disclosure item")


# The homepage sections of seed H02: latest news, announcements, press and recruitment.
NEWS_KINDS: frozenset[Kind] = frozenset({Kind.NEWS, Kind.ANNOUNCEMENT, Kind.PRESS_RELEASE, Kind.RECRUITMENT})
# Which category scheme a kind is filed under (the others have no categories).
CATEGORY_SCHEME: dict[Kind, str] = {
    Kind.FAQ: Category.Scheme.FAQ,
    Kind.REGULATION: Category.Scheme.REGULATION,
    Kind.GUIDE: Category.Scheme.GUIDE,
}
# Which files a kind carries: a guide has its form and a filled-in sample (seed H07), a
# publication its file (H14), a disclosure item an optional document (H01).
FILE_SLOTS: dict[Kind, tuple[str, ...]] = {
    Kind.GUIDE: ("document", "sample"),
    Kind.PUBLICATION: ("document",),
    Kind.DISCLOSURE: ("document",),
}


class RegKind(models.TextChoices):
    """The types of seed H05 (本署法規, 行政規則, 行政規定令釋, 法規草案), with laws passed by the
    Legislative Yuan kept apart from the regulations the agency issues."""

    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")
    ADMINISTRATIVE_RULE = "administrative_rule", _("Administrative rule")
    INTERPRETATION = "interpretation", _("Administrative interpretation")
    DRAFT = "draft", _("Draft regulation")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Item(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    reg_kind = models.CharField(_("type of regulation"), max_length=24, choices=RegKind.choices, blank=True)
    promulgated_on = models.DateField(_("promulgated on"), null=True, blank=True)
    amended_on = models.DateField(_("last amended on"), null=True, blank=True)
    position = models.PositiveIntegerField(pgettext_lazy("position in a list", "order"), default=0)
    # The first time any language version went live; news lists are ordered by it.
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "position", "-published_at", "id"]
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        indexes = [models.Index(fields=["kind", "published_at"], name="content_item_kind_published")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.slug}"

    def get_absolute_url(self) -> str:
        kind = Kind(self.kind)
        if kind in NEWS_KINDS:
            return reverse("content:news_detail", args=[self.slug])
        if kind == Kind.FAQ:
            category = self.category.code if self.category_id and self.category else "other"
            return reverse("content:faq_detail", args=[category, self.slug])
        names = {
            Kind.REGULATION: "content:regulation_detail",
            Kind.GUIDE: "content:guide_detail",
            Kind.PUBLICATION: "content:publication_detail",
            Kind.DISCLOSURE: "content:disclosure_detail",
        }
        return reverse(names[kind], args=[self.slug])

    @property
    def file_slots(self) -> tuple[str, ...]:
        return FILE_SLOTS.get(Kind(self.kind), ())


class ItemTranslation(models.Model):
    """One language version of an item and its place in the editorial workflow. Only
    `services.workflow` writes `status`, `latest_revision` and `live_revision`."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    latest_revision = models.ForeignKey(
        "Revision", verbose_name=_("latest revision"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    live_revision = models.ForeignKey(
        "Revision", verbose_name=_("published revision"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("last published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["item", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [models.UniqueConstraint(fields=["item", "language"], name="content_translation_unique")]
        indexes = [
            models.Index(fields=["language", "live_revision"], name="content_translation_live"),
            models.Index(fields=["status", "language"], name="content_translation_status"),
        ]

    def __str__(self) -> str:
        return f"{self.item.slug} [{self.language}]"

    @property
    def lang(self) -> str:
        return html_lang(self.language)

    @property
    def is_source(self) -> bool:
        return self.language == SOURCE_LANGUAGE


def revision_upload_to(instance: Revision, filename: str) -> str:
    """content/<item>/<language>/<random>/<name>: a new folder per upload, so a revision's file is
    never overwritten by a later one and the visitor downloads it under its own name."""
    name = get_valid_filename(PurePosixPath(filename).name)[:80] or "document.pdf"
    translation = instance.translation
    return f"content/{translation.item_id}/{translation.language}/{uuid.uuid4().hex}/{name}"


class _AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted: the history."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(f"{self._meta.label} rows are append-only")


class Revision(_AppendOnly):
    """A full snapshot of one language version as an editor saved it."""

    translation = models.ForeignKey(ItemTranslation, verbose_name=_("language version"), on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision number"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.PROTECT, related_name="+")
    author_label = models.CharField(_("author (as recorded)"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    document = models.FileField(_("document (PDF)"), upload_to=revision_upload_to, max_length=255, blank=True)
    sample = models.FileField(_("filled-in sample (PDF)"), upload_to=revision_upload_to, max_length=255, blank=True)
    # The language-neutral facts when this revision was saved (slug, category, dates…).
    facts = models.JSONField(_("item facts"), default=dict, blank=True)
    changed = models.JSONField(_("what changed"), default=list, blank=True)
    note = models.CharField(_("note on the change"), max_length=300, blank=True)

    class Meta:
        ordering = ["translation", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [models.UniqueConstraint(fields=["translation", "number"], name="content_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.translation} #{self.number}"


class Article(_AppendOnly):
    """An article of a regulation, as it stands in one revision."""

    revision = models.ForeignKey(Revision, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="articles")
    position = models.PositiveIntegerField(pgettext_lazy("position in a list", "order"))
    chapter = models.CharField(_("chapter heading"), max_length=200, blank=True)
    number = models.CharField(_("article number"), max_length=40)
    anchor = models.SlugField(_("anchor"), max_length=60)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["revision", "position"]
        verbose_name = pgettext_lazy("of a law", "article")
        verbose_name_plural = pgettext_lazy("of a law", "articles")

    def __str__(self) -> str:
        return self.number


class Amendment(_AppendOnly):
    """One line of a regulation's amendment history, as it stands in one revision."""

    revision = models.ForeignKey(Revision, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="amendments")
    position = models.PositiveIntegerField(pgettext_lazy("position in a list", "order"))
    amended_on = models.DateField(_("date"))
    description = models.CharField(_("what was amended"), max_length=500)

    class Meta:
        ordering = ["revision", "position"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendment history")

    def __str__(self) -> str:
        return f"{self.amended_on} {self.description}"


class TranslationEvent(_AppendOnly):
    """A step of the editorial workflow: who moved a language version from which status to
    which, on which revision, and what they said."""

    translation = models.ForeignKey(ItemTranslation, verbose_name=_("language version"), on_delete=models.PROTECT, related_name="events")
    revision = models.ForeignKey(Revision, verbose_name=_("revision"), null=True, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    before = models.CharField(_("status before"), max_length=16, choices=Status.choices, blank=True)
    after = models.CharField(_("status after"), max_length=16, choices=Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("who (as recorded)"), max_length=200)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["translation", "-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self) -> str:
        return f"{self.translation} {self.action} {self.before}→{self.after}"
