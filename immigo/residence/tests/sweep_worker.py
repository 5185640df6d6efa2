"""Separate processes for test_sweep_crash, run as
`python -m immigo.residence.tests.sweep_worker <step>` with DATABASE_URL naming a SQLite file, so
that several processes (and a killed one) share one database.

Steps: `prepare` creates the tables this scenario touches, a station and residents whose permits
expire in 15 days, and queues the day's sweep as the scheduler does; `crashing-worker` runs the
real `db_worker` with a seam that stops after the first batch is committed (the test kills it
there); `enqueue` queues the sweep again (the scheduler's next hourly run); `worker` runs the real
`db_worker` until the queue is empty; `deliver` runs the outbox sweep; `state` prints the counts. Each step prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

RESIDENTS = 40


def _prepare() -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from immigo.accounts.models import StaffRole, User
    from immigo.core.models import AuditEntry, County, Person, Unit
    from immigo.notifications.models import OutboxMessage
    from immigo.residence.models import LadderStep, LadderStepEvent, LetterBatch, Permit, Resident, StaffLanguage
    from immigo.residence.tasks import residence_ladder_sweep

    from . import factories as f

    # Only the tables this scenario touches, so the test does not depend on every app's migrations.
    with connection.schema_editor() as editor:
        for model in (County, Unit, Person, AuditEntry, User, StaffRole, Resident, Permit, StaffLanguage, LetterBatch, LadderStep):
            editor.create_model(model)
        editor.create_model(LadderStepEvent)
        editor.create_model(OutboxMessage)
        editor.create_model(DBTaskResult)
    expires = timezone.localdate() + dt.timedelta(days=15)
    station = f.station()
    for n in range(RESIDENTS):
        f.resident(expires_on=expires, station_obj=station, email=f"resident{n}@example.org", phone="", language="vi")
    residence_ladder_sweep.enqueue()
    return {"residents": Resident.objects.count(), "queued_tasks": DBTaskResult.objects.count()}


def _worker(*, crash: bool) -> dict[str, Any]:
    from django.core.management import call_command

    from immigo.residence.services import ladder

    if crash:
        marker = Path(os.environ["CRASH_MARKER"])

        def stop_after_first_batch(result: Any) -> None:
            marker.write_text(str(result.notices))
            time.sleep(600)  # The test kills the process here, after one committed batch.
            raise AssertionError("the worker should have been killed")

        ladder._batch_committed = stop_after_first_batch  # type: ignore[assignment]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    return {"finished": True}


def _enqueue() -> dict[str, Any]:
    from immigo.residence.tasks import residence_ladder_sweep

    residence_ladder_sweep.enqueue()
    return {"queued": True}


def _deliver() -> dict[str, Any]:
    """The outbox sweep, as the scheduler runs it every minute, until nothing is due."""
    from immigo.notifications.tasks import outbox_sweep

    sent = 0
    for _minute in range(20):
        outcome = outbox_sweep.call()
        sent += outcome["sent"]
        if not outcome["sent"]:
            break
    return {"sent": sent}


def _state() -> dict[str, Any]:
    from immigo.notifications.models import OutboxMessage
    from immigo.residence.models import LadderStep

    return {
        "steps": LadderStep.objects.count(),
        "messages": OutboxMessage.objects.count(),
        "sent": OutboxMessage.objects.filter(status="sent").count(),
        "recipients": sorted(OutboxMessage.objects.values_list("recipient", flat=True)),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    step = argv[0]
    if step == "prepare":
        result = _prepare()
    elif step == "crashing-worker":
        result = _worker(crash=True)
    elif step == "worker":
        result = _worker(crash=False)
    elif step == "enqueue":
        result = _enqueue()
    elif step == "deliver":
        result = _deliver()
    elif step == "state":
        result = _state()
    else:
        raise SystemExit(f"unknown step {step!r}")
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
