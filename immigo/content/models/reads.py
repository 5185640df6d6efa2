"""Reads of published items per day: the popularity ranking of seed H02 (人氣排行榜)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .items import Item


class DailyRead(models.Model):
    """How many visitors read an item's version in one language on one (Taipei) day. A visitor
    counts once per item and day (the session remembers what it already read)."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="daily_reads")
    language = models.CharField(_("language"), max_length=10)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("daily reads")
        verbose_name_plural = _("daily reads")
        constraints = [models.UniqueConstraint(fields=["item", "language", "day"], name="content_daily_read_unique")]
        indexes = [models.Index(fields=["day", "item"], name="content_daily_read_day")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.language} {self.day}: {self.count}"
