"""Indexing through the services and searching through the selectors."""

from __future__ import annotations

import datetime as dt

import pytest

from immigo.core.errors import InvalidInputError
from immigo.search.models import SearchAttribute, SearchDocument, SearchPosting
from immigo.search.selectors import MAX_QUERY_LENGTH, search_facets_get, search_run
from immigo.search.services import search_document_remove, search_document_upsert

from .factories import index_document

pytestmark = pytest.mark.django_db


def _keys(query: str, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("language", "zh-hant")
    return [result.key for result in search_run(query=query, **kwargs).results]


# --- finding Chinese by two-character words ---------------------------------------------------


def test_a_two_character_word_finds_a_document_containing_it_and_not_a_near_miss():
    index_document("extend", "外籍人士須知", "居留期限屆滿前可申請延期。")
    index_document("lengthen", "外籍人士須知", "居留期限可以延長一次。")
    assert _keys("延期") == ["extend"]


def test_a_three_character_word_needs_every_bigram():
    index_document("card", "居留證", "")
    index_document("stay", "居留", "證件")  # 居留 and 證 but never 留證
    assert _keys("居留證") == ["card"]


def test_a_single_character_finds_documents_with_that_character():
    index_document("a", "入出國", "")
    index_document("b", "移民", "")
    assert _keys("國") == ["a"]


def test_a_title_match_ranks_above_a_body_match():
    index_document("body", "外籍人士生活須知", "本須知說明居留期間應注意的事項，以及其他各項規定。")
    index_document("title", "居留申請", "本須知說明應注意的事項，以及其他各項規定。")
    assert _keys("居留") == ["title", "body"]


def test_the_query_characters_side_by_side_rank_above_the_same_bigrams_scattered():
    # Each has every bigram of the query once and eight characters; only adjacency differs.
    index_document("scattered", "須知", "居留。留證。證延。延期")
    index_document("together", "須知", "居留證延期。甲乙丙")
    assert _keys("居留證延期") == ["together", "scattered"]


def test_every_word_of_the_query_must_occur():
    index_document("both", "居留延期", "")
    index_document("one", "居留許可", "")
    assert _keys("居留 延期") == ["both"]
    assert sorted(_keys("居留")) == ["both", "one"]


def test_an_english_word_is_found_by_its_beginning():
    index_document("permit", "Residence permit", "How to extend a residence permit.", language="en")
    index_document("other", "Entry visas", "Visa on arrival.", language="en")
    assert _keys("resid perm", language="en") == ["permit"]
    assert _keys("PERMITS", language="en") == []


def test_the_exact_word_ranks_above_longer_words_it_begins():
    index_document("longer", "Permits", "", language="en")
    index_document("exact", "Perm", "", language="en")
    assert _keys("perm", language="en") == ["exact", "longer"]


def test_full_width_and_ascii_find_each_other():
    index_document("arc", "ＡＲＣ 補發", "")
    assert _keys("arc") == ["arc"]
    assert _keys("ＡＲＣ") == ["arc"]


def test_results_are_highlighted_and_escaped():
    index_document("x", "居留<延期>", "<b>申請</b>居留證延期")
    result = search_run(query="居留", language="zh-hant").results[0]
    assert str(result.title_html) == "<mark>居留</mark>&lt;延期&gt;"
    assert str(result.snippet_html) == "&lt;b&gt;申請&lt;/b&gt;<mark>居留</mark>證延期"


def test_a_query_with_a_word_no_document_has_finds_nothing():
    index_document("x", "居留延期", "")
    page = search_run(query="居留 xylophone", language="zh-hant")
    assert page.total == 0 and page.results == [] and page.pages == 1


# --- languages ----------------------------------------------------------------------------------


def test_content_without_a_version_in_the_visitors_language_is_searched_in_chinese_and_flagged():
    index_document("both", "居留延期", "")
    index_document("both", "Residence extension 居留延期", "", language="en")
    index_document("chinese-only", "居留延期說明", "")
    results = {r.key: r for r in search_run(query="居留延期", language="en").results}
    assert set(results) == {"both", "chinese-only"}
    assert results["both"].language == "en" and not results["both"].is_fallback
    assert results["chinese-only"].language == "zh-hant" and results["chinese-only"].is_fallback


def test_the_chinese_version_is_not_searched_when_the_visitors_language_has_one():
    index_document("both", "居留延期", "")
    index_document("both", "Residence extension", "", language="en")
    assert _keys("居留", language="en") == []
    assert _keys("extension", language="en") == ["both"]


def test_a_regional_language_code_searches_its_portal_language():
    index_document("x", "Residence", "", language="en")
    assert _keys("residence", language="en-us") == ["x"]


# --- writing the index ----------------------------------------------------------------------------


def test_upserting_again_replaces_the_document_and_its_terms():
    index_document("x", "居留延期", "舊內容", attrs={"a": "1"})
    index_document("x", "入國許可", "新內容", attrs={"b": "2"})
    assert SearchDocument.objects.count() == 1
    assert _keys("延期") == [] and _keys("許可") == ["x"]
    assert set(SearchAttribute.objects.values_list("name", "value")) == {("b", "2")}
    assert not SearchPosting.objects.filter(term="舊內").exists()


def test_removing_a_language_version_keeps_the_others():
    index_document("x", "居留", "")
    index_document("x", "Residence", "", language="en")
    search_document_remove(kind="news", key="x", language="en")
    assert set(SearchDocument.objects.values_list("language", flat=True)) == {"zh-hant"}


def test_removing_without_a_language_deletes_every_version_and_its_postings():
    index_document("x", "居留", "內容")
    index_document("x", "Residence", "", language="en")
    search_document_remove(kind="news", key="x")
    assert not SearchDocument.objects.exists()
    assert not SearchPosting.objects.exists() and not SearchAttribute.objects.exists()


def test_removing_what_is_not_indexed_is_harmless():
    search_document_remove(kind="news", key="missing")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "fr"),
        ("title", ""),
        ("url", "javascript:alert(1)"),
        ("url", "//evil.example/"),
        ("kind", "Not A Slug"),
        ("key", "k" * 201),
    ],
)
def test_an_invalid_document_is_refused_with_the_field_named(field, value):  # type: ignore[no-untyped-def]
    document = {"kind": "news", "key": "x", "language": "zh-hant", "title": "居留", "body": "", "url": "/news/x/", field: value}
    with pytest.raises(InvalidInputError) as caught:
        search_document_upsert(**document)
    assert field in caught.value.details["fields"]
    assert not SearchDocument.objects.exists()


