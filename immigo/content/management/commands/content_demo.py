"""`manage.py content_demo`: published demo content for the agency website (news,
announcements, FAQ including the children's FAQ, regulations, a guide with its form and a
filled-in sample, publications and the ten disclosure items).

Every item goes through the real workflow: the demo content editor drafts and submits it, the
demo headquarters supervisor publishes it, so revisions, history, audit entries and the search
index are the real thing. Idempotent: an item whose address (slug) exists is left alone.
Needs the demo staff of `manage.py demo_data` (or others named with --editor/--supervisor).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.loader import render_to_string

from immigo.accounts.models import User

from ... import access
from ...models import CATEGORY_SCHEME, SOURCE_LANGUAGE, Category, Item, Kind
from ...services import DraftText, ItemFacts, content_draft_save, content_publish, content_read_record, content_submit
from ..demo_content import ALL, DemoItem, Version

DEMO_EDITOR = "editor@demo.immigo.tw"
DEMO_SUPERVISOR = "supervisor.hq@demo.immigo.tw"
# A few reads, so the "most read" list has something to show.
DEMO_READS: dict[str, int] = {
    "hk-macao-online-entry-permit": 5,
    "residence-expiry-reminders": 3,
    "online-appointments-at-service-stations": 2,
}
RESIDENCE_FORM_ROWS = (
    ("姓名 Name", "NGUYEN VAN AN"),
    ("國籍 Nationality", "越南 Viet Nam"),
    ("出生日期 Date of birth", "1990-05-17"),
    ("護照號碼 Passport number", "C1234567"),
    ("統一證號 UI number", "A800000014"),
    ("居留事由 Purpose of residence", "依親 Joining family"),
    ("居留期限 Residence valid until", "2026-12-31"),
    ("在臺住址 Address in Taiwan", "臺北市中正區示範路一段1號5樓"),
    ("聯絡電話 Phone", "0912-345-678"),
    ("申請日期 Date of application", "2026-12-10"),
)


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    # WeasyPrint reports every rendering step at INFO; the demo needs none of it.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        pdf = HTML(string=render_to_string(template, context)).write_pdf()
    finally:
        logger.setLevel(level)
    assert pdf is not None
    return pdf


def _files(spec: DemoItem) -> dict[str, SimpleUploadedFile]:
    if spec.pdf == "residence-form":
        rows = RESIDENCE_FORM_ROWS
        return {
            "document": SimpleUploadedFile(
                "外僑居留證延期申請書.pdf", _pdf("content/demo/residence_form.html", {"rows": rows, "sample": False}), "application/pdf"
            ),
            "sample": SimpleUploadedFile(
                "外僑居留證延期申請書-填寫範例.pdf",
                _pdf("content/demo/residence_form.html", {"rows": rows, "sample": True}),
                "application/pdf",
            ),
        }
    if spec.pdf:
        content = _pdf("content/demo/publication.html", {"title": spec.zh.title, "summary": spec.zh.summary})
        return {"document": SimpleUploadedFile(f"{spec.slug}.pdf", content, "application/pdf")}
    return {}


def _text(version: Version) -> DraftText:
    return DraftText(
        title=version.title, summary=version.summary, body=version.body, articles=version.articles, amendments=version.amendments
    )


def _publish(*, spec: DemoItem, editor: User, supervisor: User) -> Item:
    kind = Kind(spec.kind)
    category = Category.objects.get(scheme=CATEGORY_SCHEME[kind], code=spec.category) if spec.category else None
    facts = ItemFacts(
        slug=spec.slug,
        category=category,
        reg_kind=spec.reg_kind,
        promulgated_on=spec.promulgated_on,
        amended_on=spec.amended_on,
        position=spec.position,
    )
    revision = content_draft_save(
        by=editor, language=SOURCE_LANGUAGE, text=_text(spec.zh), kind=kind, facts=facts, files=_files(spec), note="示範內容"
    )
    item = revision.translation.item
    content_submit(translation=revision.translation, by=editor)
    content_publish(translation=revision.translation, by=supervisor)
    if spec.en is not None:
        english = content_draft_save(by=editor, language="en", text=_text(spec.en), item=item, note="Demo content")
        content_submit(translation=english.translation, by=editor)
        content_publish(translation=english.translation, by=supervisor)
    return item


class Command(BaseCommand):
    help = "Publishes the demo content of the agency website (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--editor", default=DEMO_EDITOR, help="E-mail of the content editor who drafts the items.")
        parser.add_argument("--supervisor", default=DEMO_SUPERVISOR, help="E-mail of the headquarters supervisor who publishes them.")
        parser.add_argument("--allow-production", action="store_true", help="Run even where the settings look like production.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and settings.IMMIGO_REQUIRE_STAFF_OTP and not options["allow_production"]:
            raise CommandError("These settings look like production. Use --allow-production to publish demo content anyway.")
        editor = User.objects.filter(email=options["editor"]).first()
        supervisor = User.objects.filter(email=options["supervisor"]).first()
        if editor is None or not access.is_editor(editor):
            raise CommandError(f"{options['editor']} is not a content editor. Run `manage.py demo_data` first, or name one with --editor.")
        if supervisor is None or not access.is_publisher(supervisor):
            raise CommandError(
                f"{options['supervisor']} is not a supervisor at headquarters. "
                "Run `manage.py demo_data` first, or name one with --supervisor."
            )
        created = 0
        existing = set(Item.objects.filter(slug__in=[spec.slug for spec in ALL]).values_list("slug", flat=True))
        for spec in ALL:
            if spec.slug in existing:
                continue
            with transaction.atomic():
                item = _publish(spec=spec, editor=editor, supervisor=supervisor)
                for _read in range(DEMO_READS.get(spec.slug, 0)):
                    content_read_record(item=item, language=SOURCE_LANGUAGE, session={})
            created += 1
        if options["verbosity"] >= 1:
            self.stdout.write(f"content_demo: {created} items published, {len(ALL) - created} already there.")
