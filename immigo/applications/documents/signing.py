"""Ed25519 signatures for issued documents, and the compact token printed in their QR codes.

The case services build an issued document's payload, store it unchanged in
``IssuedDocument.payload``, sign it with :func:`document_sign` and keep the signature and key id
beside it. Keys are short so the QR code stays small enough to scan from paper.

Every kind:
    ``t``    kind, an ``IssuedDocument.Kind`` value
    ``n``    document number
    ``nm``   holder's name as displayed (``Person.display_name``)
    ``dob``  date of birth, ISO date
    ``sx``   sex: ``F``, ``M`` or ``X``
    ``id``   identity or passport number, masked except the last 4 (``******6789``), if any;
             see :func:`immigo.applications.documents.fields.mask_number`
    ``vf``   valid from, ISO date, if the document has a period of validity
    ``vu``   valid until, ISO date, likewise
    ``iat``  issued at, ISO datetime (aware)

Entry permit for Hong Kong/Macao residents (``hkm_entry_permit``):
    ``en``   number of entries allowed (1)
    ``st``   days of stay allowed per entry (30)
    ``pp``   passport: its type, a space, and its number masked except the last 4

Certificate of entry/exit dates (``entry_exit_certificate``):
    ``ps``   period start, ISO date
    ``pe``   period end, ISO date
    ``cx``   number of crossings in the period
    ``ch``   first 16 hex characters of the SHA-256 of the crossing list (dates in Taipei);
             build both from :func:`immigo.applications.documents.fields.crossing_rows` and
             :func:`immigo.applications.documents.fields.crossing_digest`

Residence certificate, address updated (``residence_certificate``):
    ``ad``   the new address

Token: ``IM1.<key id>.<base64url(canonical JSON of the payload)>.<base64url(signature)>``, no
padding. The signature covers the canonical JSON (sorted keys, no spaces, UTF-8).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError

# The first field of every token: its format and version.
FORMAT_TAG = "IM1"
# A permit's token is about 400 characters; anything far longer is not ours and is refused before
# any decoding work.
TOKEN_MAX_LENGTH = 4096
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_BASE64URL_RE = re.compile(r"^[A-Za-z0-9_-]+$")

_lock = threading.Lock()
_keys: dict[tuple[str, str], Ed25519PrivateKey] = {}


class DocumentSignatureError(DomainError):
    code = "signature_invalid"
    message = _("The document's signature is not valid: it was not issued by the agency, or it was altered.")


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    if not _BASE64URL_RE.match(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8 (not ASCII-escaped)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _load_private_pem(pem: bytes, *, source: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{source} is not a readable unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{source} must be an Ed25519 private key")
    return key


def _setting_pem(value: str) -> bytes:
    # Environment variables often carry a PEM on one line with literal "\n" sequences.
    if "\\n" in value and "\n" not in value:
        value = value.replace("\\n", "\n")
    return value.strip().encode("ascii")


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / "keys" / "document-signing.pem"


def _read_or_create_key_file(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # Write a complete file under a temporary name, then link it into place: link() fails when
        # another process won the race, and nobody ever reads a half-written key.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".signing-", suffix=".pem")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return _load_private_pem(path.read_bytes(), source=str(path))


def signing_key() -> Ed25519PrivateKey:
    """The private key issued documents are signed with.

    settings.IMMIGO_SIGNING_KEY (PEM) in production; when empty, a key kept under
    DATA_DIR/keys/ and generated on first use (mode 0600). Cached per process for each distinct
    setting, so a changed setting takes effect at once.
    """
    configured = settings.IMMIGO_SIGNING_KEY or ""
    cache_key = ("setting", configured) if configured else ("file", str(_key_file()))
    key = _keys.get(cache_key)
    if key is None:
        with _lock:
            key = _keys.get(cache_key)
            if key is None:
                if configured:
                    key = _load_private_pem(_setting_pem(configured), source="IMMIGO_SIGNING_KEY")
                else:
                    key = _read_or_create_key_file(_key_file())
                _keys[cache_key] = key
    return key


def public_key_id(public_key: Ed25519PublicKey) -> str:
    """The first 16 hex characters of the SHA-256 of the raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def key_id() -> str:
    """The id of the current signing key, printed in every token so verifiers pick the right key."""
    configured = settings.IMMIGO_SIGNING_KEY_ID or ""
    if configured:
        if not KEY_ID_RE.match(configured):
            raise ImproperlyConfigured("IMMIGO_SIGNING_KEY_ID may hold only letters, digits, '-' and '_' (at most 40)")
        return configured
    return public_key_id(signing_key().public_key())


def _load_public_pem(pem: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_setting_pem(pem))
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("IMMIGO_TRUSTED_PUBLIC_KEYS holds an unreadable PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured("IMMIGO_TRUSTED_PUBLIC_KEYS may hold Ed25519 public keys only")
    return key


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Keys trusted for verification, by key id: the current key and earlier ones.

    settings.IMMIGO_TRUSTED_PUBLIC_KEYS lists the public keys of retired signing keys, so that
    documents signed before a rotation still verify. An entry is a PEM string (its id is derived
    from the key) or a ``(key_id, pem)`` pair for a key that had IMMIGO_SIGNING_KEY_ID set.
    """
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in getattr(settings, "IMMIGO_TRUSTED_PUBLIC_KEYS", []) or []:
        if isinstance(entry, str):
            public_key = _load_public_pem(entry)
            keys[public_key_id(public_key)] = public_key
        else:
            entry_id, pem = entry
            keys[str(entry_id)] = _load_public_pem(pem)
    keys[key_id()] = signing_key().public_key()
    return keys


def document_sign(payload: dict[str, Any]) -> tuple[str, str]:
    """Signs the payload's canonical JSON; returns (signature as unpadded base64url, key id)."""
    signature = signing_key().sign(canonical_json(payload))
    return _b64encode(signature), key_id()


def token_encode(*, payload: dict[str, Any], signature: str, key_id: str) -> str:
    """The compact token for a QR code (see the module docstring)."""
    return ".".join((FORMAT_TAG, key_id, _b64encode(canonical_json(payload)), signature))


def token_verify(token: str) -> dict[str, Any]:
    """The payload of a token whose signature is valid under a trusted key.

    Raises DocumentSignatureError for a wrong signature, an unknown key and a malformed token.
    """
    token = (token or "").strip()
    parts = token.split(".") if len(token) <= TOKEN_MAX_LENGTH else []
    if len(parts) != 4 or parts[0] != FORMAT_TAG:
        raise DocumentSignatureError(details={"reason": "malformed"})
    _prefix, kid, encoded_payload, encoded_signature = parts
    public_key = public_keys().get(kid)
    if public_key is None:
        raise DocumentSignatureError(details={"reason": "unknown_key"})
    try:
        message = _b64decode(encoded_payload)
        signature = _b64decode(encoded_signature)
    except (ValueError, binascii.Error) as exc:
        raise DocumentSignatureError(details={"reason": "malformed"}) from exc
    try:
        public_key.verify(signature, message)
    except InvalidSignature as exc:
        raise DocumentSignatureError(details={"reason": "bad_signature"}) from exc
    try:
        payload = json.loads(message.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DocumentSignatureError(details={"reason": "malformed"}) from exc
    # The signed bytes must be the canonical form, so one document has exactly one token.
    if not isinstance(payload, dict) or canonical_json(payload) != message:
        raise DocumentSignatureError(details={"reason": "malformed"})
    return payload


def verification_url(token: str) -> str:
    """The public verification page for a token: what the QR code on a document holds."""
    return f"{settings.IMMIGO_PUBLIC_URL}/verify/?t={token}"
