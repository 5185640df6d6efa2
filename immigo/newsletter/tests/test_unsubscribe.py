import email.policy
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from immigo.accounts.models import User
from immigo.newsletter import services, tokens
from immigo.newsletter.delivery import issue_audience_build
from immigo.newsletter.models import Delivery, Issue, Subscriber
from immigo.newsletter.workflow import IssueAction

from . import factories as f

pytestmark = pytest.mark.django_db


def _url(subscriber: Subscriber) -> str:
    return reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token_make(subscriber_public_id=subscriber.public_id)])


def test_opening_the_unsubscribe_link_shows_one_button_and_changes_nothing(client):
    subscriber = f.subscriber()

    response = client.get(_url(subscriber))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(f'<form method="post" action="{_url(subscriber)}">') == 1
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_pressing_the_button_unsubscribes_at_once_without_a_csrf_token():
    subscriber = f.subscriber()
    browser = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})

    response = browser.post(_url(subscriber))

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_a_mail_program_unsubscribes_with_the_rfc_8058_one_click_post():
    subscriber = f.subscriber()
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(_url(subscriber), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_twice_is_harmless(client):
    subscriber = f.subscriber()

    assert client.post(_url(subscriber)).status_code == 200
    assert client.post(_url(subscriber)).status_code == 200

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_unsubscribe_link_is_refused(client, method):
    subscriber = f.subscriber()
    forged = f"{subscriber.public_id}:not-the-signature"

    response = getattr(client, method)(reverse("newsletter:unsubscribe", args=[forged]))

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_other_newsletter_forms_still_require_a_csrf_token():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("newsletter:home"), {"email": "a@example.test", "language": "en", "consent": "on"})

    assert response.status_code == 403


def test_every_mail_carries_the_unsubscribe_link_in_its_body_and_headers(
    editor: User, publisher: User, immediate_tasks, django_capture_on_commit_callbacks
):
    subscriber = f.subscriber("reader@example.test", language="en")
    issue = f.issue(
        by=editor,
        status=Issue.Status.IN_REVIEW,
        versions={"zh-hant": ("第一期", [("居留", "內文")]), "en": ("Issue 1", [("Residence", "Text")])},
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)
        services.subscription_request(email="new@example.test", language="en", consent_text="ok", client_key="203.0.113.5")

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(r"<http://testserver/newsletter/unsubscribe/[^/>]+/>", header)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert header[1:-1] in message.body
        # On the wire (as the SMTP backend serialises it) the link is one plain header line.
        wire = message.message(policy=email.policy.SMTP).as_bytes().decode()
        assert f"\r\nList-Unsubscribe: {header}\r\n" in wire
        assert "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in wire
    issue_mail = next(m for m in mail.outbox if m.to == [subscriber.email])
    own_link = issue_mail.extra_headers["List-Unsubscribe"][1:-1].removeprefix("http://testserver")
    assert own_link == _url(subscriber)
    html, _mime = issue_mail.alternatives[0]
    assert own_link in html


def test_mails_not_yet_sent_to_someone_who_unsubscribes_are_skipped(editor: User, publisher: User):
    subscriber = f.subscriber()
    issue = f.issue(by=editor, status=Issue.Status.IN_REVIEW)
    services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)

    (delivery_id,) = issue_audience_build(issue_id=issue.pk)
    services.subscription_cancel(token=tokens.unsubscribe_token_make(subscriber_public_id=subscriber.public_id))

    assert Delivery.objects.get(pk=delivery_id).status == Delivery.Status.SKIPPED
