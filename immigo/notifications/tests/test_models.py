import pytest
from django.db import IntegrityError
from django.utils import timezone

from immigo.notifications.models import ALLOWED, OutboxMessage

Status = OutboxMessage.Status


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(Status)


def test_sent_and_failed_are_final():
    assert ALLOWED[Status.SENT] == frozenset()
    assert ALLOWED[Status.FAILED] == frozenset()


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_for_the_same_key_and_channel():
    fields = {
        "channel": OutboxMessage.Channel.EMAIL,
        "recipient": "a@example.org",
        "language": "en",
        "event": "case_approved",
        "body": "x",
        "dedupe_key": "case:1:approved",
        "next_attempt_at": timezone.now(),
    }
    OutboxMessage.objects.create(**fields)
    OutboxMessage.objects.create(**{**fields, "channel": OutboxMessage.Channel.SMS})

    with pytest.raises(IntegrityError):
        OutboxMessage.objects.create(**fields)
