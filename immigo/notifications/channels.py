"""Delivery channels: e-mail and SMS behind one `Channel` interface.

Each channel sends one rendered `OutboxMessage` and returns the provider's id for it. Every channel
is idempotent on the message's dedupe key: the file channel overwrites the same file, SMTP carries a
Message-ID derived from the key, the SMS provider receives the key as Idempotency-Key. A send that
is repeated after a crash is therefore dropped (or overwritten) on the receiving side.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from .models import OutboxMessage

# Connect and read timeouts for the SMS provider, in seconds. Together they stay well inside the
# delivery lease, so a slow provider cannot outlive the claim.
SMS_HTTP_TIMEOUT = (5, 20)


class ChannelError(Exception):
    """A provider refused or could not take the message; delivery retries it later."""


class Channel(Protocol):
    def send(self, message: OutboxMessage) -> str:
        """Hands the message to the provider and returns the provider's id for it."""
        ...


def message_file_name(message: OutboxMessage) -> str:
    """A file name that is the same for every send of a message: readable part of the dedupe key
    plus a digest of the whole key (two keys that read alike never share a file)."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", message.dedupe_key).strip(".-")[:80] or "message"
    digest = hashlib.sha256(f"{message.channel}:{message.dedupe_key}".encode()).hexdigest()[:16]
    return f"{readable}-{digest}"


def email_message_id(message: OutboxMessage) -> str:
    """A Message-ID derived from the dedupe key, so a receiving system can drop a duplicate."""
    digest = hashlib.sha256(f"immigo-notice:{message.dedupe_key}".encode()).hexdigest()[:40]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "immigo.localhost"
    return f"<{digest}@{domain}>"


def email_build(message: OutboxMessage) -> EmailMessage:
    return EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={
            "Message-ID": email_message_id(message),
            "Content-Language": message.language,
            "Auto-Submitted": "auto-generated",
        },
    )


def _write_atomically(path: Path, data: bytes) -> None:
    # Write beside the target and rename over it: a reader never sees half a file and a re-send
    # replaces the earlier copy.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class FileEmailChannel:
    """Writes each e-mail as an .eml file under IMMIGO_OUTBOX_DIR/email/ (local development)."""

    def send(self, message: OutboxMessage) -> str:
        path = Path(settings.IMMIGO_OUTBOX_DIR) / "email" / f"{message_file_name(message)}.eml"
        _write_atomically(path, email_build(message).message().as_bytes())
        return path.name


class SmtpEmailChannel:
    """Sends through Django's configured e-mail backend (SMTP in production, settings EMAIL_*)."""

    def send(self, message: OutboxMessage) -> str:
        email = email_build(message)
        if email.send() != 1:
            raise ChannelError("the e-mail backend did not accept the message")
        return email.extra_headers["Message-ID"]


class FileSmsChannel:
    """Writes each SMS as a .txt file under IMMIGO_OUTBOX_DIR/sms/ (local development)."""

    def send(self, message: OutboxMessage) -> str:
        path = Path(settings.IMMIGO_OUTBOX_DIR) / "sms" / f"{message_file_name(message)}.txt"
        _write_atomically(path, f"To: {message.recipient}\n\n{message.body}\n".encode())
        return path.name


class HttpSmsChannel:
    """Posts the SMS as JSON to the provider at IMMIGO_SMS_PROVIDER_URL.

    The dedupe key goes in the body and in the Idempotency-Key header; any status outside 2xx is an
    error. The provider's id is taken from the response (`id` or `message_id`) when it gives one.
    """

    def send(self, message: OutboxMessage) -> str:
        url = settings.IMMIGO_SMS_PROVIDER_URL
        if not url:
            raise ImproperlyConfigured("IMMIGO_SMS_PROVIDER_URL is not set")
        headers = {"Idempotency-Key": message.dedupe_key}
        if settings.IMMIGO_SMS_PROVIDER_TOKEN:
            headers["Authorization"] = f"Bearer {settings.IMMIGO_SMS_PROVIDER_TOKEN}"
        payload = {
            "to": message.recipient,
            "text": message.body,
            "sender": settings.IMMIGO_SMS_SENDER,
            "idempotency_key": message.dedupe_key,
        }
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=SMS_HTTP_TIMEOUT)
        except requests.RequestException as exc:
            raise ChannelError(f"SMS provider unreachable: {exc.__class__.__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise ChannelError(f"SMS provider answered {response.status_code}: {response.text[:200]}")
        try:
            data = response.json()
        except ValueError:
            data = {}
        provider_id = (data.get("id") or data.get("message_id")) if isinstance(data, dict) else None
        return str(provider_id or message.dedupe_key)


EMAIL_CHANNELS: dict[str, type[Channel]] = {"file": FileEmailChannel, "smtp": SmtpEmailChannel}
SMS_CHANNELS: dict[str, type[Channel]] = {"file": FileSmsChannel, "http": HttpSmsChannel}


def channel_get(channel: str) -> Channel:
    """The configured channel for `channel` ("email" or "sms"), read from settings on each call."""
    if channel == OutboxMessage.Channel.EMAIL:
        setting, registry = "IMMIGO_EMAIL_CHANNEL", EMAIL_CHANNELS
    elif channel == OutboxMessage.Channel.SMS:
        setting, registry = "IMMIGO_SMS_CHANNEL", SMS_CHANNELS
    else:
        raise ImproperlyConfigured(f"unknown notification channel {channel!r}")
    name = getattr(settings, setting)
    try:
        return registry[name]()
    except KeyError:
        raise ImproperlyConfigured(f"{setting}={name!r}; expected one of {', '.join(sorted(registry))}") from None
