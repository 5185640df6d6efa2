"""`manage.py search_reindex`: rebuilds the search index from the registered providers (safe to run
again; each document is written in its own transaction, so the site stays searchable meanwhile)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from immigo.core.errors import InvalidInputError
from immigo.search.backends import backend_get
from immigo.search.registry import provider_list
from immigo.search.services import search_document_remove, search_document_upsert


class Command(BaseCommand):
    help = "Rebuilds the search index from every registered provider and removes documents they no longer supply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", default=[], help="Only this kind (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        entries = provider_list()
        wanted = set(options["kind"])
        unknown = wanted - {entry.kind for entry in entries}
        if unknown:
            raise CommandError(f"No provider for: {', '.join(sorted(unknown))}")
        failures = 0
        for entry in entries:
            if wanted and entry.kind not in wanted:
                continue
            before = backend_get().identities(kind=entry.kind)
            seen: set[tuple[str, str]] = set()
            for kwargs in entry.provider():
                document = {**kwargs, "kind": kwargs.get("kind", entry.kind)}
                if document["kind"] != entry.kind:
                    raise CommandError(f"The provider of {entry.kind!r} supplied a document of kind {document['kind']!r}.")
                # A document that fails keeps its earlier version in the index (not counted stale).
                seen.add((str(document.get("key", "")).strip(), str(document.get("language", ""))))
                try:
                    search_document_upsert(**document)
                except InvalidInputError as exc:
                    failures += 1
                    self.stderr.write(f"{entry.kind}:{document.get('key')} ({document.get('language')}): {exc.as_dict()['details']}")
            stale = before - seen
            for key, language in sorted(stale):
                search_document_remove(kind=entry.kind, key=key, language=language)
            self.stdout.write(f"{entry.kind}: {len(seen)} supplied, {len(stale)} removed")
        if failures:
            raise CommandError(f"{failures} document(s) could not be indexed.")
