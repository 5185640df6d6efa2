"""The home page leads to six audiences; each audience page lists the catalogue services that
concern it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from immigo.portal.audiences import AUDIENCES, audience_get, service_list_for_audience

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_six_audiences(client):
    html = client.get("/").content.decode()
    for slug, title in [
        ("citizens", "Citizens with household registration in Taiwan"),
        ("nationals-without-registration", "Nationals without household registration"),
        ("hong-kong-macao", "Residents of Hong Kong and Macao"),
        ("mainland", "People from mainland China, including spouses"),
        ("foreign-nationals", "Foreign nationals, including spouses"),
        ("children", "Children"),
    ]:
        assert f'<a href="/for/{slug}/">{title}</a>' in html
    assert len(AUDIENCES) == 6


@pytest.mark.parametrize(
    ("slug", "included", "excluded"),
    [
        ("citizens", ["A11"], ["A01", "A07"]),
        ("nationals-without-registration", ["A11"], ["A01", "A07"]),
        ("hong-kong-macao", ["A01", "A07", "A11"], []),
        ("mainland", ["A07", "A11"], ["A01"]),
        ("foreign-nationals", ["A07", "A11"], ["A01"]),
        ("children", ["A11"], ["A01", "A07"]),
    ],
)
def test_an_audience_has_the_services_its_applicant_kinds_may_apply_for(slug, included, excluded):
    """A01 is for Hong Kong and Macao residents only, A07 for holders of a residence document, A11
    for everyone; the catalogue grows, so other services may be listed beside them."""
    audience = audience_get(slug=slug)
    services = service_list_for_audience(audience=audience)
    codes = [service.code for service in services]
    assert set(included) <= set(codes)
    assert not set(excluded) & set(codes)


def test_the_audience_page_links_to_its_online_services_and_to_the_rest_of_the_site(client):
    html = client.get("/for/hong-kong-macao/").content.decode()
    assert "<h1>Residents of Hong Kong and Macao</h1>" in html
    assert f'href="{reverse("applications:apply", args=["hk-macao-entry-permit"])}"' in html
    assert f'href="{reverse("applications:apply", args=["address-change"])}"' in html
    assert "Apply online or at any service station." in html  # A07 and A11 are also counter services
    for path in ("/faq/", "/news/", "/regulations/", "/stations/"):
        assert f'href="{path}"' in html


def test_an_audience_page_leaves_out_services_that_are_not_for_it(client):
    html = client.get("/for/citizens/").content.decode()
    assert "Certificate of entry/exit dates" in html
    assert "Online entry permit for Hong Kong and Macao residents" not in html
    assert "Change of address on a residence document" not in html


def test_an_unknown_audience_is_not_found(client):
    assert client.get("/for/martians/").status_code == 404


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/"])
def test_the_pages_about_the_site_exist(client, path):
    assert client.get(path).status_code == 200


def test_the_sitemap_lists_every_public_section(client, station_directory):
    html = client.get("/sitemap/").content.decode()
    for path in ("/services/", "/status/", "/news/", "/faq/", "/regulations/", "/stations/", "/search/", "/newsletter/",
                 "/missing-persons/", "/verify/", "/accessibility/", "/privacy/", "/display/", "/for/children/"):  # fmt: skip
        assert f'href="{path}"' in html, path
    assert html.count('href="/stations/station-') == 25


def test_the_privacy_notice_mentions_the_map_service_only_when_there_is_a_map(client, settings):
    settings.IMMIGO_MAP_TILE_URL = ""
    assert "outside map service" not in client.get("/privacy/").content.decode()
    settings.IMMIGO_MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    assert "outside map service" in client.get("/privacy/").content.decode()
