"""Content of the agency website: categories, translatable items with their per-language
versions, the append-only revision history and the daily read counters."""

from .categories import SOURCE_LANGUAGE, Category, LocalName, html_lang
from .items import (
    CATEGORY_SCHEME,
    FILE_SLOTS,
    NEWS_KINDS,
    Amendment,
    Article,
    Item,
    ItemTranslation,
    Kind,
    RegKind,
    Revision,
    Status,
    TranslationEvent,
)
from .reads import DailyRead

__all__ = [
    "CATEGORY_SCHEME",
    "FILE_SLOTS",
    "NEWS_KINDS",
    "SOURCE_LANGUAGE",
    "Amendment",
    "Article",
    "Category",
    "DailyRead",
    "Item",
    "ItemTranslation",
    "Kind",
    "LocalName",
    "RegKind",
    "Revision",
    "Status",
    "TranslationEvent",
    "html_lang",
]
