import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from immigo.newsletter import services, tokens
from immigo.newsletter.errors import ConfirmationLinkInvalidError, SubscriptionRateLimitedError
from immigo.newsletter.models import Delivery, Subscriber
from immigo.newsletter.workflow import SUBSCRIBER_ALLOWED

from . import factories as f

pytestmark = pytest.mark.django_db

HOME = reverse("newsletter:home")


def _subscribe(client: Client, email: str = "new.reader@example.test", **extra: str) -> object:
    ip = extra.pop("ip", "198.51.100.7")
    data = {"email": email, "language": "en", "consent": "on", "website": "", **extra}
    return client.post(HOME, data, REMOTE_ADDR=ip)


def _link(message: mail.EmailMessage, name: str) -> str:
    match = re.search(rf"https?://\S+/newsletter/{name}/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[1]


def _page_text(client: Client, url: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


def test_subscribing_leaves_the_address_pending_and_mails_a_confirmation_link(client, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:subscribe_done")
    subscriber = Subscriber.objects.get(email="new.reader@example.test")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "en"
    assert subscriber.consent_at is not None and "unsubscribe" in subscriber.consent_text
    (message,) = mail.outbox
    assert message.to == ["new.reader@example.test"]
    assert "/newsletter/confirm/" in message.body


def test_opening_the_confirmation_link_asks_before_it_subscribes(client, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client)
    url = _link(mail.outbox[0], "confirm")

    page = client.get(url)
    assert page.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    done = client.post(url)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    # A second press changes nothing and still reads as success.
    assert client.post(url).status_code == 200


def test_a_confirmation_link_older_than_seven_days_is_refused():
    subscriber = f.subscriber(status=Subscriber.Status.PENDING)
    token = tokens.confirm_token_make(subscriber_public_id=subscriber.public_id, nonce=subscriber.confirm_nonce)

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=7, minutes=1)), pytest.raises(ConfirmationLinkInvalidError):
        services.subscription_confirm(token=token)

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_a_confirmation_link_within_seven_days_works():
    subscriber = f.subscriber(status=Subscriber.Status.PENDING)
    token = tokens.confirm_token_make(subscriber_public_id=subscriber.public_id, nonce=subscriber.confirm_nonce)

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=6, hours=23)):
        services.subscription_confirm(token=token)

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


@pytest.mark.parametrize("token", ["garbled", "eyJzIjoiMSJ9:1tX:AAAA", "x" * 80])
def test_a_garbled_confirmation_link_is_refused(client, token):
    f.subscriber(status=Subscriber.Status.PENDING)

    response = client.post(reverse("newsletter:confirm", args=[token]))

    assert response.status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_confirmation_link_signed_for_unsubscribing_does_not_confirm():
    subscriber = f.subscriber(status=Subscriber.Status.PENDING)
    token = tokens.unsubscribe_token_make(subscriber_public_id=subscriber.public_id)

    with pytest.raises(ConfirmationLinkInvalidError):
        services.subscription_confirm(token=token)


def test_the_link_of_an_earlier_request_no_longer_confirms():
    subscriber = f.subscriber(status=Subscriber.Status.PENDING)
    old = tokens.confirm_token_make(subscriber_public_id=subscriber.public_id, nonce=subscriber.confirm_nonce)
    services.subscription_request(email=subscriber.email, language="en", consent_text="ok", client_key="203.0.113.1")

    with pytest.raises(ConfirmationLinkInvalidError):
        services.subscription_confirm(token=old)


def test_a_confirmation_link_cannot_resubscribe_after_unsubscribing():
    subscriber = f.subscriber(status=Subscriber.Status.PENDING)
    confirm = tokens.confirm_token_make(subscriber_public_id=subscriber.public_id, nonce=subscriber.confirm_nonce)
    services.subscription_cancel(token=tokens.unsubscribe_token_make(subscriber_public_id=subscriber.public_id))

    with pytest.raises(ConfirmationLinkInvalidError):
        services.subscription_confirm(token=confirm)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_resubscribing_an_active_address_reads_the_same_and_changes_nothing(client, immediate_tasks, django_capture_on_commit_callbacks):
    active = f.subscriber("known@example.test", language="zh-hant")

    with django_capture_on_commit_callbacks(execute=True):
        known = _subscribe(client, "known@example.test")
        unknown = _subscribe(client, "unknown@example.test")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert _page_text(client, known["Location"]) == _page_text(client, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["unknown@example.test"]]
    active.refresh_from_db()
    assert (active.status, active.language) == (Subscriber.Status.ACTIVE, "zh-hant")


def test_an_unsubscribed_address_may_subscribe_again_and_must_confirm_again():
    subscriber = f.subscriber(status=Subscriber.Status.UNSUBSCRIBED)

    services.subscription_request(email=subscriber.email.upper(), language="vi", consent_text="ok", client_key="203.0.113.1")

    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == (Subscriber.Status.PENDING, "vi")
    assert Delivery.objects.filter(subscriber=subscriber, kind=Delivery.Kind.CONFIRMATION).count() == 1


def test_one_address_gets_at_most_three_confirmation_mails_a_day():
    for n in range(5):
        services.subscription_request(email="target@example.test", language="en", consent_text="ok", client_key=f"203.0.113.{n}")

    assert Delivery.objects.filter(kind=Delivery.Kind.CONFIRMATION, subscriber__email="target@example.test").count() == 3


def test_subscription_attempts_are_limited_per_client(client, settings):
    settings.IMMIGO_NEWSLETTER_SUBSCRIBE_PER_CLIENT_PER_HOUR = 2
    for n in range(2):
        assert _subscribe(client, f"reader{n}@example.test").status_code == 302

    refused = _subscribe(client, "reader9@example.test")

    assert refused.status_code == 429
    assert not Subscriber.objects.filter(email="reader9@example.test").exists()
    with pytest.raises(SubscriptionRateLimitedError):
        services.subscription_request(email="x@example.test", language="en", consent_text="ok", client_key="198.51.100.7")
    # Another client is not affected.
    assert _subscribe(client, "reader8@example.test", ip="198.51.100.8").status_code == 302


def test_a_filled_in_honeypot_pretends_success_and_stores_nothing(client):
    response = _subscribe(client, website="http://spam.example")

    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_consent_is_required(client):
    response = client.post(HOME, {"email": "reader@example.test", "language": "en"})

    assert response.status_code == 422
    assert "Tick the box to agree" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_subscription_form_offers_the_ten_portal_languages(client, settings):
    response = client.get(HOME)

    html = response.content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'value="{code}"' in html
    assert 'hidden aria-hidden="true"' in html  # the honeypot is hidden from every reader


def test_the_default_page_language_is_traditional_chinese():
    response = Client().get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hant-TW"' in html
    assert "我同意以我的電子郵件地址寄送電子報給我。" in html


def test_every_subscriber_status_has_a_row_in_the_table():
    assert set(SUBSCRIBER_ALLOWED) == set(Subscriber.Status)
