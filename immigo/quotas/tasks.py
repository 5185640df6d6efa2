"""Scheduled quota work (django-crontask enqueues, `manage.py db_worker` runs)."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .services import group_lapse_due, group_receive_pending


@cron("*/5 * * * *")
@task()
def group_lapse_sweep() -> list[int]:
    """Every 5 minutes: incomplete applications past their deadline lapse and their places go
    to the waiting list in order. Idempotent: a second run finds nothing to do."""
    return group_lapse_due()


@cron("* * * * *")
@task()
def group_receive_sweep() -> list[int]:
    """Every minute: receives applications stored but not yet received (a filing interrupted
    between its two steps). Idempotent."""
    return group_receive_pending()
