"""Tokenising: CJK bigrams (and single characters and trigrams), folded words, queries."""

from __future__ import annotations

from immigo.search.text import QueryTerm, fold, index_terms, query_parse


def test_a_chinese_run_is_indexed_as_its_characters_bigrams_and_trigrams():
    terms = index_terms("居留證延期").counts
    assert {t for t in terms if len(t) == 2} == {"居留", "留證", "證延", "延期"}
    assert {t for t in terms if len(t) == 1} == set("居留證延期")
    assert {t for t in terms if len(t) == 3} == {"居留證", "留證延", "證延期"}


def test_a_chinese_query_requires_every_bigram_and_rewards_its_trigrams():
    parsed = query_parse("居留證延期")
    assert [t.term for t in parsed.required] == ["居留", "留證", "證延", "延期"]
    assert parsed.phrases == ("居留證", "留證延", "證延期")


def test_a_single_character_query_looks_for_that_character():
    assert query_parse("證").required == (QueryTerm(term="證"),)


def test_latin_words_are_lower_cased_and_match_as_prefixes():
    assert index_terms("Residence Permit, residence!").counts == {"residence": 2, "permit": 1}
    assert query_parse("Perm").required == (QueryTerm(term="perm", prefix=True),)


def test_numbers_and_single_letters_match_whole_words_only():
    assert query_parse("2024 a").required == (QueryTerm(term="2024"), QueryTerm(term="a"))


def test_full_width_letters_and_digits_fold_to_ascii():
    assert index_terms("ＡＲＣ　１２３").counts == {"arc": 1, "123": 1}
    assert query_parse("ＡＲＣ").required == query_parse("arc").required


def test_latin_diacritics_fold_so_vietnamese_is_found_without_them():
    assert index_terms("Việt Nam Đà Nẵng").counts == {"viet": 1, "nam": 1, "da": 1, "nang": 1}


def test_hindi_words_keep_their_vowel_signs():
    assert index_terms("हिन्दी भाषा").counts == {"हिन्दी": 1, "भाषा": 1}


def test_a_word_stops_where_chinese_begins():
    assert query_parse("ARC居留").required == (QueryTerm(term="arc", prefix=True), QueryTerm(term="居留"))


def test_punctuation_only_is_an_empty_query():
    assert query_parse("「」、。!?").is_empty


def test_folding_remembers_where_each_character_came_from():
    folded = fold("Straße")
    assert folded.text == "strasse"
    assert folded.source_span(4, 6) == (4, 5)  # "ss" is the ß


def test_length_counts_words_and_chinese_characters():
    assert index_terms("申請 ARC 延期").length == 5
