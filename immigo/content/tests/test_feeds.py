from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from immigo.content.models import Kind

from . import factories as f

DC = "{http://purl.org/dc/elements/1.1/}"


def _rss(response) -> ET.Element:  # type: ignore[no-untyped-def]
    """Our own feed, parsed as any RSS reader would."""
    return ET.fromstring(response.content)  # noqa: S314 - the document is the application's own output


def test_the_news_rss_feed_is_valid_rss_2(client, editor, supervisor):
    f.published(editor, supervisor, title="最新消息一", summary="摘要一")
    f.published(editor, supervisor, kind=Kind.ANNOUNCEMENT, title="公告一")
    response = client.get(reverse("content:news_rss"), {"lang": "zh-hant"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = _rss(response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("language") == "zh-Hant-TW"
    items = channel.findall("item")
    assert {item.findtext("title") for item in items} == {"最新消息一", "公告一"}
    first = next(item for item in items if item.findtext("title") == "最新消息一")
    assert first.findtext("description") == "摘要一"
    assert first.findtext("link").startswith("http://testserver/news/")
    assert first.findtext("pubDate")


def test_the_announcements_feed_has_only_announcements(client, editor, supervisor):
    f.published(editor, supervisor, title="新聞")
    f.published(editor, supervisor, kind=Kind.ANNOUNCEMENT, title="公告")
    root = _rss(client.get(reverse("content:announcement_rss")))
    assert [item.findtext("title") for item in root.iter("item")] == ["公告"]


def test_a_feed_is_per_language_and_marks_chinese_fallbacks(client, editor, supervisor):
    translated = f.published(editor, supervisor, title="中文一")
    f.translate(translated, editor, supervisor, title="English one")
    f.published(editor, supervisor, title="只有中文")
    root = _rss(client.get(reverse("content:news_rss"), {"lang": "en"}))
    channel = root.find("channel")
    assert channel.findtext("language") == "en"
    assert channel.findtext("title") == "News and announcements – Immigo"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == "http://testserver/news/feed/?lang=en"
    languages = {item.findtext("title"): item.findtext(f"{DC}language") for item in channel.iter("item")}
    assert languages == {"English one": "en", "只有中文": "zh-Hant-TW"}


def test_an_unknown_feed_language_falls_back_to_the_visitors(client, editor, supervisor):
    f.published(editor, supervisor)
    root = _rss(client.get(reverse("content:news_rss"), {"lang": "xx"}))
    assert root.find("channel").findtext("language") == "en"


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ("news", Kind.NEWS),
        ("announcements", Kind.ANNOUNCEMENT),
        ("faq", Kind.FAQ),
        ("regulations", Kind.REGULATION),
        ("guides", Kind.GUIDE),
        ("publications", Kind.PUBLICATION),
        ("disclosure", Kind.DISCLOSURE),
    ],
)
def test_every_list_has_a_json_feed(client, editor, supervisor, section, kind):
    item = f.published(editor, supervisor, kind=kind, title="項目標題", summary="摘要")
    response = client.get(reverse("content:json_feed", args=[section]), {"lang": "zh-hant"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"].startswith("http://testserver/")
    assert feed["feed_url"].startswith("http://testserver/")
    [entry] = feed["items"]
    assert entry["id"] == entry["url"] == f"http://testserver{item.get_absolute_url()}"
    assert entry["title"] == "項目標題"
    assert entry["summary"] == "摘要"
    assert entry["content_text"]
    assert entry["language"] == "zh-Hant-TW"


def test_the_regulations_json_feed_carries_the_articles(client, editor, supervisor):
    f.published(editor, supervisor, kind=Kind.REGULATION)
    [entry] = client.get(reverse("content:json_feed", args=["regulations"])).json()["items"]
    assert "外國人應於入國翌日起 30 日內申請外僑居留證" in entry["content_text"]
    assert entry["_immigo"]["reg_kind"] == "law"
    assert entry["_immigo"]["promulgated_on"] == "1999-05-21"


def test_the_guides_json_feed_lists_the_files_as_attachments(client, editor, supervisor):
    f.published(editor, supervisor, kind=Kind.GUIDE, slug="ext", files={"document": f.pdf(), "sample": f.pdf()})
    [entry] = client.get(reverse("content:json_feed", args=["guides"])).json()["items"]
    assert [a["url"] for a in entry["attachments"]] == [
        "http://testserver/guides/ext/files/document.pdf",
        "http://testserver/guides/ext/files/sample.pdf",
    ]


def test_a_long_json_feed_is_paged_with_next_url(client, editor, supervisor):
    for _n in range(51):
        f.published(editor, supervisor)
    feed = client.get(reverse("content:json_feed", args=["news"]), {"lang": "zh-hant"}).json()
    assert len(feed["items"]) == 50
    assert feed["next_url"].endswith("?lang=zh-hant&page=2")


@pytest.mark.parametrize(
    "name",
    [
        "content:news_list",
        "content:faq_index",
        "content:regulation_list",
        "content:guide_list",
        "content:publication_list",
        "content:disclosure_list",
    ],
)
def test_list_pages_link_their_feeds(client, db, name):
    text = client.get(reverse(name)).text
    assert 'rel="alternate" type="application/feed+json"' in text
    if name == "content:news_list":
        assert 'rel="alternate" type="application/rss+xml"' in text
        assert 'href="/news/feed/?lang=en"' in text


@pytest.mark.parametrize(
    ("url", "kind"), [("/news/feed/", Kind.NEWS), ("/news/feed.json", Kind.NEWS), ("/regulations/feed.json", Kind.REGULATION)]
)
def test_feeds_run_a_fixed_number_of_queries(client, editor, supervisor, django_assert_max_num_queries, url, kind):
    for _n in range(8):
        item = f.published(editor, supervisor, kind=kind)
        f.translate(item, editor, supervisor)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
