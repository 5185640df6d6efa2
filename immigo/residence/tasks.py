"""Background tasks: the daily reminder sweep (django-crontask schedules it; `db_worker` runs it)."""

from __future__ import annotations

from typing import Any

from crontask import cron
from django.tasks import task

from .services.ladder import ladder_sweep


# Every morning at 06:00, and again each hour until 20:00: a sweep that finished finds nothing
# more to do (one indexed query), and a sweep whose worker died resumes within the hour.
@cron("0 6-20 * * *")
@task()
def residence_ladder_sweep() -> dict[str, Any]:
    """The day's B06 ladder: expiry notices, call tasks (see services.ladder)."""
    return ladder_sweep().as_dict()
