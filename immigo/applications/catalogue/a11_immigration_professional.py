"""A11 / N08: issuance of the immigration professional qualification certificate
(移民專業人員資格證明書核發申請).

Immigration consultancy firms (移民業務機構) must employ qualified immigration professionals. A citizen
who completed the agency's immigration professional training and passed its examination applies
for the certificate; the Immigration Affairs Division reviews. One of the 2011 online
applications: answered within 3 working days (seed A11).

The seed does not give the fee or the figures of the training ([Not specified]). Declared here:
adults (20 or over, the age of majority in 2011), a training completion certificate on file, no
certificate already held, and a fee of NT$1,000 (CERTIFICATE_FEE, a figure to confirm against the
fee schedule of the rules on immigration consultancy firms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import (
    ApplicantForm,
    ApplicantKind,
    CheckContext,
    CheckResult,
    DateInput,
    DocumentRequirement,
    IdentityNumberField,
    Service,
    Verdict,
)

CERTIFICATE_FEE = 1000
MINIMUM_AGE = 20


class ImmigrationProfessionalForm(ApplicantForm):
    national_id = IdentityNumberField(kinds=frozenset({identifiers.IdKind.NATIONAL_ID}), label=_("National ID number"))
    training_certificate_number = forms.CharField(label=_("Number of the training completion certificate"), max_length=30)
    training_completed_on = forms.DateField(label=_("Training completed on"), widget=DateInput())
    exam_passed_on = forms.DateField(label=_("Examination passed on"), widget=DateInput())
    firm_name = forms.CharField(label=_("Immigration consultancy firm you work for, if any"), max_length=160, required=False)
    postal_address = forms.CharField(label=_("Postal address"), max_length=200)
    pickup = forms.ChoiceField(
        label=_("How to receive the certificate"),
        choices=[(Pickup.POST.value, Pickup.POST.label), (Pickup.COUNTER.value, Pickup.COUNTER.label)],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        trained, passed = data.get("training_completed_on"), data.get("exam_passed_on")
        if trained and passed and passed < trained:
            self.add_error("exam_passed_on", _("The examination follows the training."))
        return data


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_adult(ctx: CheckContext) -> CheckResult:
    born = ctx.data["date_of_birth"]
    born = born if isinstance(born, dt.date) else dt.date.fromisoformat(born)
    return CheckResult.passes_if(
        _age_on(born, ctx.today) >= MINIMUM_AGE,
        code="adult",
        field="date_of_birth",
        message=_("Applicants must be at least 20 years old."),
    )


def check_no_certificate_held(ctx: CheckContext) -> CheckResult:
    if ctx.person is None:
        return CheckResult("no_certificate_held", Verdict.PASS)
    held = IssuedDocument.objects.filter(
        holder=ctx.person, kind=IssuedDocument.Kind.IMMIGRATION_PROFESSIONAL, revoked_at__isnull=True
    ).exists()
    return CheckResult.passes_if(
        not held,
        code="no_certificate_held",
        field=None,
        message=_("You already hold a qualification certificate. Ask for a replacement at a service station if it was lost."),
    )


def _route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    from immigo.core.models import Unit

    return Unit.objects.filter(code="hq-immigration").first() or Unit.objects.get(code="hq-entry-exit")


def certificate_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date | None, dt.date | None]:
    data, person = case.data, case.applicant
    payload = {
        "t": IssuedDocument.Kind.IMMIGRATION_PROFESSIONAL.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(person.national_id or data["national_id"]),
        "vf": today.isoformat(),
    }
    return payload, today, None


SERVICE = Service(
    code="A11-IP",
    slug="immigration-professional-certificate",
    name=_("Immigration professional qualification certificate"),
    summary=_(
        "For citizens who completed the immigration professional training and passed its examination, to work at "
        "an immigration consultancy firm. Reviewed by headquarters within 3 working days; NT$1,000."
    ),
    form_class=ImmigrationProfessionalForm,
    applicant_kinds=frozenset({ApplicantKind.CITIZEN}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.POST, Pickup.COUNTER),
    fee=CERTIFICATE_FEE,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("identity_card", _("National ID card (both sides)")),
        DocumentRequirement("training_certificate", _("Training completion certificate")),
        DocumentRequirement("exam_result", _("Examination result notice")),
        DocumentRequirement("photo", _("Recent colour photo (2 inch)")),
    ),
    auto_checks=(check_adult, check_no_certificate_held),
    issues=IssuedDocument.Kind.IMMIGRATION_PROFESSIONAL,
    legal_basis=_("Immigration Act, art. 56; rules on immigration consultancy firms and their staff"),
    route=_route,
    document_payload=certificate_payload,
)
