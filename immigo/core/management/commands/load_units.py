"""`manage.py load_units`: creates or updates the counties and the organisational units from the
reference data (safe on every deployment; no demo accounts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from immigo.core.services import units_load


class Command(BaseCommand):
    help = "Creates or updates the 22 counties and cities and every organisational unit (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = units_load()
        self.stdout.write(f"{result.units_total} units ({result.units_created} new), counties new: {result.counties_created}")
