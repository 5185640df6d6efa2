from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from immigo.newsletter.models import Article, Issue, IssueVersion, ReaderQuestion

from . import factories as f

pytestmark = pytest.mark.django_db


def test_an_editor_drafts_an_issue_in_two_languages_and_sends_it_for_review(client, editor):
    client.force_login(editor)

    created = client.post(
        reverse("newsletter:editor_issue_create"), {"number": 5, "issue_date": "2026-11-01", "title": "第五期", "intro": "本期內容"}
    )
    issue = Issue.objects.get(number=5)
    assert created["Location"] == reverse("newsletter:editor_issue", args=[issue.pk])
    client.post(reverse("newsletter:editor_article_create", args=[issue.pk, "zh-hant"]), {"title": "居留", "body": "內文"})
    client.post(reverse("newsletter:editor_version_create", args=[issue.pk]), {"language": "en", "title": "Issue 5", "intro": ""})
    client.post(
        reverse("newsletter:editor_article_create", args=[issue.pk, "en"]), {"title": "Residence", "body": "Text", "link": "example.test/x"}
    )
    submitted = client.post(reverse("newsletter:editor_issue_action", args=[issue.pk, "submit"]), {"note": ""})

    assert submitted.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW
    assert sorted(IssueVersion.objects.filter(issue=issue).values_list("language", flat=True)) == ["en", "zh-hant"]
    assert Article.objects.get(title="Residence").link == "https://example.test/x"
    page = client.get(reverse("newsletter:editor_issue", args=[issue.pk])).content.decode()
    assert "Another person must publish this issue" in page


def test_the_editor_publish_button_is_refused_to_the_author(client, editor):
    issue = f.issue(by=editor, status=Issue.Status.IN_REVIEW)
    client.force_login(editor)

    response = client.post(reverse("newsletter:editor_issue_action", args=[issue.pk, "publish"]))

    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW


def test_a_headquarters_supervisor_publishes_from_the_issue_page(
    client, editor, publisher, immediate_tasks, django_capture_on_commit_callbacks
):
    f.subscriber()
    issue = f.issue(by=editor, status=Issue.Status.IN_REVIEW)
    client.force_login(publisher)
    assert "Publish and send" in client.get(reverse("newsletter:editor_issue", args=[issue.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("newsletter:editor_issue_action", args=[issue.pk, "publish"]), {"note": "OK"})

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED
    assert len(mail.outbox) == 1


def test_a_published_issue_shows_no_edit_links(client, editor):
    issue = f.issue(by=editor, status=Issue.Status.PUBLISHED)
    client.force_login(editor)

    page = client.get(reverse("newsletter:editor_issue", args=[issue.pk])).content.decode()

    assert reverse("newsletter:editor_issue_edit", args=[issue.pk]) not in page
    response = client.post(reverse("newsletter:editor_article_create", args=[issue.pk, "zh-hant"]), {"title": "x", "body": "y"})
    assert response.status_code == 422
    assert "Only a draft issue can be changed" in response.content.decode()


def test_a_taken_issue_number_is_reported_beside_the_field(client, editor):
    f.issue(by=editor, number=5)
    client.force_login(editor)

    response = client.post(reverse("newsletter:editor_issue_create"), {"number": 5, "issue_date": "2026-11-01", "title": "重複"})

    assert response.status_code == 422
    assert 'href="#id_number"' in response.content.decode()


def test_a_supervisor_may_read_but_not_draft(client, publisher):
    client.force_login(publisher)

    assert client.get(reverse("newsletter:editor_home")).status_code == 200
    assert client.get(reverse("newsletter:editor_issue_create")).status_code == 403


def test_the_editor_pages_are_closed_to_the_public(client):
    client.force_login(f.public_user())

    assert client.get(reverse("newsletter:editor_home")).status_code == 403


def test_the_demo_command_creates_two_published_issues_once(editor, publisher):
    call_command("newsletter_demo", editor=editor.email, publisher=publisher.email, stdout=StringIO())
    call_command("newsletter_demo", editor=editor.email, publisher=publisher.email, stdout=StringIO())

    issues = Issue.objects.order_by("number")
    assert [(i.number, i.status) for i in issues] == [(120, "published"), (121, "published")]
    for issue in issues:
        assert sorted(issue.versions.values_list("language", flat=True)) == ["en", "zh-hant"]
        assert all(version.articles.count() == 3 for version in issue.versions.all())


def test_every_editor_page_opens_for_an_editor(client, editor):
    issue = f.issue(by=editor, number=3, versions={"zh-hant": ("第三期", [("居留", "內文")]), "en": ("No. 3", [("Residence", "Text")])})
    article = Article.objects.filter(version__issue=issue).first()
    question = ReaderQuestion.objects.create(email="reader@example.test", question="Q?", may_publish=True)
    client.force_login(editor)
    urls = [
        reverse("newsletter:editor_home"),
        reverse("newsletter:editor_issue_create"),
        reverse("newsletter:editor_issue", args=[issue.pk]),
        reverse("newsletter:editor_issue_edit", args=[issue.pk]),
        reverse("newsletter:editor_version_create", args=[issue.pk]),
        reverse("newsletter:editor_version", args=[issue.pk, "en"]),
        reverse("newsletter:editor_article_create", args=[issue.pk, "en"]),
        reverse("newsletter:editor_article", args=[article.pk]),
        reverse("newsletter:editor_questions"),
        reverse("newsletter:editor_question", args=[question.pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("newsletter:editor_version", args=[issue.pk, "th"])).status_code == 404


def test_an_editor_changes_and_removes_an_article(client, editor):
    issue = f.issue(by=editor)
    article = Article.objects.get(version__issue=issue)
    client.force_login(editor)

    client.post(reverse("newsletter:editor_article", args=[article.pk]), {"title": "新標題", "body": "新內文", "position": 2})
    article.refresh_from_db()
    assert (article.title, article.position) == ("新標題", 2)

    client.post(reverse("newsletter:editor_article_delete", args=[article.pk]))
    assert not Article.objects.filter(pk=article.pk).exists()
