"""A11: a permanent resident's exit report (外僑永久居留證出國報備線上申請).

Rules (service-rules.md §6): a holder of an Alien Permanent Resident Certificate (APRC) who must
live abroad for study, medical treatment or another special reason reports the absence and asks
the agency's consent, so the absence does not count against the residence requirement (183 days
a year) and the APRC is not revoked. Each report covers at most 2 years; the holder reports again
for a longer absence. Free; one of the 2011 online applications, answered within 3 working days
by the station of the holder's county (B11: any station may take it in at the counter).
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

MAX_REPORT_YEARS = 2

REASON_CHOICES = [
    ("study", _("Study abroad")),
    ("medical", _("Medical treatment abroad")),
    ("other", _("Another special reason")),
]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class AprcExitReportForm(ApplicantForm):
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}), label=_("Unified ID number (on your APRC)")
    )
    aprc_number = forms.CharField(label=_("APRC number"), max_length=20)
    county = county_field()
    departure_date = forms.DateField(label=_("Date of departure"), widget=DateInput())
    return_date = forms.DateField(label=_("Expected date of return"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason for the absence"), choices=REASON_CHOICES)
    reason_details = forms.CharField(
        label=_("Details (school, hospital or the special reason)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    address_abroad = forms.CharField(label=_("Address abroad"), max_length=200)

    def clean_aprc_number(self) -> str:
        return "".join(self.cleaned_data["aprc_number"].split()).upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        leave, back = data.get("departure_date"), data.get("return_date")
        if leave and back:
            if back <= leave:
                self.add_error("return_date", _("The return must be after the departure."))
            elif back > add_years(leave, MAX_REPORT_YEARS):
                self.add_error("return_date", _("One report covers at most 2 years. Report again before it ends."))
            if back < local_today():
                self.add_error("return_date", _("The absence has already ended."))
        return data


def report_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    data, person = case.data, case.applicant
    start, end = dt.date.fromisoformat(data["departure_date"]), dt.date.fromisoformat(data["return_date"])
    payload = {
        "t": IssuedDocument.Kind.APRC_EXIT_REPORT.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "na": person.nationality,
        "id": mask_number(person.ui_number or data["ui_number"]),
        "rs": data["reason"],
        "vf": start.isoformat(),
        "vu": end.isoformat(),
    }
    return payload, start, end


SERVICE = Service(
    code="A11-EX",
    slug="aprc-exit-report",
    name=_("Exit report of a permanent resident (APRC holder)"),
    summary=_(
        "Permanent residents who must live abroad for study, medical treatment or another special reason report the "
        "absence, up to 2 years per report, so that their permanent residence is kept. Free; answered within 3 working days."
    ),
    form_class=AprcExitReportForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_RESIDENT, ApplicantKind.AGENT}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("aprc", _("Your APRC (both sides)")),
        DocumentRequirement(
            "enrolment_proof", _("Proof of admission or enrolment at the school"), condition=lambda d: d.get("reason") == "study"
        ),
        DocumentRequirement("medical_proof", _("Doctor's or hospital's certificate"), condition=lambda d: d.get("reason") == "medical"),
        DocumentRequirement("special_reason_proof", _("Proof of the special reason"), condition=lambda d: d.get("reason") == "other"),
    ),
    issues=IssuedDocument.Kind.APRC_EXIT_REPORT,
    legal_basis=_("Immigration Act, art. 33; its enforcement rules, art. 18-1"),
    route=route_by_county,
    document_payload=report_payload,
)
