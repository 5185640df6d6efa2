"""B03: extension of residence for mainland residents, with special extension cases forwarded to
headquarters and a reply slip for the applicant (列印申請延期特延案件回復單).

Rules:
- seed B03: when a station accepts a mainland resident's extension that must go to headquarters
  for review (a special extension, 特延), it prints a reply slip for the applicant to keep. The
  station forwards the case (Action.FORWARD) to the Entry-Exit Affairs Division; the slip names
  the receipt, the unit now deciding, the due date and how to follow the case.
- an extension is asked for within the 30 days before the residence expires (service-rules §8).
- B05: mainland spouses with dependent or long-term residence get the annotation 「持證人工作不須申
  請工作許可」 on the extension document.
- B09: the notarial certificate of kinship is waived when the applicant declares an earlier visit
  (「曾經來臺」) and the station verifies the earlier record.
The seed gives no fee or time limit for the extension ([Not specified]): declared here as free
and 5 working days at the station (EXTENSION_WORKING_DAYS), a figure to confirm against the
agency's time-limit table (B10).
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
from .b05_work_permit_annotation import MAINLAND_SPOUSE_DEPENDENT, MAINLAND_SPOUSE_LONG_TERM, work_annotation_applies
from .b09_kinship_certificate_waiver import KINSHIP_CERTIFICATE, EarlierVisitFields, check_earlier_record
from .base import ApplicantForm, ApplicantKind, DateInput, DocumentRequirement, IdentityNumberField, Service

APPLY_WITHIN_DAYS_BEFORE_EXPIRY = 30
EXTENSION_WORKING_DAYS = 5
HEADQUARTERS = "hq-entry-exit"

RESIDENCE_KIND_CHOICES = [
    (MAINLAND_SPOUSE_DEPENDENT, _("Dependent residence as the spouse of a citizen (依親居留)")),
    (MAINLAND_SPOUSE_LONG_TERM, _("Long-term residence as the spouse of a citizen (長期居留)")),
    ("dependent_relative", _("Dependent residence with another relative")),
]
SPECIAL_REASON_CHOICES = [
    ("", _("None: an ordinary extension")),
    ("spouse_died", _("The spouse in Taiwan has died")),
    ("divorce_custody", _("Divorced, with custody of a child in Taiwan")),
    ("domestic_violence", _("Victim of domestic violence")),
    ("litigation", _("Party to court proceedings in Taiwan")),
    ("illness", _("Serious illness or pregnancy")),
    ("other", _("Another special reason")),
]


class MainlandResidenceExtensionForm(EarlierVisitFields, ApplicantForm):
    nationality = forms.CharField(widget=forms.HiddenInput, initial="CHN", max_length=3, min_length=3)  # type: ignore[assignment]
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}), label=_("Unified ID number (on your residence permit)")
    )
    residence_kind = forms.ChoiceField(label=_("Kind of residence"), choices=RESIDENCE_KIND_CHOICES)
    permit_number = forms.CharField(label=_("Residence permit number"), max_length=20)
    permit_expiry = forms.DateField(label=_("Residence permit valid until"), widget=DateInput())
    requested_until = forms.DateField(label=_("Extend until"), widget=DateInput())
    special_reason = forms.ChoiceField(label=_("Special circumstances (special extension)"), choices=SPECIAL_REASON_CHOICES, required=False)
    special_details = forms.CharField(
        label=_("Describe the special circumstances"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Address in Taiwan"), max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        expiry, until = data.get("permit_expiry"), data.get("requested_until")
        today = local_today()
        if expiry:
            if expiry < today:
                self.add_error(
                    "permit_expiry", _("The residence has expired: an extension is no longer possible. Ask the station for advice.")
                )
            elif (expiry - today).days > APPLY_WITHIN_DAYS_BEFORE_EXPIRY:
                self.add_error("permit_expiry", _("Apply within the 30 days before your residence expires."))
        if expiry and until and until <= expiry:
            self.add_error("requested_until", _("The extension must end after the current residence."))
        if data.get("special_reason") and not (data.get("special_details") or "").strip():
            self.add_error("special_details", _("Describe the special circumstances."))
        return data


def extension_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    data, person = case.data, case.applicant
    until = dt.date.fromisoformat(data["requested_until"])
    payload: dict[str, Any] = {
        "t": IssuedDocument.Kind.RESIDENCE_EXTENSION.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(person.ui_number or data["ui_number"]),
        "ad": data["address"],
        "vf": today.isoformat(),
        "vu": until.isoformat(),
    }
    if work_annotation_applies(basis=data.get("residence_kind", ""), issued_on=today):
        payload["wp"] = 1  # B05
    return payload, today, until


SERVICE = Service(
    code="B03",
    slug="mainland-residence-extension",
    name=_("Extension of residence for mainland residents"),
    summary=_(
        "Mainland residents extend their residence at the service station within the 30 days before it expires. "
        "Special extension cases go to headquarters for review; the station gives you a reply slip to keep. Free."
    ),
    form_class=MainlandResidenceExtensionForm,
    applicant_kinds=frozenset({ApplicantKind.MAINLAND_RESIDENT, ApplicantKind.AGENT}),
    channels=frozenset({Channel.COUNTER}),
    pickups=(Pickup.COUNTER,),
    fee=0,
    time_limit_working_days=EXTENSION_WORKING_DAYS,
    documents=(
        DocumentRequirement("residence_permit", _("Your residence permit")),
        DocumentRequirement("photo", _("Recent colour photo (2 inch)")),
        KINSHIP_CERTIFICATE,
        DocumentRequirement(
            "special_reason_proof",
            _("Proof of the special circumstances (death certificate, court papers, protection order, medical certificate)"),
            condition=lambda d: bool(d.get("special_reason")),
        ),
    ),
    auto_checks=(check_earlier_record,),
    issues=IssuedDocument.Kind.RESIDENCE_EXTENSION,
    legal_basis=_("Act Governing Relations between the People of the Taiwan Area and the Mainland Area, art. 17"),
    document_payload=extension_payload,
    forward_to=HEADQUARTERS,
)
