"""Template helpers of the appointments pages and notices."""

from __future__ import annotations

import datetime as dt

import segno
from django import template
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def iso_date(value: object) -> str:
    """An ISO date (as notices carry them) in the active language's date format."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "DATE_FORMAT")


@register.simple_tag
def qr_svg(data: str, title: str) -> SafeString:
    """An inline SVG QR code of `data` (a booking reference: letters and digits only)."""
    # segno writes the SVG from the data alone (no user-supplied markup), so it is safe inline.
    svg = segno.make(data, error="m").svg_inline(scale=6, title=title, svgclass="qr-code", lineclass=None)
    return mark_safe(svg)
