"""The printed form (WeasyPrint, A4): laid out like the agency's paper forms, bilingual in
Traditional Chinese and the applicant's language, with the QR code and the reference that the
counter scans, the documents to bring, and the date the form expires."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from immigo.applications.documents.pdf import qr_svg

from . import codes
from .catalogue import FormSpec, form_spec_get
from .models import FilledForm

PRINTED_LANGUAGE = "zh-hant"
STYLESHEETS = ("immigo/print.css", "onlineforms/form-print.css")


def _value_text(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(field, forms.BooleanField):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    if isinstance(field, forms.ModelChoiceField):
        obj = field.queryset.filter(pk=value).first() if field.queryset is not None else None
        return str(obj) if obj is not None else str(value)
    if isinstance(field, forms.ChoiceField):
        choices: Any = field.choices
        return str({str(k): v for k, v in choices}.get(str(value), value))
    return str(value)


def printable_rows(spec: FormSpec, data: dict[str, Any], language: str) -> list[dict[str, str]]:
    """(label, answer) for every field of the form, in Traditional Chinese and, when it differs,
    in the applicant's language."""
    rows: list[dict[str, str]] = []
    for lang in dict.fromkeys([PRINTED_LANGUAGE, language]):
        with translation.override(lang):
            form = spec.form_class()
            for index, (name, field) in enumerate(form.fields.items()):
                if lang == PRINTED_LANGUAGE:
                    rows.append({"name": name, "label_zh": str(field.label), "value_zh": _value_text(field, data.get(name))})
                else:
                    rows[index]["label"] = str(field.label)
                    rows[index]["value"] = _value_text(field, data.get(name))
    return rows


def documents_to_bring(spec: FormSpec, data: dict[str, Any], language: str) -> list[dict[str, str]]:
    out = []
    for doc in spec.service.required_documents(data):
        with translation.override(PRINTED_LANGUAGE):
            zh = str(doc.label)
        with translation.override(language):
            local = str(doc.label)
        out.append({"zh": zh, "local": local if local != zh else ""})
    return out


def _stylesheets() -> list[CSS]:
    return [CSS(filename=finders.find(name) or str(Path(settings.BASE_DIR) / "static" / name)) for name in STYLESHEETS]


def filled_form_pdf(form: FilledForm) -> bytes:
    spec = form_spec_get(form.form_code)
    language = form.language
    with translation.override(language):
        title_local = str(spec.title)
        service_name = str(spec.service.name)
    expires_on = timezone.localtime(form.expires_at, dt.timezone(dt.timedelta(hours=8))).date()
    context = {
        "html_lang": "zh-Hant-TW",
        "local_lang": language,
        "bilingual": language != PRINTED_LANGUAGE,
        "spec": spec,
        "title_local": title_local,
        "service_name": service_name,
        "rows": printable_rows(spec, form.data, language),
        "documents": documents_to_bring(spec, form.data, language),
        "reference": codes.reference_display(form.reference),
        "qr_svg": qr_svg(codes.scan_url(form.reference)),
        "filled_on": timezone.localtime(form.created_at, dt.timezone(dt.timedelta(hours=8))).date(),
        "expires_on": expires_on,
        "agency": {
            "zh": getattr(settings, "IMMIGO_AGENCY_NAME_ZH", "") or "移民署",
            "en": getattr(settings, "IMMIGO_AGENCY_NAME_EN", "") or "Immigration Agency",
        },
    }
    with translation.override(language):
        html = render_to_string("onlineforms/print/form.html", context)
    pdf = HTML(string=html, base_url=str(Path(settings.BASE_DIR) / "static")).write_pdf(stylesheets=_stylesheets())
    assert pdf is not None
    return pdf
