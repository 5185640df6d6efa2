"""Signed links in newsletter mails (django.core.signing, keyed by SECRET_KEY and its fallbacks).

The confirmation link expires after 7 days and names the subscription request it answers; the
unsubscribe link never expires, so the link in an old mail still works.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core import signing

from .errors import ConfirmationLinkInvalidError, UnsubscribeLinkInvalidError

CONFIRM_SALT = "immigo.newsletter.confirm"
UNSUBSCRIBE_SALT = "immigo.newsletter.unsubscribe"
CONFIRM_MAX_AGE = dt.timedelta(days=7)


@dataclass(frozen=True)
class ConfirmClaim:
    subscriber: uuid.UUID
    nonce: str


def confirm_token_make(*, subscriber_public_id: uuid.UUID, nonce: str) -> str:
    return signing.dumps({"s": str(subscriber_public_id), "n": nonce}, salt=CONFIRM_SALT)


def confirm_token_read(token: str) -> ConfirmClaim:
    """Raises ConfirmationLinkInvalidError when the token is garbled, forged or older than 7 days."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return ConfirmClaim(subscriber=uuid.UUID(str(data["s"])), nonce=str(data["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ConfirmationLinkInvalidError() from None


def unsubscribe_token_make(*, subscriber_public_id: uuid.UUID) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_public_id))


def unsubscribe_token_read(token: str) -> uuid.UUID:
    """Raises UnsubscribeLinkInvalidError when the token is garbled or forged."""
    try:
        return uuid.UUID(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise UnsubscribeLinkInvalidError() from None
