"""Benchmark: the public status lookup (A18) under 50 concurrent clients.

Serves `POST /api/v1/status` with the production server (gunicorn, sync workers, production
settings) on PostgreSQL, and side by side a bare WSGI handler that runs the same indexed query
on the same database with psycopg and no framework. wrk drives both with 50 connections; every
request carries a different client address (X-Forwarded-For) and a real receipt and birth date,
so the lookup's throttles and guards do their full work.

    .venv/bin/python bench/status_lookup.py [--cases 20000] [--seconds 15] [--connections 50]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/immigo_bench; the
database is created if missing) and wrk (Debian package). Uses Redis for the cache when REDIS_URL
is set or a server answers on 127.0.0.1:6379, otherwise the database cache.
A third row measures the same server answering /api/v1/health (no database), which shows what
the framework's request handling alone costs on this machine.
Last line: RESULT status_lookup rps=<n> p95_ms=<n> baseline_rps=<n> ratio=<rps/baseline_rps>
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from _server import PYTHON, ROOT, free_port, log, start_gunicorn, stop

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/immigo_bench"

WRK_SCRIPT = r"""
local bodies = {}
local n = 0
function init(args)
  for line in io.lines(args[1]) do
    n = n + 1
    bodies[n] = line
  end
end
local i = 0
request = function()
  i = i + 1
  local body = bodies[(i % n) + 1]
  local ip = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
  return wrk.format("POST", "/api/v1/status", {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %f, \"p50\": %f, \"p95\": %f, \"p99\": %f, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors))
end
"""

# The same server answering /api/v1/health (no database): what the framework alone costs here.
WRK_FLOOR_SCRIPT = WRK_SCRIPT.replace('wrk.format("POST", "/api/v1/status"', 'wrk.format("GET", "/api/v1/health"')

BARE_WSGI = r'''
"""A bare WSGI handler: the same indexed lookup with psycopg, no framework."""
import json
import os

import psycopg

CONN = None
SQL = (
    "SELECT c.receipt_number, c.service_code, c.status, c.submitted_on, c.due_date, c.pickup "
    "FROM applications_case c JOIN core_person p ON p.id = c.applicant_id "
    "WHERE c.receipt_number = %s AND c.submitted_on >= CURRENT_DATE - 92 AND p.date_of_birth = %s "
    "ORDER BY c.submitted_at DESC LIMIT 1"
)


def application(environ, start_response):
    global CONN
    if CONN is None:
        CONN = psycopg.connect(os.environ["BENCH_DSN"], autocommit=True)
    size = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(size))
    row = CONN.execute(SQL, (body["reference"], body["date_of_birth"])).fetchone()
    if row is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"code":"lookup_no_match"}']
    out = json.dumps({"receipt_number": row[0], "service_code": row[1], "status": row[2],
                      "submitted_on": row[3].isoformat(), "due_date": row[4].isoformat(), "pickup": row[5]}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
    return [out]
'''


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def redis_url() -> str:
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/5"
    except OSError:
        return ""


def server_env(database_url: str, cache_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "IMMIGO_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "IMMIGO_LOOKUP_PER_CLIENT_PER_MINUTE": "30",
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
    }
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


def seed(env: dict[str, str], cases: int) -> list[tuple[str, str]]:
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    code = f"""
import datetime as dt, random, json
from django.db import transaction
from immigo.applications.models import Case, CaseEvent
from immigo.applications.receipts import receipt_generate
from immigo.core.models import Person, Unit

unit, _ = Unit.objects.get_or_create(code="hq-entry-exit", defaults={{"kind": "headquarters", "name_zh": "入出國事務組", "name_en": "Entry-Exit Affairs Division"}})
existing = Case.objects.filter(data__bench=True).count()
need = {cases} - existing
rng = random.Random(7)
today = dt.date.today()
batch = 2000
while need > 0:
    n = min(batch, need)
    with transaction.atomic():
        people = Person.objects.bulk_create([Person(family_name="BENCH", given_names=str(i), date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)), nationality="HKG") for i in range(n)])
        cases = []
        for p in people:
            day = today - dt.timedelta(days=rng.randrange(120))
            cases.append(Case(receipt_number=receipt_generate(day), service_code="A11", applicant=p, channel="online", unit=unit, status=rng.choice(["submitted", "under_review", "issued"]), data={{"bench": True}}, pickup="counter", submitted_on=day, time_limit_days=3, due_date=day + dt.timedelta(days=5)))
        Case.objects.bulk_create(cases)
        CaseEvent.objects.bulk_create([CaseEvent(case=c, actor_label="system", action="submit", after="submitted") for c in cases])
    need -= n
