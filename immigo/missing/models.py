"""Missing mainland persons (seed H13, 協尋在臺行方不明之大陸人士): the public list the NIA and the
Fisheries Agency publish so that anyone who has seen a person can call the hotline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.core import calendar
from immigo.core.models import County


class Province(models.TextChoices):
    """Provincial-level divisions of mainland China (籍貫, native place)."""

    BEIJING = "beijing", _("Beijing")
    TIANJIN = "tianjin", _("Tianjin")
    HEBEI = "hebei", _("Hebei")
    SHANXI = "shanxi", _("Shanxi")
    INNER_MONGOLIA = "inner_mongolia", _("Inner Mongolia")
    LIAONING = "liaoning", _("Liaoning")
    JILIN = "jilin", _("Jilin")
    HEILONGJIANG = "heilongjiang", _("Heilongjiang")
    SHANGHAI = "shanghai", _("Shanghai")
    JIANGSU = "jiangsu", _("Jiangsu")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    ANHUI = "anhui", _("Anhui")
    FUJIAN = "fujian", _("Fujian")
    JIANGXI = "jiangxi", _("Jiangxi")
    SHANDONG = "shandong", _("Shandong")
    HENAN = "henan", _("Henan")
    HUBEI = "hubei", _("Hubei")
    HUNAN = "hunan", _("Hunan")
    GUANGDONG = "guangdong", _("Guangdong")
    GUANGXI = "guangxi", _("Guangxi")
    HAINAN = "hainan", _("Hainan")
    CHONGQING = "chongqing", _("Chongqing")
    SICHUAN = "sichuan", _("Sichuan")
    GUIZHOU = "guizhou", _("Guizhou")
    YUNNAN = "yunnan", _("Yunnan")
    TIBET = "tibet", _("Tibet")
    SHAANXI = "shaanxi", _("Shaanxi")
    GANSU = "gansu", _("Gansu")
    QINGHAI = "qinghai", _("Qinghai")
    NINGXIA = "ningxia", _("Ningxia")
    XINJIANG = "xinjiang", _("Xinjiang")


class MissingPerson(models.Model):
    """One person reported missing. Only `published` entries whose status is `missing` are public.

    `id_number` is personal data: it is never shown on a public page; the public advanced search
    may use it as a key (exact match only), and every staff read or change of an entry is audited.
    """

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    class Reason(models.TextChoices):
        # 事由 (seed H13): crew who left a fishing vessel's employment (漁工), visitors who left their
        # tour group, visitors who stayed past their permit, and anything else.
        FISHING_CREW = "fishing_crew", _("Left employment as fishing crew")
        TOUR_GROUP = "tour_group", _("Left a tour group")
        OVERSTAYED = "overstayed", _("Overstayed a visit")
        OTHER = "other", _("Other")

    class SourceAgency(models.TextChoices):
        NIA = "nia", _("National Immigration Agency")
        FISHERIES = "fisheries", _("Fisheries Agency")

    class Status(models.TextChoices):
        MISSING = "missing", _("Missing")
        FOUND = "found", _("Found")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case_number = models.CharField(_("case number"), max_length=20, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_roman = models.CharField(_("name (romanised)"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # Either the year of birth or the age when missing is known; the other is derived from the
    # year missing, and `birth_year_estimated` says which way round it was.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    birth_year_estimated = models.BooleanField(_("year of birth estimated from the age"), default=False)
    origin_province = models.CharField(_("province of origin"), max_length=20, choices=Province.choices)
    origin_city = models.CharField(_("city or county of origin"), max_length=60, blank=True)
    year_missing = models.PositiveSmallIntegerField(_("year missing"))
    place_last_seen = models.ForeignKey(County, verbose_name=_("place last seen"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    description = models.TextField(_("description"), blank=True, help_text=_("Public: height, build, distinguishing marks."))
    photo = models.ImageField(_("photo"), upload_to="missing/photos/", blank=True)
    source_agency = models.CharField(_("source agency"), max_length=12, choices=SourceAgency.choices, default=SourceAgency.NIA)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MISSING)
    is_published = models.BooleanField(_("published"), default=False)
    notes = models.TextField(_("internal notes"), blank=True)
    id_number = models.CharField(_("unified ID number"), max_length=10, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year_missing", "case_number"]
        verbose_name = _("missing person")
        verbose_name_plural = _("missing persons")
        indexes = [
            models.Index(fields=["is_published", "status", "-year_missing"], name="missing_public_idx"),
            models.Index(fields=["name_zh"], name="missing_name_zh_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.name_zh}"

    @property
    def age_when_missing(self) -> int:
        return self.year_missing - self.birth_year

    @property
    def approx_age_now(self) -> int:
        return calendar.local_today().year - self.birth_year

    @property
    def display_name(self) -> str:
        return f"{self.name_zh} ({self.name_roman})" if self.name_roman else self.name_zh
