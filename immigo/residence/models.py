"""The residence registry (residents, their permits, the flags that change how they are contacted)
and the expiry-reminder ladder (B06): one row per ladder step, per permit, per expiry date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Person, Unit


class Resident(models.Model):
    """A person living in Taiwan on a residence permit. Contacts (e-mail, mobile, postal address)
    and the preferred language are the registry person's; this row adds the natural keys the
    registry is loaded by and the flags that change how the agency may contact them."""

    person = models.OneToOneField(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="resident")
    # Natural keys of the bulk import: the unified ID number, or the passport for residents who
    # have none yet. Copied from the person so a national load needs no join to match.
    ui_number = models.CharField(_("unified ID number"), max_length=10, blank=True)
    passport_country = models.CharField(_("passport issuing country"), max_length=3, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    station = models.ForeignKey(Unit, verbose_name=_("service station"), on_delete=models.PROTECT, related_name="+")
    sms_allowed = models.BooleanField(_("notices by SMS"), default=True)
    # Domestic-violence protection (家暴): nothing is posted to the home address; notices go only
    # to the protected channel below, or through the station.
    protected = models.BooleanField(_("under domestic-violence protection"), default=False)
    protected_email = models.EmailField(_("protected e-mail"), blank=True)
    protected_phone = models.CharField(_("protected phone"), max_length=32, blank=True)
    # Left the country (出境): no reminders at all while abroad.
    departed_on = models.DateField(_("left the country on"), null=True, blank=True)
    # Detained: contacted through the detention centre by the station, never at home.
    detained_since = models.DateField(_("detained since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(fields=["ui_number"], condition=~Q(ui_number=""), name="residence_resident_ui_uniq"),
            models.UniqueConstraint(
                fields=["passport_country", "passport_number"],
                condition=~Q(passport_number=""),
                name="residence_resident_passport_uniq",
            ),
            models.CheckConstraint(condition=~Q(ui_number="") | ~Q(passport_number=""), name="residence_resident_has_natural_key"),
        ]

    def __str__(self) -> str:
        return self.ui_number or f"{self.passport_country} {self.passport_number}"


class Permit(models.Model):
    """One residence permit (card) of a resident. A renewal supersedes it with a new permit."""

    class Kind(models.TextChoices):
        FOREIGN_RESIDENT = "foreign_resident", _("Alien resident certificate (ARC)")
        MAINLAND_DEPENDENT = "mainland_dependent", _("Mainland spouse: dependent residence")
        MAINLAND_LONG_TERM = "mainland_long_term", _("Mainland spouse: long-term residence")
        HK_MACAO = "hk_macao", _("Hong Kong / Macao resident certificate")
        NO_REGISTRATION = "no_registration", _("National without household registration: residence")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        RENEWED = "renewed", _("Renewed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    resident = models.ForeignKey(Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="permits")
    number = models.CharField(_("permit number"), max_length=20, unique=True)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALID)
    station = models.ForeignKey(Unit, verbose_name=_("issuing station"), on_delete=models.PROTECT, related_name="+")
    renewed_from = models.OneToOneField(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )
    renewal_case = models.CharField(_("renewal receipt number"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("residence permit")
        verbose_name_plural = _("residence permits")
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gt=models.F("issued_on")), name="residence_permit_expires_after_issue"),
            # A resident holds one valid permit at a time.
            models.UniqueConstraint(fields=["resident"], condition=Q(status="valid"), name="residence_permit_one_valid"),
        ]
        indexes = [
            # The ladder and the dashboards select valid permits by expiry date (and station).
            models.Index(fields=["status", "expires_on"], name="residence_permit_due_idx"),
            models.Index(fields=["station", "status", "expires_on"], name="residence_permit_station_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class StaffLanguage(models.Model):
    """A language a staff member (typically an interpreter, Role.interpreter) can phone residents in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("staff language")
        verbose_name_plural = _("staff languages")
        constraints = [models.UniqueConstraint(fields=["user", "language"], name="residence_staff_language_uniq")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.language}"


class LetterBatch(models.Model):
    """The day's printed notices of one station, for residents with neither e-mail nor mobile:
    one PDF, ready to post."""

    station = models.ForeignKey(Unit, verbose_name=_("service station"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-day", "station__code"]
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
        constraints = [models.UniqueConstraint(fields=["station", "day"], name="residence_letter_batch_station_day_uniq")]

    def __str__(self) -> str:
        return f"{self.station_id}:{self.day}"


class LadderStep(models.Model):
    """One rung of the reminder ladder for one permit and one expiry date: the notice 15 days
    before, the phone call 7 days before, the field visit after a failed call. The database
    refuses a second row for the same permit, expiry date and step, so the sweep can run twice."""

    class Step(models.TextChoices):
        NOTICE = "notice", _("Expiry notice")
        CALL = "call", _("Phone call")
        VISIT = "visit", _("Field visit")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        FAILED = "failed", _("Not reached")
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        MESSAGE = "message", _("E-mail or SMS")
        LETTER = "letter", _("Letter by post")
        PROTECTED = "protected", _("Protected channel only")
        STATION = "station", _("Through the station")
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached: told what to bring")
        NO_ANSWER = "no_answer", _("No answer")
        WRONG_NUMBER = "wrong_number", _("Wrong or no number")
        MET = "met", _("Met the resident")
        NOT_FOUND = "not_found", _("Not found at the address")
        LEFT_COUNTRY = "left_country", _("Has left the country")
        RENEWED = "renewed", _("Renewed")
        SENT = "sent", _("Sent")
        POSTED = "posted", _("Posted")

    permit = models.ForeignKey(Permit, verbose_name=_("permit"), on_delete=models.PROTECT, related_name="ladder_steps")
    resident = models.ForeignKey(Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="ladder_steps")
    expires_on = models.DateField(_("expiry date"))
    step = models.CharField(_("step"), max_length=8, choices=Step.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    letter_batch = models.ForeignKey(
        LetterBatch, verbose_name=_("letter batch"), null=True, blank=True, on_delete=models.PROTECT, related_name="steps"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_on = models.DateField(_("created on"))
    due_on = models.DateField(_("due on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")
        constraints = [
            models.UniqueConstraint(fields=["permit", "expires_on", "step"], name="residence_ladder_step_uniq"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "step"], name="residence_step_queue_idx"),
            models.Index(fields=["status", "step", "expires_on"], name="residence_step_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.permit_id}:{self.expires_on}:{self.step}"


class LadderStepEvent(models.Model):
    """Append-only history of a ladder step: every status change, who made it and why."""

    step = models.ForeignKey(LadderStep, on_delete=models.CASCADE, related_name="events")
    before = models.CharField(_("before"), max_length=10)
    after = models.CharField(_("after"), max_length=10)
    outcome = models.CharField(_("outcome"), max_length=16, choices=LadderStep.Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("ladder step event")
        verbose_name_plural = _("ladder step events")

    def __str__(self) -> str:
        return f"{self.step_id}: {self.before} -> {self.after}"
