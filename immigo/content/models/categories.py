"""Categories as data: FAQ categories (general and children's), the regulation subject
categories and the application-guide categories, each with names per language."""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The language every item is written in first and the one a missing version falls back to.
SOURCE_LANGUAGE = "zh-hant"


def html_lang(language: str) -> str:
    """The BCP 47 tag for a `lang` attribute: Traditional Chinese as used in Taiwan is zh-Hant-TW."""
    return "zh-Hant-TW" if language == SOURCE_LANGUAGE else language


class LocalName(NamedTuple):
    """A name in the language it was found in; `language` differs from the one asked for when
    the name fell back to Traditional Chinese."""

    text: str
    language: str

    @property
    def lang(self) -> str:
        return html_lang(self.language)

    def __str__(self) -> str:
        return self.text


class Category(models.Model):
    class Scheme(models.TextChoices):
        FAQ = "faq", _("FAQ")
        REGULATION = "regulation", _("Regulations")
        GUIDE = "guide", _("Application guides")

    class Audience(models.TextChoices):
        GENERAL = "general", _("General public")
        CHILDREN = "children", _("Children")

    scheme = models.CharField(_("scheme"), max_length=16, choices=Scheme.choices)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.GENERAL)
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(pgettext_lazy("position in a list", "order"), default=0)
    # {"zh-hant": "…", "en": "…", …}; Traditional Chinese is required, the rest are optional.
    names = models.JSONField(_("names by language"), default=dict)

    class Meta:
        ordering = ["scheme", "audience", "position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="content_category_code_unique")]

    def __str__(self) -> str:
        return self.names.get(SOURCE_LANGUAGE) or self.code

    def name_in(self, language: str) -> LocalName:
        """The name in `language`, or in Traditional Chinese when it has none in that language."""
        if self.names.get(language):
            return LocalName(self.names[language], language)
        return LocalName(self.names.get(SOURCE_LANGUAGE) or self.code, SOURCE_LANGUAGE)
