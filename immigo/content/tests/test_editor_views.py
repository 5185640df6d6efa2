from __future__ import annotations

import pytest
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.content.models import Item, Kind, Status
from immigo.content.services import DraftText, content_draft_save, content_submit

from . import factories as f


def _urls(item_id: int, revision_id: int) -> list[str]:
    return [
        reverse("content:editor_home"),
        reverse("content:editor_new"),
        reverse("content:editor_create", args=["news"]),
        reverse("content:editor_review_queue"),
        reverse("content:editor_item", args=[item_id]),
        reverse("content:editor_edit", args=[item_id, "zh-hant"]),
        reverse("content:editor_review", args=[item_id, "zh-hant"]),
        reverse("content:editor_history", args=[item_id, "zh-hant"]),
        reverse("content:editor_revision", args=[revision_id]),
    ]


def test_the_back_office_is_forbidden_to_the_public(client, editor, public_user):
    revision = f.draft(editor)
    client.force_login(public_user)
    for url in _urls(revision.translation.item_id, revision.pk):
        assert client.get(url).status_code == 403, url
    for name in ("editor_submit", "editor_publish", "editor_send_back", "editor_archive"):
        assert client.post(reverse(f"content:{name}", args=[revision.translation.item_id, "zh-hant"])).status_code == 403


def test_the_back_office_is_forbidden_to_staff_without_a_content_role(client, editor):
    counter = f.staff("counter@immigo.test", Role.COUNTER_OFFICER, f.station())
    client.force_login(counter)
    assert client.get(reverse("content:editor_home")).status_code == 403


