"""A09: fast-track clearance for foreign business people (外籍商務人士快速查驗通關).

Basis: the operating rules for fast-track clearance of foreign business people (外籍商務人士快速查驗
通關作業要點). A sponsoring company (an organisation of kind ``sponsor_company``) files for each of
its travellers; the Entry-Exit Affairs Division reviews; an approval is a signed document the
traveller shows at the airport's fast-track lane. The approvals are listed for the sponsor, and
the traveller and the sponsor look them up and download them.

The seed does not give the approval criteria, validity or fields ([Not specified]). Declared here:
- the traveller is a foreign national with a passport valid at least 6 more months, holding a
  senior post (executive, manager or senior specialist) at the sponsor or at a company it does
  business with (then with proof of the business relation);
- the approval is valid 1 year from approval, or until the passport expires if sooner
  (APPROVAL_VALID_MONTHS, a figure to confirm against the operating rules);
- free of charge; 3 working days (the agency's online answer time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, NotFoundError, RateLimitedError
from immigo.core.throttle import throttle_hit

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup, Status
from .base import ApplicantForm, ApplicantKind, CheckContext, CheckResult, DateInput, DocumentRequirement, Service, add_months

APPROVAL_VALID_MONTHS = 12
PASSPORT_MIN_VALIDITY_MONTHS = 6
SPONSOR_KIND = "sponsor_company"

POSITION_CHOICES = [
    ("executive", _("Chairman, director or chief executive")),
    ("manager", _("Manager or head of department")),
    ("specialist", _("Senior specialist or engineer")),
]
RELATION_CHOICES = [
    ("employee", _("Employed by the sponsoring company or its group")),
    ("partner", _("Employed by a business partner of the sponsoring company")),
]


class BusinessFastTrackForm(ApplicantForm):
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    passport_country = forms.CharField(label=_("Passport issued by (3-letter code)"), max_length=3, min_length=3)
    passport_expiry = forms.DateField(label=_("Passport valid until"), widget=DateInput())
    employer_name = forms.CharField(label=_("Traveller's employer"), max_length=160)
    relation = forms.ChoiceField(label=_("Relation to the sponsoring company"), choices=RELATION_CHOICES)
    position = forms.ChoiceField(label=_("Position"), choices=POSITION_CHOICES)
    job_title = forms.CharField(label=_("Job title"), max_length=120)
    purpose = forms.CharField(label=_("Business purpose of the visits"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean_passport_country(self) -> str:
        value = self.cleaned_data["passport_country"].strip().upper()
        if not value.isalpha():
            raise forms.ValidationError(_("Use the three-letter country code, e.g. TWN or VNM."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("nationality") == "TWN":
            self.add_error("nationality", _("Fast-track clearance is for foreign nationals."))
        return data


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def check_filed_by_sponsor(ctx: CheckContext) -> CheckResult:
    """Only a sponsoring company files: its id is added by the sponsor's pages, never by the form."""
    return CheckResult.passes_if(
        bool(ctx.data.get("sponsor_id")),
        code="filed_by_sponsor",
        field=None,
        message=_("Fast-track applications are filed by the sponsoring company through its organisation login."),
    )


def check_passport_validity(ctx: CheckContext) -> CheckResult:
    ok = _as_date(ctx.data["passport_expiry"]) >= add_months(ctx.today, PASSPORT_MIN_VALIDITY_MONTHS)
    return CheckResult.passes_if(
        ok, code="passport_validity", field="passport_expiry", message=_("The passport must be valid for at least 6 more months.")
    )


def approval_valid_until(approved_on: dt.date, passport_expiry: dt.date) -> dt.date:
    return min(add_months(approved_on, APPROVAL_VALID_MONTHS) - dt.timedelta(days=1), passport_expiry)


def _route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    from immigo.core.models import Unit

    return Unit.objects.get(code="hq-entry-exit")


def approval_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    data, person = case.data, case.applicant
    valid_until = approval_valid_until(today, _as_date(data["passport_expiry"]))
    payload = {
        "t": IssuedDocument.Kind.BUSINESS_FAST_TRACK.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "na": person.nationality,
        "pp": f"{data['passport_country']} {mask_number(data['passport_number'])}",
        "sp": data.get("sponsor_name", ""),
        "vf": today.isoformat(),
        "vu": valid_until.isoformat(),
        "en": "multiple",
    }
    return payload, today, valid_until


