"""The crawl that the link checker and the accessibility check share: which links it follows and
what it reads from a page."""

from __future__ import annotations

import pytest

from immigo.portal.tests.crawl import VARIANTS_PER_PATH, Frontier, parse, public_path

ORIGIN = "http://testserver"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/news/", "/news/"),
        ("item/", "/news/item/"),  # relative to the page
        ("/stations/find/?county=TW-KHH#result", "/stations/find/?county=TW-KHH"),
        ("http://testserver/faq/", "/faq/"),
        ("https://law.moj.gov.tw/", None),  # another site
        ("mailto:someone@example.test", None),
        ("tel:+886223889393", None),
        ("/staff/", None),
        ("/config/", None),
        ("/newsletter/editor/", None),
        ("/accounts/logout/", None),
        ("/cases/A1/document.pdf", None),
        ("/stations/stations.json", None),
        ("/news/feed.json", None),
    ],
)
def test_only_public_pages_of_this_site_are_followed(href, expected):
    assert public_path(href, page_url=f"{ORIGIN}/news/", origin=ORIGIN) == expected


def test_the_frontier_visits_each_page_and_each_query_variant_once():
    frontier = Frontier(["/"], limit=20)
    for path in ["/faq/", "/faq/", "/news/?page=2", "/news/?page=2", "/regulations/?b=2&a=1", "/regulations/?a=1&b=2", "/stations/"]:
        frontier.add(path)
    assert list(frontier) == ["/", "/faq/", "/news/?page=2", "/regulations/?a=1&b=2", "/stations/"]


def test_the_frontier_ignores_parameters_that_do_not_change_the_page():
    frontier = Frontier(["/accounts/login/?next=/a/", "/accounts/login/?next=/b/", "/accounts/login/"], limit=10)
    assert list(frontier) == ["/accounts/login/"]


def test_the_frontier_follows_a_bounded_number_of_variants_of_one_path():
    frontier = Frontier([f"/calendar/?month={month}" for month in range(VARIANTS_PER_PATH + 5)], limit=100)
    assert len(list(frontier)) == VARIANTS_PER_PATH


def test_the_frontier_stops_at_its_limit_and_keeps_the_rest():
    frontier = Frontier([f"/p{n}/" for n in range(5)], limit=3)
    assert len(list(frontier)) == 3
    assert len(frontier.queue) == 2


def test_a_page_gives_its_links_resources_and_anchors():
    page = parse(
        '<a href="/a/">a</a><a name="top"></a><h2 id="title">t</h2>'
        '<form method="get" action="/search/"></form><form method="post" action="/display/"></form>'
        '<link rel="stylesheet" href="/static/immigo/site.css"><script src="/static/immigo/station-map.js"></script>'
    )
    assert page.links == ["/a/", "/search/"]
    assert page.resources == ["/static/immigo/site.css", "/static/immigo/station-map.js"]
    assert page.anchors == {"top", "title"}
