"""A search costs the same handful of statements for 2,000 documents as for a few."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from immigo.search.selectors import search_run
from immigo.search.services import search_document_upsert

pytestmark = pytest.mark.django_db

# Two-character words; documents are random mixes of them.
_VOCABULARY = "居留延期申請外國人士停留簽證入國出國許可證件工作依親就學永久移民規定辦理文件期限屆滿護照照片費用審查核發補發變更地址機關服務"
WORDS = [_VOCABULARY[i : i + 2] for i in range(0, len(_VOCABULARY), 2)]
# A search: corpus statistics, term frequencies, the page of ids with the total, the page's documents.
SEARCH_STATEMENTS = 4


def _synthetic(count: int, *, seed: int) -> None:
    chance = random.Random(seed)
    for number in range(count):
        title = "".join(chance.sample(WORDS, 3))
        body = "，".join("".join(chance.sample(WORDS, 4)) for _ in range(4)) + "。"
        search_document_upsert(kind="news", key=f"n{seed}-{number}", language="zh-hant", title=title, body=body, url=f"/news/{number}/")


def test_a_query_over_two_thousand_documents_takes_a_fixed_number_of_statements(django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    _synthetic(9, seed=1)
    search_document_upsert(kind="news", key="known", language="zh-hant", title="居留延期須知", body="申請延期", url="/news/known/")
    with CaptureQueriesContext(connection) as few:
        search_run(query="居留延期", language="zh-hant")
    _synthetic(1990, seed=2)
    with django_assert_max_num_queries(SEARCH_STATEMENTS):
        page = search_run(query="居留延期", language="zh-hant")
    assert page.total > 20 and len(page.results) == 20
    assert len(few) == SEARCH_STATEMENTS
    with django_assert_max_num_queries(SEARCH_STATEMENTS):
        assert search_run(query="申請 延", language="en", page=3).page == 3
    # A page past the end: a count and the last page besides.
    with django_assert_max_num_queries(SEARCH_STATEMENTS + 2):
        last = search_run(query="居留延期", language="zh-hant", page=10_000)
    assert last.page == last.pages and last.results
