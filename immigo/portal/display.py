"""Display options (seed H03): three colour themes and three text sizes, chosen with a plain form
and remembered in a cookie, so they work without JavaScript, without an account and before the
first sign-in. base.html applies them as classes on <html>."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "immigo_display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # a year: a visitor sets it once


class Theme(models.TextChoices):
    STANDARD = "standard", _("Standard")
    CONTRAST = "contrast", _("High contrast")
    DARK = "dark", _("Dark")


class TextSize(models.TextChoices):
    STANDARD = "standard", _("Standard")
    LARGE = "large", _("Large")
    LARGEST = "largest", _("Largest")


@dataclass(frozen=True)
class DisplayOptions:
    theme: Theme = Theme.STANDARD
    size: TextSize = TextSize.STANDARD

    @property
    def html_class(self) -> str:
        classes = []
        if self.theme != Theme.STANDARD:
            classes.append(f"theme-{self.theme}")
        if self.size != TextSize.STANDARD:
            classes.append(f"text-{self.size}")
        return " ".join(classes)

    @property
    def cookie_value(self) -> str:
        return f"{self.theme}.{self.size}"

    @classmethod
    def from_cookie(cls, value: str | None) -> DisplayOptions:
        """Anything that is not a known theme and size reads as the standard display."""
        theme, _sep, size = (value or "").partition(".")
        return cls(
            theme=Theme(theme) if theme in Theme.values else Theme.STANDARD,
            size=TextSize(size) if size in TextSize.values else TextSize.STANDARD,
        )


def display_options_get(request: HttpRequest) -> DisplayOptions:
    return DisplayOptions.from_cookie(request.COOKIES.get(COOKIE_NAME))


def display_options_set(response: HttpResponse, *, options: DisplayOptions, secure: bool) -> HttpResponse:
    """Remembers the options for a year. The standard display needs no cookie, so choosing it
    deletes the cookie."""
    if options == DisplayOptions():
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    else:
        response.set_cookie(COOKIE_NAME, options.cookie_value, max_age=COOKIE_MAX_AGE, secure=secure, httponly=True, samesite="Lax")
    return response
