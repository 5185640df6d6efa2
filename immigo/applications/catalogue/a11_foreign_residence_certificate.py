"""A11 (1 of the 2011 online applications): certificate of a foreigner's residence (外國人居留證明).

A foreign resident (holding a resident certificate and unified ID number) asks for a certificate
that they reside in Taiwan, for a period they name, at their registered address. The station of
the applicant's county reviews (B11: any station may take it in at the counter); the answer
falls under the 3-working-day online answer time of the 2011 online services (seed A11). The seed
gives no fee for this certificate; it is charged like the other certificate of the same batch
(NT$100 per copy, the entry/exit date certificate's fee), collected when it is picked up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.calendar import local_today

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .b11_cross_county_intake import county_field, route_by_county
from .base import ApplicantForm, ApplicantKind, DateInput, DocumentRequirement, IdentityNumberField, Service

FEE_PER_COPY = 100
MAX_COPIES = 10

PURPOSE_CHOICES = [
    ("tax", _("Tax or social insurance")),
    ("bank", _("Bank or financial institution")),
    ("home_country", _("Authorities of my home country")),
    ("naturalisation", _("Naturalisation or permanent residence elsewhere")),
    ("other", _("Other")),
]


class ForeignResidenceCertificateForm(ApplicantForm):
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}),
        label=_("Unified ID number (on your resident certificate)"),
    )
    resident_certificate_expiry = forms.DateField(label=_("Resident certificate valid until"), widget=DateInput())
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    county = county_field()
    address = forms.CharField(label=_("Address in Taiwan"), max_length=200)
    period_from = forms.DateField(label=_("Residence to be certified from"), widget=DateInput())
    period_to = forms.DateField(label=_("Residence to be certified until"), widget=DateInput())
    purpose = forms.ChoiceField(label=_("Purpose of the certificate"), choices=PURPOSE_CHOICES)
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=MAX_COPIES, initial=1)
    pickup = forms.ChoiceField(
        label=_("How to receive the certificate"),
        choices=[(Pickup.COUNTER.value, Pickup.COUNTER.label), (Pickup.POST.value, Pickup.POST.label)],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = local_today()
        expiry = data.get("resident_certificate_expiry")
        if expiry and expiry < today:
            self.add_error(
                "resident_certificate_expiry",
                _("Your resident certificate has expired: extend your residence first. This certificate is for current residents."),
            )
        start, end = data.get("period_from"), data.get("period_to")
        if start and end:
            if start > end:
                self.add_error("period_to", _("The end of the period must be after its start."))
            if end > today:
                self.add_error("period_to", _("The period cannot end in the future."))
        if data.get("passport_number"):
            data["passport_number"] = "".join(data["passport_number"].split()).upper()
            data["passport_country"] = data.get("nationality", "")
        return data


def certificate_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date | None, dt.date | None]:
    data, person = case.data, case.applicant
    payload = {
        "t": IssuedDocument.Kind.FOREIGN_RESIDENCE_PROOF.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "na": person.nationality,
        "id": mask_number(person.ui_number or data["ui_number"]),
        "ad": data["address"],
        "ps": data["period_from"],
        "pe": data["period_to"],
    }
    return payload, today, None


SERVICE = Service(
    code="A11-RC",
    slug="foreign-residence-certificate",
    name=_("Certificate of residence for foreigners"),
    summary=_(
        "Foreign residents ask for a certificate that they reside in Taiwan. The station of your county reviews it "
        "within 3 working days; NT$100 per copy, paid when you collect it."
    ),
    form_class=ForeignResidenceCertificateForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_RESIDENT, ApplicantKind.AGENT}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.COUNTER, Pickup.POST),
    fee=FEE_PER_COPY,
    fee_per="copy",
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("resident_certificate", _("Your resident certificate (both sides)")),
        DocumentRequirement("passport_copy", _("Passport (data page)")),
    ),
    issues=IssuedDocument.Kind.FOREIGN_RESIDENCE_PROOF,
    legal_basis=_("Immigration Act; online services of 2011"),
    route=route_by_county,
    document_payload=certificate_payload,
)
