from __future__ import annotations

import pytest

from immigo.accounts.models import Role, StaffRole
from immigo.content import indexing
from immigo.content.errors import ContentOwnWorkError, ContentTransitionNotAllowedError
from immigo.content.models import Item, ItemTranslation, Kind, Status, TranslationEvent
from immigo.content.services import (
    DraftText,
    content_archive,
    content_draft_save,
    content_publish,
    content_send_back,
    content_submit,
)
from immigo.content.workflow import ALLOWED, RULES, Action, actions_from, rules_are_consistent
from immigo.core.errors import InvalidInputError, PermissionDeniedError
from immigo.core.models import AuditEntry

from . import factories as f


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(Status)


def test_every_rule_moves_along_the_table():
    assert rules_are_consistent()


def test_every_status_has_a_way_forward():
    assert all(actions_from(status) for status in Status)


def test_a_new_item_starts_as_a_draft_with_its_first_revision(editor):
    revision = f.draft(editor, title="新的消息")
    translation = revision.translation
    assert translation.status == Status.DRAFT
    assert translation.latest_revision == revision
    assert translation.live_revision is None
    assert revision.number == 1
    assert revision.author == editor
    event = TranslationEvent.objects.get(translation=translation)
    assert (event.before, event.after, event.action) == ("", Status.DRAFT, Action.EDIT)


def test_a_public_user_cannot_draft(public_user):
    with pytest.raises(PermissionDeniedError):
        f.draft(public_user)
    assert not Item.objects.exists()


def test_a_supervisor_publishes_and_the_publication_is_audited(editor, supervisor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    content_publish(translation=translation, by=supervisor, comment="OK")
    translation.refresh_from_db()
    assert translation.status == Status.PUBLISHED
    assert translation.live_revision == translation.latest_revision
    assert translation.first_published_at is not None
    assert translation.item.published_at is not None
    entry = AuditEntry.objects.get(object_type="content.itemtranslation", object_id=str(translation.pk))
    assert entry.actor == supervisor
    assert entry.action == AuditEntry.Action.TRANSITION
    assert entry.details["revision"] == 1


def test_an_editor_cannot_publish_their_own_work_even_as_a_supervisor(editor, supervisor):
    StaffRole.objects.create(user=editor, role=Role.SUPERVISOR, unit=f.hq_unit())
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    with pytest.raises(ContentOwnWorkError):
        content_publish(translation=translation, by=editor)
    translation.refresh_from_db()
    assert translation.status == Status.IN_REVIEW
    assert translation.live_revision is None


def test_an_editor_who_only_submitted_cannot_publish_either(editor, second_editor):
    StaffRole.objects.create(user=second_editor, role=Role.ADMINISTRATOR, unit=f.hq_unit())
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=second_editor)
    with pytest.raises(ContentOwnWorkError):
        content_publish(translation=translation, by=second_editor)


