"""Separate processes for test_worker_crash, run as
`python -m immigo.notifications.tests.crash_worker <step> [seconds]` with DATABASE_URL naming a SQLite
file, so that several processes (and a killed one) share one database.

Steps: `prepare` creates the tables and enqueues one notice; `worker` runs the real `db_worker`
with a channel that blocks once the message is claimed (the test kills it there); `state` prints the
message; `sweep` runs the sweep task `seconds` from now. Each step prints one JSON line.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def _prepare() -> dict[str, Any]:
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from immigo.notifications.models import OutboxMessage
    from immigo.notifications.services import notification_enqueue

    # Only the two tables this scenario touches, so the test does not depend on every app's migrations.
    with connection.schema_editor() as editor:
        editor.create_model(OutboxMessage)
        editor.create_model(DBTaskResult)
    with transaction.atomic():
        (message,) = notification_enqueue(
            event="case_approved",
            language="en",
            context={"receipt_number": "A-2025-000123", "service_name": "Resident certificate", "status_url": "https://immigo.example/s/1"},
            dedupe_key="case:A-2025-000123:approved",
            email="applicant@example.org",
        )
    return {"message_id": message.pk, "queued_tasks": DBTaskResult.objects.count()}


def _worker() -> dict[str, Any]:
    from django.core.management import call_command

    from immigo.notifications import delivery

    marker = Path(os.environ["CRASH_MARKER"])

    class BlockingChannel:
        def send(self, message: Any) -> str:
            marker.write_text(str(message.pk))
            time.sleep(600)  # The test kills the process here, after the claim, before the send.
            raise AssertionError("the worker should have been killed")

    delivery.channel_get = lambda channel: BlockingChannel()  # type: ignore[assignment]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    return {"finished": True}


def _state() -> dict[str, Any]:
    from immigo.notifications.models import OutboxMessage

    message = OutboxMessage.objects.get()
    return {
        "status": message.status,
        "attempts": message.attempts,
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "claimed_until": message.claimed_until.isoformat() if message.claimed_until else None,
    }


def _sweep(seconds: float) -> dict[str, Any]:
    import time_machine
    from django.utils import timezone

    from immigo.notifications.tasks import outbox_sweep

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False):
        return outbox_sweep.call()


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test.utils import override_settings

    step = argv[0]
    # The test settings keep e-mail in memory; this process must really speak SMTP.
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": os.environ["EMAIL_HOST"], "port": int(os.environ["EMAIL_PORT"]), "timeout": 5},
    }
    with override_settings(MAILERS={"default": smtp}):
        if step == "prepare":
            result = _prepare()
        elif step == "worker":
            result = _worker()
        elif step == "state":
            result = _state()
        elif step == "sweep":
            result = _sweep(float(argv[1]))
        else:
            raise SystemExit(f"unknown step {step!r}")
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
