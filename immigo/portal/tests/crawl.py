"""Finding the public pages of the site by following its links, for the link checker
(tests/browser/test_links.py) and the accessibility check (tests/browser/test_accessibility.py).

Pages are discovered, not listed: a crawl starts at the home page and follows every same-origin
link of every public page, up to a limit. Some pages are reached only through a form (a status
lookup's answer, the station finder's second step, a form sent back with errors); they are
listed in FORM_PAGES.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.core.cache import cache
from django.core.management import CommandError, call_command, get_commands

# Not public, or not a page: the back offices (/staff/, every app's /editor/), the configuration
# admin, the API, signing out, the language switch (a POST target) and files.
SKIP_PREFIXES = ("/staff/", "/editor/", "/config/", "/api/", "/accounts/logout", "/i18n/", "/media/", "/static/")
SKIP_SUFFIXES = (".pdf", ".json", ".xml", ".csv", ".ics", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".txt", ".rss", ".atom")
MAX_PAGES = 600
# Query parameters that do not change what a page shows.
IGNORED_PARAMS = frozenset({"next"})
VARIANTS_PER_PATH = 20


@dataclass(frozen=True)
class FormPage:
    """A page reached by sending a form: what a visitor types, and where."""

    name: str
    method: str
    path: str
    data: dict[str, str] = field(default_factory=dict)


# Pages that no link leads to. The station finder's steps are GET forms; their answers have
# addresses of their own but are found only by filling in the form.
FORM_PAGES: tuple[FormPage, ...] = (
    FormPage("status lookup, nothing found", "POST", "/status/", {"reference": "A11-20260101-0001", "date_of_birth": "1990-01-01"}),
    FormPage("status lookup, errors", "POST", "/status/", {"reference": "", "date_of_birth": ""}),
    FormPage("station finder, district step", "GET", "/stations/find/", {"county": "TW-KHH"}),
    FormPage("station finder, answer", "GET", "/stations/find/", {"county": "TW-TXG", "district": "{district:TW-TXG:豐原區}"}),
    FormPage("station finder by postcode", "GET", "/stations/find/", {"postcode": "741"}),
    FormPage("station finder, errors", "GET", "/stations/find/", {"postcode": "99"}),
    FormPage("display options, errors", "POST", "/display/", {"theme": "none", "size": "none"}),
    FormPage("site search", "GET", "/search/", {"q": "居留"}),
    FormPage("sign-in, errors", "POST", "/accounts/login/", {"username": "nobody@example.test", "password": "not-the-password"}),
)


def form_page_data(page: FormPage) -> dict[str, str]:
    """The form's data, with district placeholders ({district:<county>:<name>}) replaced by ids."""
    from immigo.directory.models import District

    data = {}
    for key, value in page.data.items():
        if value.startswith("{district:"):
            county, name = value.strip("{}").split(":")[1:]
            value = str(District.objects.get(county__code=county, name_zh=name).pk)
        data[key] = value
    return data


def load_public_content() -> list[str]:
    """Loads what the public pages show: the demo agency (units, demo staff), the districts, the
    demo content of every app that has a `<something>_demo` command (news, FAQ, regulations,
    newsletter, missing persons...) and the search index. Returns the commands that ran; a
    command that is missing or refuses is left out. For tests and local use only."""
    from immigo.core.management.commands import demo_data
    from immigo.directory.tests.fixtures import directory_load

    cache.clear()  # nothing cached from an earlier test's rows
    commands = get_commands()
    ran = []
    for name in ["demo_data", *sorted(n for n in commands if n.endswith("_demo")), "search_reindex"]:
        if name not in commands or (name in getattr(demo_data, "APP_DEMO_COMMANDS", ()) and "demo_data" in ran):
            continue  # missing, or demo_data has just run it
        try:
            call_command(name, verbosity=0, stdout=StringIO(), stderr=StringIO())
        except CommandError:
            continue
        ran.append(name)
    directory_load()
    return ran


def public_path(href: str, *, page_url: str, origin: str) -> str | None:
    """The path (with query, without fragment) a link leads to when it is a public page of this
    site; None for other sites, other schemes, files and pages that are not public."""
    url = urlsplit(urljoin(page_url, href))
    if url.scheme not in {"http", "https"} or f"{url.scheme}://{url.netloc}" != origin:
        return None
    path = url.path or "/"
    if path.startswith(SKIP_PREFIXES) or "/editor/" in path or path.lower().endswith(SKIP_SUFFIXES):
        return None
    return f"{path}?{url.query}" if url.query else path


class Frontier:
    """Pages to visit, breadth first, each once. Addresses that differ in their query string are
    different pages (a newsletter issue in another language, a filtered list, page 2 of a list),
    except for parameters that do not change the page (IGNORED_PARAMS, such as the sign-in page's
    `next`); at most VARIANTS_PER_PATH of them per path, so a page that links to endless variants
    of itself (a calendar's next month) cannot fill the crawl."""

    def __init__(self, start: list[str], *, limit: int = MAX_PAGES) -> None:
        self.limit = limit
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.variants: Counter[str] = Counter()
        self.visited = 0
        for path in start:
            self.add(path)

    def add(self, path: str) -> None:
        bare, _mark, query = path.partition("?")
        kept = sorted((name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name not in IGNORED_PARAMS)
        key = f"{bare}?{urlencode(kept)}" if kept else bare
        if key in self.seen or (kept and self.variants[bare] >= VARIANTS_PER_PATH):
            return
        self.seen.add(key)
        if kept:
            self.variants[bare] += 1
        self.queue.append(key)

    def __iter__(self) -> Iterator[str]:
        while self.queue and self.visited < self.limit:
            self.visited += 1
            yield self.queue.popleft()


class PageParser(HTMLParser):
    """The links, resources and anchors of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []  # <a href>, GET <form action>
        self.resources: list[str] = []  # <link href>, <script src>, <img src>
        self.anchors: set[str] = set()  # id= and <a name=>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr: dict[str, Any] = dict(attrs)
        if attr.get("id"):
            self.anchors.add(attr["id"])
        if tag == "a" and attr.get("name"):
            self.anchors.add(attr["name"])
        if tag == "a" and attr.get("href") is not None:
            self.links.append(attr["href"])
        elif tag == "form" and (attr.get("method") or "get").lower() == "get" and attr.get("action"):
            self.links.append(attr["action"])
        elif tag == "link" and attr.get("href"):
            self.resources.append(attr["href"])
        elif tag in {"script", "img", "source"} and attr.get("src"):
            self.resources.append(attr["src"])


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser
