"""Highlighting: marks around the matches, merged, escaped, in a window around the best match."""

from __future__ import annotations

from immigo.search.highlight import SNIPPET_LENGTH, highlight_html, match_spans, snippet_html
from immigo.search.text import query_parse


def _snippet(text: str, query: str) -> str:
    return str(snippet_html(text, match_spans(text, query_parse(query).required)))


def test_overlapping_bigram_matches_become_one_mark():
    assert _snippet("申請居留證延期", "居留證") == "申請<mark>居留證</mark>延期"


def test_html_in_the_text_is_escaped_and_only_marks_are_markup():
    html = _snippet('<script>alert("居留")</script> & 居留', "居留")
    assert html == "&lt;script&gt;alert(&quot;<mark>居留</mark>&quot;)&lt;/script&gt; &amp; <mark>居留</mark>"


def test_a_prefix_marks_the_whole_word_in_its_original_case():
    assert _snippet("Residence permits are issued.", "perm") == "Residence <mark>permits</mark> are issued."


def test_full_width_text_is_marked_when_ascii_was_typed():
    assert _snippet("外僑居留證（ＡＲＣ）", "arc") == "外僑居留證（<mark>ＡＲＣ</mark>）"


def test_the_snippet_is_a_window_around_the_match_with_ellipses():
    text = "前言" * 200 + "申請延期的規定" + "結語" * 200
    html = _snippet(text, "延期")
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>延期</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_LENGTH + 2


def test_the_window_prefers_the_place_where_most_query_terms_meet():
    text = "居留" + "。" * 300 + "居留期間延期" + "。" * 300
    html = _snippet(text, "居留 延期")
    assert "<mark>居留</mark>期間<mark>延期</mark>" in html


def test_without_matches_the_snippet_is_the_beginning_of_the_text():
    text = "第一條　本法依入出國及移民法制定之。" * 20
    assert str(snippet_html(text, [])).startswith("第一條")
    assert str(snippet_html(text, [])).endswith("…")


def test_whitespace_runs_collapse_in_the_snippet():
    assert _snippet("居留\n\n\n   延期", "延期") == "居留 <mark>延期</mark>"


def test_a_title_is_highlighted_whole():
    title = "外國人居留證 <延期> 申請"
    assert str(highlight_html(title, match_spans(title, query_parse("延期").required))) == "外國人居留證 &lt;<mark>延期</mark>&gt; 申請"


def test_a_match_at_the_edge_of_the_window_is_shown_whole():
    text = "延期" + "。" * (SNIPPET_LENGTH - 3) + "延期" + "。" * 100
    html = _snippet(text, "延期")
    assert html.count("<mark>延期</mark>") == 2 and html.endswith("</mark>…")