def test_nul_characters_are_dropped_before_storing():
    index_document("x", "居留\x00延期", "內容\x00")
    assert SearchDocument.objects.get().title == "居留延期"


# --- filters, browsing, pages ----------------------------------------------------------------------


def test_kind_and_category_filter_the_results():
    index_document("n", "居留須知", "", kind="news", category="residence")
    index_document("f", "居留問答", "", kind="faq", category="residence")
    index_document("g", "居留表格", "", kind="faq", category="forms")
    assert sorted(_keys("居留", kinds=["faq"])) == ["f", "g"]
    assert sorted(_keys("居留", category="residence")) == ["f", "n"]
    assert _keys("居留", kinds=["faq"], category="forms") == ["g"]


def test_without_words_the_filtered_documents_are_listed_newest_first():
    index_document("old", "舊聞", "", published_on=dt.date(2024, 1, 1))
    index_document("new", "新聞", "", published_on=dt.date(2025, 1, 1))
    index_document("undated", "無日期", "")
    index_document("faq", "問答", "", kind="faq")
    assert _keys("", kinds=["news"]) == ["new", "old", "undated"]


def test_results_come_in_pages_and_a_page_past_the_end_shows_the_last():
    for number in range(25):
        index_document(f"d{number:02}", f"居留須知第{number}號", "")
    first = search_run(query="居留", language="zh-hant", per_page=10)
    third = search_run(query="居留", language="zh-hant", per_page=10, page=3)
    beyond = search_run(query="居留", language="zh-hant", per_page=10, page=99)
    assert (first.total, first.pages, len(first.results)) == (25, 3, 10)
    assert (third.page, len(third.results)) == (3, 5)
    assert beyond.page == 3
    seen = {r.key for p in (1, 2, 3) for r in search_run(query="居留", language="zh-hant", per_page=10, page=p).results}
    assert len(seen) == 25


def test_a_query_too_long_or_only_punctuation_is_refused():
    with pytest.raises(InvalidInputError) as caught:
        search_run(query="居" * (MAX_QUERY_LENGTH + 1), language="zh-hant")
    assert "query" in caught.value.details["fields"]
    with pytest.raises(InvalidInputError):
        search_run(query="。。。", language="zh-hant")


def test_facets_list_the_kinds_categories_and_attributes_present():
    index_document("n", "新聞", "", kind="news", category="events")
    index_document("r", "法規", "", kind="regulation", attrs={"reg_kind": "law"})
    index_document("e", "English only", "", kind="faq", language="en")
    facets = search_facets_get(language="zh-hant", attr_names=["reg_kind"])
    assert facets.kinds == ["news", "regulation"]
    assert facets.categories == [("news", "events")]
    assert facets.attrs == {"reg_kind": ["law"]}
    assert search_facets_get(language="en").kinds == ["faq", "news", "regulation"]