def test_a_content_editor_cannot_publish(editor, second_editor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    with pytest.raises(PermissionDeniedError):
        content_publish(translation=translation, by=second_editor)


def test_a_supervisor_at_a_service_station_cannot_publish(editor, station_supervisor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    with pytest.raises(PermissionDeniedError):
        content_publish(translation=translation, by=station_supervisor)


def test_an_administrator_at_headquarters_can_publish(editor):
    admin = f.staff("admin@immigo.test", Role.ADMINISTRATOR, f.hq_unit())
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    content_publish(translation=translation, by=admin)
    translation.refresh_from_db()
    assert translation.status == Status.PUBLISHED


def test_a_draft_cannot_be_published_without_review(editor, supervisor):
    translation = f.draft(editor).translation
    with pytest.raises(ContentTransitionNotAllowedError):
        content_publish(translation=translation, by=supervisor)


def test_send_back_returns_the_version_to_draft_with_the_comment(editor, supervisor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    content_send_back(translation=translation, by=supervisor, comment="請補上申請期限。")
    translation.refresh_from_db()
    assert translation.status == Status.DRAFT
    assert translation.submitted_by is None
    event = translation.events.order_by("-id").first()
    assert (event.action, event.before, event.after, event.comment) == (
        Action.SEND_BACK,
        Status.IN_REVIEW,
        Status.DRAFT,
        "請補上申請期限。",
    )
    assert event.actor == supervisor


def test_send_back_needs_a_comment(editor, supervisor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    with pytest.raises(InvalidInputError) as raised:
        content_send_back(translation=translation, by=supervisor, comment="  ")
    assert "comment" in raised.value.details["fields"]
    translation.refresh_from_db()
    assert translation.status == Status.IN_REVIEW


def test_a_version_in_review_cannot_be_edited(editor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    with pytest.raises(ContentTransitionNotAllowedError):
        content_draft_save(by=editor, language=translation.language, item=translation.item, text=DraftText(title="改", body="改"))
    assert translation.revisions.count() == 1


def test_editing_a_published_version_keeps_the_published_text_until_the_next_publication(editor, supervisor):
    item = f.published(editor, supervisor, title="第一版")
    translation = item.translations.get()
    content_draft_save(by=editor, language=translation.language, item=item, text=DraftText(title="第二版", body="新內容"))
    translation.refresh_from_db()
    assert translation.status == Status.DRAFT
    assert translation.live_revision.title == "第一版"
    assert translation.latest_revision.title == "第二版"
    f.publish(translation, editor=editor, supervisor=supervisor)
    translation.refresh_from_db()
    assert translation.live_revision.title == "第二版"


def test_a_translation_goes_through_review_on_its_own(editor, supervisor):
    item = f.published(editor, supervisor)
    english = content_draft_save(by=editor, language="en", item=item, text=DraftText(title="In English", body="Text.")).translation
    assert english.status == Status.DRAFT
    assert english.live_revision is None
    chinese = item.translations.get(language="zh-hant")
    assert chinese.status == Status.PUBLISHED


def test_archive_takes_the_version_offline(editor, supervisor):
    item = f.published(editor, supervisor)
    translation = item.translations.get()
    content_archive(translation=translation, by=supervisor, comment="過時")
    translation.refresh_from_db()
    assert translation.status == Status.ARCHIVED
    assert translation.live_revision is None


def test_an_archived_version_comes_back_only_as_a_draft(editor, supervisor):
    item = f.published(editor, supervisor)
    translation = item.translations.get()
    content_archive(translation=translation, by=supervisor)
    content_draft_save(by=editor, language=translation.language, item=item, text=DraftText(title="再版", body="內容"))
    translation.refresh_from_db()
    assert translation.status == Status.DRAFT
    assert translation.live_revision is None


def test_an_archived_version_saved_unchanged_is_a_draft_again(editor, supervisor):
    item = f.published(editor, supervisor, title="標題", body="內容")
    translation = item.translations.get()
    content_archive(translation=translation, by=supervisor)
    content_draft_save(by=editor, language=translation.language, item=item, text=DraftText(title="標題", body="內容"))
    translation.refresh_from_db()
    assert translation.status == Status.DRAFT
    assert translation.revisions.count() == 1


def test_an_editor_cannot_archive(editor, supervisor, second_editor):
    translation = f.published(editor, supervisor).translations.get()
    with pytest.raises(PermissionDeniedError):
        content_archive(translation=translation, by=second_editor)


class _SearchSpy:
    def __init__(self) -> None:
        self.upserts: list[dict] = []
        self.removals: list[dict] = []

    def search_document_upsert(self, **kwargs):  # type: ignore[no-untyped-def]
        self.upserts.append(kwargs)

    def search_document_remove(self, **kwargs):  # type: ignore[no-untyped-def]
        self.removals.append(kwargs)


@pytest.fixture
def search_spy(monkeypatch):  # type: ignore[no-untyped-def]
    spy = _SearchSpy()
    monkeypatch.setattr(indexing, "_search", lambda: spy)
    return spy


def test_publishing_a_regulation_indexes_its_articles_and_attributes(editor, supervisor, search_spy):
    item = f.published(editor, supervisor, kind=Kind.REGULATION, slug="immigration-act", title="入出國及移民法")
    [document] = search_spy.upserts
    assert document["kind"] == "regulation"
    assert document["key"] == str(item.pk)
    assert document["language"] == "zh-hant"
    assert document["url"] == "/regulations/immigration-act/"
    assert "外國人應於入國翌日起 30 日內申請外僑居留證" in document["body"]
    assert document["published_on"] == item.promulgated_on
    assert document["attrs"]["reg_kind"] == "law"
    assert document["attrs"]["reg_category"] == "immigration-act"
    assert document["attrs"]["promulgated_on"] == "1999-05-21"
    assert document["attrs"]["name"] == "入出國及移民法"


def test_archiving_removes_the_language_version_from_the_search(editor, supervisor, search_spy):
    item = f.published(editor, supervisor, kind=Kind.FAQ, title="居留證如何延期？")
    content_archive(translation=item.translations.get(), by=supervisor)
    assert search_spy.removals == [{"kind": "faq", "key": str(item.pk), "language": "zh-hant"}]


def test_a_published_version_is_found_by_the_site_search(editor, supervisor):
    from immigo.search.selectors import search_run

    f.published(editor, supervisor, kind=Kind.FAQ, title="外籍人士居留證如何申請延期？", body="應於居留期限屆滿前30日內申請延期。")
    results = search_run(query="延期", language="zh-hant")
    assert [r.title for r in results.results] == ["外籍人士居留證如何申請延期？"]


def test_a_failed_publication_leaves_nothing_half_done(editor, supervisor, monkeypatch):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("index down")

    monkeypatch.setattr(indexing, "translation_index", broken)
    with pytest.raises(RuntimeError):
        content_publish(translation=translation, by=supervisor)
    translation = ItemTranslation.objects.get(pk=translation.pk)
    assert translation.status == Status.IN_REVIEW
    assert translation.live_revision is None
    assert not AuditEntry.objects.exists()


def test_every_status_is_the_target_of_some_action():
    assert {rule.target for rule in RULES.values()} == set(Status)
