"""Delivery of newsletter mails: list an issue's recipients, then claim, send and record each mail.

The same guarantees as the notifications outbox, kept for the newsletter's own table:
- once per recipient: (issue, subscriber) and the dedupe key are unique, so listing the recipients
  again creates nothing; a mail is sent only by the worker that moved it from `pending` to
  `sending` with one conditional UPDATE, so a task that runs twice finds it taken or sent;
- nothing lost: a claim carries a lease; a worker that dies mid-send leaves a lease that runs out,
  and the sweep sends the mail again with the same Message-ID (a receiving system drops it);
- nobody mailed who left: a mail whose subscriber unsubscribed in the meantime is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q
from django.utils import timezone

from . import mail
from .models import FALLBACK_LANGUAGE, Delivery, Issue, IssueVersion, Subscriber

logger = logging.getLogger(__name__)

Status = Delivery.Status

# Mails one task sends over one connection; an issue to 15,567 subscribers (seed §3.8) is 156 tasks.
BATCH_SIZE = 100
# Rows written per INSERT when listing an issue's recipients.
AUDIENCE_CHUNK = 1000
# Longer than one SMTP send may take (EMAIL_TIMEOUT is seconds).
LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 6
# Retries wait 5, 10, 20 ... minutes, never more than 6 hours.
RETRY_BASE = dt.timedelta(minutes=5)
RETRY_CAP = dt.timedelta(hours=6)


def issue_dedupe_key(*, issue_id: int, subscriber_id: int) -> str:
    return f"issue:{issue_id}:subscriber:{subscriber_id}"


def confirmation_dedupe_key(*, subscriber_id: int, nonce: str) -> str:
    return f"confirm:{subscriber_id}:{nonce}"


def retry_delay(*, attempts: int) -> dt.timedelta:
    return min(RETRY_BASE * 2 ** min(max(attempts - 1, 0), 16), RETRY_CAP)


def claimable_q(*, now: dt.datetime) -> Q:
    """Mails a worker may take at `now`: pending and due, or sending with a lease that ran out."""
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(status=Status.SENDING, claimed_until__lt=now)


def issue_audience_build(*, issue_id: int) -> list[int]:
    """Creates one pending issue mail for every subscriber who was active when the issue was
    published, in the language of their choice when the issue has it, otherwise in Traditional
    Chinese. Running it again adds nothing. Returns the ids of the issue's mails still pending."""
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.PUBLISHED).first()
    if issue is None or issue.published_at is None:
        return []
    languages = set(issue.versions.values_list("language", flat=True))
    now = timezone.now()
    audience = (
        Subscriber.objects.filter(status=Subscriber.Status.ACTIVE, confirmed_at__lte=issue.published_at)
        .order_by("pk")
        .values_list("pk", "language")
    )
    chunk: list[Delivery] = []
    for subscriber_id, language in audience.iterator(chunk_size=AUDIENCE_CHUNK):
        chunk.append(
            Delivery(
                kind=Delivery.Kind.ISSUE,
                issue=issue,
                subscriber_id=subscriber_id,
                dedupe_key=issue_dedupe_key(issue_id=issue.pk, subscriber_id=subscriber_id),
                language=language if language in languages else FALLBACK_LANGUAGE,
                next_attempt_at=now,
            )
        )
        if len(chunk) >= AUDIENCE_CHUNK:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    if chunk:
        Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    Issue.objects.filter(pk=issue.pk, audience_built_at__isnull=True).update(audience_built_at=now)
    return list(Delivery.objects.filter(issue=issue, status=Status.PENDING).order_by("pk").values_list("pk", flat=True))


def batches(ids: Iterable[int], *, size: int | None = None) -> Iterator[list[int]]:
    """`ids` in lists of `size` (BATCH_SIZE when None), in order."""
    size = size or BATCH_SIZE
    batch: list[int] = []
    for value in ids:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    token: str


