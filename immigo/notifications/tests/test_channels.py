import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from immigo.notifications.channels import channel_get, email_message_id
from immigo.notifications.delivery import outbox_deliver
from immigo.notifications.models import OutboxMessage

from .factories import RECEIPT, STATUS_URL, message_enqueue
from .loopback import free_port

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def test_file_channel_writes_one_email_file(settings):
    (message,) = message_enqueue()

    assert outbox_deliver(message_id=message.pk) == Status.SENT

    (written,) = (Path(settings.IMMIGO_OUTBOX_DIR) / "email").iterdir()
    assert written.suffix == ".eml"
    text = written.read_text()
    assert "To: applicant@example.org" in text
    assert f"Message-ID: {email_message_id(message)}" in text
    message.refresh_from_db()
    assert message.provider_message_id == written.name


def test_file_channel_resend_overwrites_the_same_file(settings):
    (message,) = message_enqueue()
    channel = channel_get(message.channel)
    channel.send(message)
    message.subject = "Corrected subject"

    channel.send(message)

    (written,) = (Path(settings.IMMIGO_OUTBOX_DIR) / "email").iterdir()
    assert "Subject: Corrected subject" in written.read_text()


def test_file_channel_writes_one_sms_file(settings):
    _, sms = message_enqueue(phone="+886912345678", sms=True)

    outbox_deliver(message_id=sms.pk)
    outbox_deliver(message_id=sms.pk)

    (written,) = (Path(settings.IMMIGO_OUTBOX_DIR) / "sms").iterdir()
    assert written.suffix == ".txt"
    assert written.read_text() == f"To: +886912345678\n\n[Immigo] Application {RECEIPT} approved. Details: {STATUS_URL}\n"


def test_file_names_differ_for_keys_that_read_alike(settings):
    first, second = message_enqueue(dedupe_key="case:1/approved")[0], message_enqueue(dedupe_key="case:1:approved")[0]

    outbox_deliver(message_id=first.pk)
    outbox_deliver(message_id=second.pk)

    assert len(list((Path(settings.IMMIGO_OUTBOX_DIR) / "email").iterdir())) == 2


def test_message_id_is_derived_from_the_dedupe_key():
    (first,) = message_enqueue(dedupe_key="case:1:approved")
    (second,) = message_enqueue(dedupe_key="case:2:approved")

    assert email_message_id(first) == email_message_id(OutboxMessage.objects.get(pk=first.pk))
    assert email_message_id(first) != email_message_id(second)
    assert email_message_id(first).endswith("@immigo.localhost>")


def test_smtp_channel_delivers_over_a_real_smtp_connection(smtp_settings):
    (message,) = message_enqueue(language="zh-hant")

    assert outbox_deliver(message_id=message.pk) == Status.SENT

    (received,) = smtp_settings.messages
    assert received.rcpt_tos == ["applicant@example.org"]
    assert received.message["Subject"] == f"【Immigo】案件 {RECEIPT} 已核准"
    assert received.message["Message-ID"] == email_message_id(message)
    assert received.message["Content-Language"] == "zh-hant"
    assert "已核准" in received.message.get_content()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_message_id == email_message_id(message)
    assert message.sent_at is not None


def test_smtp_server_down_schedules_a_retry(settings):
    settings.IMMIGO_EMAIL_CHANNEL = "smtp"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    (message,) = message_enqueue()

    assert outbox_deliver(message_id=message.pk) == Status.PENDING

    message.refresh_from_db()
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error


def test_http_sms_posts_json_with_the_idempotency_key(sms_provider):
    _, sms = message_enqueue(phone="+886912345678", sms=True)

    assert outbox_deliver(message_id=sms.pk) == Status.SENT

    (request,) = sms_provider.requests
    assert request.path == "/v1/messages"
    assert request.body == {
        "to": "+886912345678",
        "text": f"[Immigo] Application {RECEIPT} approved. Details: {STATUS_URL}",
        "sender": "Immigo",
        "idempotency_key": sms.dedupe_key,
    }
    assert request.headers["Idempotency-Key"] == sms.dedupe_key
    assert request.headers["Authorization"] == "Bearer test-token"
    sms.refresh_from_db()
    assert sms.provider_message_id == "sms-1"


def test_http_sms_server_error_schedules_a_retry_with_backoff(sms_provider):
    sms_provider.statuses = [500]
    _, sms = message_enqueue(phone="+886912345678", sms=True)
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        assert outbox_deliver(message_id=sms.pk) == Status.PENDING

    sms.refresh_from_db()
    assert sms.status == Status.PENDING
    assert sms.attempts == 1
    assert sms.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert sms.claimed_until is None
    assert "500" in sms.last_error
    # Not due yet: a worker leaves it alone.
    with time_machine.travel(now + datetime.timedelta(seconds=59), tick=False):
        assert outbox_deliver(message_id=sms.pk) is None
    assert len(sms_provider.requests) == 1


def test_http_sms_backoff_doubles_until_max_attempts_then_fails(settings, sms_provider):
    settings.IMMIGO_NOTIFY_MAX_ATTEMPTS = 4
    sms_provider.statuses = [500, 502, 503, 500, 200]
    _, sms = message_enqueue(phone="+886912345678", sms=True)
    moment = timezone.now()
    waits = []

    for _ in range(4):
        with time_machine.travel(moment, tick=False):
            outbox_deliver(message_id=sms.pk)
        sms.refresh_from_db()
        waits.append(sms.next_attempt_at - moment)
        moment = sms.next_attempt_at

    assert sms.status == Status.FAILED
    assert sms.attempts == 4
    assert [wait.total_seconds() for wait in waits[:3]] == [60, 120, 240]
    with time_machine.travel(moment + datetime.timedelta(days=1), tick=False):
        assert outbox_deliver(message_id=sms.pk) is None
    assert len(sms_provider.requests) == 4


def test_http_sms_without_a_provider_url_fails_the_attempt(settings):
    settings.IMMIGO_SMS_CHANNEL = "http"
    settings.IMMIGO_SMS_PROVIDER_URL = ""
    _, sms = message_enqueue(phone="+886912345678", sms=True)

    assert outbox_deliver(message_id=sms.pk) == Status.PENDING
    sms.refresh_from_db()
    assert "IMMIGO_SMS_PROVIDER_URL" in sms.last_error


@pytest.mark.parametrize(("setting", "channel"), [("IMMIGO_EMAIL_CHANNEL", "email"), ("IMMIGO_SMS_CHANNEL", "sms")])
def test_unknown_channel_setting_is_reported(settings, setting, channel):
    setattr(settings, setting, "pigeon")

    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        channel_get(channel)
