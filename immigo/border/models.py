"""Border records: crossings (the entry/exit records certificates and computations build on), the
register of exit bans with every query made of it (A06), proxies' signed authorisations, the
one-time codes that prove a second factor, and officers' reunion-period computations (A16)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Person, Unit


class Crossing(models.Model):
    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="crossings")
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    at = models.DateTimeField(_("date and time"))
    port = models.CharField(_("port"), max_length=80)
    flight = models.CharField(_("flight or voyage"), max_length=20, blank=True)
    document_number = models.CharField(_("travel document number"), max_length=20, blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("border crossing")
        verbose_name_plural = _("border crossings")
        indexes = [models.Index(fields=["person", "at"], name="crossing_person_at")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.at:%Y-%m-%d} {self.port}"


class ExitBan(models.Model):
    """A ban on leaving the country imposed by another authority and notified to the agency.

    The person who asks learns only whether a ban is in force and which authority to contact;
    the legal basis, the authority's reference and the dates stay with the staff who keep the
    register."""

    class Authority(models.TextChoices):
        MILITARY_SERVICE = "military_service", _("Military service authority")
        CUSTOMS = "customs", _("Customs")
        FINANCE = "finance", _("Finance authority")
        TAX = "tax", _("Tax authority")
        COURT = "court", _("Court")
        PROSECUTOR = "prosecutor", _("Prosecutors' office")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="exit_bans")
    authority_kind = models.CharField(_("kind of authority"), max_length=20, choices=Authority.choices)
    imposed_by = models.CharField(_("authority that imposed the ban"), max_length=120)
    contact_authority = models.CharField(_("authority to contact"), max_length=120)
    contact_phone = models.CharField(_("its telephone"), max_length=40)
    contact_address = models.CharField(_("its address"), max_length=200, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    reference = models.CharField(_("the authority's reference"), max_length=60, blank=True)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"), null=True, blank=True, help_text=_("Leave empty when the ban has no end date."))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lift_reason = models.CharField(_("reason for lifting"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("registered by unit"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("exit ban")
        verbose_name_plural = _("exit bans")
        indexes = [models.Index(fields=["person", "starts_on"], name="exitban_person_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")), name="exitban_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True, lifted_by__isnull=True, lift_reason="")
                | models.Q(lifted_at__isnull=False, lifted_by__isnull=False) & ~models.Q(lift_reason=""),
                name="exitban_lifted_with_officer_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_authority_kind_display()} {self.starts_on}"


class ProxyAuthorisation(models.Model):
    """A proxy's request to learn whether someone else is banned from leaving (A06 by proxy).

    The proxy uploads the principal's signed letter of authorisation with the principal's ID
    number and date of birth; an officer checks the letter against the register before the
    proxy sees any answer, and the answer can be read once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        VERIFIED = "verified", _("Authorisation verified")
        REJECTED = "rejected", _("Authorisation refused")
        ANSWERED = "answered", _("Answered")
        EXPIRED = "expired", _("Expired unanswered")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proxy"), on_delete=models.PROTECT, related_name="exit_ban_authorisations"
    )
    principal_national_id = models.CharField(_("principal's national ID number"), max_length=10)
    principal_date_of_birth = models.DateField(_("principal's date of birth"))
    principal_name = models.CharField(_("principal's name"), max_length=120)
    relationship = models.CharField(_("relationship to the principal"), max_length=80)
    letter_signed_on = models.DateField(_("letter signed on"))
    letter = models.FileField(_("signed letter of authorisation"), upload_to="exit-ban-authorisations/%Y/%m/", max_length=200)
    letter_sha256 = models.CharField(max_length=64)
    letter_content_type = models.CharField(max_length=100)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.CharField(_("note"), max_length=300, blank=True)
    answer_until = models.DateField(_("answer available until"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("proxy authorisation")
        verbose_name_plural = _("proxy authorisations")
        constraints = [
            # One open request per proxy and principal: a proxy cannot queue the same person up.
            models.UniqueConstraint(
                fields=["proxy", "principal_national_id"],
                condition=models.Q(status__in=["pending", "verified"]),
                name="proxyauth_one_open_per_principal",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["verified", "answered"]) | models.Q(person__isnull=False, reviewed_by__isnull=False),
                name="proxyauth_verified_names_person_and_officer",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ProxyAuthorisationEvent(models.Model):
    """One step of a proxy authorisation. Append-only."""

    authorisation = models.ForeignKey(ProxyAuthorisation, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    before = models.CharField(max_length=12, blank=True)
    after = models.CharField(max_length=12)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.authorisation_id} {self.before}->{self.after}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("authorisation history is append-only")
        super().save(*args, **kwargs)


class ExitBanQuery(models.Model):
    """Every answer the register gave (A06): who asked, about whom, how they proved who they
    are, and whether a ban was in force. Kept beside the audit trail for the statistics."""

    class Mode(models.TextChoices):
        SELF = "self", _("The person themselves")
        PROXY = "proxy", _("A proxy with a signed authorisation")

    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(max_length=8, choices=Mode.choices)
    authorisation = models.OneToOneField(ProxyAuthorisation, null=True, blank=True, on_delete=models.PROTECT, related_name="query")
    second_factor = models.CharField(max_length=8)
    banned = models.BooleanField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode="self", authorisation__isnull=True) | models.Q(mode="proxy", authorisation__isnull=False),
                name="exitbanquery_proxy_has_authorisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.mode}"


class EmailCode(models.Model):
    """A one-time code e-mailed to a member of the public who has no authenticator app. Only a
    keyed hash of the code is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "purpose", "created_at"], name="emailcode_user_purpose")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class ReunionComputation(models.Model):
    """An officer's answer to an A16 request: the periods and the year-by-year result, as
    computed from the crossing records on that day."""

    case = models.ForeignKey("applications.Case", on_delete=models.PROTECT, related_name="reunion_computations")
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField()
    periods = models.JSONField()
    result = models.JSONField()

    class Meta:
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.as_of}"
