"""The transactional outbox: one row per notice and channel, written in the caller's transaction
and delivered by a worker after commit."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboxMessage(models.Model):
    """A rendered notice waiting for (or done with) delivery on one channel.

    The subject and body are rendered when the notice is enqueued, so a later template change never
    alters a queued message. `dedupe_key` + `channel` is unique: the same notice is stored once and
    its key travels to the provider (Message-ID, Idempotency-Key) so a repeated send is dropped there.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=16)
    event = models.CharField(_("event"), max_length=64)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(pgettext_lazy("of an e-mail", "subject"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    # Delivery attempts started (each claim counts), so a message whose send kills the worker
    # still reaches the limit instead of being retried for ever.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key", "channel"], name="notif_outbox_dedupe_channel_uniq"),
        ]
        indexes = [
            # The sweep looks for pending messages that are due and sending ones whose lease ran out.
            models.Index(fields=["status", "next_attempt_at"], name="notif_outbox_due_idx"),
            models.Index(fields=["status", "claimed_until"], name="notif_outbox_lease_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} / {self.channel} / {self.dedupe_key}"


Status = OutboxMessage.Status

# Which status a message may move to from each status. Delivery moves messages only through these
# edges, each with a conditional UPDATE on the current status (see delivery.py).
ALLOWED: dict[Status, frozenset[Status]] = {
    # A worker claims it.
    Status.PENDING: frozenset({Status.SENDING}),
    # Sent; failed and due for a retry; failed for good; or re-claimed after the lease ran out.
    Status.SENDING: frozenset({Status.SENT, Status.PENDING, Status.FAILED, Status.SENDING}),
    Status.SENT: frozenset(),
    Status.FAILED: frozenset(),
}
