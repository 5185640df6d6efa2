"""A new visitor, in each of the ten languages, finds the station that serves an address, reads a
regulation's articles, searches the FAQ for 延期 and gets the right answers, subscribes to the
newsletter (double opt-in through the link in the mail) and unsubscribes in one click from the
mail (issue 3, first "done when").

The visitor picks the language with the switcher in the header and then only follows what the
pages show: links, labels and buttons are found by the words the visitor sees in that language,
so a page that is not translated, or translated wrongly, fails here. One test per language, so
`pytest -n` spreads them over its workers.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page, expect

from immigo.newsletter.mail import NEWSLETTER_NAME
from immigo.portal.templatetags.portal import html_lang

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
REGULATION = "foreigners-stay-residence-regulations"
# Taichung has two stations; the district decides (stations.json: 豐原區 is served by the second).
COUNTY, DISTRICT = "TW-TXG", "豐原區"
ONE_PAGE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
CONTENT_STAFF = ("editor@demo.immigo.tw", "supervisor.hq@demo.immigo.tw")


def _t(language: str, message: str, context: str | None = None) -> str:
    with translation.override(language):
        return translation.pgettext(context, message) if context else translation.gettext(message)


@pytest.fixture
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    # A browser set to Chinese as written in Taiwan, as most visitors' are: the visitor who reads
    # another language has to choose it.
    return {**browser_context_args, "locale": "zh-TW"}


@pytest.fixture
def journey_site(migrated_rows, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """Stations and districts, the demo content (published through the editorial workflow by the
    demo editor and supervisor) and mail sent at once, with links to the live server. The demo's
    downloadable forms, which this journey does not open, are a one-page PDF instead of a
    typeset one (typesetting takes most of the set-up's time)."""
    from immigo.content.management.commands import content_demo
    from immigo.core.management.commands.demo_data import DEMO_STAFF, _staff_user
    from immigo.directory.tests.fixtures import directory_load

    monkeypatch.setattr(content_demo, "_pdf", lambda template, context: ONE_PAGE_PDF)

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.IMMIGO_PUBLIC_URL = migrated_rows
    cache.clear()
    directory_load()
    for spec in DEMO_STAFF:
        if spec.email in CONTENT_STAFF:
            _staff_user(spec)
    call_command("content_demo", verbosity=0, stdout=StringIO())
    mail.outbox.clear()
    return migrated_rows


def _expected_station(language: str) -> tuple[str, str]:
    """The station's page and its name as the visitor reads it (Chinese, or else English)."""
    from immigo.directory.models import District
    from immigo.directory.selectors import local_name

    station = District.objects.select_related("station").get(county__code=COUNTY, name_zh=DISTRICT).station
    with translation.override(language):
        return f"/stations/{station.code}/", local_name(station)


def _expected_faq_answers(language: str) -> set[str]:
    """The FAQ answers a search for 延期 must find: each published answer, read in the visitor's
    language where it has that version and in Chinese where it does not, that contains the word."""
    from immigo.content.models import Item, Kind

    answers = set()
    for item in Item.objects.filter(kind=Kind.FAQ).prefetch_related("translations__live_revision").select_related("category"):
        versions = {version.language: version.live_revision for version in item.translations.all() if version.live_revision}
        shown = versions.get(language) or versions.get(settings.LANGUAGE_CODE)
        if shown is not None and "延期" in f"{shown.title} {shown.summary} {shown.body}":
            answers.add(item.get_absolute_url())
    return answers


def _mail_link(message: mail.EmailMessage, name: str) -> str:
    match = re.search(rf"https?://\S+/newsletter/{name}/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def _choose_language(page: Page, base: str, language: str) -> None:
    page.goto(base + "/")
    page.locator("#lang-select").select_option(language)
    with page.expect_navigation():
        page.locator(".lang-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", html_lang(language))
    expect(page.locator(".skip-link")).to_have_text(_t(language, "Skip to main content"))


def _find_station(page: Page, language: str) -> None:
    page.get_by_role("navigation", name=_t(language, "Main", "navigation")).get_by_role(
        "link", name=_t(language, "Service stations")
    ).click()
    find = page.get_by_role("button", name=_t(language, "Find my station"))
    page.get_by_label(_t(language, "County or city")).select_option(COUNTY)
    find.click()
    # Taichung has two stations: the finder asks for the district.
    district = page.get_by_label(_t(language, "Township or district"))
    from immigo.directory.models import District

    district.select_option(str(District.objects.get(county__code=COUNTY, name_zh=DISTRICT).pk))
    page.get_by_role("button", name=_t(language, "Find my station")).click()
    path, name = _expected_station(language)
    result = page.locator(".finder-result")
    expect(result.get_by_role("heading", level=2)).to_be_visible()
    expect(result.locator(f"a[href='{path}']")).to_have_text(name)


def _read_regulation(page: Page, language: str) -> None:
    page.get_by_role("navigation", name=_t(language, "Main", "navigation")).get_by_role("link", name=_t(language, "Regulations")).click()
    page.locator(f"a[href='/regulations/{REGULATION}/']").first.click()
    articles = page.locator(".regulation-articles")
    expect(articles.get_by_role("heading", level=2)).to_have_text(_t(language, "Articles"))
    expect(articles.locator(".regulation-article")).to_have_count(3)
    expect(articles.locator(".regulation-article").nth(2)).to_contain_text("外國人申請居留延期，應於居留期限屆滿前 30 日內")


def _search_faq(page: Page, language: str) -> None:
    page.get_by_role("search", name=_t(language, "Site search")).get_by_label(_t(language, "Search the site")).fill("延期")
    page.keyboard.press("Enter")
    page.get_by_label(_t(language, "Type of content")).select_option("faq")
    page.locator("form.search-form").get_by_role("button", name=_t(language, "Search")).click()
    page.wait_for_url(re.compile(r"kind=faq"))
    found = page.locator(".search-result__title a")
    expected = _expected_faq_answers(language)
    assert len(expected) >= 3
    expect(found).to_have_count(len(expected))
    assert set(found.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == expected
    expect(page.locator(".search-result mark").first).to_have_text("延期")


def _subscribe_and_unsubscribe(page: Page, base: str, language: str) -> None:
    from immigo.newsletter.models import Subscriber

    address = f"reader.{language}@example.test"
    page.get_by_role("navigation", name=_t(language, "Main", "navigation")).get_by_role("link", name=_t(language, "Newsletter")).click()
    page.get_by_label(_t(language, "E-mail address")).first.fill(address)
    expect(page.get_by_label(_t(language, "Language of the newsletter"))).to_have_value(language)
    page.get_by_label(_t(language, "I agree that my e-mail address is used to send me the newsletter.")).check()
    page.get_by_role("button", name=_t(language, "Subscribe"), exact=True).click()
    page.wait_for_url("**/newsletter/subscribed/")
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.PENDING

    # The confirmation mail, in the visitor's language, with the link that confirms.
    (message,) = [m for m in mail.outbox if m.to == [address]]
    assert message.subject == _t(language, "Please confirm your subscription to %(newsletter)s") % {"newsletter": NEWSLETTER_NAME}
    assert _t(language, "To confirm your subscription, open this link within 7 days and press the button:") in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _mail_link(message, "confirm").startswith(base + "/")
    page.goto(_mail_link(message, "confirm"))
    page.get_by_role("button", name=_t(language, "Confirm my subscription")).click()
    expect(page.locator("html")).to_have_attribute("lang", html_lang(language))
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.ACTIVE

    # One click on the mail's unsubscribe link.
    page.goto(_mail_link(message, "unsubscribe"))
    page.get_by_role("button", name=_t(language, "Unsubscribe"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_visitor_finds_a_station_reads_a_regulation_searches_the_faq_and_subscribes(journey_site, page, language):
    page.set_default_timeout(10_000)
    _choose_language(page, journey_site, language)
    _find_station(page, language)
    _read_regulation(page, language)
    _search_faq(page, language)
    _subscribe_and_unsubscribe(page, journey_site, language)
