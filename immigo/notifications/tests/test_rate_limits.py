"""Per-channel rate limits and daily caps (IMMIGO_NOTIFY_LIMITS): a national batch is spread over
minutes and days, messages over a limit wait for the next window and are never dropped."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from immigo.notifications.delivery import outbox_deliver, outbox_deliver_due, send_slot_take
from immigo.notifications.models import OutboxMessage

from .factories import message_enqueue

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
TAIPEI = ZoneInfo("Asia/Taipei")
START = datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def _fresh_counters():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _sms(count: int) -> list[OutboxMessage]:
    messages = []
    for n in range(count):
        (message,) = message_enqueue(dedupe_key=f"case:A-2026-{n:06d}:approved", email="", phone="+886912345678", sms=True)
        messages.append(message)
    return messages


def _statuses() -> list[str]:
    return list(OutboxMessage.objects.order_by("pk").values_list("status", flat=True))


def test_a_batch_over_the_per_minute_limit_is_spread_over_the_following_minutes(settings):
    settings.IMMIGO_NOTIFY_LIMITS = {"sms": {"per_minute": 2, "per_day": 100}}
    with time_machine.travel(START, tick=False):
        _sms(5)
        outcome = outbox_deliver_due()
    assert outcome["sent"] == 2
    assert _statuses() == ["sent", "sent", "pending", "pending", "pending"]
    waiting = OutboxMessage.objects.filter(status=Status.PENDING)
    assert {m.next_attempt_at for m in waiting} == {datetime.datetime(2026, 3, 2, 9, 1, tzinfo=TAIPEI)}
    assert {m.attempts for m in waiting} == {0}  # a deferral is not a failed attempt

    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        assert outbox_deliver_due()["sent"] == 2
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        assert outbox_deliver_due()["sent"] == 1
    assert _statuses() == ["sent"] * 5


def test_over_the_daily_cap_messages_wait_for_the_next_day_and_are_not_dropped(settings):
    settings.IMMIGO_NOTIFY_LIMITS = {"sms": {"per_minute": 100, "per_day": 3}}
    with time_machine.travel(START, tick=False):
        _sms(5)
        assert outbox_deliver_due()["sent"] == 3
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 2
    assert set(OutboxMessage.objects.filter(status=Status.PENDING).values_list("next_attempt_at", flat=True)) == {
        datetime.datetime(2026, 3, 3, 0, 0, tzinfo=TAIPEI)
    }
    with time_machine.travel(START + datetime.timedelta(hours=5), tick=False):
        assert outbox_deliver_due()["sent"] == 0
    with time_machine.travel(datetime.datetime(2026, 3, 3, 0, 0, 5, tzinfo=TAIPEI), tick=False):
        assert outbox_deliver_due()["sent"] == 2
    assert _statuses() == ["sent"] * 5


def test_a_capped_channel_does_not_hold_up_the_other_channel(settings):
    settings.IMMIGO_NOTIFY_LIMITS = {"sms": {"per_minute": 1, "per_day": 10}}
    with time_machine.travel(START, tick=False):
        _sms(3)
        (email,) = message_enqueue(dedupe_key="case:A-2026-999999:approved", email="someone@example.org")
        outcome = outbox_deliver_due()
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert outcome["sent"] == 2
    assert OutboxMessage.objects.filter(channel="sms", status=Status.PENDING).count() == 2


def test_the_delivery_task_respects_the_limit_too(settings):
    settings.IMMIGO_NOTIFY_LIMITS = {"sms": {"per_minute": 1}}
    with time_machine.travel(START, tick=False):
        first, second = _sms(2)
        assert outbox_deliver(message_id=first.pk) == Status.SENT
        assert outbox_deliver(message_id=second.pk) == Status.PENDING
    second.refresh_from_db()
    assert (second.status, second.attempts, second.claim_token != "") == (Status.PENDING, 0, True)


def test_a_channel_without_limits_is_never_deferred(settings):
    settings.IMMIGO_NOTIFY_LIMITS = {}
    now = timezone.now()
    assert all(send_slot_take(channel="sms", now=now) is None for _ in range(1000))


def test_a_refused_slot_does_not_use_up_the_budget(settings):
    settings.IMMIGO_NOTIFY_LIMITS = {"email": {"per_minute": 1, "per_day": 2}}
    with time_machine.travel(START, tick=False):
        assert send_slot_take(channel="email", now=timezone.now()) is None
        assert send_slot_take(channel="email", now=timezone.now()) is not None
    # The refused minute-slot was given back to the day's budget: one more fits the next minute.
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        assert send_slot_take(channel="email", now=timezone.now()) is None
        assert send_slot_take(channel="email", now=timezone.now()) is not None


def test_a_bulk_enqueue_stores_each_notice_once_and_leaves_delivery_to_the_rate_limited_sweep(settings):
    from immigo.notifications.services import Notice, notification_enqueue_many

    from .factories import CONTEXTS

    settings.IMMIGO_NOTIFY_LIMITS = {"sms": {"per_minute": 2}}
    notices = [
        Notice(
            event="case_approved",
            language="en",
            context=CONTEXTS["case_approved"],
            dedupe_key=f"bulk:{n}",
            email=f"a{n}@example.org",
            phone="+886912345678",
            sms=True,
        )
        for n in range(3)
    ]
    with time_machine.travel(START, tick=False):
        assert notification_enqueue_many(notices=notices) == 6
        assert notification_enqueue_many(notices=notices) == 0
        assert OutboxMessage.objects.count() == 6
        outcome = outbox_deliver_due()
    assert outcome["sent"] == 5  # three e-mails, and two SMS within the minute's limit
    assert OutboxMessage.objects.get(status=Status.PENDING).channel == "sms"
