"""Template helpers of the public pages."""

from __future__ import annotations

from django import template

register = template.Library()

# Django's language codes are not always the BCP 47 tags that browsers, screen readers and font
# selection expect: Traditional Chinese as written in Taiwan, and Filipino (`tl` is Tagalog).
HTML_LANG = {"zh-hant": "zh-Hant-TW", "tl": "fil"}


@register.filter
def html_lang(code: str) -> str:
    """The value of a `lang` attribute for a language code of settings.LANGUAGES."""
    return HTML_LANG.get(code.lower(), code)


@register.filter
def tel_href(number: str) -> str:
    """'(02)2388-9393' → 'tel:+886223889393': a Taiwan number in international form, without
    its trunk 0, for a link that dials it."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:+886{digits.removeprefix('0')}" if digits else ""
