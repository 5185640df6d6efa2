"""Services of the newsletter: subscriptions (double opt-in, one-click unsubscribe), issues from
draft to publication, and readers' questions. Views, commands and tasks call these; they hold the
rules, write the history and the audit trail, and queue mail only after commit."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry
from immigo.core.throttle import throttle_hit

from . import permissions, tasks, tokens
from .delivery import confirmation_dedupe_key
from .errors import (
    ConfirmationLinkInvalidError,
    IssueIncompleteError,
    IssueNotEditableError,
    IssueNumberTakenError,
    IssueTransitionNotAllowedError,
    QuestionNotPublishableError,
    QuestionRateLimitedError,
    SubscriptionRateLimitedError,
    VersionExistsError,
)
from .models import FALLBACK_LANGUAGE, Article, Delivery, Issue, IssueEvent, IssueVersion, ReaderQuestion, Subscriber
from .workflow import EDITABLE_STATUSES, ISSUE_ACTIONS, ISSUE_ACTORS, ISSUE_ALLOWED, SUBSCRIBER_ALLOWED, IssueAction

SUBSCRIBE_PER_CLIENT_PER_HOUR = 10
QUESTIONS_PER_CLIENT_PER_HOUR = 5
# At most this many confirmation mails to one address a day, whoever asks for them.
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3


def supported_language(code: str) -> str:
    """`code` when it is one of the portal's languages, otherwise Traditional Chinese."""
    try:
        variant = translation.get_supported_language_variant((code or "").strip().lower())
    except LookupError:
        return FALLBACK_LANGUAGE
    return variant if variant in dict(settings.LANGUAGES) else FALLBACK_LANGUAGE


# --- subscriptions --------------------------------------------------------------------------


def _subscriber_move(subscriber: Subscriber, to: Subscriber.Status) -> None:
    if to not in SUBSCRIBER_ALLOWED[Subscriber.Status(subscriber.status)]:
        raise ValueError(f"subscriber {subscriber.pk}: {subscriber.status} -> {to} is not allowed")
    subscriber.status = to


def subscription_request(*, email: str, language: str, consent_text: str, client_key: str) -> None:
    """A request to subscribe `email` (the reader ticked the consent box showing `consent_text`).

    Guarantees: the caller learns nothing about the address; the answer is the same whether it is
    new, waiting, subscribed or unsubscribed. An address that is not subscribed is left `pending`
    with a fresh confirmation nonce and one confirmation mail queued after commit (at most
    CONFIRMATIONS_PER_ADDRESS_PER_DAY a day); a subscribed address is left as it is. Raises
    SubscriptionRateLimitedError, before writing anything, when this client has asked too often.
    """
    limit = int(getattr(settings, "IMMIGO_NEWSLETTER_SUBSCRIBE_PER_CLIENT_PER_HOUR", SUBSCRIBE_PER_CLIENT_PER_HOUR))
    if throttle_hit(scope="subscribe", client_key=client_key, limit=limit, window_seconds=3600):
        raise SubscriptionRateLimitedError()
    address = email.strip().lower()
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscriber, _created = Subscriber.objects.get_or_create(email=address, defaults={"language": supported_language(language)})
        except IntegrityError:  # the same new address, submitted twice at once
            subscriber = Subscriber.objects.get(email=address)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.ACTIVE:
            return
        since = timezone.now() - dt.timedelta(days=1)
        recent = Delivery.objects.filter(subscriber=subscriber, kind=Delivery.Kind.CONFIRMATION, created_at__gte=since).count()
        if recent >= CONFIRMATIONS_PER_ADDRESS_PER_DAY:
            return
        _subscriber_move(subscriber, Subscriber.Status.PENDING)
        subscriber.language = supported_language(language)
        subscriber.confirm_nonce = secrets.token_hex(16)
        subscriber.consent_at = timezone.now()
        subscriber.consent_text = consent_text
        subscriber.save(update_fields=["status", "language", "confirm_nonce", "consent_at", "consent_text"])
        delivery = Delivery.objects.create(
            kind=Delivery.Kind.CONFIRMATION,
            subscriber=subscriber,
            dedupe_key=confirmation_dedupe_key(subscriber_id=subscriber.pk, nonce=subscriber.confirm_nonce),
            nonce=subscriber.confirm_nonce,
            language=subscriber.language,
            next_attempt_at=timezone.now(),
        )
        transaction.on_commit(partial(tasks.confirmation_send.enqueue, delivery.pk))


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """Activates the subscription the confirmation link names (double opt-in). Confirming twice is
    harmless. Raises ConfirmationLinkInvalidError when the link is garbled, older than 7 days, or
    answers a request that was replaced or withdrawn since."""
    claim = tokens.confirm_token_read(token)
    subscriber = Subscriber.objects.select_for_update().filter(public_id=claim.subscriber).first()
    if subscriber is None:
        raise ConfirmationLinkInvalidError()
    if subscriber.status == Subscriber.Status.ACTIVE:
        return subscriber
    if subscriber.status != Subscriber.Status.PENDING or not constant_time_compare(subscriber.confirm_nonce or "-", claim.nonce):
        raise ConfirmationLinkInvalidError()
    _subscriber_move(subscriber, Subscriber.Status.ACTIVE)
    subscriber.confirmed_at = timezone.now()
    subscriber.confirm_nonce = ""
    subscriber.save(update_fields=["status", "confirmed_at", "confirm_nonce"])
    return subscriber


