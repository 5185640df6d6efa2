"""Delivery of outbox messages: claim, send, record.

Every state change is one conditional UPDATE (`... WHERE status = ... AND claim_token = ...`), so two
workers can never both own a message, on SQLite or PostgreSQL, and no transaction is held open
while a provider is called.

Each channel may have a rate limit and a daily cap (IMMIGO_NOTIFY_LIMITS, see send_slot_take): a
message over either is put back to `pending` for the next window without counting an attempt, so
a national batch is spread over minutes and days instead of flooding the provider, and nothing is
dropped.

A crash neither loses nor repeats a message:
- lose: the claim is committed before the send, with a lease; if the worker dies before recording
  the result, the lease runs out and the sweep claims and sends the message again;
- repeat: a sent message is never claimed again, and the only window for a second send (the
  provider accepted, the worker died before recording it) is closed on the provider's side by the
  dedupe key (Message-ID for e-mail, Idempotency-Key for SMS).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import uuid
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from .channels import ChannelError, channel_get
from .models import OutboxMessage
from .selectors import outbox_claimable_q, outbox_list_due

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status

# How long a claim stays with its worker. Longer than any one send may take (EMAIL_TIMEOUT and the
# SMS provider's timeouts are seconds), so a live worker never loses a claim mid-send; short enough
# that a message claimed by a worker that died is sent again within minutes.
LEASE = datetime.timedelta(minutes=5)
# Retries wait 1, 2, 4, 8 ... minutes after a failed attempt, never more than 6 hours.
RETRY_BASE = datetime.timedelta(minutes=1)
RETRY_CAP = datetime.timedelta(hours=6)
# Messages one sweep delivers; the next sweep (a minute later) takes the rest.
SWEEP_BATCH = 200


@dataclass(frozen=True)
class OutboxClaim:
    message_id: int
    token: str
    claimed_until: datetime.datetime


def retry_delay(*, attempts: int) -> datetime.timedelta:
    """The wait before the next attempt, after `attempts` attempts have failed."""
    # The exponent is bounded so a large attempt count cannot overflow timedelta before the cap applies.
    return min(RETRY_BASE * 2 ** min(max(attempts - 1, 0), 16), RETRY_CAP)


def outbox_claim(*, message_id: int) -> OutboxClaim | None:
    """Moves the message to `sending` with a fresh claim token and a lease, if it is pending and due
    or its previous lease ran out, and it has attempts left. Counts the attempt.

    Returns None when another worker holds it, it is not due, or it is sent or failed. The move is a
    single conditional UPDATE, so of two workers claiming at once exactly one succeeds.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    until = now + LEASE
    claimed = OutboxMessage.objects.filter(
        outbox_claimable_q(now=now), pk=message_id, attempts__lt=settings.IMMIGO_NOTIFY_MAX_ATTEMPTS
    ).update(status=Status.SENDING, claim_token=token, claimed_until=until, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return OutboxClaim(message_id=message_id, token=token, claimed_until=until)


def channel_limits(channel: str) -> tuple[int | None, int | None]:
    """The channel's (per minute, per day) limits from IMMIGO_NOTIFY_LIMITS; None where unlimited."""
    limits = (getattr(settings, "IMMIGO_NOTIFY_LIMITS", None) or {}).get(channel) or {}
    per_minute, per_day = limits.get("per_minute"), limits.get("per_day")
    return (int(per_minute) if per_minute is not None else None, int(per_day) if per_day is not None else None)


def _window_count(key: str, *, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=timeout)
        return 1


def send_slot_take(*, channel: str, now: datetime.datetime) -> datetime.datetime | None:
    """Takes one send slot of `channel` in the current minute and the current local day. Returns None
    when the slot was taken, otherwise the moment the full window reopens (the next minute, or the
    next local midnight when the daily cap is reached); then nothing is counted.

    The counters live in the shared cache (Redis in production: atomic increments), so every worker
    draws from the same budget. A refused slot gives its increments back.
    """
    per_minute, per_day = channel_limits(channel)
    if per_minute is None and per_day is None:
        return None
    local = timezone.localtime(now)
    minute_start = now.replace(second=0, microsecond=0)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    windows: list[tuple[int, str, datetime.datetime, int]] = []
    if per_day is not None:
        next_day = (day_start + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        windows.append((per_day, f"immigo:notify:{channel}:day:{day_start:%Y%m%d}", next_day, 2 * 24 * 3600))
    if per_minute is not None:
        windows.append(
            (per_minute, f"immigo:notify:{channel}:minute:{minute_start:%Y%m%d%H%M}", minute_start + datetime.timedelta(minutes=1), 180)
        )
    taken: list[str] = []
    for limit, key, reopens, timeout in windows:
        taken.append(key)
        if _window_count(key, timeout=timeout) > limit:
            for counted in taken:
                with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
                    cache.decr(counted)
            return reopens
    return None


def _defer(*, claim: OutboxClaim, channel: str, until: datetime.datetime) -> None:
    """Gives a claimed message back to `pending` until `until` (the claim does not count as an
    attempt), and with it every other pending message of the channel that is due: they would be
    refused too, and the sweep then spends its batch on the channels that still have budget. They
    keep their order (next_attempt_at, then id), so the window that reopens takes the oldest first."""
    OutboxMessage.objects.filter(_owned(claim)).update(
        status=Status.PENDING, claimed_until=None, next_attempt_at=until, attempts=F("attempts") - 1
    )
    OutboxMessage.objects.filter(status=Status.PENDING, channel=channel, next_attempt_at__lt=until).update(next_attempt_at=until)


def _owned(claim: OutboxClaim) -> Q:
    return Q(pk=claim.message_id, status=Status.SENDING, claim_token=claim.token)


def _record_sent(*, claim: OutboxClaim, provider_message_id: str) -> bool:
    updated = OutboxMessage.objects.filter(_owned(claim)).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        provider_message_id=provider_message_id[:255],
        claimed_until=None,
        last_error="",
    )
    if not updated:
        # The lease ran out during the send and another worker took the message over; it sends
        # with the same dedupe key, which the provider drops as a duplicate.
        logger.warning("outbox message %s was sent after its claim was taken over", claim.message_id)
    return bool(updated)


def _record_failure(*, claim: OutboxClaim, attempts: int, error: Exception) -> Status:
    now = timezone.now()
    text = f"{error.__class__.__name__}: {error}"[:2000]
    if attempts >= settings.IMMIGO_NOTIFY_MAX_ATTEMPTS:
        status, changes = Status.FAILED, {}
    else:
        status, changes = Status.PENDING, {"next_attempt_at": now + retry_delay(attempts=attempts)}
    OutboxMessage.objects.filter(_owned(claim)).update(status=status, claimed_until=None, last_error=text, **changes)
    logger.warning(
        "outbox message %s attempt %s failed (%s): %s",
        claim.message_id,
        attempts,
        status,
        text,
        exc_info=not isinstance(error, ChannelError),
    )
    return status


def outbox_deliver(*, message_id: int) -> Status | None:
    """Claims the message, sends it through its channel and records the outcome.

    Guarantees: the message is marked `sent` (with the provider's id) only by the worker whose claim
    is still current; a message over its channel's rate limit or daily cap is put back to
    `pending` for the next window, its attempt not counted (returns PENDING); a failed send counts
    the attempt and puts the message back to `pending` with an exponential backoff in
    `next_attempt_at`, or marks it `failed` once IMMIGO_NOTIFY_MAX_ATTEMPTS attempts have been
    made. Returns the status the message was left in,
    or None when there was nothing to do (not due, held by another worker, already sent or failed).
    """
    claim = outbox_claim(message_id=message_id)
    if claim is None:
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    reopens = send_slot_take(channel=message.channel, now=timezone.now())
    if reopens is not None:
        _defer(claim=claim, channel=message.channel, until=reopens)
        return Status.PENDING
    try:
        provider_message_id = channel_get(message.channel).send(message)
    except Exception as exc:
        return _record_failure(claim=claim, attempts=message.attempts, error=exc)
    _record_sent(claim=claim, provider_message_id=provider_message_id)
    return Status.SENT


def outbox_give_up_exhausted(*, now: datetime.datetime) -> int:
    """Marks `failed` the claimable messages that have no attempts left: in practice, messages whose
    last permitted attempt ended with the worker dying. Returns how many."""
    exhausted = OutboxMessage.objects.filter(outbox_claimable_q(now=now), attempts__gte=settings.IMMIGO_NOTIFY_MAX_ATTEMPTS)
    stopped = exhausted.filter(status=Status.SENDING).update(
        status=Status.FAILED, claimed_until=None, last_error="The worker stopped during the last permitted attempt."
    )
    return stopped + exhausted.filter(status=Status.PENDING).update(status=Status.FAILED)


def outbox_deliver_due(*, limit: int = SWEEP_BATCH) -> dict[str, int]:
    """Delivers the messages that are due: pending ones whose time has come, and sending ones whose
    worker died (lease expired). Safe to run concurrently with workers and with itself: each message
    is claimed before it is sent. Returns counts by outcome."""
    now = timezone.now()
    outcomes: Counter[str] = Counter({"given_up": outbox_give_up_exhausted(now=now)})
    for message_id in outbox_list_due(now=now, limit=limit):
        status = outbox_deliver(message_id=message_id)
        outcomes[status.value if status else "skipped"] += 1
    return {key: outcomes[key] for key in ("sent", "pending", "failed", "skipped", "given_up")}
