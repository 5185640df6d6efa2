from __future__ import annotations

import pytest

from immigo.content.models import Article, Kind, Revision, TranslationEvent
from immigo.content.services import DraftText, ItemFacts, content_draft_save
from immigo.core.errors import InvalidInputError

from . import factories as f


def test_every_save_appends_a_revision_with_what_changed(editor):
    first = f.draft(editor, title="標題", body="內容")
    second = content_draft_save(
        by=editor, language="zh-hant", item=first.translation.item, text=DraftText(title="新標題", body="內容"), note="改標題"
    )
    assert second.number == 2
    assert second.changed == ["title"]
    assert second.note == "改標題"
    assert (second.title, second.body) == ("新標題", "內容")
    first.refresh_from_db()
    assert first.title == "標題"
    assert list(first.translation.revisions.values_list("number", flat=True)) == [2, 1]


def test_saving_without_changes_appends_nothing(editor):
    first = f.draft(editor, title="標題", body="內容")
    again = content_draft_save(by=editor, language="zh-hant", item=first.translation.item, text=DraftText(title="標題", body="內容"))
    assert again == first
    assert Revision.objects.count() == 1


def test_a_change_to_the_shared_facts_is_recorded_in_the_revision(editor):
    first = f.draft(editor, slug="old-address")
    item = first.translation.item
    second = content_draft_save(
        by=editor, language="zh-hant", item=item, text=DraftText(title=first.title, body=first.body), facts=ItemFacts(slug="new-address")
    )
    item.refresh_from_db()
    assert item.slug == "new-address"
    assert second.changed == ["facts"]
    assert second.facts["slug"] == "new-address"
    assert first.facts["slug"] == "old-address"


def test_revisions_cannot_be_changed_or_deleted(editor):
    revision = f.draft(editor)
    revision.title = "rewritten"
    with pytest.raises(PermissionError):
        revision.save()
    with pytest.raises(PermissionError):
        revision.delete()
    with pytest.raises(PermissionError):
        Revision.objects.filter(pk=revision.pk).update(title="rewritten")
    with pytest.raises(PermissionError):
        Revision.objects.all().delete()
    assert Revision.objects.get(pk=revision.pk).title != "rewritten"


def test_workflow_events_cannot_be_changed_or_deleted(editor):
    event = TranslationEvent.objects.get(translation=f.draft(editor).translation)
    event.comment = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        TranslationEvent.objects.all().update(comment="x")
    with pytest.raises(PermissionError):
        event.delete()


def test_a_regulation_revision_keeps_its_articles_and_amendments(editor):
    revision = content_draft_save(
        by=editor,
        language="zh-hant",
        kind=Kind.REGULATION,
        facts=ItemFacts(slug="act", category=f.category(Kind.REGULATION, "immigration-act"), reg_kind="law"),
        text=DraftText(title="入出國及移民法", articles=f.ARTICLES, amendments="1999-05-21 制定公布\n2011-11-23 修正"),
    )
    articles = list(revision.articles.all())
    assert [(a.chapter, a.number, a.anchor) for a in articles] == [
        ("第一章 總則", "第 1 條", "article-1"),
        ("第一章 總則", "第 2 條", "article-2"),
        ("第二章 居留", "第 22 條", "article-22"),
    ]
    assert [str(a.amended_on) for a in revision.amendments.all()] == ["1999-05-21", "2011-11-23"]
    with pytest.raises(PermissionError):
        Article.objects.filter(revision=revision).update(text="x")


def test_a_regulation_without_articles_is_refused(editor):
    with pytest.raises(InvalidInputError) as raised:
        content_draft_save(
            by=editor,
            language="zh-hant",
            kind=Kind.REGULATION,
            facts=ItemFacts(slug="act", category=f.category(Kind.REGULATION, "immigration-act"), reg_kind="law"),
            text=DraftText(title="法", articles="沒有條號的文字"),
        )
    assert "articles" in raised.value.details["fields"]


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(editor):

    from django.core.files.uploadedfile import SimpleUploadedFile

    not_pdf = SimpleUploadedFile("form.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(InvalidInputError) as raised:
        f.draft(editor, kind=Kind.GUIDE, files={"document": not_pdf})
    assert "document" in raised.value.details["fields"]


def test_a_guide_keeps_its_files_across_revisions_and_translations(editor):
    first = f.draft(editor, kind=Kind.GUIDE, files={"document": f.pdf("form.pdf"), "sample": f.pdf("sample.pdf")})
    item = first.translation.item
    second = content_draft_save(by=editor, language="zh-hant", item=item, text=DraftText(title="新標題", body=first.body))
    assert second.document.name == first.document.name
    assert second.sample.name == first.sample.name
    english = content_draft_save(by=editor, language="en", item=item, text=DraftText(title="Guide", body="Text"))
    assert english.document.name == first.document.name
    assert english.document.read().startswith(b"%PDF-")


def test_removing_a_file_is_a_recorded_change(editor):
    first = f.draft(editor, kind=Kind.PUBLICATION, files={"document": f.pdf()})
    second = content_draft_save(
        by=editor,
        language="zh-hant",
        item=first.translation.item,
        text=DraftText(title=first.title, body=first.body),
        files={"document": None},
    )
    assert not second.document
    assert second.changed == ["document"]
    assert first.document
