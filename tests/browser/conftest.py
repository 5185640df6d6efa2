"""What the browser tests share: the rows that migrations create, put back around transactional
tests, and the public site with its demo content."""

from __future__ import annotations

import pytest

from immigo.portal.tests.crawl import load_public_content


def reload_migrated_rows(*, only_if_missing: bool) -> None:
    """Empties the tables and loads the rows that migrations create (content categories, for
    instance), as pytest-django's serialized rollback does. That rollback looks for the snapshot on
    the current connection object; while Playwright's event loop runs, asgiref gives this thread's
    code a connection object of its own, without the snapshot, and nothing is restored. The
    thread's original connection object still has it."""
    from django.core.management import call_command
    from django.db import connections

    connection = connections["default"]
    if only_if_missing and hasattr(connection, "_test_serialized_contents"):
        return  # pytest-django has restored them
    original = getattr(connections._connections._storage, "default", None)
    contents = getattr(connection, "_test_serialized_contents", None) or getattr(original, "_test_serialized_contents", None)
    if contents:
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(contents)
        connection._test_serialized_contents = contents


@pytest.fixture(scope="module", autouse=True)
def _leave_the_migrated_rows(django_db_blocker):  # type: ignore[no-untyped-def]
    """Tests after a module of transactional tests (on the same worker) find the database as
    migrations left it, not emptied by the last transactional test's flush."""
    yield
    with django_db_blocker.unblock():
        reload_migrated_rows(only_if_missing=False)


@pytest.fixture
def migrated_rows(live_server):  # type: ignore[no-untyped-def]
    """The rows that migrations create, for a transactional test (use with
    django_db(transaction=True, serialized_rollback=True))."""
    reload_migrated_rows(only_if_missing=True)
    return live_server.url


@pytest.fixture
def public_site(migrated_rows):  # type: ignore[no-untyped-def]
    """The live server with everything the public pages show: every app's demo content."""
    load_public_content()
    return migrated_rows
