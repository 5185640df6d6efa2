"""`manage.py residence_import FILE.csv`: loads residents and their permits into the registry.

Bad rows are reported on stdout (line, column, reason) and skipped; good rows are kept; a
resident already in the registry is updated, not added twice. A progress bar runs on stderr.
`--errors FILE` writes the refused rows as CSV as well.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from immigo.core.errors import DomainError
from immigo.residence.services import resident_import
from immigo.residence.services.importer import errors_csv


class ProgressBar:
    """A one-line progress bar on stderr (rows done / rows in the file, rows per second)."""

    def __init__(self, total: int, *, stream: Any = None, width: int = 30) -> None:
        self.total, self.width = max(total, 1), width
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def __call__(self, done: int) -> None:
        share = min(done / self.total, 1.0)
        filled = int(self.width * share)
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{self.total:,} rows {share:6.1%} {rate:,.0f} rows/s")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Imports residents and their residence permits from a CSV file (re-import updates, never duplicates)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--errors", type=Path, help="write the refused rows (line, column, reason) to this CSV file")
        parser.add_argument("--batch", type=int, default=5000, help="rows written per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            total = max(sum(1 for _line in handle) - 1, 0)
        bar = None if options["no_progress"] else ProgressBar(total, stream=self.stderr._out)
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                result = resident_import(stream=stream, by=None, batch_size=options["batch"], progress=bar, source=path.name)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.details}") from exc
        finally:
            if bar is not None:
                bar.close()
        for error in result.errors[:1000]:
            self.stdout.write(f"line {error.line}, column {error.column or '-'}: {error.reason}")
        if len(result.errors) > 1000:
            self.stdout.write(f"... and {len(result.errors) - 1000} more refused rows")
        if options["errors"]:
            options["errors"].write_text(errors_csv(result.errors), encoding="utf-8")
        self.stdout.write(f"{result.rows} rows: {result.created} new residents, {result.updated} updated, {len(result.errors)} refused")
