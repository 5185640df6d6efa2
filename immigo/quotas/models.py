"""Daily quotas of mainland tourists (seed A10, A13–A15) and the group applications that travel
agencies file against them.

The data is laid out so that allocation is O(1) per application and correct under any
concurrency:

- `QuotaDay` is the counter row of one category (and entry port) on one day. Every allocation,
  release and back-fill locks this one row (SELECT ... FOR UPDATE on PostgreSQL, the database
  write lock on SQLite), and its CHECK constraints keep `used <= total` whatever the code does.
  The row also hands out the receipt numbers (`received`) and the place numbers (`granted`):
  receipt order is the order in which the engine received the applications (the order they
  were stored in, batch after batch: see allocation.py).
- `QuotaPlace` is one place given to one traveller of one application: (day, number) is unique
  and a number is never handed out again, so no place can be given twice.
- `GroupApplication.receipt_seq` orders the waiting list; the head of the list is read through an
  index, never by scanning.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The quota categories (service-rules §4): category-1 group tourism straight from the mainland
    (incl. incentive and cruise groups) and individual travel (自由行)."""

    GROUP = "group", _("Group tourism (category 1)")
    INDIVIDUAL = "individual", _("Individual travel")


class Port(models.TextChoices):
    """A quota applies to every entry port unless a rule sets one for a port (the Mini Three
    Links piers of Kinmen and Matsu, seed A15)."""

    ANY = "any", _("All entry ports")
    KINMEN = "kinmen", _("Kinmen (Shuitou pier)")
    MATSU = "matsu", _("Matsu (Fuao pier)")