def test_the_back_office_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("content:editor_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_review_queue_is_for_publishers(client, editor, supervisor):
    client.force_login(editor)
    assert client.get(reverse("content:editor_review_queue")).status_code == 403
    client.force_login(supervisor)
    assert client.get(reverse("content:editor_review_queue")).status_code == 200


def test_an_editor_creates_and_submits_a_news_item(client, editor):
    client.force_login(editor)
    page = client.get(reverse("content:editor_create", args=["news"]))
    assert page.status_code == 200
    assert 'name="title"' in page.text and 'name="slug"' in page.text
    response = client.post(
        reverse("content:editor_create", args=["news"]),
        {
            "language": "zh-hant",
            "slug": "new-service",
            "position": "0",
            "title": "新服務上線",
            "summary": "",
            "body": "內容。",
            "save_and_submit": "1",
        },
    )
    item = Item.objects.get(slug="new-service")
    assert response.status_code == 302
    assert response["Location"] == reverse("content:editor_item", args=[item.pk])
    translation = item.translations.get()
    assert translation.status == Status.IN_REVIEW
    assert translation.latest_revision.author == editor


@pytest.mark.parametrize("kind", [kind.value for kind in Kind])
def test_every_kind_has_a_creation_form(client, editor, kind):
    client.force_login(editor)
    page = client.get(reverse("content:editor_create", args=[kind]))
    assert page.status_code == 200
    assert 'name="title"' in page.text
    assert ('name="articles"' in page.text) == (kind == "regulation")
    assert ('name="sample"' in page.text) == (kind == "guide")


def test_a_form_with_errors_lists_them_at_the_top(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("content:editor_create", args=["faq"]),
        {"language": "zh-hant", "slug": "Not A Slug", "title": "", "body": ""},
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert 'href="#id_title"' in response.text
    assert not Item.objects.exists()


def test_an_upload_that_is_not_a_pdf_is_shown_beside_its_field(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    response = client.post(
        reverse("content:editor_create", args=["publication"]),
        {"language": "zh-hant", "slug": "report", "title": "年報", "body": "內容", "document": SimpleUploadedFile("r.pdf", b"GIF89a")},
    )
    assert response.status_code == 400
    assert "Upload a PDF file." in response.text
    assert not Item.objects.exists()


def test_translating_shows_the_chinese_source_beside_the_form(client, editor, supervisor):
    item = f.published(editor, supervisor, title="中文原文標題", body="中文原文內容")
    client.force_login(editor)
    page = client.get(reverse("content:editor_edit", args=[item.pk, "vi"]))
    assert page.status_code == 200
    assert 'class="translate-source"' in page.text
    assert '<div lang="zh-Hant-TW">' in page.text and "中文原文標題" in page.text
    assert 'name="slug"' not in page.text  # the shared facts stay with the source version
    response = client.post(reverse("content:editor_edit", args=[item.pk, "vi"]), {"title": "Tiêu đề", "body": "Nội dung"})
    assert response.status_code == 302
    assert item.translations.get(language="vi").status == Status.DRAFT


def test_a_version_in_review_shows_no_form(client, editor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    client.force_login(editor)
    page = client.get(reverse("content:editor_edit", args=[translation.item_id, "zh-hant"]))
    assert "waiting for review and cannot be edited" in page.text
    assert 'name="title"' not in page.text
    assert (
        client.post(reverse("content:editor_edit", args=[translation.item_id, "zh-hant"]), {"title": "x", "body": "y"}).status_code == 409
    )


def test_the_review_page_shows_the_changes_against_the_published_revision(client, editor, supervisor):
    item = f.published(editor, supervisor, title="標題", body="第一行\n保留的行\n舊的一行")
    revision = content_draft_save(by=editor, language="zh-hant", item=item, text=DraftText(title="標題", body="第一行\n保留的行\n新的一行"))
    content_submit(translation=revision.translation, by=editor)
    client.force_login(supervisor)
    page = client.get(reverse("content:editor_review", args=[item.pk, "zh-hant"]))
    assert page.status_code == 200
    assert "<td>Removed</td>" in page.text and "<del>舊的一行</del>" in page.text
    assert "<td>Added</td>" in page.text and "<ins>新的一行</ins>" in page.text
    assert "Changes since the published revision 1" in page.text
    diff_fields = [diff.name for diff in page.context["diffs"] if diff.changed]
    assert diff_fields == ["body"]


def test_a_supervisor_publishes_from_the_review_page(client, editor, supervisor):
    translation = f.draft(editor, slug="to-publish").translation
    content_submit(translation=translation, by=editor)
    client.force_login(supervisor)
    response = client.post(reverse("content:editor_publish", args=[translation.item_id, "zh-hant"]), {"comment": ""})
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.status == Status.PUBLISHED
    assert client.get(reverse("content:news_detail", args=["to-publish"])).status_code == 200


def test_sending_back_without_a_comment_asks_for_one(client, editor, supervisor):
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    client.force_login(supervisor)
    response = client.post(reverse("content:editor_send_back", args=[translation.item_id, "zh-hant"]), {"comment": ""})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    translation.refresh_from_db()
    assert translation.status == Status.IN_REVIEW
    client.post(reverse("content:editor_send_back", args=[translation.item_id, "zh-hant"]), {"comment": "請修改日期"})
    translation.refresh_from_db()
    assert translation.status == Status.DRAFT


def test_the_own_work_rule_shows_on_the_review_page(client, editor):
    from immigo.accounts.models import StaffRole

    StaffRole.objects.create(user=editor, role=Role.SUPERVISOR, unit=f.hq_unit())
    translation = f.draft(editor).translation
    content_submit(translation=translation, by=editor)
    client.force_login(editor)
    page = client.get(reverse("content:editor_review", args=[translation.item_id, "zh-hant"]))
    assert "another supervisor must review and publish it" in page.text
    assert reverse("content:editor_publish", args=[translation.item_id, "zh-hant"]) not in page.text


def test_the_history_lists_revisions_and_workflow_steps(client, editor, supervisor):
    item = f.published(editor, supervisor, title="第一版")
    content_draft_save(by=editor, language="zh-hant", item=item, text=DraftText(title="第二版", body="x"), note="更新標題")
    client.force_login(editor)
    page = client.get(reverse("content:editor_history", args=[item.pk, "zh-hant"]))
    assert page.status_code == 200
    assert "Revision 2 saved" in page.text and "Revision 1 saved" in page.text
    assert "更新標題" in page.text
    assert "Submitted for review" in page.text and "Published" in page.text


def test_the_content_list_filters_and_pins_its_queries(client, editor, supervisor, django_assert_max_num_queries):
    for _n in range(5):
        f.published(editor, supervisor, kind=Kind.FAQ)
    f.draft(editor, title="草稿")
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("content:editor_home"), {"status": "draft"})
    assert [v.latest_revision.title for v in page.context["page"].object_list] == ["草稿"]


@pytest.mark.parametrize("slot", ["document", "sample"])
def test_editors_can_download_a_revisions_files(client, editor, slot):
    revision = f.draft(editor, kind=Kind.GUIDE, files={"document": f.pdf(), "sample": f.pdf()})
    client.force_login(editor)
    response = client.get(reverse("content:editor_revision_file", args=[revision.pk, slot]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
