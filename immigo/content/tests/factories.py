"""Content test data: staff with content roles, and items taken through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from immigo.accounts.models import Role, StaffRole, User
from immigo.content.models import CATEGORY_SCHEME, SOURCE_LANGUAGE, Category, Item, ItemTranslation, Kind, Revision
from immigo.content.services import DraftText, ItemFacts, content_draft_save, content_publish, content_submit
from immigo.core.models import Unit

PASSWORD = "correct-horse-battery-staple"
_counter = {"n": 0}

ARTICLES = "\n".join(
    (
        "# 第一章 總則",
        "## 第 1 條",
        "為統籌入出國管理，特制定本法。",
        "",
        "## 第 2 條",
        "本法之主管機關為內政部。",
        "",
        "# 第二章 居留",
        "## 第 22 條",
        "外國人應於入國翌日起 30 日內申請外僑居留證。",
    )
)


def hq_unit() -> Unit:
    return Unit.objects.get_or_create(
        code="hq-test", defaults={"kind": Unit.Kind.HEADQUARTERS, "name_zh": "測試總署", "name_en": "Test HQ"}
    )[0]


def station() -> Unit:
    return Unit.objects.get_or_create(
        code="station-test",
        defaults={"kind": Unit.Kind.SERVICE_STATION, "name_zh": "測試服務站", "name_en": "Test station", "parent": hq_unit()},
    )[0]


def staff(email: str, role: Role, unit: Unit, *, full_name: str = "Test Staff") -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=full_name, kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    return user


def public(email: str = "visitor@example.test") -> User:
    return User.objects.create_user(email, PASSWORD, full_name="Public Visitor", kind=User.Kind.PUBLIC)


def pdf(name: str = "form.pdf", body: bytes = b"demo") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


def category(kind: Kind, code: str) -> Category:
    return Category.objects.get(scheme=CATEGORY_SCHEME[kind], code=code)


DEFAULT_CATEGORY = {Kind.FAQ: "foreigners", Kind.REGULATION: "immigration-act", Kind.GUIDE: "foreigners"}


def draft(
    editor: User,
    *,
    kind: Kind = Kind.NEWS,
    slug: str | None = None,
    title: str = "居留證延期新制",
    body: str = "第一段。\n\n第二段。",
    summary: str = "",
    language: str = SOURCE_LANGUAGE,
    category_code: str | None = None,
    files: dict[str, Any] | None = None,
    **facts: Any,
) -> Revision:
    """A new item's first draft."""
    _counter["n"] += 1
    slug = slug or f"item-{_counter['n']}"
    code = category_code or DEFAULT_CATEGORY.get(kind)
    if kind == Kind.REGULATION:
        facts.setdefault("reg_kind", "law")
        facts.setdefault("promulgated_on", dt.date(1999, 5, 21))
    text = DraftText(title=title, summary=summary, body=body, articles=ARTICLES if kind == Kind.REGULATION else "")
    return content_draft_save(
        by=editor,
        language=language,
        text=text,
        kind=kind,
        facts=ItemFacts(slug=slug, category=category(kind, code) if code else None, **facts),
        files=files,
    )


def publish(translation: ItemTranslation, *, editor: User, supervisor: User) -> ItemTranslation:
    content_submit(translation=translation, by=editor)
    return content_publish(translation=translation, by=supervisor)


def published(editor: User, supervisor: User, **kwargs: Any) -> Item:
    """A new item published in Chinese."""
    revision = draft(editor, **kwargs)
    publish(revision.translation, editor=editor, supervisor=supervisor)
    return revision.translation.item


def translate(
    item: Item, editor: User, supervisor: User, *, language: str = "en", title: str = "Residence extension", body: str = "English text."
) -> ItemTranslation:
    """Adds a published version in another language."""
    articles = "## Article 1\nThis Act governs entry and exit." if item.kind == Kind.REGULATION else ""
    revision = content_draft_save(by=editor, language=language, item=item, text=DraftText(title=title, body=body, articles=articles))
    return publish(revision.translation, editor=editor, supervisor=supervisor)
