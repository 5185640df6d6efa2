"""The regulations library's advanced search: term, scope, name, type, category, promulgation dates."""

from __future__ import annotations

import datetime as dt

import pytest

from immigo.search.selectors import search_run

from .factories import index_document, index_regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def library() -> None:
    index_regulation(
        "immigration-act",
        "入出國及移民法",
        "第一條　為統籌入出國管理，確保國家安全、保障人權，特制定本法。外國人居留期間屆滿前得申請延期。",
        promulgated_on=dt.date(1999, 5, 21),
        reg_kind="law",
        reg_category="entry",
    )
    index_regulation(
        "residence-rules",
        "外國人停留居留及永久居留辦法",
        "第一條　本辦法依入出國及移民法訂定之。第二條　居留證之延期，應於期限屆滿前申請。",
        promulgated_on=dt.date(2015, 2, 2),
        reg_kind="regulation",
        reg_category="residence",
    )
    index_regulation(
        "fee-standard",
        "入出國及移民署收費標準",
        "居留證費用依本標準收取。",
        promulgated_on=dt.date(2021, 7, 1),
        reg_kind="administrative_rule",
        reg_category="residence",
    )
    index_document("news", "居留證延期申請說明", "居留證延期的新聞。")


def _keys(**kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("query", "")
    return sorted(r.key for r in search_run(language="zh-hant", kinds=["regulation"], **kwargs).results)


def test_the_term_searches_regulations_only(library):  # type: ignore[no-untyped-def]
    assert _keys(query="居留證") == ["fee-standard", "residence-rules"]


def test_title_only_scope_ignores_the_full_text(library):  # type: ignore[no-untyped-def]
    assert _keys(query="居留") == ["fee-standard", "immigration-act", "residence-rules"]
    assert _keys(query="居留", title_only=True) == ["residence-rules"]


def test_the_promulgation_date_range_includes_both_ends(library):  # type: ignore[no-untyped-def]
    assert _keys(date_from=dt.date(2015, 2, 2)) == ["fee-standard", "residence-rules"]
    assert _keys(date_to=dt.date(2015, 2, 2)) == ["immigration-act", "residence-rules"]
    assert _keys(query="居留", date_from=dt.date(2000, 1, 1), date_to=dt.date(2020, 12, 31)) == ["residence-rules"]


def test_the_type_and_category_filter_by_attribute(library):  # type: ignore[no-untyped-def]
    assert _keys(attrs={"reg_kind": "law"}) == ["immigration-act"]
    assert _keys(attrs={"reg_category": "residence"}) == ["fee-standard", "residence-rules"]
    assert _keys(query="居留", attrs={"reg_kind": "regulation", "reg_category": "residence"}) == ["residence-rules"]
    assert _keys(attrs={"reg_kind": "law", "reg_category": "residence"}) == []


def test_the_name_must_match_the_title(library):  # type: ignore[no-untyped-def]
    assert _keys(title_query="移民法") == ["immigration-act"]
    assert _keys(query="居留", title_query="標準") == ["fee-standard"]
    # 移民法 is in the residence rules' text, not in their name.
    assert "residence-rules" not in _keys(title_query="移民法")


def test_the_name_highlights_the_title(library):  # type: ignore[no-untyped-def]
    result = search_run(query="", title_query="收費", language="zh-hant", kinds=["regulation"]).results[0]
    assert str(result.title_html) == "入出國及移民署<mark>收費</mark>標準"


def test_without_words_the_regulations_are_listed_by_promulgation_date_newest_first(library):  # type: ignore[no-untyped-def]
    results = search_run(query="", language="zh-hant", kinds=["regulation"]).results
    assert [r.key for r in results] == ["fee-standard", "residence-rules", "immigration-act"]
    assert results[0].published_on == dt.date(2021, 7, 1)
    assert results[0].attrs["reg_kind"] == "administrative_rule"
