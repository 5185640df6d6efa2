"""Display options (H03): three themes and three text sizes, chosen with a plain form, kept in a
cookie and applied to every later page."""

from __future__ import annotations

import pytest
from django.test import Client

from immigo.portal.display import COOKIE_NAME, DisplayOptions, TextSize, Theme

pytestmark = pytest.mark.django_db


def _html_tag(client: Client, path: str = "/") -> str:
    html = client.get(path).content.decode()
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_the_standard_display_adds_no_class(client):
    assert "class=" not in _html_tag(client)


def test_chosen_options_persist_across_requests(client):
    response = client.post("/display/", {"theme": "dark", "size": "largest", "next": "/stations/"})
    assert response.status_code == 302
    assert response["Location"] == "/stations/"
    assert response.cookies[COOKIE_NAME].value == "dark.largest"
    assert response.cookies[COOKIE_NAME]["httponly"]
    for path in ("/", "/stations/", "/accessibility/", "/services/"):
        assert 'class="theme-dark text-largest"' in _html_tag(client, path)


def test_the_footer_form_shows_the_current_choice(client):
    client.post("/display/", {"theme": "contrast", "size": "large"})
    html = client.get("/").content.decode()
    assert '<option value="contrast" selected>High contrast</option>' in html
    assert '<option value="large" selected>Large</option>' in html


def test_saving_confirms_on_the_next_page(client):
    response = client.post("/display/", {"theme": "contrast", "size": "standard", "next": "/"}, follow=True)
    assert "Your display options are saved." in response.content.decode()
    assert 'class="theme-contrast"' in response.content.decode()


def test_going_back_to_the_standard_display_removes_the_cookie(client):
    client.post("/display/", {"theme": "dark", "size": "large"})
    response = client.post("/display/", {"theme": "standard", "size": "standard"})
    assert response.cookies[COOKIE_NAME].value == ""
    assert "class=" not in _html_tag(client)


def test_an_unknown_option_is_refused(client):
    response = client.post("/display/", {"theme": "neon", "size": "large"})
    assert response.status_code == 422
    assert COOKIE_NAME not in response.cookies


def test_a_next_address_on_another_site_is_ignored(client):
    response = client.post("/display/", {"theme": "dark", "size": "standard", "next": "https://evil.example/"})
    assert response["Location"] == "/display/"


def test_the_full_form_works_without_javascript(client):
    html = client.get("/display/?next=/faq/").content.decode()
    assert 'type="radio" name="theme" value="contrast"' in html
    assert 'type="radio" name="size" value="largest"' in html
    assert 'name="next" value="/faq/"' in html


@pytest.mark.parametrize("value", ["", "dark", "dark.huge", "x.y.z", "<script>.large"])
def test_a_cookie_that_is_not_ours_reads_as_standard_or_its_valid_part(value):
    options = DisplayOptions.from_cookie(value)
    assert options.theme in Theme.values and options.size in TextSize.values
    assert DisplayOptions.from_cookie("contrast.large") == DisplayOptions(Theme.CONTRAST, TextSize.LARGE)
