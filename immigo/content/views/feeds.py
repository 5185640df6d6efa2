"""Feeds (seed H02): RSS 2.0 for news and for announcements, and a JSON Feed 1.1
(https://jsonfeed.org/version/1.1) for every public list, as open data. Each feed is in one
language (?lang=, else the visitor's); an item with no version in that language appears in
Chinese and says so (per-item language)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.xmlutils import SimplerXMLGenerator

from .. import selectors
from ..markup import plain_text
from ..models import Item, Kind, html_lang
from ..selectors import Shown
from ._common import SECTIONS, Section, feed_language, paginate

RSS_ITEMS = 50
JSON_FEED_PAGE = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _items(section: Section, language: str) -> QuerySet[Item]:
    return selectors.content_list_published(kinds=section.kinds, language=language, with_articles=Kind.REGULATION in section.kinds)


class _RssWithItemLanguage(Rss201rev2Feed):
    """RSS 2.0 with a Dublin Core language per item, for items shown in the fall-back language."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("item_language"):
            handler.addQuickElement("dc:language", item["item_language"])


class _SectionRss(Feed):
    feed_type = _RssWithItemLanguage
    section_key = "news"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # One instance serves every request: the language lives in `obj`, never on `self`.
        with translation.override(feed_language(request)):
            return super().__call__(request, *args, **kwargs)

    @property
    def section(self) -> Section:
        return SECTIONS[self.section_key]

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return feed_language(request)

    def get_feed(self, obj: str, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed["language"] = html_lang(obj)
        return feed

    def title(self, obj: str) -> str:
        return gettext("%(section)s – Immigo") % {"section": self.section.title}

    def link(self, obj: str) -> str:
        from django.urls import reverse

        return reverse(self.section.list_url)

    def feed_url(self, obj: str) -> str:
        from django.urls import reverse

        return f"{reverse(self.section.rss_url)}?lang={obj}"

    def description(self, obj: str) -> str:
        return gettext("The latest items of “%(section)s”, newest first.") % {"section": self.section.title}

    def items(self, obj: str) -> list[Shown]:
        return selectors.shown_list(_items(self.section, obj)[:RSS_ITEMS], obj)

    def item_title(self, item: Shown) -> str:
        return item.title

    def item_description(self, item: Shown) -> str:
        return item.summary or Truncator(plain_text(item.body)).chars(300)

    def item_link(self, item: Shown) -> str:
        return item.url

    def item_pubdate(self, item: Shown) -> Any:
        return item.item.published_at

    def item_updateddate(self, item: Shown) -> Any:
        return item.translation.last_published_at

    def item_categories(self, item: Shown) -> list[str]:
        return [str(item.item.get_kind_display())]

    def item_extra_kwargs(self, item: Shown) -> dict[str, Any]:
        return {"item_language": item.lang}


class NewsRss(_SectionRss):
    section_key = "news"


class AnnouncementRss(_SectionRss):
    section_key = "announcements"


def _file_attachments(request: HttpRequest, shown: Shown, section_key: str) -> list[dict[str, Any]]:
    from django.urls import reverse

    out = []
    titles = {
        "document": gettext("Application form (PDF)") if shown.item.kind == Kind.GUIDE else gettext("Document (PDF)"),
        "sample": gettext("Filled-in sample (PDF)"),
    }
    for slot in shown.item.file_slots:
        field = getattr(shown.revision, slot)
        if field:
            url = reverse("content:item_file", args=[section_key, shown.item.slug, slot])
            out.append({"url": request.build_absolute_uri(url), "mime_type": "application/pdf", "title": titles[slot]})
    return out


def _json_item(request: HttpRequest, shown: Shown, section: Section) -> dict[str, Any]:
    text = plain_text(shown.body)
    if shown.item.kind == Kind.REGULATION:
        articles = "\n\n".join(f"{a.number}\n{a.text}" for a in shown.revision.articles.all())
        text = "\n\n".join(part for part in (text, articles) if part)
    url = request.build_absolute_uri(shown.url)
    entry: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": shown.title,
        "content_text": text,
        "language": shown.lang,
        "tags": [str(shown.item.get_kind_display())],
        "_immigo": {"kind": shown.item.kind, "fallback": shown.is_fallback},
    }
    if shown.summary:
        entry["summary"] = shown.summary
    if shown.item.published_at:
        entry["date_published"] = shown.item.published_at.isoformat()
    if shown.translation.last_published_at:
        entry["date_modified"] = shown.translation.last_published_at.isoformat()
    if shown.category_name:
        entry["tags"].append(shown.category_name.text)
    if shown.item.kind == Kind.REGULATION:
        entry["_immigo"] |= {
            "reg_kind": shown.item.reg_kind,
            "promulgated_on": shown.item.promulgated_on.isoformat() if shown.item.promulgated_on else None,
            "amended_on": shown.item.amended_on.isoformat() if shown.item.amended_on else None,
        }
    section_key = {"guide": "guides", "publication": "publications", "disclosure": "disclosure"}.get(shown.item.kind)
    if section_key:
        attachments = _file_attachments(request, shown, section_key)
        if attachments:
            entry["attachments"] = attachments
    return entry


def json_feed(request: HttpRequest, section: str) -> JsonResponse:
    from django.urls import reverse

    found = SECTIONS.get(section)
    if found is None:
        raise Http404
    language = feed_language(request)
    with translation.override(language):
        page = paginate(request, _items(found, language), per_page=JSON_FEED_PAGE)
        feed_path = reverse("content:json_feed", args=[found.key])
        data: dict[str, Any] = {
            "version": JSON_FEED_VERSION,
            "title": gettext("%(section)s – Immigo") % {"section": found.title},
            "home_page_url": request.build_absolute_uri(reverse(found.list_url)),
            "feed_url": request.build_absolute_uri(f"{feed_path}?lang={language}"),
            "description": gettext("Open data: the published items of “%(section)s”.") % {"section": found.title},
            "language": html_lang(language),
            "items": [_json_item(request, shown, found) for shown in selectors.shown_list(page.object_list, language)],
        }
        if page.has_next():
            data["next_url"] = request.build_absolute_uri(f"{feed_path}?lang={language}&page={page.next_page_number()}")
    return JsonResponse(data, content_type="application/feed+json; charset=utf-8", json_dumps_params={"ensure_ascii": False})