class QuotaDay(models.Model):
    """The quota of one category and entry port on one day, and its live counters."""

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    port = models.CharField(_("entry port"), max_length=16, choices=Port.choices, default=Port.ANY)
    day = models.DateField(_("day"))
    total = models.PositiveIntegerField(_("daily quota"))
    # Places held now by allocated, incomplete or issued applications.
    used = models.PositiveIntegerField(_("places given"), default=0)
    # Receipt numbers handed out (every application received for the day, whatever became of it).
    received = models.PositiveIntegerField(_("applications received"), default=0)
    # Place numbers handed out so far; a number is never handed out again.
    granted = models.PositiveIntegerField(_("place numbers handed out"), default=0)
    # Applications waiting for places, in receipt order.
    waiting = models.PositiveIntegerField(_("applications waiting"), default=0)
    # Bumped on every change of the counters: the board's cache follows it.
    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["day", "category", "port"]
        verbose_name = _("daily quota")
        verbose_name_plural = _("daily quotas")
        constraints = [
            models.UniqueConstraint(fields=["category", "port", "day"], name="quota_day_unique"),
            models.CheckConstraint(condition=Q(used__lte=F("total")), name="quota_day_used_within_total"),
            models.CheckConstraint(condition=Q(used__lte=F("granted")), name="quota_day_used_within_granted"),
            models.CheckConstraint(condition=Q(waiting__lte=F("received")), name="quota_day_waiting_within_received"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_category_display()} ({self.get_port_display()})"

    @property
    def remaining(self) -> int:
        return self.total - self.used


class QuotaChange(models.Model):
    """Every setting of a day's quota: who, when, from what to what, and why. Append-only."""

    quota_day = models.ForeignKey(QuotaDay, on_delete=models.CASCADE, related_name="changes")
    before = models.PositiveIntegerField(_("before"), null=True, blank=True)
    after = models.PositiveIntegerField(_("after"))
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("quota change")
        verbose_name_plural = _("quota changes")

    def __str__(self) -> str:
        return f"{self.quota_day}: {self.before} -> {self.after}"


class GroupApplication(models.Model):
    """A travel agency's application for a group of travellers on one quota day."""

    class Status(models.TextChoices):
        # Stored with its customer list, about to take its receipt number (a moment, see
        # allocation.places_take).
        RECEIVED = "received", _("Received")
        WAITING = "waiting", _("On the waiting list")
        ALLOCATED = "allocated", _("Places allocated")
        INCOMPLETE = "incomplete", _("Documents missing")
        ISSUED = "issued", _("Permits issued")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed: documents not completed in time")

    # Indexes are few and chosen (the composite ones below cover the foreign keys): a receipt
    # updates these rows under the day's lock, and every index is written on that update. The
    # applications stored for a receipt are found through quota_group_receipt_unique
    # (quota_day, receipt_seq IS NULL).
    quota_day = models.ForeignKey(QuotaDay, on_delete=models.PROTECT, related_name="applications", verbose_name=_("day"), db_index=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="quota_groups", verbose_name=_("travel agency"), db_index=False
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    tour_name = models.CharField(_("tour name"), max_length=120)
    size = models.PositiveSmallIntegerField(_("travellers"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Receipt order on the day; set under the day's lock together with the allocation.
    receipt_seq = models.PositiveIntegerField(_("receipt number"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    allocated_at = models.DateTimeField(_("places allocated"), null=True, blank=True)
    # The day by which missing documents must reach the agency; the places lapse after it.
    complete_by = models.DateField(_("complete by"), null=True, blank=True)
    missing_items = models.TextField(_("missing documents"), blank=True)
    issued_at = models.DateTimeField(_("permits issued"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A13: the independent traveller's permit application this place is for (None for groups
    # filed here); the case's approval issues it, its rejection or withdrawal gives the place back.
    case = models.OneToOneField(
        "applications.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quota_application",
        verbose_name=_("permit application"),
    )

    class Meta:
        ordering = ["quota_day__day", "receipt_seq"]
        verbose_name = _("group application")
        verbose_name_plural = _("group applications")
        constraints = [
            models.UniqueConstraint(fields=["quota_day", "receipt_seq"], name="quota_group_receipt_unique"),
            models.CheckConstraint(condition=Q(size__gte=1), name="quota_group_size_positive"),
        ]
        indexes = [
            # The head of a day's waiting list (and positions on it), read without a scan.
            models.Index(fields=["quota_day", "receipt_seq"], name="quota_group_waiting_idx", condition=Q(status="waiting")),
            models.Index(fields=["organisation", "-received_at"], name="quota_group_org_idx"),
            # The sweeps: filings not yet received, and documents missing past their deadline.
            models.Index(fields=["status", "received_at"], name="quota_group_open_idx", condition=Q(status__in=["received", "incomplete"])),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The receipt reference printed for the agency: day, category and receipt number."""
        day = self.quota_day.day
        prefix = "G" if self.quota_day.category == Category.GROUP else "F"
        return f"{prefix}{day:%Y%m%d}-{self.receipt_seq or 0:05d}"

    @property
    def holds_places(self) -> bool:
        return self.status in HOLDING


HOLDING = frozenset({GroupApplication.Status.ALLOCATED, GroupApplication.Status.INCOMPLETE, GroupApplication.Status.ISSUED})


class Traveller(models.Model):
    """One person of a group, from the agency's customer list."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    application = models.ForeignKey(GroupApplication, on_delete=models.CASCADE, related_name="travellers")
    line = models.PositiveSmallIntegerField(_("line"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_roman = models.CharField(_("name (pinyin)"), max_length=120)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    # 大陸居民往來臺灣通行證 (mainland travel permit for Taiwan) number.
    permit_number = models.CharField(_("travel permit number"), max_length=12)

    class Meta:
        ordering = ["application", "line"]
        verbose_name = _("traveller")
        verbose_name_plural = _("travellers")
        constraints = [
            models.UniqueConstraint(fields=["application", "line"], name="quota_traveller_line_unique"),
            models.UniqueConstraint(fields=["application", "permit_number"], name="quota_traveller_permit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.name_roman})"


class QuotaPlace(models.Model):
    """One place of a day's quota given to one application. Numbers are handed out in order from
    the day's counter and never again; `released_at` marks a place given back (its capacity
    returns to the day, its number does not)."""

    # (day, number) is the primary key: unique, and no other index to write on every place given.
    pk = models.CompositePrimaryKey("quota_day", "number")
    quota_day = models.ForeignKey(QuotaDay, on_delete=models.CASCADE, related_name="places", db_index=False)
    number = models.PositiveIntegerField(_("place number"))
    application = models.ForeignKey(GroupApplication, on_delete=models.CASCADE, related_name="places", db_index=False)
    granted_at = models.DateTimeField(_("given"), auto_now_add=True)
    released_at = models.DateTimeField(_("given back"), null=True, blank=True)

    class Meta:
        ordering = ["quota_day", "number"]
        verbose_name = _("quota place")
        verbose_name_plural = _("quota places")
        constraints = [models.CheckConstraint(condition=Q(number__gte=1), name="quota_place_number_positive")]
        indexes = [models.Index(fields=["application", "released_at"], name="quota_place_app_idx")]

    def __str__(self) -> str:
        return f"{self.quota_day} #{self.number}"


class GroupEvent(models.Model):
    """A group application's history: every move, who made it and why. Append-only."""

    application = models.ForeignKey(GroupApplication, on_delete=models.CASCADE, related_name="events")
    before = models.CharField(max_length=12, choices=GroupApplication.Status.choices, blank=True)
    after = models.CharField(max_length=12, choices=GroupApplication.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("group application event")
        verbose_name_plural = _("group application events")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.before} -> {self.after}"
