"""Template helpers for content: safe rendering of editors' text, file names and links."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString

from ..markup import body_html
from ..models import Kind, html_lang

register = template.Library()

_FILE_SECTIONS = {Kind.GUIDE: "guides", Kind.PUBLICATION: "publications", Kind.DISCLOSURE: "disclosure"}


@register.filter
def content_body(text: str, heading_level: int = 2) -> SafeString:
    """An editor's text as safe HTML (everything escaped; paragraphs, subheadings, lists, links)."""
    return body_html(text or "", heading_level=int(heading_level))


@register.filter
def file_name(field: object) -> str:
    name = getattr(field, "name", "") or ""
    return name.rsplit("/", 1)[-1]


@register.filter
def file_size(field: object) -> str:
    """The file's size for people ("1.2 MB"), or nothing if the file cannot be read."""
    from django.template.defaultfilters import filesizeformat

    try:
        return filesizeformat(field.size)  # type: ignore[attr-defined]
    except (OSError, ValueError):
        return ""


@register.filter
def lang_tag(language: str) -> str:
    return html_lang(language)


@register.filter
def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


@register.filter
def field_labels(names: list[str]) -> str:
    """A revision's list of changed fields, in words."""
    from ..diffing import FIELD_LABELS

    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in names or [])


@register.filter
def action_label(action: str) -> str:
    from ..workflow import Action

    return str(Action(action).label) if action in Action.values else action


@register.simple_tag
def item_file_url(shown: object, slot: str) -> str:
    item = shown.item  # type: ignore[attr-defined]
    return reverse("content:item_file", args=[_FILE_SECTIONS[Kind(item.kind)], item.slug, slot])
