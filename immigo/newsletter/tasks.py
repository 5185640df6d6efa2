"""Background tasks of the newsletter (Django's tasks framework, run by `manage.py db_worker`;
`manage.py crontask` schedules the sweep). Each takes JSON-safe ids and may run more than once."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from .delivery import BATCH_SIZE, batches, deliveries_due, deliveries_give_up_exhausted, deliveries_send, issue_audience_build
from .models import Issue

# Mails one sweep sends itself; more wait for the next run.
SWEEP_LIMIT = 10 * BATCH_SIZE


@task()
def confirmation_send(delivery_id: int) -> dict[str, int]:
    """Sends one confirmation request; queued after the commit that asked for it."""
    return deliveries_send(delivery_ids=[delivery_id])


@task()
def issue_send(issue_id: int) -> int:
    """Lists a published issue's recipients and queues their mails in batches. Queued after the
    commit that published the issue; a second run lists nobody twice and the batch tasks skip mails
    already sent. Returns how many mails were queued."""
    pending = issue_audience_build(issue_id=issue_id)
    for batch in batches(pending):
        deliveries_batch_send.enqueue(batch)
    return len(pending)


@task()
def deliveries_batch_send(delivery_ids: list[int]) -> dict[str, int]:
    """Sends up to BATCH_SIZE mails over one connection."""
    return deliveries_send(delivery_ids=delivery_ids)


@cron("*/5 * * * *")
@task()
def newsletter_sweep() -> dict[str, int]:
    """Every five minutes: lists the recipients of a published issue whose task was lost, and sends
    mails that are due for a retry or whose worker died mid-send."""
    for issue_id in Issue.objects.filter(status=Issue.Status.PUBLISHED, audience_built_at__isnull=True).values_list("pk", flat=True):
        issue_audience_build(issue_id=issue_id)
    now = timezone.now()
    given_up = deliveries_give_up_exhausted(now=now)
    outcomes = deliveries_send(delivery_ids=deliveries_due(now=now, limit=SWEEP_LIMIT))
    return {**outcomes, "given_up": given_up}