SERVICE = Service(
    code="A09",
    slug="business-fast-track",
    name=_("Fast-track clearance for foreign business people"),
    summary=_(
        "Sponsoring companies apply for their foreign business travellers to use the fast-track lanes at international "
        "airports. Approvals are listed for the company; the traveller and the company download them. Free of charge."
    ),
    form_class=BusinessFastTrackForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_VISITOR}),
    channels=frozenset({Channel.ONLINE}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("passport_copy", _("Copy of the traveller's passport (data page)")),
        DocumentRequirement("employment_proof", _("Proof of the traveller's post (letter from the employer)")),
        DocumentRequirement(
            "business_relation_proof",
            _("Proof of the business relation with the sponsoring company (contract or order)"),
            condition=lambda d: d.get("relation") == "partner",
        ),
    ),
    auto_checks=(check_filed_by_sponsor, check_passport_validity),
    issues=IssuedDocument.Kind.BUSINESS_FAST_TRACK,
    legal_basis=_("Operating rules for fast-track clearance of foreign business people"),
    route=_route,
    document_payload=approval_payload,
    organisation_kinds=frozenset({SPONSOR_KIND}),
)


# --- the sponsoring company's filings and the lookups -------------------------------------------

# Guessable lookups (passport number + date of birth): per client address and window.
LOOKUPS_PER_CLIENT = 10
LOOKUP_WINDOW_SECONDS = 600


class SponsorInactiveError(DomainError):
    code = "sponsor_inactive"
    message = _("Your company's account is suspended: it cannot file new applications.")
    status = 403


class FastTrackApprovalNotFoundError(NotFoundError):
    code = "fast_track_not_found"
    message = _("No approval matches this passport number and date of birth.")


@transaction.atomic
def fast_track_submit(
    *, organisation: Any, by: User, data: Mapping[str, Any], files: Mapping[str, UploadedFile] | None = None, language: str
) -> Case:
    """The sponsoring company files for a traveller. Guarantees: only an active login of an active
    sponsoring company files; the case names the company; nothing is saved if anything fails; the
    filing is audited."""
    from immigo.organisations.selectors import membership_get

    from ..services import Submission, application_submit

    membership_get(user=by, organisation=organisation, kinds={SPONSOR_KIND})
    if not organisation.licence_valid_on(calendar.local_today()):
        raise SponsorInactiveError()
    submission = Submission(
        service=SERVICE,
        data={**data, "sponsor_id": organisation.pk, "sponsor_name": organisation.name},
        files=files or {},
        channel=Channel.ONLINE,
        language=language,
    )
    case = application_submit(submission=submission, by=by)
    Case.objects.filter(pk=case.pk).update(organisation=organisation)
    case.organisation = organisation
    audit_record(
        actor=by,
        action="create",
        obj=case,
        person_id=case.applicant_id,
        purpose="A09 fast-track application filed by the sponsoring company",
        details={"organisation": organisation.pk},
    )
    return case


def fast_track_list_for_sponsor(*, organisation: Any) -> QuerySet[Case]:
    """The company's fast-track cases, newest first, with their approvals."""
    return (
        Case.objects.filter(organisation=organisation, service_code=SERVICE.code)
        .select_related("applicant", "issued_document")
        .order_by("-submitted_at", "-id")
    )


def fast_track_get_for_sponsor(*, organisation: Any, receipt_number: str) -> Case:
    case = fast_track_list_for_sponsor(organisation=organisation).filter(receipt_number=receipt_number).first()
    if case is None:
        raise NotFoundError()
    return case


def fast_track_lookup(*, passport_number: str, date_of_birth: dt.date, client_key: str) -> IssuedDocument:
    """The traveller's latest approval, by passport number and date of birth. Rate-limited per
    client; an unknown passport and a wrong date of birth read the same."""
    if throttle_hit(scope="a09-lookup", client_key=client_key, limit=LOOKUPS_PER_CLIENT, window_seconds=LOOKUP_WINDOW_SECONDS):
        raise RateLimitedError()
    number = "".join(passport_number.split()).upper()
    document = (
        IssuedDocument.objects.filter(
            kind=IssuedDocument.Kind.BUSINESS_FAST_TRACK,
            case__data__passport_number=number,
            holder__date_of_birth=date_of_birth,
            case__status__in=[Status.ISSUED, Status.COLLECTED],
        )
        .select_related("case", "holder")
        .order_by("-issued_at")
        .first()
    )
    if document is None:
        raise FastTrackApprovalNotFoundError()
    return document
