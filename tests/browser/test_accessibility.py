"""Every public page passes axe-core (WCAG 2.0, 2.1 and 2.2 level A and AA, and best practice)
in every language of settings.LANGUAGES, and the layout works by keyboard and without JavaScript.

The pages are discovered: a crawl in a real browser starts at the home page and follows every
same-origin link of every public page, plus the pages only a form leads to (crawl.FORM_PAGES).
Every page found is checked in every language. Each language is a test of its own, so `pytest -n`
spreads them over its workers; a test keeps one browser context (the language is set by cookie)
and axe-core is loaded once into each page, by an init script, before the page's own scripts.
The colour themes and text sizes are checked on one page of each URL pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve
from playwright.sync_api import BrowserContext, Page

from immigo.portal.templatetags.portal import html_lang
from immigo.portal.tests.crawl import FORM_PAGES, MAX_PAGES, FormPage, Frontier, form_page_data, public_path

# serialized_rollback: the database as migrations left it is kept as a snapshot, so each test can
# start from the rows that migrations create (content categories, for instance); see
# conftest.reload_migrated_rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
RUN_AXE = """async (options) => (await axe.run(document, options)).violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
}))"""
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Fewer pages than this means the crawl broke, not that the site is small.
MIN_PAGES = 100

SUBMIT_FORM = """([path, data]) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = path;
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    const fields = {...data, csrfmiddlewaretoken: token ? token.value : ""};
    for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
    }
    document.body.append(form);
    form.submit();
}"""


def _route(path: str) -> str:
    """The URL pattern a path matches: pages of one pattern share their template."""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return path
    return f"{match.view_name}:{match.route}"


def _axe(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(RUN_AXE, AXE_OPTIONS)


def _links(page: Page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")


def _open_form_page(page: Page, base: str, form: FormPage) -> None:
    data = form_page_data(form)
    if form.method == "GET":
        page.goto(f"{base}{form.path}?{urlencode(data)}")
        return
    page.goto(base + form.path)
    with page.expect_navigation():
        page.evaluate(SUBMIT_FORM, [form.path, data])


class AxeCrawl:
    def __init__(self, context: BrowserContext, base: str, language: str, *, every_page: bool, limit: int = MAX_PAGES) -> None:
        self.context = context
        self.limit = limit
        self.base = base
        self.language = language
        self.every_page = every_page
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.violations: list[str] = []
        self.checked: list[str] = []
        self.routes: set[str] = set()
        self.truncated = False

    def check(self, name: str, open_page: Callable[[], Any]) -> None:
        response = open_page()
        if response is not None and response.status >= 400:
            self.violations.append(f"[{self.language}] {name}: HTTP {response.status}")
            return
        if response is not None and "text/html" not in (response.headers.get("content-type") or ""):
            return
        self.checked.append(name)
        for v in _axe(self.page):
            self.violations.append(f"[{self.language}] {name}: {v['id']} ({v['impact']}) {v['help']} at {'; '.join(v['nodes'])}")

    def wanted(self, path: str) -> bool:
        if self.every_page:
            return True
        route = _route(path)
        if route in self.routes:
            return False
        self.routes.add(route)
        return True

    def run(self, forms: Iterable[FormPage]) -> None:
        for form in forms:
            self.check(f"{form.method} {form.path} ({form.name})", lambda form=form: _open_form_page(self.page, self.base, form))
        frontier = Frontier(["/"], limit=self.limit)
        for path in frontier:
            if not self.wanted(path):
                continue
            self.check(path, lambda path=path: self.page.goto(self.base + path))
            for href in _links(self.page):
                target = public_path(href, page_url=self.page.url, origin=self.base)
                if target is not None:
                    frontier.add(target)
        self.truncated = bool(frontier.queue)


def _context_for(new_context: Callable[..., BrowserContext], base: str, language: str, display: str = "") -> BrowserContext:
    context = new_context()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
    if display:
        cookies.append({"name": "immigo_display", "value": display, "url": base})
    context.add_cookies(cookies)
    context.add_init_script(path=AXE)
    return context


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_passes_axe(public_site, new_context, language):
    crawl = AxeCrawl(_context_for(new_context, public_site, language), public_site, language, every_page=True)
    crawl.run(FORM_PAGES)
    crawl.context.close()
    print(f"axe [{language}]: {len(crawl.checked)} pages")
    assert not crawl.truncated, f"[{language}] more pages than crawl.MAX_PAGES: raise it"
    assert len(crawl.checked) >= MIN_PAGES, f"[{language}] the crawl found only {crawl.checked}"
    assert not crawl.violations, f"{len(crawl.violations)} accessibility violations:\n" + "\n".join(crawl.violations)


@pytest.mark.parametrize(("display", "pages"), [("contrast.standard", MAX_PAGES), ("dark.standard", MAX_PAGES), ("standard.largest", 12)])
def test_the_display_options_pass_axe(public_site, new_context, display, pages):
    """Both themes on one page of each kind (colour contrast above all); the largest text, which
    changes sizes and not colours, on the first pages."""
    context = _context_for(new_context, public_site, "zh-hant", display)
    crawl = AxeCrawl(context, public_site, f"zh-hant {display}", every_page=False, limit=pages)
    crawl.run(FORM_PAGES[:3])
    assert len(crawl.checked) >= min(pages, 20)
    assert not crawl.violations, "\n".join(crawl.violations)


def test_the_station_map_draws_every_station_and_passes_axe(live_server, new_context, settings):
    from immigo.directory.tests.fixtures import directory_load

    directory_load()
    # A tile "server" that is always there: one of Leaflet's own images, served for every tile.
    settings.IMMIGO_MAP_TILE_URL = f"{live_server.url}/static/immigo/vendor/leaflet/images/layers.png?{{z}}/{{x}}/{{y}}"
    settings.IMMIGO_MAP_ATTRIBUTION = "Test tiles"
    context = _context_for(new_context, live_server.url, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/stations/")
    page.wait_for_selector("#station-map[data-ready='25']")
    assert page.locator("#station-map .leaflet-marker-icon").count() == 25
    # A marker opens a popup with the station's link; keyboard users have the same links in the list.
    page.locator("#station-map img[alt='Penghu County Service Center']").click()
    page.locator(".leaflet-popup a[href='/stations/station-25-penghu-county/']").wait_for()
    violations = _axe(page)
    assert not violations, violations


def test_the_station_list_stays_whole_when_the_tiles_fail(live_server, new_context, settings):
    from immigo.directory.tests.fixtures import directory_load

    directory_load()
    settings.IMMIGO_MAP_TILE_URL = f"{live_server.url}/no-such-tiles/{{z}}/{{x}}/{{y}}.png"
    context = _context_for(new_context, live_server.url, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/stations/")
    page.get_by_text("The map could not be loaded. Every station is in the list above.").wait_for()
    assert page.locator("#station-map").is_hidden()
    assert page.locator(".station-list > li").count() == 25


def test_keyboard_users_can_skip_to_the_content_and_reach_every_control(live_server, new_context):
    context = _context_for(new_context, live_server.url, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()  # it shows when it has focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tabbing on from the content reaches the footer's display options, each control visibly focused.
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.id || e.textContent.trim().slice(0, 30), s.outlineStyle !== 'none' || s.boxShadow !== 'none'"
            " || s.backgroundColor !== 'rgba(0, 0, 0, 0)'] }"
        )
        seen.add(focused[0])
        assert focused[1], f"no visible focus on {focused[0]}"
        if focused[0] == "footer-size":
            break
    assert "footer-theme" in seen and "footer-size" in seen


def test_display_options_and_language_work_without_javascript(live_server, new_context):
    context = new_context(java_script_enabled=False)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/stations/")
    page.locator("#footer-theme").select_option("dark")
    page.locator("#footer-size").select_option("largest")
    page.locator("#display-options button[type=submit]").click()
    page.wait_for_url("**/stations/")
    assert page.locator("html").get_attribute("class") == "theme-dark text-largest"
    assert page.get_by_text("Your display options are saved.").is_visible()
    # Remembered on the next page, and the language switcher works the same way.
    page.goto(f"{live_server.url}/accessibility/")
    assert page.locator("html").get_attribute("class") == "theme-dark text-largest"
    page.locator("#lang-select").select_option("ja")
    page.locator(".lang-form button[type=submit]").click()
    page.wait_for_url("**/accessibility/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "ja"


@pytest.mark.parametrize("language", ["zh-hant", "tl"])
def test_the_not_found_page_passes_axe(live_server, new_context, language):
    context = _context_for(new_context, live_server.url, language)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == html_lang(language)
    violations = _axe(page)
    assert not violations, violations
