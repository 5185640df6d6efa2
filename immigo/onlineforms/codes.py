"""The code printed on a filled-in form.

- The reference: 16 characters of base32 (80 random bits), printed in groups of four under the
  QR code; an officer may type it. Nobody can guess one.
- The QR code holds the staff scan address with the reference signed (HMAC with the site's
  secret key): a forged or mistyped code is refused before any database lookup, and a phone
  camera opens the staff page directly.
"""

from __future__ import annotations

import base64
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .errors import FormCodeInvalidError

SALT = "immigo.onlineforms.reference"
REFERENCE_RE = re.compile(r"^[A-Z2-7]{16}$")


def reference_new() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def reference_display(reference: str) -> str:
    return "-".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def token_for(reference: str) -> str:
    return signing.Signer(salt=SALT).sign(reference)


def scan_url(reference: str) -> str:
    return f"{settings.IMMIGO_PUBLIC_URL}{reverse('onlineforms:staff_scan')}?{urlencode({'code': token_for(reference)})}"


def reference_from_code(raw: str) -> str:
    """The reference in what an officer scanned or typed: the QR code's address, its signed
    token, or the printed reference (spaces, dashes and case do not matter)."""
    value = raw.strip()
    if "code=" in value:
        value = (parse_qs(urlsplit(value).query).get("code") or [""])[0].strip()
    if ":" in value:
        try:
            return signing.Signer(salt=SALT).unsign(value)
        except signing.BadSignature:
            raise FormCodeInvalidError() from None
    # Base32 has no 0, 1 or 8: read them as the letters they are mistaken for.
    reference = re.sub(r"[\s-]", "", value).upper().translate(str.maketrans("018", "OIB"))
    if not REFERENCE_RE.match(reference):
        raise FormCodeInvalidError()
    return reference


def reference_from_token(token: str) -> str:
    """The reference of the applicant's own link (the signed token is the secret in it)."""
    try:
        reference = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise FormCodeInvalidError() from None
    if not REFERENCE_RE.match(reference):
        raise FormCodeInvalidError()
    return reference
