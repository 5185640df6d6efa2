"""The printed notices of a station's day (B06 step 1 for residents with neither e-mail nor
mobile): one A4 PDF per station and day, one letter per page, each in the resident's language,
ready to fold into a window envelope. Rendered with WeasyPrint; the print stylesheet's Noto CJK
fonts cover Chinese and Japanese, the Noto families the other scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.notifications.rendering import notice_language

from ..models import LadderStep, LetterBatch
from .links import booking_url, renewal_url

PRINT_CSS = "immigo/print.css"


def _letter(step: LadderStep) -> dict[str, Any]:
    person = step.resident.person
    station = step.permit.station
    language = notice_language(language=step.language)
    with translation.override(language):
        body = render_to_string(
            "residence/letter.html",
            {
                "person": person,
                "permit": step.permit,
                "station": station,
                "renewal_url": renewal_url(permit_id=step.permit_id, expires_on=step.expires_on),
                "booking_url": booking_url(station_code=station.code),
                "language": language,
            },
        )
    return {"html": body, "language": language}


def letter_batch_pdf(*, batch: LetterBatch, by: User) -> bytes:
    """The batch's letters as one PDF. Printing is an export of personal data: audited."""
    steps = (
        LadderStep.objects.filter(letter_batch=batch)
        .exclude(resident__protected=True)  # never posted to the home address of a protected resident
        .select_related("resident__person", "permit__station")
        .order_by("resident__person__county_id", "pk")
    )
    letters = [_letter(step) for step in steps]
    html = render_to_string("residence/letters_document.html", {"letters": letters, "batch": batch})
    path = finders.find(PRINT_CSS) or str(Path(settings.BASE_DIR) / "static" / PRINT_CSS)
    pdf = HTML(string=html, base_url=str(Path(settings.BASE_DIR) / "static")).write_pdf(stylesheets=[CSS(filename=path)])
    assert pdf is not None
    audit_record(
        actor=by,
        action="export",
        obj=batch,
        purpose="B06 expiry notices printed for posting",
        unit_code=batch.station.code,
        details={"letters": len(letters)},
    )
    return bytes(pdf)
