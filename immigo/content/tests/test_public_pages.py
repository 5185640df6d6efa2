from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from immigo.content.models import Kind
from immigo.content.services import DraftText, content_draft_save

from . import factories as f


@pytest.fixture
def zh_client():  # type: ignore[no-untyped-def]
    """A visitor whose browser asks for nothing: the site's default language."""
    return Client()


def test_the_news_list_shows_published_items_only(client, editor, supervisor):
    f.published(editor, supervisor, title="已發布的消息")
    f.draft(editor, title="尚未發布的草稿")
    response = client.get(reverse("content:news_list"))
    assert response.status_code == 200
    assert "已發布的消息" in response.text
    assert "尚未發布的草稿" not in response.text


def test_the_news_list_filters_by_kind(client, editor, supervisor):
    f.published(editor, supervisor, kind=Kind.ANNOUNCEMENT, title="公告一則")
    f.published(editor, supervisor, kind=Kind.RECRUITMENT, title="徵才一則")
    response = client.get(reverse("content:news_list"), {"kind": "recruitment"})
    assert "徵才一則" in response.text
    assert "公告一則" not in response.text
    announcements = client.get(reverse("content:announcement_list"))
    assert "公告一則" in announcements.text
    assert "徵才一則" not in announcements.text


def test_the_news_list_is_paginated_by_20(client, editor, supervisor):
    for n in range(21):
        f.published(editor, supervisor, title=f"消息 {n:02d}")
    first = client.get(reverse("content:news_list"))
    assert len(first.context["rows"]) == 20
    assert 'rel="next"' in first.text
    second = client.get(reverse("content:news_list"), {"page": 2})
    assert len(second.context["rows"]) == 1


def test_a_page_missing_in_the_visitors_language_falls_back_to_chinese_and_says_so(client, editor, supervisor):
    item = f.published(editor, supervisor, title="只有中文的消息", body="中文內容")
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "This page is not available in English yet. It is shown in Traditional Chinese." in response.text
    assert '<h1 id="item-title" lang="zh-Hant-TW">只有中文的消息</h1>' in response.text
    assert '<div class="content-body" lang="zh-Hant-TW"><p>中文內容</p></div>' in response.text


def test_a_page_in_the_visitors_language_has_no_fallback_notice(client, editor, supervisor):
    item = f.published(editor, supervisor, title="中文標題")
    f.translate(item, editor, supervisor, title="English title", body="English body")
    response = client.get(item.get_absolute_url())
    assert '<h1 id="item-title" lang="en">English title</h1>' in response.text
    assert "not available in English" not in response.text


def test_the_chinese_page_is_shown_to_a_visitor_with_no_preference(zh_client, editor, supervisor):
    item = f.published(editor, supervisor, title="中文標題")
    f.translate(item, editor, supervisor, title="English title")
    response = zh_client.get(item.get_absolute_url())
    assert "中文標題" in response.text
    assert "English title" not in response.text


def test_the_fallback_is_marked_in_lists(client, editor, supervisor):
    f.published(editor, supervisor, title="只有中文")
    response = client.get(reverse("content:news_list"))
    assert 'lang="zh-Hant-TW">只有中文</a> <span class="note">(in Chinese)</span>' in response.text


def test_a_draft_is_not_found(client, editor):
    revision = f.draft(editor, slug="secret-draft")
    assert client.get(reverse("content:news_detail", args=["secret-draft"])).status_code == 404
    assert revision.translation.item.get_absolute_url() == "/news/secret-draft/"


def test_a_new_draft_of_a_published_page_stays_unseen(client, editor, supervisor):
    item = f.published(editor, supervisor, title="已發布版本")
    content_draft_save(by=editor, language="zh-hant", item=item, text=DraftText(title="修改中的版本", body="x"))
    response = client.get(item.get_absolute_url())
    assert "已發布版本" in response.text
    assert "修改中的版本" not in response.text


def test_faq_by_category_with_the_childrens_faq_apart(client, editor, supervisor):
    f.published(editor, supervisor, kind=Kind.FAQ, category_code="foreigners", title="居留證如何延期？", body="屆滿前30日內申請。")
    f.published(editor, supervisor, kind=Kind.FAQ, category_code="kids-passport", title="小朋友需要護照嗎？", body="需要喔！")
    index = client.get(reverse("content:faq_index"))
    assert index.status_code == 200
    assert len(index.context["categories"]) == 9
    assert reverse("content:faq_category", args=["foreigners"]) in index.text
    children = client.get(reverse("content:faq_children"))
    assert len(children.context["categories"]) == 12
    category = client.get(reverse("content:faq_category", args=["foreigners"]))
    assert "居留證如何延期？" in category.text
    assert "小朋友需要護照嗎？" not in category.text
    kids = client.get(reverse("content:faq_category", args=["kids-passport"]))
    assert "小朋友需要護照嗎？" in kids.text


