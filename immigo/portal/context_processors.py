"""What every public page's layout (base.html) needs: the display options, the navigation and
the agency's contact details."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

from immigo.core.services import HQ_ADDRESS, HQ_PHONE

from .display import TextSize, Theme, display_options_get
from .navigation import about_sections, current_state, main_sections, url_or_path
from .templatetags.portal import html_lang

# Django names Khmer "Khmer" in its own list; a visitor looks for the name in Khmer script.
OWN_NAMES = {"km": "ភាសាខ្មែរ"}


@cache
def _languages(codes: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    return tuple(
        {
            "code": code,
            "lang": html_lang(code),
            # NFC: Django's Vietnamese name is stored decomposed, which some fonts draw badly.
            "name": unicodedata.normalize("NFC", OWN_NAMES.get(code) or get_language_info(code)["name_local"]),
        }
        for code in codes
    )


def language_choices() -> tuple[dict[str, str], ...]:
    """Each language of the site in its own name, with the `lang` tag for that name."""
    return _languages(tuple(code for code, _name in settings.LANGUAGES))


def portal(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    return {
        "display": display_options_get(request),
        "site_languages": language_choices(),
        "display_themes": Theme.choices,
        "display_sizes": TextSize.choices,
        "main_nav": [{"label": s.label, "path": s.path, "current": current_state(s.path, path)} for s in main_sections()],
        "about_nav": about_sections(),
        "agency_contact": {"address": HQ_ADDRESS, "phone": HQ_PHONE},
        "portal_urls": {
            "display_options": url_or_path("portal:display_options", "/display/"),
            "stations": url_or_path("directory:station_list", "/stations/"),
        },
    }
