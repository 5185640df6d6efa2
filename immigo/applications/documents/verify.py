"""Verifying a document from its token: the signature first, then the agency's register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.applications.models import IssuedDocument

from .fields import taipei_today
from .signing import DocumentSignatureError, canonical_json, token_verify


class VerificationStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    UNKNOWN = "unknown", _("Not in the register")
    INVALID = "invalid", _("Not valid")


@dataclass(frozen=True)
class VerificationResult:
    """What a verifier may rely on.

    ``authentic``: the signature is valid under a key the agency trusts.
    ``status``: ``invalid`` when the signature fails or the signed content differs from the
    register (``record_matches`` is then False); ``unknown`` when the signature is valid but the
    register has no such document; otherwise ``revoked``, ``expired`` (valid-until before today,
    Asia/Taipei) or ``valid``.
    """

    authentic: bool
    payload: dict[str, Any] | None
    status: VerificationStatus
    record_matches: bool | None = None
    revoked_at: dt.datetime | None = None
    revocation_reason: str = ""
    checked_on: dt.date = field(default_factory=taipei_today)


def token_from_text(text: str) -> str:
    """The token in what a person pasted: the token itself or the whole link from the QR code."""
    text = (text or "").strip()
    if "?" in text or "://" in text:
        values = parse_qs(urlsplit(text).query).get("t")
        return values[0].strip() if values else text
    return text


def _expired(payload: dict[str, Any], today: dt.date) -> bool:
    try:
        valid_until = dt.date.fromisoformat(str(payload["vu"]))
    except (KeyError, ValueError):
        return False
    return valid_until < today


def document_verify(token: str) -> VerificationResult:
    """Checks the token's signature, then the register entry with the signed number.

    Reads only; the register is consulted only for tokens whose signature is valid, so the page
    cannot be used to probe document numbers.
    """
    today = taipei_today()
    try:
        payload = token_verify(token_from_text(token))
    except DocumentSignatureError:
        return VerificationResult(authentic=False, payload=None, status=VerificationStatus.INVALID, checked_on=today)

    doc = IssuedDocument.objects.filter(number=str(payload.get("n", ""))).first()
    if doc is None:
        return VerificationResult(authentic=True, payload=payload, status=VerificationStatus.UNKNOWN, checked_on=today)
    if not isinstance(doc.payload, dict) or canonical_json(doc.payload) != canonical_json(payload):
        return VerificationResult(
            authentic=True, payload=payload, status=VerificationStatus.INVALID, record_matches=False, checked_on=today
        )
    if doc.revoked_at is not None:
        return VerificationResult(
            authentic=True,
            payload=payload,
            status=VerificationStatus.REVOKED,
            record_matches=True,
            revoked_at=doc.revoked_at,
            revocation_reason=doc.revocation_reason,
            checked_on=today,
        )
    status = VerificationStatus.EXPIRED if _expired(payload, today) else VerificationStatus.VALID
    return VerificationResult(authentic=True, payload=payload, status=status, record_matches=True, checked_on=today)
