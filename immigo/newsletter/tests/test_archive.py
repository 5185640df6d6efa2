import pytest
from django.test import Client
from django.urls import reverse

from immigo.accounts.models import User
from immigo.newsletter.models import Issue
from immigo.newsletter.views.public import ARCHIVE_PER_PAGE

from . import factories as f

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("newsletter:archive")


@pytest.fixture
def issues(editor: User) -> dict[str, Issue]:
    return {
        "typhoon": f.issue(
            by=editor,
            number=120,
            status=Issue.Status.PUBLISHED,
            versions={
                "zh-hant": ("颱風季節特刊", [("停班停課", "颱風來臨時請留意各縣市公告。")]),
                "en": ("Typhoon season", [("Office closures", "Follow your city's announcements when a typhoon comes.")]),
            },
        ),
        "residence": f.issue(
            by=editor,
            number=121,
            status=Issue.Status.PUBLISHED,
            versions={"zh-hant": ("線上服務", [("延長期限", "外籍人士可在網路上申請延長居留。")])},
        ),
        "draft": f.issue(
            by=editor, number=122, status=Issue.Status.DRAFT, versions={"zh-hant": ("草稿", [("居留新制", "尚未發布的居留說明。")])}
        ),
    }


def _numbers(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [row.issue.number for row in response.context["rows"]]


def test_the_archive_lists_published_issues_newest_first(client, issues):
    response = client.get(ARCHIVE)

    assert response.status_code == 200
    assert _numbers(response) == [121, 120]


def test_the_search_finds_a_chinese_two_character_word_inside_an_article(issues):
    chinese = Client()  # no language preference: the interface default, Traditional Chinese

    response = chinese.get(ARCHIVE, {"q": "居留"})

    # 居留 appears only inside an article's text ("延長居留"), and in a draft that stays hidden.
    assert _numbers(response) == [121]
    assert "線上服務" in response.content.decode()


def test_the_search_matches_titles_and_needs_every_term(issues):
    chinese = Client()

    assert _numbers(chinese.get(ARCHIVE, {"q": "颱風"})) == [120]
    assert _numbers(chinese.get(ARCHIVE, {"q": "颱風 居留"})) == []


def test_the_search_reads_the_version_in_the_page_language_and_in_chinese(client, issues):
    assert _numbers(client.get(ARCHIVE, {"q": "announcements"})) == [120]
    # The English page still finds Chinese words: every issue has a Traditional Chinese version.
    assert _numbers(client.get(ARCHIVE, {"q": "居留"})) == [121]


def test_a_search_without_results_says_so(client, issues):
    response = client.get(ARCHIVE, {"q": "visa-free"})

    assert response.status_code == 200
    assert "0 issues mention" in response.content.decode()


def test_the_archive_is_paginated_with_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    for number in range(1, ARCHIVE_PER_PAGE + 3):
        f.issue(by=editor, number=number, status=Issue.Status.PUBLISHED)

    # Session-free page: count, issues, their versions.
    with django_assert_num_queries(3):
        response = client.get(ARCHIVE, {"page": 2})

    assert _numbers(response) == [2, 1]


def test_an_issue_page_shows_the_version_in_the_page_language(client, issues):
    response = client.get(reverse("newsletter:issue", args=[120]))

    html = response.content.decode()
    assert "Typhoon season" in html and "颱風季節特刊" not in html
    assert '<article lang="en">' in html


def test_an_issue_without_the_page_language_falls_back_to_traditional_chinese(issues):
    vietnamese = Client(headers={"Accept-Language": "vi"})

    response = vietnamese.get(reverse("newsletter:issue", args=[121]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "延長居留" in html
    assert '<article lang="zh-Hant-TW">' in html


def test_a_reader_may_pick_another_language_version(client, issues):
    response = client.get(reverse("newsletter:issue", args=[120]), {"lang": "zh-hant"})

    assert "颱風季節特刊" in response.content.decode()


def test_an_unpublished_issue_is_not_shown(client, issues):
    assert client.get(reverse("newsletter:issue", args=[122])).status_code == 404
    assert client.get(reverse("newsletter:issue", args=[999])).status_code == 404
