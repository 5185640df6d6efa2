"""Photos of missing persons: only JPEG or PNG (checked by their first bytes, then decoded), stored
re-encoded under a random name, so no camera metadata (place, device) and no file name reaches
the public page."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import MissingPersonPhotoInvalidError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Enough for a clear portrait on any screen; larger uploads are scaled down.
MAX_SIDE = 1200


def photo_kind(head: bytes) -> str | None:
    """'jpeg' or 'png' from a file's first bytes, otherwise None."""
    if head.startswith(PNG_MAGIC):
        return "png"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    return None


def photo_prepare(upload: UploadedFile) -> ContentFile:
    """The upload as a clean JPEG or PNG file with a random name. Raises
    MissingPersonPhotoInvalidError when it is too large, not JPEG/PNG, or cannot be decoded."""
    if upload.size is None or upload.size > MAX_PHOTO_BYTES:
        raise MissingPersonPhotoInvalidError()
    upload.seek(0)
    kind = photo_kind(upload.read(8))
    if kind is None:
        raise MissingPersonPhotoInvalidError()
    upload.seek(0)
    out = io.BytesIO()
    try:
        with Image.open(upload) as image:
            if (image.format or "").lower() != kind:
                raise MissingPersonPhotoInvalidError()
            image.load()
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            if kind == "jpeg":
                picture.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            else:
                picture.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise MissingPersonPhotoInvalidError() from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{'jpg' if kind == 'jpeg' else 'png'}")


def photo_content_type(head: bytes) -> str:
    return "image/png" if photo_kind(head) == "png" else "image/jpeg"
