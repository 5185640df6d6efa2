"""Documents uploaded with an application or a supplement: checked by content, stored by hash."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core.errors import InvalidInputError

from ..models import Case, CaseDocument, SupplementRequest

ALLOWED_UPLOAD_TYPES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}


def upload_check(code: str, upload: UploadedFile) -> None:
    from django.conf import settings

    if upload.size is None or upload.size > settings.IMMIGO_MAX_UPLOAD_BYTES:
        raise InvalidInputError(details={"fields": {code: [str(_("The file is too large (10 MB at most)."))]}})
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOAD_TYPES.values()):
        raise InvalidInputError(details={"fields": {code: [str(_("Upload a PDF, JPEG or PNG file."))]}})


def upload_store(
    *, case: Case, code: str, upload: UploadedFile, by: User | None, supplement: SupplementRequest | None = None
) -> CaseDocument:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = next(t for t, magic in ALLOWED_UPLOAD_TYPES.items() if head.startswith(magic))
    doc = CaseDocument(
        case=case,
        requirement_code=code,
        original_name=(upload.name or code)[:200],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        supplement=supplement,
    )
    doc.file.save(code, upload, save=False)
    doc.save()
    return doc
