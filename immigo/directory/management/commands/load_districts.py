"""`manage.py load_districts`: creates or updates the 368 townships and districts and the station
that serves each (safe to run again; run after load_units)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from immigo.directory.services import DistrictDataMissingError, districts_load


class Command(BaseCommand):
    help = "Creates or updates the townships and districts and their service stations (run after load_units; safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = districts_load()
        except DistrictDataMissingError as exc:
            raise CommandError(f"{exc.message} Missing: {', '.join(exc.details['missing'])}") from exc
        self.stdout.write(f"{result.total} districts ({result.created} new, {result.updated} updated)")
