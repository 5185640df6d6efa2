import pytest
from django.urls import reverse

from immigo.accounts.models import Role, User
from immigo.core.models import AuditEntry
from immigo.newsletter import services
from immigo.newsletter.errors import QuestionNotPublishableError
from immigo.newsletter.models import Article, Issue, ReaderQuestion

from . import factories as f

pytestmark = pytest.mark.django_db

ASK = reverse("newsletter:question")
LIST = reverse("newsletter:editor_questions")


def _ask(client, **extra):  # type: ignore[no-untyped-def]
    ip = extra.pop("ip", "198.51.100.20")
    data = {"name": "", "email": "Reader@Example.test", "language": "en", "question": "How do I renew my ARC?", "website": "", **extra}
    return client.post(ASK, data, REMOTE_ADDR=ip)


def test_a_reader_question_is_stored_for_the_editors(client, editor):
    issue = f.issue(by=editor, number=7, status=Issue.Status.PUBLISHED)

    response = _ask(client, issue="7", may_publish="on")

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:question_done")
    question = ReaderQuestion.objects.get()
    assert (question.email, question.language, question.issue, question.may_publish) == ("reader@example.test", "en", issue, True)
    assert question.status == ReaderQuestion.Status.NEW


def test_the_question_form_is_on_the_newsletter_home_and_issue_pages(client, editor):
    f.issue(by=editor, number=7, status=Issue.Status.PUBLISHED)

    for url in (reverse("newsletter:home"), reverse("newsletter:issue", args=[7])):
        assert f'action="{ASK}"' in client.get(url).content.decode()


def test_a_question_without_an_address_is_refused_with_an_error_summary(client):
    response = _ask(client, email="")

    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert not ReaderQuestion.objects.exists()


def test_a_filled_in_honeypot_stores_nothing(client):
    response = _ask(client, website="buy now")

    assert response.status_code == 302
    assert not ReaderQuestion.objects.exists()


def test_questions_are_limited_per_client(client, settings):
    settings.IMMIGO_NEWSLETTER_QUESTIONS_PER_CLIENT_PER_HOUR = 1
    assert _ask(client).status_code == 302

    assert _ask(client).status_code == 429
    assert ReaderQuestion.objects.count() == 1


def test_editors_see_the_questions_and_their_reading_is_audited(client, editor):
    services.reader_question_submit(email="reader@example.test", question="居留證遺失怎麼辦？", language="zh-hant", client_key="x")
    client.force_login(editor)

    response = client.get(LIST)

    assert response.status_code == 200
    assert "居留證遺失怎麼辦？" in response.content.decode()
    entry = AuditEntry.objects.get(object_type="newsletter.readerquestion", action=AuditEntry.Action.READ)
    assert entry.actor == editor


def test_a_headquarters_supervisor_also_sees_the_questions(client, publisher):
    client.force_login(publisher)

    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("who", ["public", "counter_officer", "station_supervisor"])
def test_nobody_else_sees_the_questions(client, who, station_supervisor):
    users = {
        "public": lambda: f.public_user(),
        "counter_officer": lambda: f.staff("counter@immigo.test", (Role.COUNTER_OFFICER, f.station())),
        "station_supervisor": lambda: station_supervisor,
    }
    services.reader_question_submit(email="reader@example.test", question="Secret?", language="en", client_key="x")
    client.force_login(users[who]())

    response = client.get(LIST)

    assert response.status_code == 403
    assert client.get(reverse("newsletter:editor_question", args=[ReaderQuestion.objects.get().pk])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_editor_answers_and_adds_the_question_to_the_next_issue(client, editor):
    draft = f.issue(by=editor, number=8, versions={"zh-hant": ("第八期", [("開頭", "內文")]), "en": ("No. 8", [("Opening", "Text")])})
    question = services.reader_question_submit(
        email="reader@example.test", question="How do I renew my ARC?", language="en", client_key="x", may_publish=True
    )
    client.force_login(editor)

    answered = client.post(
        reverse("newsletter:editor_question", args=[question.pk]),
        {"answer": "Apply online before it expires.", "publish_with_next_issue": "on"},
    )
    assert answered.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answered_by, question.publish_with_next_issue) == (ReaderQuestion.Status.ANSWERED, editor, True)
    assert "How do I renew my ARC?" in client.get(reverse("newsletter:editor_issue", args=[draft.pk])).content.decode()

    added = client.post(reverse("newsletter:editor_question_publish", args=[question.pk]), {"issue": draft.pk})

    assert added.status_code == 302
    article = Article.objects.get(question=question)
    assert article.version.language == "en"
    assert "Apply online before it expires." in article.body
    assert "reader@example.test" not in article.body + article.title
    question.refresh_from_db()
    assert question.publish_with_next_issue is False


def test_a_question_the_reader_did_not_release_is_never_published(editor):
    f.issue(by=editor, number=8)
    question = services.reader_question_submit(email="reader@example.test", question="Private", language="en", client_key="x")
    services.reader_question_answer(question=question, by=editor, answer="Answer", publish_with_next_issue=True)
    question.refresh_from_db()
    assert question.publish_with_next_issue is False

    with pytest.raises(QuestionNotPublishableError):
        services.reader_question_publish(question=question, issue=Issue.objects.get(), by=editor)


def test_answering_is_audited(editor: User):
    question = services.reader_question_submit(email="reader@example.test", question="Q", language="en", client_key="x")

    services.reader_question_answer(question=question, by=editor, answer="A")

    assert AuditEntry.objects.filter(object_type="newsletter.readerquestion", object_id=str(question.pk), action="update").exists()