def test_an_faq_entry_under_the_wrong_category_redirects_to_its_address(client, editor, supervisor):
    item = f.published(editor, supervisor, kind=Kind.FAQ, category_code="foreigners", slug="extend")
    response = client.get(reverse("content:faq_detail", args=["other", "extend"]))
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()


def test_a_regulation_has_anchored_articles_history_and_a_print_view(client, editor, supervisor):
    from immigo.content.services import DraftText as Text

    revision = content_draft_save(
        by=editor,
        language="zh-hant",
        kind=Kind.REGULATION,
        facts=f.ItemFacts(slug="act", category=f.category(Kind.REGULATION, "immigration-act"), reg_kind="law"),
        text=Text(title="入出國及移民法", articles=f.ARTICLES, amendments="2011-11-23 修正公布部分條文"),
    )
    f.publish(revision.translation, editor=editor, supervisor=supervisor)
    page = client.get(reverse("content:regulation_detail", args=["act"]))
    assert page.status_code == 200
    assert 'id="article-22"' in page.text
    assert 'href="#article-22"' in page.text
    assert "第二章 居留" in page.text
    assert "2011-11-23" in page.text and "修正公布部分條文" in page.text
    assert reverse("content:regulation_print", args=["act"]) in page.text
    printed = client.get(reverse("content:regulation_print", args=["act"]))
    assert printed.status_code == 200
    assert "content/print.css" in printed.text
    assert 'id="article-1"' in printed.text


def test_regulations_filter_by_category_and_kind(client, editor, supervisor):
    f.published(editor, supervisor, kind=Kind.REGULATION, title="移民法", category_code="immigration-act", reg_kind="law")
    f.published(editor, supervisor, kind=Kind.REGULATION, title="居留辦法", category_code="foreigners", reg_kind="regulation")
    by_category = client.get(reverse("content:regulation_list"), {"category": "foreigners"})
    assert "居留辦法" in by_category.text and "移民法" not in by_category.text
    by_kind = client.get(reverse("content:regulation_list"), {"reg_kind": "law"})
    assert "移民法" in by_kind.text and "居留辦法" not in by_kind.text


def test_a_guide_offers_its_published_form_and_sample(client, editor, supervisor):
    f.published(
        editor,
        supervisor,
        kind=Kind.GUIDE,
        slug="extension",
        files={"document": f.pdf("form.pdf", b"FORM"), "sample": f.pdf("sample.pdf", b"SAMPLE")},
    )
    page = client.get(reverse("content:guide_detail", args=["extension"]))
    form_url = reverse("content:item_file", args=["guides", "extension", "document"])
    sample_url = reverse("content:item_file", args=["guides", "extension", "sample"])
    assert form_url in page.text and sample_url in page.text
    form = client.get(form_url)
    assert form["Content-Type"] == "application/pdf"
    assert b"FORM" in b"".join(form.streaming_content)
    assert b"SAMPLE" in b"".join(client.get(sample_url).streaming_content)


def test_a_drafts_file_is_not_downloadable(client, editor, supervisor):
    f.draft(editor, kind=Kind.PUBLICATION, slug="report", files={"document": f.pdf()})
    assert client.get(reverse("content:item_file", args=["publications", "report", "document"])).status_code == 404


def test_publications_and_disclosure_lists(client, editor, supervisor):
    f.published(editor, supervisor, kind=Kind.PUBLICATION, title="年報", files={"document": f.pdf()})
    for n in range(1, 11):
        f.published(editor, supervisor, kind=Kind.DISCLOSURE, title=f"公開項目 {n}", position=n)
    assert "年報" in client.get(reverse("content:publication_list")).text
    disclosure = client.get(reverse("content:disclosure_list"))
    assert [shown.title for shown in disclosure.context["rows"]] == [f"公開項目 {n}" for n in range(1, 11)]


LIST_PAGES = [
    ("content:news_list", [], Kind.NEWS),
    ("content:announcement_list", [], Kind.ANNOUNCEMENT),
    ("content:faq_category", ["foreigners"], Kind.FAQ),
    ("content:regulation_list", [], Kind.REGULATION),
    ("content:guide_list", [], Kind.GUIDE),
    ("content:publication_list", [], Kind.PUBLICATION),
    ("content:disclosure_list", [], Kind.DISCLOSURE),
]


@pytest.mark.parametrize(("name", "args", "kind"), LIST_PAGES)
def test_list_pages_run_a_fixed_number_of_queries(
    client, editor, supervisor, django_assert_max_num_queries, django_assert_num_queries, name, args, kind
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = f.published(editor, supervisor, kind=kind)
    f.translate(item, editor, supervisor)
    url = reverse(name, args=args)
    client.get(url)  # the session exists from here on
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _n in range(6):
        extra = f.published(editor, supervisor, kind=kind)
        f.translate(extra, editor, supervisor)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 7
    with django_assert_max_num_queries(10):
        client.get(url)


def test_the_faq_index_runs_a_fixed_number_of_queries(client, editor, supervisor, django_assert_max_num_queries):
    for _n in range(5):
        f.published(editor, supervisor, kind=Kind.FAQ)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("content:faq_index")).status_code == 200
