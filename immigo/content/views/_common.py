"""What the public pages and the back office share: the visitor's language, sections and their
feeds, pagination and the back-office access check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import access
from ..models import NEWS_KINDS, SOURCE_LANGUAGE, Kind

PER_PAGE = 20
View = Callable[..., HttpResponseBase]


def visitor_language(request: HttpRequest) -> str:
    """The language the page is shown in (LocaleMiddleware picked it)."""
    language = get_language() or SOURCE_LANGUAGE
    return language if language in dict(settings.LANGUAGES) else SOURCE_LANGUAGE


def feed_language(request: HttpRequest) -> str:
    """A feed's language: ?lang= when it names one of the site's languages, else the page's."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else visitor_language(request)


def paginate(request: HttpRequest, objects: Any, per_page: int = PER_PAGE) -> Page:
    return Paginator(objects, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Section:
    """A public list and its feeds."""

    key: str
    kinds: tuple[Kind, ...]
    title: Any
    list_url: str
    rss_url: str = ""

    def feeds(self, language: str) -> list[dict[str, Any]]:
        out = []
        if self.rss_url:
            out.append(
                {
                    "type": "application/rss+xml",
                    "url": f"{reverse(self.rss_url)}?lang={language}",
                    "title": _("%(section)s (RSS)") % {"section": self.title},
                    "label": _("RSS feed"),
                }
            )
        out.append(
            {
                "type": "application/feed+json",
                "url": f"{reverse('content:json_feed', args=[self.key])}?lang={language}",
                "title": _("%(section)s (JSON Feed)") % {"section": self.title},
                "label": _("JSON feed (open data)"),
            }
        )
        return out


_NEWS_KINDS = tuple(kind for kind in Kind if kind in NEWS_KINDS)
SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section("news", _NEWS_KINDS, _("News and announcements"), "content:news_list", "content:news_rss"),
        Section("announcements", (Kind.ANNOUNCEMENT,), _("Announcements"), "content:announcement_list", "content:announcement_rss"),
        Section("faq", (Kind.FAQ,), _("Frequently asked questions"), "content:faq_index"),
        Section("regulations", (Kind.REGULATION,), _("Regulations"), "content:regulation_list"),
        Section("guides", (Kind.GUIDE,), _("Application guides and forms"), "content:guide_list"),
        Section("publications", (Kind.PUBLICATION,), _("Publications"), "content:publication_list"),
        Section("disclosure", (Kind.DISCLOSURE,), _("Government information disclosure"), "content:disclosure_list"),
    )
}


def back_office_required(view: View) -> View:
    """Agency staff who edit or publish content; anyone else gets 403 (or the sign-in page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.may_use_back_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
