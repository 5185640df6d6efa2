"""The e-newsletter Taiwan What's Up (seed I01): subscribers with double opt-in, issues in several
languages with ordered articles, one delivery row per mail, and readers' questions to the editors."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Issues and mails fall back to the interface default when a reader's language has no version.
FALLBACK_LANGUAGE = "zh-hant"


def language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class Subscriber(models.Model):
    """One e-mail address. It receives issues only once it is `active`, which only the link in the
    confirmation mail does (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    # The public handle in signed links: the primary key would let a reader count subscribers.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("preferred language"), max_length=10, default=FALLBACK_LANGUAGE)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    # A fresh value for every subscription request; the confirmation link carries it, so a link
    # from an earlier request (or from before an unsubscription) no longer confirms anything.
    confirm_nonce = models.CharField(_("confirmation nonce"), max_length=32, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        indexes = [models.Index(fields=["status", "confirmed_at"], name="newsletter_sub_status_idx")]

    def __str__(self) -> str:
        return self.email


class Issue(models.Model):
    """One issue. Its texts live in one `IssueVersion` per language; the Traditional Chinese version
    is required before the issue goes to review (it is what every other language falls back to)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    number = models.PositiveIntegerField(_("issue number"), unique=True)
    issue_date = models.DateField(_("issue date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set once the delivery rows for the audience exist; the sweep builds them when it is empty.
    audience_built_at = models.DateTimeField(_("recipients listed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        indexes = [models.Index(fields=["status", "-number"], name="newsletter_issue_status_idx")]

    def __str__(self) -> str:
        return f"#{self.number}"


class IssueVersion(models.Model):
    """An issue in one language: its title, an introduction and its ordered articles."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        ordering = ["issue", "language"]
        verbose_name = _("issue language version")
        verbose_name_plural = _("issue language versions")
        constraints = [models.UniqueConstraint(fields=["issue", "language"], name="newsletter_version_one_per_language")]

    def __str__(self) -> str:
        return f"#{self.issue.number} [{self.language}] {self.title}"


class Article(models.Model):
    version = models.ForeignKey(IssueVersion, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    link = models.URLField(_("link"), blank=True, max_length=500)
    # A readers' Q&A article made from an answered question (see reader_question_publish).
    question = models.OneToOneField(
        "ReaderQuestion", verbose_name=_("reader question"), null=True, blank=True, on_delete=models.SET_NULL, related_name="article"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = pgettext_lazy("in a newsletter", "article")
        verbose_name_plural = pgettext_lazy("in a newsletter", "articles")

    def __str__(self) -> str:
        return self.title


class IssueEvent(models.Model):
    """Append-only history of an issue's status: who moved it, from where to where, and why."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    before = models.CharField(_("before"), max_length=16)
    after = models.CharField(_("after"), max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("issue history entry")
        verbose_name_plural = _("issue history")

    def __str__(self) -> str:
        return f"#{self.issue_id} {self.before} → {self.after}"


class Delivery(models.Model):
    """One mail to one subscriber: a confirmation request or an issue.

    `dedupe_key` is unique, and so is (issue, subscriber): the same mail is stored once however
    often the task that creates it runs. A worker sends a row only after claiming it with one
    conditional UPDATE, so a task that runs twice (or two workers) never send it twice.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation request")
        ISSUE = "issue", pgettext_lazy("of a newsletter", "Issue")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    dedupe_key = models.CharField(_("deduplication key"), max_length=120, unique=True)
    # The confirmation nonce a confirmation mail was requested with: a mail for an older request
    # is skipped instead of sending a link that no longer works.
    nonce = models.CharField(_("nonce"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(_("language"), max_length=10, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("newsletter mail")
        verbose_name_plural = _("newsletter mails")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], condition=models.Q(issue__isnull=False), name="newsletter_delivery_once_per_issue"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="newsletter_delivery_due_idx"),
            models.Index(fields=["status", "claimed_until"], name="newsletter_delivery_lease_idx"),
        ]

    def __str__(self) -> str:
        return self.dedupe_key


class ReaderQuestion(models.Model):
    """A reader's question to the editors (the readers' mailbox of I01)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")

    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default=FALLBACK_LANGUAGE)
    question = models.TextField(_("question"))
    issue = models.ForeignKey(
        Issue, verbose_name=_("asked about issue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The reader's consent to publishing the question, without name or e-mail, with its answer.
    may_publish = models.BooleanField(_("may be published anonymously"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    publish_with_next_issue = models.BooleanField(_("publish with the next issue"), default=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reader question")
        verbose_name_plural = _("reader questions")
        indexes = [models.Index(fields=["status", "-created_at"], name="newsletter_question_status_idx")]

    def __str__(self) -> str:
        return f"{self.pk}: {self.question[:40]}"