@transaction.atomic
def subscription_cancel(*, token: str) -> Subscriber:
    """Unsubscribes the address the link names, at once; mails not yet sent to it are skipped.
    Unsubscribing twice is harmless. Raises UnsubscribeLinkInvalidError for a garbled or forged link."""
    public_id = tokens.unsubscribe_token_read(token)
    subscriber = Subscriber.objects.select_for_update().filter(public_id=public_id).first()
    if subscriber is None:
        # A valid signature for an address that was erased since: there is nothing left to stop.
        return Subscriber(public_id=public_id, status=Subscriber.Status.UNSUBSCRIBED)
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        _subscriber_move(subscriber, Subscriber.Status.UNSUBSCRIBED)
        subscriber.unsubscribed_at = timezone.now()
        subscriber.confirm_nonce = ""
        subscriber.save(update_fields=["status", "unsubscribed_at", "confirm_nonce"])
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED, last_error="unsubscribed"
        )
    return subscriber


# --- issues ---------------------------------------------------------------------------------


def _audit(*, by: User, action: str, obj: Any, purpose: str, details: dict[str, Any] | None = None) -> None:
    audit_record(actor=by, action=action, obj=obj, purpose=purpose, details=details)


def _require_editable(issue: Issue) -> None:
    if issue.status not in EDITABLE_STATUSES:
        raise IssueNotEditableError()


def _require_editor(user: User) -> None:
    if not permissions.can_edit(user):
        raise PermissionDeniedError()


def _number_free(*, number: int, issue: Issue | None = None) -> None:
    taken = Issue.objects.filter(number=number)
    if issue is not None:
        taken = taken.exclude(pk=issue.pk)
    if taken.exists():
        raise IssueNumberTakenError(details={"fields": {"number": [IssueNumberTakenError.message]}})


@transaction.atomic
def issue_create(*, by: User, number: int, issue_date: dt.date, title: str, intro: str = "") -> Issue:
    """A draft issue with its Traditional Chinese version. Only content editors draft."""
    _require_editor(by)
    _number_free(number=number)
    issue = Issue.objects.create(number=number, issue_date=issue_date, created_by=by)
    IssueVersion.objects.create(issue=issue, language=FALLBACK_LANGUAGE, title=title, intro=intro)
    _audit(by=by, action=AuditEntry.Action.CREATE, obj=issue, purpose="newsletter editing", details={"number": number})
    return issue


@transaction.atomic
def issue_update(*, issue: Issue, by: User, number: int, issue_date: dt.date) -> Issue:
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _require_editor(by)
    _require_editable(issue)
    _number_free(number=number, issue=issue)
    issue.number, issue.issue_date = number, issue_date
    issue.save(update_fields=["number", "issue_date", "updated_at"])
    _audit(by=by, action=AuditEntry.Action.UPDATE, obj=issue, purpose="newsletter editing", details={"number": number})
    return issue


@transaction.atomic
def issue_version_save(*, issue: Issue, by: User, language: str, title: str, intro: str, create: bool) -> IssueVersion:
    """Adds the issue's version in `language` (`create`) or changes its title and introduction."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _require_editor(by)
    _require_editable(issue)
    if create:
        if IssueVersion.objects.filter(issue=issue, language=language).exists():
            raise VersionExistsError(details={"fields": {"language": [VersionExistsError.message]}})
        version = IssueVersion.objects.create(issue=issue, language=language, title=title, intro=intro)
    else:
        version = IssueVersion.objects.get(issue=issue, language=language)
        version.title, version.intro = title, intro
        version.save(update_fields=["title", "intro"])
    issue.save(update_fields=["updated_at"])
    return version


@transaction.atomic
def article_save(
    *, version: IssueVersion, by: User, title: str, body: str, link: str = "", position: int | None = None, article: Article | None = None
) -> Article:
    """Adds an article at `position` (the end when None) or changes `article`."""
    issue = Issue.objects.select_for_update().get(pk=version.issue_id)
    _require_editor(by)
    _require_editable(issue)
    if position is None:
        position = (version.articles.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    if article is None:
        article = Article.objects.create(version=version, position=position, title=title, body=body, link=link)
    else:
        article.title, article.body, article.link, article.position = title, body, link, position
        article.save(update_fields=["title", "body", "link", "position"])
    issue.save(update_fields=["updated_at"])
    return article


@transaction.atomic
def article_delete(*, article: Article, by: User) -> None:
    issue = Issue.objects.select_for_update().get(pk=article.version.issue_id)
    _require_editor(by)
    _require_editable(issue)
    if article.question_id:
        ReaderQuestion.objects.filter(pk=article.question_id).update(publish_with_next_issue=True)
    article.delete()
    issue.save(update_fields=["updated_at"])


def _issue_ready(issue: Issue) -> None:
    ready = IssueVersion.objects.filter(issue=issue, language=FALLBACK_LANGUAGE, articles__isnull=False).exists()
    if not ready:
        raise IssueIncompleteError()


@transaction.atomic
def issue_move(*, issue: Issue, action: IssueAction, by: User, note: str = "") -> Issue:
    """Takes `action` on the issue if the transition table and ISSUE_ACTORS allow it, records the
    move in the issue's history and the audit trail. Publishing fixes the publication time and,
    after commit, queues the task that mails the issue to every subscriber active at that time.

    Raises IssueTransitionNotAllowedError (wrong status or not this user: an editor never
    publishes an issue they wrote or submitted) or IssueIncompleteError (no Traditional Chinese
    version with an article)."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    before, after = ISSUE_ACTIONS[action]
    current = Issue.Status(issue.status)
    if current != before or after not in ISSUE_ALLOWED[current] or not ISSUE_ACTORS[action](by, issue):
        raise IssueTransitionNotAllowedError(details={"status": issue.status, "action": action.value})
    if action == IssueAction.SUBMIT:
        _issue_ready(issue)
        issue.submitted_by = by
    fields = ["status", "submitted_by", "updated_at"]
    if action == IssueAction.PUBLISH:
        issue.published_by = by
        issue.published_at = timezone.now()
        fields += ["published_by", "published_at"]
    issue.status = after
    issue.save(update_fields=fields)
    IssueEvent.objects.create(issue=issue, action=action.value, before=before.value, after=after.value, actor=by, note=note)
    _audit(
        by=by,
        action=AuditEntry.Action.TRANSITION,
        obj=issue,
        purpose="newsletter publication" if action == IssueAction.PUBLISH else "newsletter editing",
        details={"number": issue.number, "action": action.value, "before": before.value, "after": after.value},
    )
    if action == IssueAction.PUBLISH:
        transaction.on_commit(partial(tasks.issue_send.enqueue, issue.pk))
    return issue


