"""Services other apps call to notify applicants."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from .errors import NotificationContextInvalidError, NotificationDedupeKeyInvalidError
from .models import OutboxMessage
from .rendering import context_check, notice_render
from .tasks import outbox_deliver_task

# Keys travel to providers as Message-ID material and Idempotency-Key header: printable ASCII only.
DEDUPE_KEY_RE = re.compile(r"[A-Za-z0-9._:/@+=-]{1,200}")


def _json_safe(*, context: Any) -> dict[str, Any]:
    if not isinstance(context, dict):
        raise NotificationContextInvalidError(details={"context": "a dict"})
    try:
        safe = json.loads(json.dumps(context, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise NotificationContextInvalidError(details={"context": str(exc)}) from None
    return safe


@transaction.atomic
def notification_enqueue(
    *,
    event: str,
    language: str,
    context: dict[str, Any],
    dedupe_key: str,
    email: str = "",
    phone: str = "",
    sms: bool = False,
) -> list[OutboxMessage]:
    """Inside the caller's transaction, render the templates for `event` in `language` (falling back to
    zh-hant when a language has no template/translation) and create one OutboxMessage per channel:
    e-mail when `email` is given, SMS when `sms` is True and `phone` is given. dedupe_key + channel is
    unique: enqueueing the same key twice creates nothing new (returns the existing rows). After commit,
    enqueue the delivery task for each new message.

    Guarantees: the rows are written with the caller's transaction and disappear with its rollback;
    the stored subject, body, language and context are what will be sent, whatever later happens to
    the templates; a delivery task is queued only for rows this call created, and only once they
    are committed. Returns the e-mail row before the SMS row; an empty list when no channel applies.
    Raises NotificationEventUnknownError, NotificationContextInvalidError or
    NotificationDedupeKeyInvalidError before writing anything.
    """
    if not isinstance(dedupe_key, str) or not DEDUPE_KEY_RE.fullmatch(dedupe_key):
        raise NotificationDedupeKeyInvalidError(details={"dedupe_key": str(dedupe_key)[:200]})
    context = _json_safe(context=context)
    context_check(event=event, context=context)

    wanted: list[tuple[OutboxMessage.Channel, str]] = []
    if email.strip():
        wanted.append((OutboxMessage.Channel.EMAIL, email.strip()))
    if sms and "".join(phone.split()):
        wanted.append((OutboxMessage.Channel.SMS, "".join(phone.split())))
    if not wanted:
        return []

    existing = {m.channel: m for m in OutboxMessage.objects.filter(dedupe_key=dedupe_key, channel__in=[c for c, _ in wanted])}
    rendered = None
    messages: list[OutboxMessage] = []
    for channel, recipient in wanted:
        if channel in existing:
            messages.append(existing[channel])
            continue
        rendered = rendered or notice_render(event=event, language=language, context=context)
        is_email = channel == OutboxMessage.Channel.EMAIL
        # get_or_create, not create: a concurrent transaction may have committed the same key since
        # the lookup above; then its row is returned and nothing new is queued.
        message, created = OutboxMessage.objects.get_or_create(
            dedupe_key=dedupe_key,
            channel=channel,
            defaults={
                "recipient": recipient,
                "language": rendered.language,
                "event": event,
                "context": context,
                "subject": rendered.email_subject if is_email else "",
                "body": rendered.email_body if is_email else rendered.sms_body,
                "next_attempt_at": timezone.now(),
            },
        )
        if created:
            transaction.on_commit(partial(outbox_deliver_task.enqueue, message.pk))
        messages.append(message)
    return messages


@dataclass(frozen=True)
class Notice:
    """One notice of a bulk enqueue (see notification_enqueue_many); fields as notification_enqueue's."""

    event: str
    language: str
    context: dict[str, Any]
    dedupe_key: str
    email: str = ""
    phone: str = ""
    sms: bool = False


@transaction.atomic
def notification_enqueue_many(*, notices: Sequence[Notice]) -> int:
    """For national batches (thousands of notices a day): the same checks, rendering and storage as
    notification_enqueue, written in one INSERT per call inside the caller's transaction. A notice
    whose dedupe key + channel is already stored is left as it is. No task is queued per message:
    the outbox sweep (every minute) delivers them within each channel's rate limit and daily cap,
    which a batch of this size meets anyway. Returns how many messages were new. Raises like
    notification_enqueue, before writing anything."""
    wanted: list[tuple[Notice, dict[str, Any], list[tuple[OutboxMessage.Channel, str]]]] = []
    for notice in notices:
        if not isinstance(notice.dedupe_key, str) or not DEDUPE_KEY_RE.fullmatch(notice.dedupe_key):
            raise NotificationDedupeKeyInvalidError(details={"dedupe_key": str(notice.dedupe_key)[:200]})
        context = _json_safe(context=notice.context)
        context_check(event=notice.event, context=context)
        channels: list[tuple[OutboxMessage.Channel, str]] = []
        if notice.email.strip():
            channels.append((OutboxMessage.Channel.EMAIL, notice.email.strip()))
        if notice.sms and "".join(notice.phone.split()):
            channels.append((OutboxMessage.Channel.SMS, "".join(notice.phone.split())))
        if channels:
            wanted.append((notice, context, channels))
    existing = set(
        OutboxMessage.objects.filter(dedupe_key__in=[notice.dedupe_key for notice, _c, _ch in wanted]).values_list("dedupe_key", "channel")
    )
    now = timezone.now()
    rows: list[OutboxMessage] = []
    for notice, context, channels in wanted:
        missing = [(channel, recipient) for channel, recipient in channels if (notice.dedupe_key, channel) not in existing]
        if not missing:
            continue
        rendered = notice_render(event=notice.event, language=notice.language, context=context)
        for channel, recipient in missing:
            is_email = channel == OutboxMessage.Channel.EMAIL
            rows.append(
                OutboxMessage(
                    channel=channel,
                    recipient=recipient,
                    language=rendered.language,
                    event=notice.event,
                    context=context,
                    subject=rendered.email_subject if is_email else "",
                    body=rendered.email_body if is_email else rendered.sms_body,
                    dedupe_key=notice.dedupe_key,
                    next_attempt_at=now,
                )
            )
    # A concurrent transaction may have stored some keys since the lookup: the unique constraint
    # keeps its row and drops ours.
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
