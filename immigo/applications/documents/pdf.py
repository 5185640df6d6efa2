"""Printable PDFs (A4, WeasyPrint): issued documents, the B01 receipt and the one-time notice.

Issued documents are bilingual (Traditional Chinese and English) whatever the reader's language,
because border officers and other agencies read them too. Receipts and notices are in the case's
language. Every issued document carries a QR code of its verification link; the text printed on
it comes from the signed payload, so the paper says exactly what the signature covers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML

from immigo.applications.models import Case, IssuedDocument, SupplementRequest
from immigo.core.errors import DomainError
from immigo.core.models import Unit

from .fields import TAIPEI, crossing_digest, crossing_rows, unmask
from .signing import token_encode, verification_url

PRINT_CSS = "immigo/print.css"
TEMPLATE_DIR = "applications/documents"
ISSUED_TEMPLATES: dict[str, str] = {
    IssuedDocument.Kind.HK_MACAO_ENTRY_PERMIT: f"{TEMPLATE_DIR}/hkm_entry_permit.html",
    IssuedDocument.Kind.ENTRY_EXIT_CERTIFICATE: f"{TEMPLATE_DIR}/entry_exit_certificate.html",
    IssuedDocument.Kind.RESIDENCE_CERTIFICATE: f"{TEMPLATE_DIR}/residence_certificate.html",
}
# Fixed bilingual wording: the issued documents are not translated (see the module docstring).
SEX_BILINGUAL = {"F": ("女", "Female"), "M": ("男", "Male"), "X": ("其他", "Unspecified")}
DIRECTION_BILINGUAL = {"entry": ("入國", "Entry"), "exit": ("出國", "Exit")}


class DocumentContentChangedError(DomainError):
    code = "document_content_changed"
    message = _("The records behind this document changed after it was signed; it cannot be printed again as it is.")
    status = 409


def _agency() -> dict[str, str]:
    return {
        "zh": getattr(settings, "IMMIGO_AGENCY_NAME_ZH", "") or "移民署",
        "en": getattr(settings, "IMMIGO_AGENCY_NAME_EN", "") or "Immigration Agency",
    }


def _html_lang(language: str) -> str:
    return "zh-Hant-TW" if language.lower() in {"zh-hant", "zh-tw"} else language


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code (error correction M). Its size is set by the print stylesheet."""
    code = segno.make(data, error="m", micro=False)
    # segno writes only path data; the encoded text is not part of the markup.
    return mark_safe(code.svg_inline(omitsize=True, border=4, dark="#000", light="#fff", svgclass="qr-code"))


def _stylesheet() -> CSS:
    path = finders.find(PRINT_CSS) or str(Path(settings.BASE_DIR) / "static" / PRINT_CSS)
    return CSS(filename=path)


def _render(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {"agency": _agency(), **context})
    pdf = HTML(string=html, base_url=str(Path(settings.BASE_DIR) / "static")).write_pdf(stylesheets=[_stylesheet()])
    assert pdf is not None
    return pdf


def _taipei(moment: dt.datetime) -> str:
    return timezone.localtime(moment, TAIPEI).strftime("%Y-%m-%d %H:%M")


def _issued_at(value: Any, fallback: dt.datetime) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        moment = fallback
    return _taipei(moment) if timezone.is_aware(moment) else moment.strftime("%Y-%m-%d %H:%M")


def _identity_candidates(doc: IssuedDocument) -> list[str]:
    holder, data = doc.holder, doc.case.data or {}
    numbers = [holder.national_id, holder.ui_number, holder.previous_ui_number, data.get("passport_number")]
    return [n for n in numbers if n] + [p.number for p in holder.passports.all()]


def _passport_candidates(doc: IssuedDocument) -> list[str]:
    data = doc.case.data or {}
    entered = [f"{data['passport_type']} {data['passport_number']}"] if data.get("passport_type") and data.get("passport_number") else []
    return entered + [f"{p.issuing_country} {p.number}" for p in doc.holder.passports.all()]


def _unit_name(unit: Unit, language: str) -> str:
    return unit.name_zh if language.lower().startswith("zh") else (unit.name_en or unit.name_zh)