# --- readers' questions ---------------------------------------------------------------------


def reader_question_submit(
    *, email: str, question: str, language: str, client_key: str, name: str = "", issue: Issue | None = None, may_publish: bool = False
) -> ReaderQuestion:
    """Stores a reader's question for the editors. Raises QuestionRateLimitedError, before writing
    anything, when this client has asked too many questions lately."""
    limit = int(getattr(settings, "IMMIGO_NEWSLETTER_QUESTIONS_PER_CLIENT_PER_HOUR", QUESTIONS_PER_CLIENT_PER_HOUR))
    if throttle_hit(scope="question", client_key=client_key, limit=limit, window_seconds=3600):
        raise QuestionRateLimitedError()
    return ReaderQuestion.objects.create(
        name=name.strip(),
        email=email.strip().lower(),
        question=question.strip(),
        language=supported_language(language),
        issue=issue,
        may_publish=may_publish,
    )


@transaction.atomic
def reader_question_answer(*, question: ReaderQuestion, by: User, answer: str, publish_with_next_issue: bool = False) -> ReaderQuestion:
    """Records the editors' answer. A question is offered for the next issue only when its reader
    agreed to publication. Audited: the question holds the reader's e-mail address."""
    if not permissions.can_use_editor(by):
        raise PermissionDeniedError()
    question = ReaderQuestion.objects.select_for_update().get(pk=question.pk)
    question.answer = answer.strip()
    question.status = ReaderQuestion.Status.ANSWERED
    question.answered_by = by
    question.answered_at = timezone.now()
    question.publish_with_next_issue = bool(publish_with_next_issue and question.may_publish)
    question.save(update_fields=["answer", "status", "answered_by", "answered_at", "publish_with_next_issue"])
    _audit(
        by=by,
        action=AuditEntry.Action.UPDATE,
        obj=question,
        purpose="answering a reader's question",
        details={"publish_with_next_issue": question.publish_with_next_issue},
    )
    return question


@transaction.atomic
def reader_question_publish(*, question: ReaderQuestion, issue: Issue, by: User) -> Article:
    """Adds the answered question to a draft issue as a readers' Q&A article (without the reader's
    name or address), in the version of the question's language or else the Traditional Chinese
    one. Raises QuestionNotPublishableError when the reader did not agree or there is no answer."""
    question = ReaderQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != ReaderQuestion.Status.ANSWERED or not question.may_publish or Article.objects.filter(question=question).exists():
        raise QuestionNotPublishableError()
    versions = {v.language: v for v in IssueVersion.objects.filter(issue=issue, language__in={question.language, FALLBACK_LANGUAGE})}
    version = versions.get(question.language) or versions[FALLBACK_LANGUAGE]
    with translation.override(version.language):
        title = translation.gettext("Readers ask: %(question)s") % {"question": _excerpt(question.question)}
        body = translation.gettext("Question: %(question)s\n\nAnswer: %(answer)s") % {
            "question": question.question,
            "answer": question.answer,
        }
    article = article_save(version=version, by=by, title=title[:200], body=body)
    article.question = question
    article.save(update_fields=["question"])
    question.publish_with_next_issue = False
    question.save(update_fields=["publish_with_next_issue"])
    return article


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else f"{text[: length - 1]}…"
