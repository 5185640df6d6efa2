"""The search pages through the test client (English unless a test sends no preference)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from immigo.search.selectors import MAX_QUERY_LENGTH

from .factories import index_document, index_regulation

pytestmark = pytest.mark.django_db
RESULTS = reverse("search:results")
REGULATIONS = reverse("search:regulations")


@pytest.fixture
def content() -> None:
    index_document("extend", "居留證延期", "外國人居留期限屆滿前申請延期。", category="residence", published_on=dt.date(2025, 3, 1))
    index_document("visa", "Visa on arrival", "Who can get a visa on arrival.", kind="faq", language="en")
    index_regulation("act", "入出國及移民法", "外國人居留期間得申請延期。", promulgated_on=dt.date(1999, 5, 21))


def test_the_search_page_without_a_query_shows_the_form_and_no_error(client, content):  # type: ignore[no-untyped-def]
    response = client.get(RESULTS)
    assert response.status_code == 200
    assert 'role="search"' in response.text and 'name="q"' in response.text
    assert "There is a problem" not in response.text and "search-result-list" not in response.text


def test_the_kind_select_offers_the_kinds_present(client, content):  # type: ignore[no-untyped-def]
    text = client.get(RESULTS).text
    assert '<option value="faq">' in text and '<option value="regulation">' in text and '<option value="news">' in text


def test_results_are_counted_ranked_and_highlighted(client, content):  # type: ignore[no-untyped-def]
    response = client.get(RESULTS, {"q": "延期"})
    assert response.status_code == 200
    assert "2 results" in response.text
    assert "<mark>延期</mark>" in response.text
    assert response.text.index('href="/news/extend/"') < response.text.index('href="/regulation/act/"')


def test_chinese_content_shown_to_an_english_visitor_is_marked_in_chinese(client, content):  # type: ignore[no-untyped-def]
    text = client.get(RESULTS, {"q": "延期"}).text
    assert "In Chinese" in text and 'lang="zh-Hant-TW"' in text


def test_the_kind_filter_narrows_the_results(client, content):  # type: ignore[no-untyped-def]
    text = client.get(RESULTS, {"q": "延期", "kind": "regulation"}).text
    assert "1 result" in text and "/news/extend/" not in text


def test_no_results_explains_what_to_try(client, content):  # type: ignore[no-untyped-def]
    text = client.get(RESULTS, {"q": "xylophone"}).text
    assert "Nothing matched “xylophone”." in text and "check the spelling" in text


def test_a_too_long_query_is_an_error_beside_the_field(client, content):  # type: ignore[no-untyped-def]
    response = client.get(RESULTS, {"q": "居" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'id="id_q_error"' in response.text and 'aria-invalid="true"' in response.text
    assert "search-result-list" not in response.text


def test_punctuation_alone_is_an_error(client, content):  # type: ignore[no-untyped-def]
    assert 'id="id_q_error"' in client.get(RESULTS, {"q": "。。！"}).text


def test_results_are_paginated_keeping_the_query(client):  # type: ignore[no-untyped-def]
    for number in range(25):
        index_document(f"d{number}", f"居留須知{number}", "")
    first = client.get(RESULTS, {"q": "居留"}).text
    assert first.count('class="search-result"') == 20 and "q=%E5%B1%85%E7%95%99&amp;page=2" in first
    second = client.get(RESULTS, {"q": "居留", "page": "2"}).text
    assert second.count('class="search-result"') == 5 and 'start="21"' in second


def test_a_nonsense_page_number_shows_the_first_page(client, content):  # type: ignore[no-untyped-def]
    assert client.get(RESULTS, {"q": "延期", "page": "x"}).status_code == 200


def test_the_default_language_is_traditional_chinese(content):  # type: ignore[no-untyped-def]
    text = Client().get(RESULTS, {"q": "延期"}).text
    assert '<html lang="zh-Hant-TW"' in text
    assert "In Chinese" not in text


def test_the_regulations_page_without_criteria_shows_the_labelled_form(client, content):  # type: ignore[no-untyped-def]
    response = client.get(REGULATIONS)
    assert response.status_code == 200
    text = response.text
    for name in ("q", "scope", "name", "reg_kind", "reg_category", "date_from", "date_to"):
        assert f'name="{name}"' in text
    assert "<legend" in text and 'type="date"' in text and 'for="id_name"' in text
    assert "search-result-list" not in text


def test_the_regulations_page_searches_regulations_only(client, content):  # type: ignore[no-untyped-def]
    text = client.get(REGULATIONS, {"q": "延期"}).text
    assert "1 result" in text and "/regulation/act/" in text and "/news/extend/" not in text
    assert "Promulgated" in text and "1999-05-21" in text


def test_the_regulations_page_filters_by_date_and_type(client, content):  # type: ignore[no-untyped-def]
    assert "/regulation/act/" in client.get(REGULATIONS, {"date_from": "1999-01-01", "date_to": "1999-12-31"}).text
    inside = client.get(REGULATIONS, {"date_from": "1999-01-01", "date_to": "1999-12-31", "reg_kind": "law"}).text
    outside = client.get(REGULATIONS, {"date_from": "2000-01-01"}).text
    assert "/regulation/act/" in inside and "/regulation/act/" not in outside


def test_an_end_date_before_the_start_date_is_an_error_on_the_end_date(client, content):  # type: ignore[no-untyped-def]
    text = client.get(REGULATIONS, {"date_from": "2020-01-01", "date_to": "2019-01-01"}).text
    assert 'id="id_date_to_error"' in text and "search-result-list" not in text


def test_an_invalid_date_is_an_error_on_its_field(client, content):  # type: ignore[no-untyped-def]
    assert 'id="id_date_from_error"' in client.get(REGULATIONS, {"date_from": "2020-13-45"}).text


def test_the_search_page_query_count_does_not_grow_with_the_results(client, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for number in range(30):
        index_document(f"d{number}", f"居留須知{number}", "居留延期")
    with django_assert_max_num_queries(6):
        assert client.get(RESULTS, {"q": "居留 延期"}).status_code == 200


def test_the_regulations_scope_defaults_to_the_full_text(client, content):  # type: ignore[no-untyped-def]
    text = client.get(REGULATIONS, {"q": "延期"}).text
    assert 'value="all" id="id_scope_0" checked' in text
