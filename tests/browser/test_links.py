"""Every link on every public page works, in every language (seed H15: "every hyperlink valid").

A crawl with Django's test client (no browser) starts at the home page and follows every
same-origin link of every public page, plus the pages only a form leads to. It fails on any
internal link that answers 400 or more, on a stylesheet, script or image that is not there, and
on a link to an anchor (#id) that is not on its page. The crawl of one language takes about a
second and loading the demo content several, so one test crawls every language (splitting it per
language would load the content ten times).
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation

from immigo.portal.tests.crawl import FORM_PAGES, Frontier, form_page_data, load_public_content, parse, public_path

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


def _static_exists(path: str) -> bool:
    return finders.find(path.removeprefix(settings.STATIC_URL)) is not None


class LinkChecker:
    def __init__(self, language: str) -> None:
        self.language = language
        self.client = Client()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        self.status: dict[str, int] = {}
        self.anchors: dict[str, set[str]] = {}
        self.referrers: dict[str, set[str]] = defaultdict(set)
        self.fragments: list[tuple[str, str, str]] = []  # (page, target path, fragment)
        self.problems: list[str] = []

    def fetch(self, path: str, *, method: str = "GET", data: dict[str, str] | None = None) -> str | None:
        """Fetches a page (following redirects) and returns its HTML, or None if it is not HTML."""
        if method == "GET":
            response = self.client.get(path, data or None, follow=True)
        else:
            response = self.client.post(path, data or {}, follow=True)
        self.status[path] = response.status_code
        if response.status_code >= 400 and not (method == "POST" or data):
            return None
        if "text/html" not in response.get("Content-Type", ""):
            return None
        return response.content.decode()

    def check_page(self, page: str, html: str, frontier: Frontier) -> None:
        parsed = parse(html)
        self.anchors[page] = parsed.anchors
        for href in parsed.links:
            if href.startswith("#"):
                if href != "#" and href[1:] not in parsed.anchors:
                    self.problems.append(f"{page}: link to a missing anchor {href}")
                continue
            target = public_path(href, page_url=ORIGIN + page, origin=ORIGIN)
            if target is None:
                continue
            self.referrers[target].add(page)
            fragment = urlsplit(href).fragment
            if fragment:
                self.fragments.append((page, target, fragment))
            frontier.add(target)
        for src in parsed.resources:
            url = urlsplit(src)
            if url.netloc or not url.path.startswith(settings.STATIC_URL):
                continue
            if not _static_exists(url.path):
                self.problems.append(f"{page}: missing static file {url.path}")

    def crawl(self) -> Frontier:
        frontier = Frontier(["/"])
        for form in FORM_PAGES:
            data = form_page_data(form)
            name = f"{form.method} {form.path}?{urlencode(data)}"
            html = self.fetch(form.path, method=form.method, data=data)
            if self.status[form.path] >= 500:
                self.problems.append(f"{name} ({form.name}): HTTP {self.status[form.path]}")
            if html is not None:
                self.check_page(name, html, frontier)
        for path in frontier:
            html = self.fetch(path)
            if self.status[path] >= 400:
                pages = ", ".join(sorted(self.referrers[path])[:3]) or "the start"
                self.problems.append(f"{path}: HTTP {self.status[path]} (linked from {pages})")
            elif html is not None:
                self.check_page(path, html, frontier)
        for page, target, fragment in self.fragments:
            if target in self.anchors and fragment not in self.anchors[target]:
                self.problems.append(f"{page}: link to {target}#{fragment}, which has no such anchor")
        return frontier


@pytest.fixture
def public_content(db):  # type: ignore[no-untyped-def]
    language = translation.get_language()
    yield load_public_content()
    translation.activate(language)  # the crawl's requests activated other languages in this thread


def test_every_internal_link_works_in_every_language(public_content):
    problems = []
    pages = {}
    for language, _name in settings.LANGUAGES:
        checker = LinkChecker(language)
        frontier = checker.crawl()
        assert not frontier.queue, f"[{language}] more pages than crawl.MAX_PAGES: raise it"
        pages[language] = frontier.visited
        problems += [f"[{language}] {problem}" for problem in checker.problems]
    # A crawl that found almost nothing would pass without checking anything.
    assert min(pages.values()) >= 100, pages
    assert not problems, "\n".join(problems)