rows = list(Case.objects.filter(data__bench=True, submitted_on__gte=today - dt.timedelta(days=90)).values_list("receipt_number", "applicant__date_of_birth"))
print(json.dumps([[r, d.isoformat()] for r, d in rows]))
"""
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return [tuple(x) for x in json.loads(out.stdout.strip().splitlines()[-1])]


def run_wrk(port: int, bodies_file: Path, script: Path, seconds: int, connections: int) -> dict[str, float]:
    # Warm-up (connections, caches), then the measured run.
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d3s", "-s", str(script), f"http://127.0.0.1:{port}", "--", str(bodies_file)],
        capture_output=True,
        check=True,
    )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), f"http://127.0.0.1:{port}", "--", str(bodies_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(row for row in out.splitlines() if row.startswith("JSON "))
    stats = json.loads(line[5:])
    stats["rps"] = stats["requests"] / stats["seconds"]
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is required: apt-get install wrk")

    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DB
    ensure_database(database_url)
    cache_url = redis_url()
    env = server_env(database_url, cache_url)
    log(
        f"database: {urlparse(database_url)._replace(netloc=urlparse(database_url).hostname or '').geturl()}  cache: {'redis' if cache_url else 'database'}"
    )
    log(f"seeding {args.cases} cases ...")
    pairs = seed(env, args.cases)
    random.Random(1).shuffle(pairs)
    log(f"{len(pairs)} cases within the 3-month window; {args.workers} sync workers; {args.connections} connections; {args.seconds}s")

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        bodies = tmpdir / "bodies.txt"
        bodies.write_text("\n".join(json.dumps({"reference": r, "date_of_birth": d}) for r, d in pairs[:20000]) + "\n")
        script = tmpdir / "lookup.lua"
        script.write_text(WRK_SCRIPT)
        (tmpdir / "bare_wsgi.py").write_text(BARE_WSGI)

        floor_script = tmpdir / "floor.lua"
        floor_script.write_text(WRK_FLOOR_SCRIPT)
        port = free_port()
        proc = start_gunicorn("config.wsgi:application", port, env, workers=args.workers)
        try:
            immigo = run_wrk(port, bodies, script, args.seconds, args.connections)
            floor = run_wrk(port, bodies, floor_script, args.seconds, args.connections)
        finally:
            stop(proc)

        port = free_port()
        bare_env = {**env, "BENCH_DSN": database_url, "PYTHONPATH": str(tmpdir)}
        proc = start_gunicorn("bare_wsgi:application", port, bare_env, workers=args.workers, chdir=tmpdir)
        try:
            bare = run_wrk(port, bodies, script, args.seconds, args.connections)
        finally:
            stop(proc)

    ratio = immigo["rps"] / bare["rps"] if bare["rps"] else 0.0
    log("")
    log(f"{'':22}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}")
    rows = (("Immigo status lookup", immigo), ("bare WSGI baseline", bare), ("Django floor (health)", floor))
    for name, s in rows:
        log(f"{name:22}{s['rps']:>10.0f}{s['p50']:>10.1f}{s['p95']:>10.1f}{s['p99']:>10.1f}{s['errors']:>8}")
    log(f"ratio {ratio:.2f} (aim >= 0.50); p95 {immigo['p95']:.1f} ms (aim <= 20)")
    log(f"the framework alone (no database) reaches {floor['rps'] / bare['rps']:.2f} of the bare handler's rate")
    log(f"RESULT status_lookup rps={immigo['rps']:.0f} p95_ms={immigo['p95']:.1f} baseline_rps={bare['rps']:.0f} ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
