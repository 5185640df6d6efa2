"""Sessions end after 30 idle minutes; activity keeps them alive."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from . import factories as f

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
# A page that needs a signed-in user: it sends a public user on to their cases, and an anonymous
# visitor to the sign-in page.
PROBE = reverse("accounts:otp_verify")


def _signed_in(response) -> bool:  # type: ignore[no-untyped-def]
    return response["Location"] == "/cases/"


@pytest.fixture
def session_client(client, public_user, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(START, tick=False)
    response = client.post(reverse("accounts:login"), {"username": public_user.email, "password": f.PASSWORD})
    assert response.status_code == 302
    return client


def test_a_session_ends_after_31_idle_minutes(session_client, time_machine):  # type: ignore[no-untyped-def]
    time_machine.shift(dt.timedelta(minutes=31))
    response = session_client.get(PROBE)
    assert not _signed_in(response)
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_survives_29_idle_minutes(session_client, time_machine):  # type: ignore[no-untyped-def]
    time_machine.shift(dt.timedelta(minutes=29))
    assert _signed_in(session_client.get(PROBE))


def test_activity_pushes_the_end_of_the_session_back(session_client, time_machine):  # type: ignore[no-untyped-def]
    # Active every 29 minutes for two hours: four times the idle limit since signing in.
    for _ in range(4):
        time_machine.shift(dt.timedelta(minutes=29))
        assert _signed_in(session_client.get(PROBE))
    time_machine.shift(dt.timedelta(minutes=31))
    assert not _signed_in(session_client.get(PROBE))
