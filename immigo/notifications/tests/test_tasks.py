import pytest
from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.db import transaction

from immigo.notifications.channels import email_message_id
from immigo.notifications.models import OutboxMessage
from immigo.notifications.tasks import outbox_deliver_task, outbox_sweep

from .factories import message_enqueue


def test_the_sweep_is_scheduled_every_minute():
    (job,) = [job for job in scheduler.get_jobs() if job.name == outbox_sweep.name]

    assert isinstance(job.trigger, CronTrigger)
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["minute"], fields["hour"], fields["day"], fields["month"], fields["day_of_week"]) == ("*", "*", "*", "*", "*")
    assert job.func == outbox_sweep.enqueue


@pytest.mark.django_db
def test_a_committed_notice_is_delivered_by_its_task(settings, smtp_settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (message,) = message_enqueue()
        assert smtp_settings.messages == []

    (received,) = smtp_settings.messages
    assert received.message["Message-ID"] == email_message_id(message)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


@pytest.mark.django_db
def test_the_deliver_task_reports_the_outcome_as_json_safe_values():
    (message,) = message_enqueue()

    assert outbox_deliver_task.call(message.pk) == "sent"
    assert outbox_deliver_task.call(message.pk) is None


@pytest.mark.django_db
def test_the_sweep_task_reports_counts():
    message_enqueue()

    assert outbox_sweep.call() == {"sent": 1, "pending": 0, "failed": 0, "skipped": 0, "given_up": 0}
