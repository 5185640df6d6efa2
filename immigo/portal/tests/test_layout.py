"""The shared layout: the language of every page, the language switcher, the navigation, the
search box and the footer."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from immigo.portal.templatetags.portal import html_lang, tel_href

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "tag"),
    [
        ("zh-hant", "zh-Hant-TW"),
        ("en", "en"),
        ("vi", "vi"),
        ("id", "id"),
        ("th", "th"),
        ("km", "km"),
        ("my", "my"),
        ("ja", "ja"),
        ("hi", "hi"),
        ("tl", "fil"),
    ],
)
def test_every_page_declares_its_language(code, tag):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    html = client.get("/").content.decode()
    assert re.search(rf'<html lang="{re.escape(tag)}" dir="ltr"', html)
    assert html_lang(code) == tag


def test_the_language_switcher_names_each_language_in_itself():
    html = Client().get("/").content.decode()
    for code, name in [
        ("zh-hant", "繁體中文"),
        ("en", "English"),
        ("vi", "Tiếng Việt"),
        ("th", "ภาษาไทย"),
        ("km", "ភាសាខ្មែរ"),
        ("my", "မြန်မာဘာသာ"),
        ("hi", "हिंदी"),
        ("ja", "日本語"),
        ("tl", "Filipino"),
    ]:
        tag = html_lang(code)
        assert re.search(rf'<option value="{code}" lang="{tag}"( selected)?>{name}</option>', html), code
    assert html.count("<option value=") >= len(settings.LANGUAGES)


def test_the_chosen_language_is_remembered():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "vi"
    assert int(cookie["max-age"]) >= 300 * 24 * 60 * 60
    assert '<html lang="vi"' in client.get("/stations/").content.decode()


def test_the_navigation_marks_the_current_section(client):
    html = client.get("/stations/").content.decode()
    assert '<a href="/stations/" aria-current="page">' in html
    assert '<a href="/news/">' in html
    html = client.get("/stations/find/").content.decode()
    assert '<a href="/stations/" aria-current="true">' in html


def test_the_header_has_a_site_search_that_works_without_javascript(client):
    html = client.get("/").content.decode()
    assert re.search(r'<form class="site-search" role="search" aria-label="Site search" action="/search/" method="get">', html)
    assert 'name="q"' in html


def test_the_footer_gives_the_agency_contact_and_the_pages_about_the_site(client):
    html = client.get("/").content.decode()
    assert "臺北市中正區廣州街15號" in html
    assert 'href="tel:+886223889393"' in html
    for path in ("/accessibility/", "/privacy/", "/sitemap/", "/display/"):
        assert f'href="{path}"' in html


def test_the_skip_link_leads_to_the_main_landmark(client):
    html = client.get("/").content.decode()
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    assert '<main id="main"' in html


def test_tel_links_use_the_international_form():
    assert tel_href("(02)2388-9393") == "tel:+886223889393"
    assert tel_href("0836-23736") == "tel:+88683623736"
    assert tel_href("") == ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "tl", "zh-hant"])
def test_an_unknown_address_answers_404_with_a_page_in_the_visitors_language(language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    with translation.override(language):
        heading = translation.gettext("Page not found")
    assert language == "en" or heading != "Page not found"  # translated
    assert f"<h1>{heading}</h1>" in html
    assert '<a href="/sitemap/">' in html and '<a href="/search/">' in html
