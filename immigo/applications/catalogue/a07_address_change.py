"""A07: change of address on residence documents (居停留證件網路申請變更地址).

The case is reviewed by the station that serves the applicant's (new) county of residence; the
officer may send a one-time notice for missing proof. On approval the registry's address is
updated (audited) and a residence certificate with the new address is issued for collection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.audit import audit_record
from immigo.core.models import County

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .b05_work_permit_annotation import RESIDENCE_BASIS_CHOICES, work_annotation_applies
from .b11_cross_county_intake import route_by_county
from .base import ApplicantForm, ApplicantKind, DateInput, DocumentRequirement, IdentityNumberField, Service

HOUSING_CHOICES = [
    ("owned", _("I own it")),
    ("rented", _("I rent it")),
    ("family", _("I live with family or a host")),
    ("dormitory", _("Employer's or school's dormitory")),
]


class AddressChangeForm(ApplicantForm):
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}),
        label=_("Unified ID number (on your resident certificate)"),
    )
    county = forms.ModelChoiceField(label=_("New county or city"), queryset=County.objects.order_by("code"), empty_label=None)
    new_address = forms.CharField(label=_("New address"), max_length=200)
    moved_on = forms.DateField(label=_("Date you moved"), widget=DateInput())
    housing = forms.ChoiceField(label=_("The new home is"), choices=HOUSING_CHOICES)
    residence_basis = forms.ChoiceField(label=_("Basis of your residence"), choices=RESIDENCE_BASIS_CHOICES, required=False)

    def clean_moved_on(self) -> dt.date:
        from immigo.core.calendar import local_today

        value: dt.date = self.cleaned_data["moved_on"]
        if value > local_today():
            raise forms.ValidationError(_("Report the change after you have moved."))
        return value


def station_for_county(county_id: int) -> Any:
    """The service station of a county (the first one where a city has two)."""
    from immigo.core.models import Unit

    station = Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, county_id=county_id, is_active=True).order_by("id").first()
    return station or Unit.objects.get(code="hq-entry-exit")


def _route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    # B11: whichever station takes the case in, the station of the new county decides it.
    return route_by_county(data, counter_unit)


def apply_new_address(case: Case) -> None:
    person = case.applicant
    before = {"address": person.address, "county_id": person.county_id}
    person.address = case.data["new_address"]
    person.county_id = int(case.data["county"])
    person.save(update_fields=["address", "county", "updated_at"])
    audit_record(
        actor=None,
        action="update",
        obj=person,
        person_id=person.pk,
        purpose=f"A07 address change approved, case {case.receipt_number}",
        details={"before": before, "after": {"address": person.address, "county_id": person.county_id}},
    )


def residence_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date | None, dt.date | None]:
    person = case.applicant
    payload = {
        "t": IssuedDocument.Kind.RESIDENCE_CERTIFICATE.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(person.ui_number or ""),
        "ad": case.data["new_address"],
    }
    if work_annotation_applies(basis=case.data.get("residence_basis", ""), issued_on=today):
        payload["wp"] = 1  # B05
    return payload, today, None


SERVICE = Service(
    code="A07",
    slug="address-change",
    name=_("Change of address on a residence document"),
    summary=_(
        "Residents with a resident certificate report a new address. Your service station reviews it and may ask "
        "for missing proof in one notice; collect the updated certificate at the station."
    ),
    form_class=AddressChangeForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_RESIDENT, ApplicantKind.MAINLAND_RESIDENT, ApplicantKind.HK_MACAO_RESIDENT}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.COUNTER,),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("resident_certificate", _("Your resident certificate (both sides)")),
        DocumentRequirement("ownership_proof", _("Proof of ownership of the home"), condition=lambda d: d.get("housing") == "owned"),
        DocumentRequirement("lease", _("Lease contract"), condition=lambda d: d.get("housing") == "rented"),
        DocumentRequirement(
            "host_consent",
            _("The host's consent and proof of their household registration or ownership"),
            condition=lambda d: d.get("housing") == "family",
        ),
        DocumentRequirement(
            "dormitory_certificate",
            _("Certificate of accommodation from the employer or school"),
            condition=lambda d: d.get("housing") == "dormitory",
        ),
    ),
    issues=IssuedDocument.Kind.RESIDENCE_CERTIFICATE,
    route=_route,
    document_payload=residence_payload,
    on_approved=apply_new_address,
)
