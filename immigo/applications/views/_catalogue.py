"""The catalogue in words for the pages: fees, channels, when a conditional document is needed,
and a case's application data under the labels of the service's form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..catalogue.base import DocumentRequirement, Service
from ..models import Channel


@dataclass(frozen=True)
class DocumentLine:
    code: str
    label: str
    condition: str  # "" when always required


def fee_text(service: Service) -> str:
    if service.fee == 0:
        return gettext("Free")
    if service.fee_per == "copy":
        return gettext("NT$%(amount)s per copy") % {"amount": f"{service.fee:,}"}
    return gettext("NT$%(amount)s") % {"amount": f"{service.fee:,}"}


def channel_labels(service: Service) -> list[str]:
    return [str(channel.label) for channel in Channel if service.offers(channel)]


def condition_text(service: Service, doc: DocumentRequirement) -> str:
    """When a conditional document is needed, in words. The catalogue declares a condition as a
    function of the answers, so the answers that trigger it are found by trying each choice of
    the service's form on its own."""
    if doc.condition is None:
        return ""
    if doc.help:
        return str(doc.help)
    triggers: list[str] = []
    for name, field in service.form_class().fields.items():
        candidates: list[tuple[Any, Any]] = []
        if isinstance(field, forms.BooleanField):
            candidates = [(True, None)]
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            candidates = [(value, label) for value, label in _choices(field) if value not in ("", None)]
        for value, label in candidates:
            if doc.applies({name: value}) and not doc.applies({}):
                if label is None:
                    triggers.append(gettext("“%(question)s”") % {"question": field.label})
                else:
                    triggers.append(gettext("“%(question)s” is “%(answer)s”") % {"question": field.label, "answer": label})
    if not triggers:
        return gettext("Needed only in some cases.")
    return gettext("Needed only if %(conditions)s.") % {"conditions": gettext(" or ").join(triggers)}


def document_lines(service: Service) -> list[DocumentLine]:
    return [DocumentLine(code=doc.code, label=str(doc.label), condition=condition_text(service, doc)) for doc in service.documents]


def document_label(service: Service, code: str) -> str:
    for doc in service.documents:
        if doc.code == code:
            return str(doc.label)
    return code


YES_NO = {True: _("Yes"), False: _("No")}


def _choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    return list(cast(Iterable[tuple[Any, Any]], field.choices))


def _display(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.BooleanField):
        return str(YES_NO[bool(value)])
    if value in (None, ""):
        return "—"
    if isinstance(field, forms.ModelChoiceField):
        obj = field.queryset.filter(pk=value).first() if field.queryset is not None else None
        return str(obj) if obj is not None else str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(_choices(field)).get(value, value))
    return str(value)


def application_rows(service: Service, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The application's answers as (question, answer), in the order of the service's form."""
    fields = service.form_class().fields
    rows = [(str(field.label), _display(field, data[name])) for name, field in fields.items() if name in data]
    rows += [(name, str(value)) for name, value in data.items() if name not in fields]
    return rows
