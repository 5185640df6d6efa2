"""Shared test set-up. Browser tests drive Debian's chromium (never a downloaded browser)."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    settings.IMMIGO_OUTBOX_DIR = tmp_path / "outbox"


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    """The test client speaks English unless a test asks otherwise, so assertions can read the
    message ids; tests of the default language (Traditional Chinese) send no preference."""
    from django.test import Client

    return Client(headers={"Accept-Language": "en"})
