from __future__ import annotations

import pytest

from immigo.content.markup import MarkupError, amendments_parse, article_anchor, articles_parse, body_html


def test_a_body_is_escaped_and_split_into_paragraphs():
    html = body_html("第一段<script>alert(1)</script>\n第二行\n\n第二段")
    assert html == "<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行</p>\n<p>第二段</p>"


def test_subheadings_and_lists():
    html = body_html("## 應備文件\n- 護照\n- 照片", heading_level=3)
    assert html == "<h3>應備文件</h3>\n<ul><li>護照</li><li>照片</li></ul>"


def test_links_are_kept_only_for_web_and_site_addresses():
    html = body_html("[查詢](/status/) [法規](https://law.moj.gov.tw/) [x](javascript:alert(1)) [y](//evil.example/)")
    assert '<a href="/status/">查詢</a>' in html
    assert 'href="https://law.moj.gov.tw/" target="_blank" rel="noopener noreferrer"' in html
    assert "(opens in a new window)" in html
    assert 'href="javascript' not in html
    assert 'href="//evil' not in html


def test_a_link_label_is_escaped():
    assert body_html('[<b onmouseover="x">](/faq/)') == '<p><a href="/faq/">&lt;b onmouseover=&quot;x&quot;&gt;</a></p>'


@pytest.mark.parametrize(
    ("number", "anchor"),
    [
        ("第 1 條", "article-1"),
        ("第十八條之一", "article-18-1"),
        ("第 18-1 條", "article-18-1"),
        ("Article 22", "article-22"),
        ("第一百零二條", "article-102"),
        ("附則", ""),
    ],
)
def test_article_anchors(number, anchor):
    assert article_anchor(number) == anchor


def test_text_before_the_first_article_is_an_error_naming_the_line():
    with pytest.raises(MarkupError, match="Line 1"):
        articles_parse("前言\n## 第 1 條\n內容")


def test_an_article_without_text_is_an_error():
    with pytest.raises(MarkupError):
        articles_parse("## 第 1 條\n\n## 第 2 條\n內容")


def test_duplicate_article_numbers_get_distinct_anchors():
    anchors = [a.anchor for a in articles_parse("## 第 1 條\n甲\n## 第 1 條\n乙")]
    assert anchors == ["article-1", "article-1-2"]


def test_amendments_need_a_date_then_a_description():
    assert [a.description for a in amendments_parse("2011-11-23 修正\n\n1999-05-21 制定")] == ["修正", "制定"]
    with pytest.raises(MarkupError, match="Line 1"):
        amendments_parse("2011-13-01 錯的日期")