def issued_document_pdf(doc: IssuedDocument, *, service_name: str = "") -> bytes:
    """The printable document, laid out for its kind from the signed payload.

    Numbers masked in the payload are printed in full when the holder's record or the application
    holds exactly one number they were made from. An entry/exit certificate lists the crossings again from the
    border records and raises DocumentContentChangedError when they no longer match the signed
    count and fingerprint.
    """
    payload: dict[str, Any] = doc.payload
    link = verification_url(token_encode(payload=payload, signature=doc.signature, key_id=doc.key_id))
    holder = doc.holder
    context: dict[str, Any] = {
        "html_lang": "zh-Hant-TW",
        "doc": doc,
        "p": payload,
        "service_name": service_name,
        "receipt_number": doc.case.receipt_number,
        "sex": SEX_BILINGUAL.get(str(payload.get("sx", "")), ("", str(payload.get("sx", "")))),
        "identity": unmask(str(payload.get("id", "")), _identity_candidates(doc)),
        "issued_at": _issued_at(payload.get("iat"), doc.issued_at),
        "qr_svg": qr_svg(link),
        "verify_url": link,
        "verify_base": f"{settings.IMMIGO_PUBLIC_URL}/verify/",
    }
    if "pp" in payload:
        context["passport"] = unmask(str(payload.get("pp", "")), _passport_candidates(doc))
    if doc.kind == IssuedDocument.Kind.ENTRY_EXIT_CERTIFICATE:
        rows = crossing_rows(person_id=holder.pk, start=dt.date.fromisoformat(payload["ps"]), end=dt.date.fromisoformat(payload["pe"]))
        if len(rows) != payload.get("cx") or crossing_digest(rows) != payload.get("ch"):
            raise DocumentContentChangedError(details={"number": doc.number})
        context["crossings"] = [(day, *DIRECTION_BILINGUAL.get(direction, (direction, direction))) for day, direction in rows]
    # A kind without an entry in ISSUED_TEMPLATES is laid out by the template named after it.
    template = ISSUED_TEMPLATES.get(doc.kind) or f"{TEMPLATE_DIR}/{doc.kind}.html"
    return _render(template, context)


def _case_context(case: Case, *, service_name: str) -> dict[str, Any]:
    return {
        "html_lang": _html_lang(case.language),
        "case": case,
        "service_name": service_name,
        "applicant_name": case.applicant.display_name,
        "unit": case.unit,
        "unit_name": _unit_name(case.unit, case.language),
    }


def receipt_pdf(case: Case, *, service_name: str, documents_received: list[str]) -> bytes:
    """The receipt (B01) in the case's language. Its QR code opens the status lookup with the
    receipt number filled in; the date of birth, the other half of the lookup, is never in it."""
    status_url = f"{settings.IMMIGO_PUBLIC_URL}/status/"
    with translation.override(case.language):
        context = {
            **_case_context(case, service_name=service_name),
            "submitted_at": _taipei(case.submitted_at),
            "channel": case.get_channel_display(),
            "pickup": case.get_pickup_display(),
            "fee": f"{case.fee_amount:,}" if case.fee_amount else "",
            "documents_received": documents_received,
            "status_url": status_url,
            "qr_svg": qr_svg(f"{status_url}?receipt={quote(case.receipt_number, safe='')}"),
        }
        return _render(f"{TEMPLATE_DIR}/receipt.html", context)


def supplement_notice_pdf(supplement: SupplementRequest, *, service_name: str) -> bytes:
    """The one-time notice (一次告知單) in the case's language: every missing item at once, the
    date to supply them by, and how to supply them."""
    case = supplement.case
    case_url = f"{settings.IMMIGO_PUBLIC_URL}/cases/{quote(case.receipt_number, safe='')}/"
    with translation.override(case.language):
        context = {
            **_case_context(case, service_name=service_name),
            "supplement": supplement,
            "items": supplement.items,
            "issued_at": _taipei(supplement.issued_at),
            "case_url": case_url,
            "qr_svg": qr_svg(case_url),
        }
        return _render(f"{TEMPLATE_DIR}/supplement_notice.html", context)


def reply_slip_pdf(case: Case, *, forwarded: Any, service_name: str) -> bytes:
    """B03: the special extension reply slip (特延案件回復單) in the case's language, for the
    applicant to keep: the case went to headquarters for review; it names the station that took it
    in, the unit deciding it, the due date and how to follow it (QR code of the status lookup)."""
    status_url = f"{settings.IMMIGO_PUBLIC_URL}/status/"
    from_unit = Unit.objects.filter(code=(forwarded.details or {}).get("from_unit", "")).first()
    with translation.override(case.language):
        context = {
            **_case_context(case, service_name=service_name),
            "forwarded_at": _taipei(forwarded.at),
            "from_unit": from_unit,
            "from_unit_name": _unit_name(from_unit, case.language) if from_unit is not None else "",
            "status_url": status_url,
            "qr_svg": qr_svg(f"{status_url}?receipt={quote(case.receipt_number, safe='')}"),
        }
        return _render(f"{TEMPLATE_DIR}/reply_slip.html", context)
