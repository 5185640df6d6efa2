"""The station directory: the townships and districts (鄉鎮市區) of each county and the service
station whose jurisdiction each falls in."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.core.models import County, Unit


class District(models.Model):
    """A township or district (鄉、鎮、縣轄市 or 區) and the station that serves people living in it.

    The station is part of the district row because jurisdiction is a property of the place: one
    station per district, and a district never straddles two stations."""

    county = models.ForeignKey(County, verbose_name=_("county or city"), on_delete=models.PROTECT, related_name="districts")
    name_zh = models.CharField(_("name (Chinese)"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=60)
    postcode = models.CharField(
        _("postcode (3 digits)"),
        max_length=3,
        validators=[RegexValidator(r"^\d{3}$", _("Enter the 3-digit postcode."))],
        db_index=True,
    )
    station = models.ForeignKey(
        Unit,
        verbose_name=_("service station"),
        on_delete=models.PROTECT,
        related_name="districts",
        limit_choices_to={"kind": Unit.Kind.SERVICE_STATION},
    )

    class Meta:
        ordering = ["county__code", "postcode", "name_zh"]
        verbose_name = _("township or district")
        verbose_name_plural = _("townships and districts")
        constraints = [models.UniqueConstraint(fields=["county", "name_zh"], name="district_unique_name_per_county")]

    def __str__(self) -> str:
        return f"{self.county.name_zh}{self.name_zh}"
