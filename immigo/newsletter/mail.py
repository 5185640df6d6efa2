"""The newsletter's own sender: builds each mail (plain text plus HTML for issues) with a
per-subscriber unsubscribe link in the body and in the RFC 2369/8058 headers, and hands it to
Django's mail API (MAILERS "default")."""

from __future__ import annotations

import email.policy
import hashlib
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .models import Delivery, IssueVersion, Subscriber
from .tokens import confirm_token_make, unsubscribe_token_make

NEWSLETTER_NAME = "Taiwan What's Up"
# RFC 5322's limit for a line. Python folds a longer header that has no space in it into RFC 2047
# encoded words, which mail programs do not decode in List-Unsubscribe: the link must stay whole.
HEADER_LINE_LIMIT = 998


class NewsletterMail(EmailMultiAlternatives):
    """A newsletter mail whose List-Unsubscribe header reaches mail programs as one plain line,
    whatever policy the mail backend serialises it with."""

    def message(self, *, policy: email.policy.Policy | None = None) -> Any:
        policy = policy or email.policy.default
        return super().message(policy=policy.clone(max_line_length=HEADER_LINE_LIMIT))


def public_url(path: str) -> str:
    """An absolute address on the public site (mails are rendered outside any request)."""
    return f"{settings.IMMIGO_PUBLIC_URL.rstrip('/')}{path}"


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = unsubscribe_token_make(subscriber_public_id=subscriber.public_id)
    return public_url(reverse("newsletter:unsubscribe", args=[token]))


def confirm_url(subscriber: Subscriber, *, nonce: str) -> str:
    token = confirm_token_make(subscriber_public_id=subscriber.public_id, nonce=nonce)
    return public_url(reverse("newsletter:confirm", args=[token]))


def _sender_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "immigo.localhost"


def _from_address() -> str:
    configured = getattr(settings, "IMMIGO_NEWSLETTER_FROM_EMAIL", "")
    if configured:
        return configured
    return formataddr((NEWSLETTER_NAME, parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@immigo.localhost"))


def message_id(delivery: Delivery) -> str:
    """The same Message-ID for every attempt of a mail, so a receiving system drops a repeat that a
    crash between sending and recording could cause."""
    digest = hashlib.sha256(f"immigo-newsletter:{delivery.dedupe_key}".encode()).hexdigest()[:40]
    return f"<{digest}@{_sender_domain()}>"


def _headers(delivery: Delivery, *, unsubscribe: str) -> dict[str, str]:
    return {
        "Message-ID": message_id(delivery),
        "Content-Language": delivery.language,
        # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{NEWSLETTER_NAME} <whatsup.newsletter.{_sender_domain()}>",
    }


def confirmation_mail(delivery: Delivery) -> NewsletterMail:
    subscriber = delivery.subscriber
    unsubscribe = unsubscribe_url(subscriber)
    context = {
        "newsletter": NEWSLETTER_NAME,
        "confirm_url": confirm_url(subscriber, nonce=delivery.nonce),
        "unsubscribe_url": unsubscribe,
        "home_url": public_url(reverse("newsletter:home")),
    }
    with translation.override(delivery.language):
        subject = gettext("Please confirm your subscription to %(newsletter)s") % {"newsletter": NEWSLETTER_NAME}
        body = render_to_string("newsletter/email/confirmation.txt", context)
    headers = _headers(delivery, unsubscribe=unsubscribe) | {"Auto-Submitted": "auto-generated"}
    return NewsletterMail(subject=subject, body=body, from_email=_from_address(), to=[subscriber.email], headers=headers)


def issue_mail(delivery: Delivery, *, version: IssueVersion) -> NewsletterMail:
    subscriber = delivery.subscriber
    issue = version.issue
    unsubscribe = unsubscribe_url(subscriber)
    context = {
        "newsletter": NEWSLETTER_NAME,
        "issue": issue,
        "version": version,
        "articles": list(version.articles.all()),
        "issue_url": public_url(f"{reverse('newsletter:issue', args=[issue.number])}?lang={version.language}"),
        "archive_url": public_url(reverse("newsletter:archive")),
        "question_url": public_url(reverse("newsletter:question")),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(version.language):
        subject = gettext("%(newsletter)s no. %(number)s: %(title)s") % {
            "newsletter": NEWSLETTER_NAME,
            "number": issue.number,
            "title": version.title,
        }
        text = render_to_string("newsletter/email/issue.txt", context)
        html = render_to_string("newsletter/email/issue.html", context)
    headers = _headers(delivery, unsubscribe=unsubscribe) | {"Precedence": "bulk"}
    mail = NewsletterMail(subject=subject[:255], body=text, from_email=_from_address(), to=[subscriber.email], headers=headers)
    mail.attach_alternative(html, "text/html")
    return mail
