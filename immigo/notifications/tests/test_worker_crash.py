"""A real worker process is killed (SIGKILL) between claiming a message and sending it; the sweep
must then send it exactly once. The processes share a SQLite file database under tmp_path."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from immigo.notifications.delivery import LEASE

SCRIPT = "immigo.notifications.tests.crash_worker"


def _environment(tmp_path: Path, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "IMMIGO_DATA_DIR": str(tmp_path),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "IMMIGO_EMAIL_CHANNEL": "smtp",
        "CRASH_MARKER": str(tmp_path / "claimed"),
        "PYTHONWARNINGS": "ignore",
    }


def _step(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", SCRIPT, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_killed_worker_leaves_the_message_to_the_sweep_which_sends_it_exactly_once(tmp_path, smtp_server):
    env = _environment(tmp_path, smtp_server.port)
    prepared = _step(env, "prepare")
    assert prepared["queued_tasks"] == 1

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", SCRIPT, "worker"], cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "claimed").exists():
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker never claimed the message"
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
        if worker.stderr:
            worker.stderr.close()
    assert worker.returncode == -signal.SIGKILL
    assert (tmp_path / "claimed").read_text() == str(prepared["message_id"])

    state = _step(env, "state")
    assert (state["status"], state["attempts"], state["sent_at"]) == ("sending", 1, None)
    assert smtp_server.messages == []

    # While the lease holds, the sweep cannot tell a dead worker from a slow one: it waits.
    assert _step(env, "sweep", "0")["sent"] == 0
    assert smtp_server.messages == []

    after_lease = str(LEASE.total_seconds() + 1)
    assert _step(env, "sweep", after_lease)["sent"] == 1
    assert _step(env, "sweep", after_lease)["sent"] == 0

    (received,) = smtp_server.messages
    assert received.rcpt_tos == ["applicant@example.org"]
    assert received.message["Subject"] == "[Immigo] Application A-2025-000123 approved"
    state = _step(env, "state")
    assert (state["status"], state["attempts"]) == ("sent", 2)
    assert state["sent_at"] is not None
