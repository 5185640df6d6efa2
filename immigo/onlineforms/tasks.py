"""Background work of the online forms (Django's tasks framework; `crontask` schedules it)."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .services import filled_forms_expire


@cron("15 3 * * *")
@task()
def filled_forms_expire_task() -> int:
    """Every night: forms nobody handed in within FORM_VALID_DAYS expire; their answers are erased."""
    return filled_forms_expire()
