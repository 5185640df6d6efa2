"""A real worker process is killed (SIGKILL) in the middle of the day's sweep, after its first batch
is committed; the scheduler queues the sweep again and a new worker finishes the day. Every
resident gets the notice exactly once. The processes share a SQLite file database under tmp_path."""

import email
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings

SCRIPT = "immigo.residence.tests.sweep_worker"
BATCH = 10
RESIDENTS = 40


def _environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "IMMIGO_DATA_DIR": str(tmp_path),
        "IMMIGO_EMAIL_CHANNEL": "file",
        "IMMIGO_RESIDENCE_SWEEP_BATCH": str(BATCH),
        "CRASH_MARKER": str(tmp_path / "first-batch-committed"),
        "PYTHONWARNINGS": "ignore",
    }


def _step(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", SCRIPT, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_killing_the_worker_mid_sweep_and_starting_again_sends_every_notice_once(tmp_path):
    env = _environment(tmp_path)
    prepared = _step(env, "prepare")
    assert prepared == {"residents": RESIDENTS, "queued_tasks": 1}

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", SCRIPT, "crashing-worker"], cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 180
        while not (tmp_path / "first-batch-committed").exists():
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker never committed a batch"
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

    # One batch was committed before the kill: its steps and notices are stored, nothing is sent yet.
    halfway = _step(env, "state")
    assert (halfway["steps"], halfway["messages"], halfway["sent"]) == (BATCH, BATCH, 0)

    # The scheduler queues the sweep again; a fresh worker finishes the day; the outbox sweep delivers.
    _step(env, "enqueue")
    _step(env, "worker")
    assert _step(env, "deliver")["sent"] == RESIDENTS

    final = _step(env, "state")
    assert (final["steps"], final["messages"], final["sent"]) == (RESIDENTS, RESIDENTS, RESIDENTS)
    expected = [f"resident{n}@example.org" for n in range(RESIDENTS)]
    assert final["recipients"] == sorted(expected)
    files = sorted((tmp_path / "outbox" / "email").glob("*.eml"))
    delivered = Counter(email.message_from_bytes(path.read_bytes())["To"] for path in files)
    assert delivered == Counter(expected)  # every resident exactly once

    # And a third run the same day writes nothing.
    _step(env, "enqueue")
    _step(env, "worker")
    assert _step(env, "deliver")["sent"] == 0
    assert _step(env, "state")["messages"] == RESIDENTS
