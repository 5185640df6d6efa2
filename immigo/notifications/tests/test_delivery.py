import datetime

import pytest
import time_machine
from django.utils import timezone

from immigo.notifications import delivery
from immigo.notifications.channels import email_message_id
from immigo.notifications.delivery import LEASE, outbox_claim, outbox_deliver, outbox_deliver_due, retry_delay
from immigo.notifications.models import OutboxMessage

from .factories import message_enqueue

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def test_claim_moves_a_due_message_to_sending_with_a_lease():
    (message,) = message_enqueue()
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        claim = outbox_claim(message_id=message.pk)

    assert claim is not None
    message.refresh_from_db()
    assert message.status == Status.SENDING
    assert message.claim_token == claim.token
    assert message.claimed_until == now + LEASE == claim.claimed_until
    assert message.attempts == 1


def test_a_second_worker_cannot_claim_while_the_lease_holds():
    (message,) = message_enqueue()
    first = outbox_claim(message_id=message.pk)

    with time_machine.travel(first.claimed_until - datetime.timedelta(seconds=1), tick=False):
        assert outbox_claim(message_id=message.pk) is None

    message.refresh_from_db()
    assert message.claim_token == first.token


def test_an_expired_lease_can_be_claimed_with_a_new_token():
    (message,) = message_enqueue()
    first = outbox_claim(message_id=message.pk)

    with time_machine.travel(first.claimed_until + datetime.timedelta(seconds=1), tick=False):
        second = outbox_claim(message_id=message.pk)

    assert second is not None
    assert second.token != first.token
    message.refresh_from_db()
    assert (message.claim_token, message.attempts) == (second.token, 2)


def test_a_message_that_is_not_due_cannot_be_claimed():
    (message,) = message_enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))

    assert outbox_claim(message_id=message.pk) is None


@pytest.mark.parametrize("status", [Status.SENT, Status.FAILED])
def test_a_finished_message_is_never_claimed_again(status):
    (message,) = message_enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=status)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        assert outbox_claim(message_id=message.pk) is None


def test_a_sent_message_is_not_delivered_twice(settings):
    (message,) = message_enqueue()

    assert outbox_deliver(message_id=message.pk) == Status.SENT
    assert outbox_deliver(message_id=message.pk) is None

    message.refresh_from_db()
    assert (message.status, message.attempts, message.claimed_until) == (Status.SENT, 1, None)


def test_a_worker_whose_claim_was_taken_over_does_not_mark_the_message_sent(monkeypatch):
    (message,) = message_enqueue()
    takeover = {}

    class SlowChannel:
        def send(self, message):
            # The send outlives the lease; another worker claims the message meanwhile.
            with time_machine.travel(timezone.now() + LEASE + datetime.timedelta(seconds=1), tick=False):
                takeover["claim"] = outbox_claim(message_id=message.pk)
            return "slow-1"

    monkeypatch.setattr(delivery, "channel_get", lambda channel: SlowChannel())

    outbox_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == Status.SENDING
    assert message.claim_token == takeover["claim"].token
    assert message.provider_message_id == ""


def test_retry_delay_doubles_and_is_capped():
    assert [retry_delay(attempts=n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(attempts=30) == datetime.timedelta(hours=6)


def test_a_worker_killed_between_claim_and_send_loses_nothing_and_repeats_nothing(smtp_settings):
    (message,) = message_enqueue()
    start = timezone.now()

    # The worker claims the message, then dies before sending: nothing else happens.
    with time_machine.travel(start, tick=False):
        assert outbox_claim(message_id=message.pk) is not None
    message.refresh_from_db()
    assert (message.status, message.sent_at) == (Status.SENDING, None)

    # While the lease holds, the sweep leaves the message to its (presumed live) worker.
    with time_machine.travel(start + LEASE - datetime.timedelta(seconds=1), tick=False):
        assert outbox_deliver_due()["sent"] == 0
    assert smtp_settings.messages == []

    with time_machine.travel(start + LEASE + datetime.timedelta(seconds=1), tick=False):
        assert outbox_deliver_due()["sent"] == 1
        assert outbox_deliver_due()["sent"] == 0

    (received,) = smtp_settings.messages
    assert received.message["Message-ID"] == email_message_id(message)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)


def test_a_resend_after_a_crash_past_the_provider_carries_the_same_message_id(smtp_settings, monkeypatch):
    (message,) = message_enqueue()

    class WorkerKilled(BaseException):
        pass

    def killed_after_send(**kwargs):
        raise WorkerKilled

    # The provider accepts the message, then the worker dies before recording it.
    with monkeypatch.context() as patch:
        patch.setattr(delivery, "_record_sent", killed_after_send)
        with pytest.raises(WorkerKilled):
            outbox_deliver(message_id=message.pk)

    with time_machine.travel(timezone.now() + LEASE + datetime.timedelta(seconds=1), tick=False):
        outbox_deliver_due()

    first, second = smtp_settings.messages
    assert first.message["Message-ID"] == second.message["Message-ID"] == email_message_id(message)


def test_a_message_whose_last_permitted_attempt_died_is_marked_failed(settings):
    settings.IMMIGO_NOTIFY_MAX_ATTEMPTS = 1
    (message,) = message_enqueue()
    claim = outbox_claim(message_id=message.pk)

    with time_machine.travel(claim.claimed_until + datetime.timedelta(seconds=1), tick=False):
        outcome = outbox_deliver_due()

    assert outcome["given_up"] == 1
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.last_error


def test_the_sweep_delivers_due_retries_and_skips_the_rest(settings):
    due, later, done = (message_enqueue(dedupe_key=f"k:{n}")[0] for n in range(3))
    OutboxMessage.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + datetime.timedelta(hours=1))
    OutboxMessage.objects.filter(pk=done.pk).update(status=Status.SENT)

    outcome = outbox_deliver_due()

    assert outcome == {"sent": 1, "pending": 0, "failed": 0, "skipped": 0, "given_up": 0}
    assert OutboxMessage.objects.get(pk=due.pk).status == Status.SENT
    assert OutboxMessage.objects.get(pk=later.pk).status == Status.PENDING
