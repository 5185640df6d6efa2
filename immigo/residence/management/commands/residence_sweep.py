"""`manage.py residence_sweep [--day YYYY-MM-DD]`: runs the B06 reminder sweep now (the worker's
scheduler runs it every day; running it again the same day writes nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from immigo.residence.services import ladder_sweep


class Command(BaseCommand):
    help = "Runs the day's expiry-reminder sweep (B06). Safe to run twice."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--day", type=dt.date.fromisoformat, default=None, help="the day to sweep (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = ladder_sweep(day=options["day"])
        self.stdout.write(
            f"{result.day}: {result.selected} permits selected, {result.notices} notices "
            f"({result.messages} messages, {result.letters} letters, {result.station_tasks} station contacts), "
            f"{result.calls} call tasks; select {result.select_seconds:.3f} s, create {result.create_seconds:.3f} s"
        )
