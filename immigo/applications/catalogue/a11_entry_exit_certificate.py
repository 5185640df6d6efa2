"""A11: certificate of entry/exit dates (入出國日期證明書).

Rules (service-rules.md §7): the certificate lists entry and exit dates only (no ports or
flights); anyone may apply, citizens or foreigners, in person or through an agent carrying a
letter of authorisation; fee NT$100 per copy. Online applications are answered within 3 working
days (the seed's online SLA), reviewed by staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.calendar import local_today

from ..documents.fields import crossing_digest, crossing_rows, mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import (
    ID_KIND_CHOICES,
    ApplicantForm,
    ApplicantKind,
    DateInput,
    DocumentRequirement,
    IdentityNumberField,
    Service,
)

FEE_PER_COPY = 100
MAX_COPIES = 10
EARLIEST_RECORD = dt.date(1950, 1, 1)


class EntryExitCertificateForm(ApplicantForm):
    id_kind = forms.ChoiceField(label=_("Identity document"), choices=ID_KIND_CHOICES)
    national_id = IdentityNumberField(kinds=frozenset({identifiers.IdKind.NATIONAL_ID}), label=_("National ID number"), required=False)
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}), label=_("Unified ID number"), required=False
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=20, required=False)
    passport_country = forms.CharField(label=_("Passport issued by (3-letter code)"), max_length=3, required=False)
    period_from = forms.DateField(label=_("Records from"), widget=DateInput())
    period_to = forms.DateField(label=_("Records until"), widget=DateInput())
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=MAX_COPIES, initial=1)
    purpose = forms.CharField(label=_("Purpose (e.g. tax, visa application)"), max_length=200)
    filed_by_agent = forms.BooleanField(label=_("I am applying on behalf of the person named above"), required=False)
    agent_name = forms.CharField(label=_("Agent's name"), max_length=120, required=False)
    pickup = forms.ChoiceField(
        label=_("How to receive the certificate"),
        choices=[(Pickup.COUNTER.value, Pickup.COUNTER.label), (Pickup.POST.value, Pickup.POST.label)],
    )
    station: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Service station for collection and payment"),
        queryset=None,
        empty_label=None,  # type: ignore[arg-type]
    )
    postal_address = forms.CharField(label=_("Postal address (for delivery by post)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from immigo.core.models import Unit

        self.fields["station"].queryset = Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, is_active=True).order_by("id")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("id_kind")
        if kind == "national_id" and not data.get("national_id") and "national_id" not in self.errors:
            self.add_error("national_id", _("Enter the national ID number."))
        if kind == "ui_number" and not data.get("ui_number") and "ui_number" not in self.errors:
            self.add_error("ui_number", _("Enter the unified ID number."))
        if kind == "passport":
            if not data.get("passport_number"):
                self.add_error("passport_number", _("Enter the passport number."))
            if not data.get("passport_country"):
                self.add_error("passport_country", _("Enter the country that issued the passport."))
        start, end = data.get("period_from"), data.get("period_to")
        if start and end:
            if start > end:
                self.add_error("period_to", _("The end of the period must be after its start."))
            if end > local_today():
                self.add_error("period_to", _("The period cannot end in the future."))
            if start < EARLIEST_RECORD:
                self.add_error("period_from", _("Records start in 1950."))
        if data.get("filed_by_agent") and not data.get("agent_name"):
            self.add_error("agent_name", _("Enter the agent's name."))
        if data.get("pickup") == Pickup.POST and not data.get("postal_address"):
            self.add_error("postal_address", _("Enter the address to post the certificate to."))
        if data.get("passport_number"):
            data["passport_number"] = "".join(data["passport_number"].split()).upper()
        if data.get("passport_country"):
            data["passport_country"] = data["passport_country"].strip().upper()
        return data


def _route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    from immigo.core.models import Unit

    if counter_unit is not None:
        return counter_unit
    return Unit.objects.get(pk=data["station"])


def certificate_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date | None, dt.date | None]:
    start = dt.date.fromisoformat(case.data["period_from"])
    end = dt.date.fromisoformat(case.data["period_to"])
    rows = crossing_rows(person_id=case.applicant_id, start=start, end=end)
    person = case.applicant
    payload = {
        "t": IssuedDocument.Kind.ENTRY_EXIT_CERTIFICATE.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(person.identity_number or case.data.get("passport_number", "")),
        "ps": start.isoformat(),
        "pe": end.isoformat(),
        "cx": len(rows),
        "ch": crossing_digest(rows),
    }
    return payload, today, None


SERVICE = Service(
    code="A11",
    slug="entry-exit-certificate",
    name=_("Certificate of entry/exit dates"),
    summary=_(
        "A certificate of the dates you entered and left the country in a period. Apply online or at any service "
        "station; NT$100 per copy, paid when you collect it."
    ),
    form_class=EntryExitCertificateForm,
    applicant_kinds=frozenset(
        {
            ApplicantKind.CITIZEN,
            ApplicantKind.NATIONAL_NO_REGISTRATION,
            ApplicantKind.HK_MACAO_RESIDENT,
            ApplicantKind.MAINLAND_RESIDENT,
            ApplicantKind.FOREIGN_RESIDENT,
            ApplicantKind.FOREIGN_VISITOR,
            ApplicantKind.AGENT,
        }
    ),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.COUNTER, Pickup.POST),
    fee=FEE_PER_COPY,
    fee_per="copy",
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("identity_document", _("Identity document of the applicant (ID card, resident certificate or passport)")),
        DocumentRequirement(
            "authorisation_letter",
            _("Letter of authorisation signed by the applicant"),
            condition=lambda d: bool(d.get("filed_by_agent")),
        ),
        DocumentRequirement(
            "agent_identity",
            _("Identity document of the agent"),
            condition=lambda d: bool(d.get("filed_by_agent")),
        ),
    ),
    issues=IssuedDocument.Kind.ENTRY_EXIT_CERTIFICATE,
    route=_route,
    document_payload=certificate_payload,
)
