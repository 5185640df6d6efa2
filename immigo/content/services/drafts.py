"""Drafting: creating an item, saving a language version's draft, and the revision each save
appends. Translating is drafting the version in another language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core.errors import InvalidInputError, PermissionDeniedError

from .. import access
from ..markup import MarkupError, amendments_format, amendments_parse, articles_format, articles_parse
from ..models import (
    CATEGORY_SCHEME,
    FILE_SLOTS,
    SOURCE_LANGUAGE,
    Amendment,
    Article,
    Category,
    Item,
    ItemTranslation,
    Kind,
    RegKind,
    Revision,
    Status,
)
from ..selectors import revision_amendments_text, revision_articles_text
from ..workflow import RULES, Action
from .workflow import actor_label, transition_refused, translation_move

PDF_MAGIC = b"%PDF-"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class DraftText:
    """The text of one language version. `articles` and `amendments` are for regulations, in the
    formats of `markup`."""

    title: str
    summary: str = ""
    body: str = ""
    articles: str = ""
    amendments: str = ""


@dataclass(frozen=True)
class ItemFacts:
    """What is the same in every language. Changing it affects every version at once (and is
    recorded in the revision that carried the change)."""

    slug: str
    category: Category | None = None
    reg_kind: str = ""
    promulgated_on: dt.date | None = None
    amended_on: dt.date | None = None
    position: int = 0

    def snapshot(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "category": self.category.code if self.category else "",
            "reg_kind": self.reg_kind,
            "promulgated_on": self.promulgated_on.isoformat() if self.promulgated_on else "",
            "amended_on": self.amended_on.isoformat() if self.amended_on else "",
            "position": self.position,
        }


def item_facts(item: Item) -> ItemFacts:
    return ItemFacts(
        slug=item.slug,
        category=item.category,
        reg_kind=item.reg_kind,
        promulgated_on=item.promulgated_on,
        amended_on=item.amended_on,
        position=item.position,
    )


def _invalid(fields: dict[str, list[str]]) -> InvalidInputError:
    return InvalidInputError(details={"fields": fields})


def _check_facts(*, kind: Kind, facts: ItemFacts, item: Item | None) -> None:
    errors: dict[str, list[str]] = {}
    if not _SLUG.match(facts.slug or ""):
        errors["slug"] = [str(_("Use lower-case letters a–z, digits and hyphens, e.g. “residence-renewal”."))]
    elif Item.objects.filter(slug=facts.slug).exclude(pk=item.pk if item else 0).exists():
        errors["slug"] = [str(_("Another item already uses this address."))]
    scheme = CATEGORY_SCHEME.get(kind)
    if scheme is None and facts.category is not None:
        errors["category"] = [str(_("This kind of content has no categories."))]
    elif scheme is not None and (facts.category is None or facts.category.scheme != scheme):
        errors["category"] = [str(_("Choose a category."))]
    if kind == Kind.REGULATION and facts.reg_kind not in RegKind.values:
        errors["reg_kind"] = [str(_("Choose the type of regulation."))]
    if kind != Kind.REGULATION and facts.reg_kind:
        errors["reg_kind"] = [str(_("Only regulations have a type."))]
    if facts.promulgated_on and facts.amended_on and facts.amended_on < facts.promulgated_on:
        errors["amended_on"] = [str(_("The last amendment cannot be earlier than the promulgation."))]
    if errors:
        raise _invalid(errors)


def _check_text(*, kind: Kind, text: DraftText) -> tuple[list, list]:
    errors: dict[str, list[str]] = {}
    if not text.title.strip():
        errors["title"] = [str(_("Enter a title."))]
    elif len(text.title.strip()) > 300:
        errors["title"] = [str(_("The title can be 300 characters at most."))]
    articles, amendments = [], []
    if kind == Kind.REGULATION:
        try:
            articles = articles_parse(text.articles)
        except MarkupError as exc:
            errors["articles"] = [exc.message]
        else:
            if not articles:
                errors["articles"] = [str(_("Enter the regulation's articles."))]
        try:
            amendments = amendments_parse(text.amendments)
        except MarkupError as exc:
            errors["amendments"] = [exc.message]
    elif kind != Kind.FAQ and not text.body.strip():
        errors["body"] = [str(_("Enter the text."))]
    if kind == Kind.FAQ and not text.body.strip():
        errors["body"] = [str(_("Enter the answer."))]
    if errors:
        raise _invalid(errors)
    return articles, amendments


def upload_check_pdf(slot: str, upload: UploadedFile) -> None:
    """A PDF by its content (the magic bytes), not by its name or declared type."""
    if upload.size is None or upload.size > settings.IMMIGO_MAX_UPLOAD_BYTES:
        raise _invalid({slot: [str(_("The file is too large (10 MB at most)."))]})
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise _invalid({slot: [str(_("Upload a PDF file."))]})


def _locked_translation(item: Item, language: str) -> tuple[ItemTranslation, bool]:
    translation = ItemTranslation.objects.select_for_update().filter(item=item, language=language).first()
    if translation is not None:
        return translation, False
    return ItemTranslation(item=item, language=language, status=Status.DRAFT), True


def _inherited_files(item: Item, language: str) -> dict[str, str]:
    """A new language version starts with the files of the Chinese version (a form may be the
    same in every language); the translator can replace them."""
    source = (
        ItemTranslation.objects.filter(item=item, latest_revision__isnull=False)
        .exclude(language=language)
        .select_related("latest_revision")
        .order_by("language")
    )
    chosen = next((t for t in source if t.language == SOURCE_LANGUAGE), None) or next(iter(source), None)
    if chosen is None or chosen.latest_revision is None:
        return {}
    return {"document": chosen.latest_revision.document.name or "", "sample": chosen.latest_revision.sample.name or ""}


def revision_snapshot(revision: Revision) -> dict[str, Any]:
    """Everything a revision holds, as plain text: what the history compares."""
    return {
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "articles": revision_articles_text(revision),
        "amendments": revision_amendments_text(revision),
        "document": revision.document.name or "",
        "sample": revision.sample.name or "",
        "facts": revision.facts,
    }


@transaction.atomic
def content_draft_save(
    *,
    by: User,
    language: str,
    text: DraftText,
    item: Item | None = None,
    kind: Kind | None = None,
    facts: ItemFacts | None = None,
    files: Mapping[str, UploadedFile | None] | None = None,
    note: str = "",
) -> Revision:
    """Saves a draft of one language version and appends its revision (a full snapshot with the
    list of what changed). Creates the item when `item` is None (then `kind` and `facts` are
    required) and the version when the item has none in `language` yet.

    Editing a published or archived version makes it a draft again (the published text stays
    online until the new revision is published); a version in review cannot be edited. Saving
    with nothing changed appends nothing and returns the latest revision (an archived version
    still becomes a draft again)."""
    if not access.is_editor(by):
        raise PermissionDeniedError()
    if language not in dict(settings.LANGUAGES):
        raise _invalid({"language": [str(_("Choose one of the site's languages."))]})
    if item is None:
        if kind is None or facts is None:
            raise ValueError("a new item needs its kind and facts")
        _check_facts(kind=kind, facts=facts, item=None)
        item = Item.objects.create(
            kind=kind,
            slug=facts.slug,
            category=facts.category,
            reg_kind=facts.reg_kind,
            promulgated_on=facts.promulgated_on,
            amended_on=facts.amended_on,
            position=facts.position,
            created_by=by,
        )
        facts_changed = False
    else:
        item = Item.objects.select_for_update(of=("self",)).select_related("category").get(pk=item.pk)
        kind = Kind(item.kind)
        facts_changed = facts is not None and facts.snapshot() != item_facts(item).snapshot()
        if facts is not None and facts_changed:
            _check_facts(kind=kind, facts=facts, item=item)
            for name in ("slug", "category", "reg_kind", "promulgated_on", "amended_on", "position"):
                setattr(item, name, getattr(facts, name))
            item.save()
    articles, amendments = _check_text(kind=kind, text=text)
    slots = FILE_SLOTS.get(kind, ())
    for slot, upload in (files or {}).items():
        if slot not in slots:
            raise ValueError(f"{kind} has no file slot {slot!r}")
        if upload is not None:
            upload_check_pdf(slot, upload)

    translation, is_new = _locked_translation(item, language)
    if not is_new and Status(translation.status) not in RULES[Action.EDIT].sources:
        raise transition_refused(translation, Action.EDIT)
    previous = translation.latest_revision
    if is_new:
        translation.save()

    revision = Revision(
        translation=translation,
        number=(previous.number + 1) if previous else 1,
        author=by,
        author_label=actor_label(by),
        title=text.title.strip(),
        summary=text.summary.strip(),
        body=text.body.strip(),
        facts=item_facts(item).snapshot(),
        note=note.strip()[:300],
    )
    carried = (
        {"document": previous.document.name or "", "sample": previous.sample.name or ""} if previous else _inherited_files(item, language)
    )
    for slot in slots:
        if slot not in (files or {}):
            setattr(revision, slot, carried.get(slot, ""))  # no upload: the file stays
            continue
        upload = (files or {})[slot]
        if upload is None:
            setattr(revision, slot, "")
        else:
            getattr(revision, slot).save(upload.name or f"{slot}.pdf", upload, save=False)

    new_snapshot = {
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "articles": articles_format(articles),
        "amendments": amendments_format(amendments),
        "document": revision.document.name or "",
        "sample": revision.sample.name or "",
        "facts": revision.facts,
    }
    # A first revision is compared with an empty one: it "changes" only what it fills in.
    old_snapshot = revision_snapshot(previous) if previous else {name: type(value)() for name, value in new_snapshot.items()}
    changed = [name for name, value in new_snapshot.items() if old_snapshot.get(name) != value]
    if previous is not None and not changed:
        if translation.status == Status.ARCHIVED:
            # Bringing an archived version back unchanged: a draft again, to be reviewed again.
            translation_move(translation, action=Action.EDIT, by=by, revision=previous)
        return previous
    revision.changed = changed
    revision.save()
    Article.objects.bulk_create(
        Article(revision=revision, position=n, chapter=a.chapter, number=a.number, anchor=a.anchor, text=a.text)
        for n, a in enumerate(articles, start=1)
    )
    Amendment.objects.bulk_create(
        Amendment(revision=revision, position=n, amended_on=a.amended_on, description=a.description)
        for n, a in enumerate(amendments, start=1)
    )
    translation.latest_revision = revision
    translation_move(translation, action=Action.EDIT, by=by, revision=revision, fields=["latest_revision"], new=is_new)
    if facts_changed:
        from ..indexing import item_reindex

        item_reindex(item=item)
    return revision
