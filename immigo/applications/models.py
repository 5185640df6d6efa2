"""Cases (applications), their append-only history, documents, one-time notices, rejection
proposals and the documents the agency issues."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.core.models import Person, Unit


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting documents")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ISSUED = "issued", _("Issued")
    COLLECTED = "collected", _("Collected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At a counter")


class Pickup(models.TextChoices):
    DOWNLOAD = "download", _("Download and print online")
    COUNTER = "counter", _("Collect at the service station")
    POST = "post", _("By registered post")


class Case(models.Model):
    receipt_number = models.CharField(_("receipt number"), max_length=24, unique=True)
    service_code = models.CharField(_("service"), max_length=8, db_index=True)
    applicant = models.ForeignKey(Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="cases")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("online account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The travel agency, school or employer that filed it for the applicant, if any.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("filed by organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    data = models.JSONField(_("application data"), default=dict)
    language = models.CharField(_("language for notices"), max_length=10, default="zh-hant")
    notify_email = models.EmailField(_("e-mail for notices"), blank=True)
    notify_phone = models.CharField(_("mobile for SMS notices"), max_length=32, blank=True)
    notify_by_sms = models.BooleanField(_("send SMS notices"), default=False)
    pickup = models.CharField(_("pickup method"), max_length=10, choices=Pickup.choices)
    fee_amount = models.PositiveIntegerField(_("fee (NT$)"), default=0)
    fee_paid_at = models.DateTimeField(_("fee paid"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_on = models.DateField(_("submission date (Taipei)"))
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    due_date = models.DateField(_("due date"))
    paused_since = models.DateField(_("clock paused since"), null=True, blank=True)
    paused_remaining_days = models.SmallIntegerField(_("working days left when paused"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="case_work_queue"),
            models.Index(fields=["applicant", "submitted_on"], name="case_applicant_recent"),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None


class CaseEvent(models.Model):
    """One step in a case's history. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=32)
    before = models.CharField(max_length=24, blank=True)
    after = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True, help_text="shown to the applicant")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("case history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("case history is append-only")


def _document_path(instance: CaseDocument, filename: str) -> str:
    return f"cases/{instance.case.receipt_number}/{instance.sha256[:16]}-{instance.requirement_code}"


class SupplementRequest(models.Model):
    """A one-time notice (一次告知單): every missing item, listed at once."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supplements")
    items = models.JSONField(_("missing items"))
    note = models.TextField(_("note to the applicant"), blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respond_by = models.DateField(_("supply by"))
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    fulfilled_via = models.CharField(max_length=10, choices=Channel.choices, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("one-time notice")
        verbose_name_plural = _("one-time notices")

    def __str__(self) -> str:
        return f"{self.case} one-time notice {self.issued_at:%Y-%m-%d}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    requirement_code = models.CharField(max_length=40)
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    supplement = models.ForeignKey(SupplementRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    seen_at_counter = models.BooleanField(default=False, help_text="original checked at the counter; no file kept")

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.requirement_code}"


class RejectionProposal(models.Model):
    """A rejection needs two officers: one proposes, a different one confirms."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Awaiting a second officer")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rejection_proposals")
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.OPEN)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(outcome="open"), name="one_open_rejection_proposal"),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")) | models.Q(outcome="withdrawn"),
                name="rejection_confirmed_by_second_officer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} rejection ({self.outcome})"


class IssuedDocument(models.Model):
    """A permit or certificate the agency issued. Its payload is signed (Ed25519) so anyone can
    verify a printed copy by its QR code without trusting the paper."""

    class Kind(models.TextChoices):
        HK_MACAO_ENTRY_PERMIT = "hkm_entry_permit", _("Entry permit for Hong Kong/Macao residents")
        ENTRY_EXIT_CERTIFICATE = "entry_exit_certificate", _("Certificate of entry/exit dates")
        RESIDENCE_CERTIFICATE = "residence_certificate", _("Residence certificate (address updated)")
        TRAVEL_AUTHORISATION = "travel_authorisation", _("Travel authorisation certificate (online pre-arrival check)")
        BUSINESS_FAST_TRACK = "business_fast_track", _("Fast-track clearance approval for foreign business people")
        FOREIGN_RESIDENCE_PROOF = "foreign_residence_proof", _("Certificate of residence of a foreigner")
        IMMIGRATION_PROFESSIONAL = "immigration_professional", _("Immigration professional qualification certificate")
        MATCHMAKING_PERMIT = "matchmaking_permit", _("Cross-border marriage matchmaking business permit")
        APRC_EXIT_REPORT = "aprc_exit_report", _("Acknowledgement of a permanent resident's exit report")
        LOST_PASSPORT_REPORT = "lost_passport_report", _("Certificate of a lost foreign passport report")
        RESIDENCE_EXTENSION = "residence_extension", _("Extension of residence (mainland residents)")
        MAINLAND_TOURISM_PERMIT = "mainland_tourism_permit", _("Exit and entry permit for mainland tourists")
        KINMEN_MATSU_QUICK_PERMIT = "kinmen_matsu_quick_permit", _("Mini Three Links quick permit for Kinmen and Matsu")
        CONSCRIPT_EXIT_APPROVAL = "conscript_exit_approval", _("Exit approval for a man of conscription age")
        UI_NUMBER_NOTICE = "ui_number_notice", _("Notice of a unified ID number")
        REUNION_PERIOD_STATEMENT = "reunion_period_statement", _("Statement of the credited reunion period")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="issued_document")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=24, unique=True)
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="issued_documents")
    issued_at = models.DateTimeField(default=timezone.now)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    payload = models.JSONField(help_text="the signed fields, exactly as signed")
    signature = models.CharField(max_length=200)
    key_id = models.CharField(max_length=40)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self) -> str:
        return self.number


class LookupGuard(models.Model):
    """Wrong birth dates given for one receipt number on one day (A18 allows 5)."""

    key = models.CharField(max_length=64)
    day = models.DateField()
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="lookup_guard_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.failures}"
