"""The links a notice carries: the pre-filled renewal application (a signed token, never a
guessable id) and booking a renewal appointment at the resident's station."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..errors import RenewalLinkInvalidError

RENEWAL_SALT = "immigo.residence.renewal-link"
SERVICE_CODE = "B06"


def renewal_token_make(*, permit_id: int, expires_on: dt.date) -> str:
    """A signed, timestamped token naming the permit and the expiry date it was issued for."""
    return signing.dumps([permit_id, expires_on.isoformat()], salt=RENEWAL_SALT, compress=False)


def renewal_token_read(*, token: str) -> tuple[int, dt.date]:
    """The permit id and expiry date in a token; RenewalLinkInvalidError when it was altered or is
    older than IMMIGO_RESIDENCE_RENEWAL_LINK_DAYS."""
    max_age = dt.timedelta(days=settings.IMMIGO_RESIDENCE_RENEWAL_LINK_DAYS)
    try:
        permit_id, expires_on = signing.loads(token, salt=RENEWAL_SALT, max_age=max_age)
        return int(permit_id), dt.date.fromisoformat(str(expires_on))
    except (signing.BadSignature, ValueError, TypeError):
        raise RenewalLinkInvalidError() from None


def renewal_url(*, permit_id: int, expires_on: dt.date) -> str:
    token = renewal_token_make(permit_id=permit_id, expires_on=expires_on)
    return settings.IMMIGO_PUBLIC_URL + reverse("residence:renew", kwargs={"token": token})


def booking_path(*, station_code: str) -> str:
    """The appointments app's booking page for a renewal at the station."""
    query = urlencode({"station": station_code, "service": SERVICE_CODE})
    return f"{settings.IMMIGO_RESIDENCE_BOOKING_PATH}?{query}"


def booking_url(*, station_code: str) -> str:
    return settings.IMMIGO_PUBLIC_URL + booking_path(station_code=station_code)
