"""Notice templates: which events exist, what context each needs, and how a notice is rendered.

Templates live under templates/notifications/<event>/ (`email_subject.txt`, `email_body.txt`,
`sms.txt`). Their msgids are English; other languages come from the app's gettext catalogues.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from .errors import NotificationContextInvalidError, NotificationEventUnknownError

# Applicants whose language has no notices get them in the interface default.
FALLBACK_LANGUAGE = "zh-hant"
# The language the templates' msgids are written in: it needs no catalogue.
SOURCE_LANGUAGE = "en"

# Context values that are ISO dates; they are shown in the notice's language ("2025年3月4日").
DATE_KEYS = frozenset({"due_date", "respond_by"})

# `pickup` is a pickup method code (the applications catalogue's codes), shown as its label in the
# notice's language; any other text is shown as given.
PICKUP_METHODS = {
    "download": _("Download and print online"),
    "counter": _("Collect at the service station"),
    "post": _("By registered post"),
}


@dataclass(frozen=True)
class EventSpec:
    required: frozenset[str]
    optional: frozenset[str] = frozenset()


EVENTS: dict[str, EventSpec] = {
    "case_submitted": EventSpec(
        required=frozenset({"receipt_number", "service_name", "due_date", "working_days", "status_url"}),
        optional=frozenset({"pickup"}),
    ),
    # The one-time notice (一次告知, B02): every missing item is listed in the one message.
    "supplement_requested": EventSpec(
        required=frozenset({"receipt_number", "service_name", "items", "respond_by", "supplement_url"}),
        optional=frozenset({"note"}),
    ),
    "case_approved": EventSpec(required=frozenset({"receipt_number", "service_name", "status_url"})),
    "case_rejected": EventSpec(required=frozenset({"receipt_number", "service_name", "reason", "status_url"})),
    "document_issued": EventSpec(
        required=frozenset({"receipt_number", "service_name", "document_name", "status_url"}),
        optional=frozenset({"pickup", "download_url"}),
    ),
    "case_withdrawn": EventSpec(required=frozenset({"receipt_number", "service_name"})),
}


def event_register(name: str, spec: EventSpec) -> None:
    """Adds an app's own event (call it from the app's AppConfig.ready()). Its templates live in
    that app's `templates/notifications/<event>/` (email_subject.txt, email_body.txt, sms.txt)."""
    existing = EVENTS.get(name)
    if existing is not None and existing != spec:
        raise ValueError(f"notification event {name!r} is already registered with other fields")
    EVENTS[name] = spec


@dataclass(frozen=True)
class RenderedNotice:
    language: str
    email_subject: str
    email_body: str
    sms_body: str


def event_spec_get(*, event: str) -> EventSpec:
    try:
        return EVENTS[event]
    except KeyError:
        raise NotificationEventUnknownError(details={"event": event}) from None


def context_check(*, event: str, context: dict[str, Any]) -> None:
    """Raises NotificationContextInvalidError when a key the event needs is missing, or the
    supplement items are not a non-empty list."""
    spec = event_spec_get(event=event)
    missing = sorted(spec.required - set(context))
    if missing:
        raise NotificationContextInvalidError(details={"event": event, "missing": missing})
    if event == "supplement_requested":
        items = context["items"]
        if not isinstance(items, list) or not items or not all(isinstance(item, str) and item.strip() for item in items):
            raise NotificationContextInvalidError(details={"event": event, "items": "a non-empty list of texts"})


@cache
def _has_catalogue(language: str) -> bool:
    locale_dir = Path(apps.get_app_config("notifications").path) / "locale"
    return (locale_dir / translation.to_locale(language) / "LC_MESSAGES" / "django.mo").is_file()


def notice_language(*, language: str) -> str:
    """The language a notice is written in: the supported variant of `language` ("en-GB" -> "en",
    "zh-TW" -> "zh-hant") when notices are translated into it, otherwise zh-hant."""
    try:
        code = translation.get_supported_language_variant((language or FALLBACK_LANGUAGE).strip().lower())
    except LookupError:
        return FALLBACK_LANGUAGE
    if code == SOURCE_LANGUAGE or _has_catalogue(code):
        return code
    return FALLBACK_LANGUAGE


def _template_context(*, event: str, context: dict[str, Any]) -> dict[str, Any]:
    spec = EVENTS[event]
    values: dict[str, Any] = dict.fromkeys(spec.optional, "")
    values.update(context)
    for key in DATE_KEYS & set(values):
        values[key] = _date_display(values[key])
    if values.get("pickup") in PICKUP_METHODS:
        values["pickup"] = str(PICKUP_METHODS[values["pickup"]])
    if "working_days" in values:
        try:
            values["working_days"] = int(values["working_days"])
        except (TypeError, ValueError):
            raise NotificationContextInvalidError(details={"event": event, "working_days": "a whole number"}) from None
    return values


def _date_display(value: Any) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)  # Not an ISO date: shown as given.


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def notice_render(*, event: str, language: str, context: dict[str, Any]) -> RenderedNotice:
    """Renders the e-mail subject and body and the SMS text for `event` in `language` (or zh-hant,
    see notice_language). The subject and SMS are one line each."""
    context_check(event=event, context=context)
    code = notice_language(language=language)
    folder = f"notifications/{event}"
    with translation.override(code):
        values = _template_context(event=event, context=context)
        subject = _one_line(render_to_string(f"{folder}/email_subject.txt", values))
        body = _paragraphs(render_to_string(f"{folder}/email_body.txt", values))
        sms = _one_line(render_to_string(f"{folder}/sms.txt", values))
    return RenderedNotice(language=code, email_subject=subject[:255], email_body=body, sms_body=sms)
