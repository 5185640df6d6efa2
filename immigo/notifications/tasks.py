"""Background tasks (Django's tasks framework; the django_tasks_db backend runs them in
`manage.py db_worker`, the `crontask` command schedules the sweep)."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .delivery import outbox_deliver, outbox_deliver_due


@task()
def outbox_deliver_task(message_id: int) -> str | None:
    """Delivers one outbox message; queued after the commit that created it."""
    status = outbox_deliver(message_id=message_id)
    return status.value if status else None


@cron("* * * * *")
@task()
def outbox_sweep() -> dict[str, int]:
    """Every minute: delivers messages that are due for a retry, whose task was lost, or whose
    worker died between claim and send (lease expired)."""
    return outbox_deliver_due()