def delivery_claim(*, delivery_id: int) -> Claim | None:
    """Moves the mail to `sending` under a fresh token and a lease, counting the attempt, when it is
    claimable and has attempts left. Of two workers claiming at once exactly one succeeds."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = Delivery.objects.filter(claimable_q(now=now), pk=delivery_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Status.SENDING, claim_token=token, claimed_until=now + LEASE, attempts=F("attempts") + 1
    )
    return Claim(delivery_id=delivery_id, token=token) if claimed else None


def _owned(claim: Claim) -> Q:
    return Q(pk=claim.delivery_id, status=Status.SENDING, claim_token=claim.token)


def _finish(claim: Claim, status: Status, **changes: object) -> None:
    Delivery.objects.filter(_owned(claim)).update(status=status, claimed_until=None, **changes)


def _version_for(delivery: Delivery, cache: dict[tuple[int, str], IssueVersion | None]) -> IssueVersion | None:
    assert delivery.issue_id is not None
    key = (delivery.issue_id, delivery.language)
    if key not in cache:
        versions = {
            v.language: v
            for v in IssueVersion.objects.filter(issue_id=delivery.issue_id, language__in={delivery.language, FALLBACK_LANGUAGE})
        }
        cache[key] = versions.get(delivery.language) or versions.get(FALLBACK_LANGUAGE)
    return cache[key]


def _skip_reason(delivery: Delivery) -> str:
    subscriber = delivery.subscriber
    if delivery.kind == Delivery.Kind.CONFIRMATION:
        if subscriber.status != Subscriber.Status.PENDING or subscriber.confirm_nonce != delivery.nonce:
            return "the subscription request was replaced, confirmed or withdrawn"
        return ""
    if subscriber.status != Subscriber.Status.ACTIVE:
        return "the subscriber is no longer active"
    if delivery.issue is None or delivery.issue.status != Issue.Status.PUBLISHED:
        return "the issue is not published"
    return ""


def _send_one(delivery_id: int, *, connection: BaseEmailBackend, versions: dict[tuple[int, str], IssueVersion | None]) -> str:
    claim = delivery_claim(delivery_id=delivery_id)
    if claim is None:
        return "skipped"
    delivery = Delivery.objects.select_related("subscriber", "issue").get(pk=delivery_id)
    reason = _skip_reason(delivery)
    version = _version_for(delivery, versions) if not reason and delivery.kind == Delivery.Kind.ISSUE else None
    if not reason and delivery.kind == Delivery.Kind.ISSUE and version is None:
        reason = "the issue has no text to send"
    if reason:
        _finish(claim, Status.SKIPPED, last_error=reason)
        return "skipped"
    try:
        message = mail.issue_mail(delivery, version=version) if version is not None else mail.confirmation_mail(delivery)
        if connection.send_messages([message]) != 1:
            raise RuntimeError("the mail backend did not accept the message")
    except Exception as exc:
        text = f"{exc.__class__.__name__}: {exc}"[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            _finish(claim, Status.FAILED, last_error=text)
        else:
            _finish(claim, Status.PENDING, last_error=text, next_attempt_at=timezone.now() + retry_delay(attempts=delivery.attempts))
        logger.warning("newsletter mail %s attempt %s failed: %s", delivery_id, delivery.attempts, text)
        return "failed"
    _finish(claim, Status.SENT, sent_at=timezone.now(), message_id=message.extra_headers["Message-ID"], last_error="")
    return "sent"


@contextmanager
def _connection() -> Iterator[BaseEmailBackend]:
    connection = mailers.default
    connection.open()
    try:
        yield connection
    finally:
        connection.close()


def deliveries_send(*, delivery_ids: Iterable[int]) -> dict[str, int]:
    """Sends the given mails over one connection, each only after claiming it. Mails already sent,
    held by another worker or not yet due are left alone. Returns counts by outcome."""
    outcomes: Counter[str] = Counter()
    versions: dict[tuple[int, str], IssueVersion | None] = {}
    with _connection() as connection:
        for delivery_id in delivery_ids:
            outcomes[_send_one(delivery_id, connection=connection, versions=versions)] += 1
    return {key: outcomes[key] for key in ("sent", "failed", "skipped")}


def deliveries_give_up_exhausted(*, now: dt.datetime) -> int:
    """Marks `failed` the claimable mails with no attempts left (their last worker died)."""
    return Delivery.objects.filter(claimable_q(now=now), attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, claimed_until=None, last_error="No attempts left."
    )


def deliveries_due(*, now: dt.datetime, limit: int) -> list[int]:
    return list(
        Delivery.objects.filter(claimable_q(now=now), attempts__lt=MAX_ATTEMPTS)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
