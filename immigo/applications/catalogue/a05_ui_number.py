"""A05: online application for a unified ID number (外來人口網路申請統一證號).

Who: people in Taiwan without household registration (foreign nationals, stateless people,
nationals without registration, Hong Kong/Macao and mainland residents) who need a number, e.g.
for a bank, the health insurance or a website. The station of the county where they stay checks
the passport and the entry document; on approval a new-format number (letter + 8/9 + 7 digits +
check digit, see immigo.core.ui_numbers) is assigned to the person and a signed notice issued.
Someone who holds an old-format number converts it instead (N04).

[Not specified] The fee (none is mentioned: free) and the time limit (3 working days, like the
agency's other reviewed online services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core.models import County, Person, Unit
from immigo.core.ui_numbers import category_for_nationality, ui_number_issue

from ..models import Case, Channel, IssuedDocument, Pickup
from .a07_address_change import station_for_county
from .base import ApplicantForm, ApplicantKind, CheckContext, CheckResult, DateInput, DocumentRequirement, Service

PURPOSE_CHOICES = [
    ("bank", _("Bank account or payments")),
    ("health_insurance", _("National health insurance")),
    ("online_services", _("Online services and websites")),
    ("work_or_study", _("Work or study")),
    ("other", _("Other")),
]


class UiNumberForm(ApplicantForm):
    passport_number = forms.CharField(label=_("Passport or travel document number"), max_length=20)
    passport_country = forms.CharField(label=_("Issued by (3-letter code)"), max_length=3, min_length=3)
    passport_expiry = forms.DateField(label=_("Valid until"), widget=DateInput())
    entered_on = forms.DateField(label=_("Date of your latest entry into Taiwan"), widget=DateInput())
    county = forms.ModelChoiceField(label=_("County or city where you stay"), queryset=County.objects.order_by("code"), empty_label=None)
    address = forms.CharField(label=_("Address in Taiwan"), max_length=200)
    purpose = forms.ChoiceField(label=_("What you need the number for"), choices=PURPOSE_CHOICES)

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean_passport_country(self) -> str:
        return self.cleaned_data["passport_country"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("sex") == "X":
            self.add_error("sex", _("The number encodes female or male: choose the sex shown in your passport."))
        if data.get("nationality") == "TWN" and data.get("passport_country") != "TWN":
            self.add_error("passport_country", _("Nationals apply with their Republic of China passport."))
        return data


def check_no_number_yet(ctx: CheckContext) -> CheckResult:
    holds = ctx.person is not None and bool(ctx.person.ui_number)
    return CheckResult.passes_if(
        not holds,
        code="no_number_yet",
        field=None,
        message=_("You already hold a unified ID number. An old-format number is converted with the re-encoding service."),
    )


def check_no_household_registration(ctx: CheckContext) -> CheckResult:
    registered = ctx.person is not None and bool(ctx.person.national_id)
    return CheckResult.passes_if(
        not registered,
        code="no_household_registration",
        field=None,
        message=_("Citizens with household registration use their national ID number."),
    )


def check_passport_valid(ctx: CheckContext) -> CheckResult:
    expiry = ctx.data["passport_expiry"]
    expiry = expiry if isinstance(expiry, dt.date) else dt.date.fromisoformat(expiry)
    return CheckResult.passes_if(
        expiry >= ctx.today, code="passport_valid", field="passport_expiry", message=_("Your passport has expired.")
    )


def _route(data: Mapping[str, Any], counter_unit: Unit | None) -> Unit:
    return counter_unit or station_for_county(int(data["county"]))


def area_letter(case: Case) -> str:
    """The issuing area's letter: the first identity-number letter of the county of stay."""
    county = County.objects.filter(pk=case.data.get("county")).first()
    letters = county.id_letters if county is not None else ""
    if not letters and case.unit.county_id:
        letters = County.objects.filter(pk=case.unit.county_id).values_list("id_letters", flat=True).first() or ""
    return (letters or "A")[0]


def assign_number(case: Case) -> None:
    ui_number_issue(person=case.applicant, letter=area_letter(case), by=None, case_receipt=case.receipt_number)


def ui_notice_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, None]:
    """The signed notice (IssuedDocument.Kind.UI_NUMBER_NOTICE): ``ui`` the number in full (the
    notice exists to tell it), ``old`` the old-format number it replaces (N04), ``ct`` the category."""
    person = Person.objects.get(pk=case.applicant_id)
    payload: dict[str, Any] = {
        "t": IssuedDocument.Kind.UI_NUMBER_NOTICE.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "ui": person.ui_number or "",
        "ct": category_for_nationality(person.nationality).value,
    }
    if person.previous_ui_number:
        payload["old"] = person.previous_ui_number
    return payload, today, None


SERVICE = Service(
    code="A05",
    slug="ui-number",
    name=_("Unified ID number for people without household registration"),
    summary=_(
        "Foreign nationals, stateless people, nationals without household registration and Hong Kong, Macao and "
        "mainland residents staying in Taiwan get one permanent number. The station of the county where you stay "
        "checks your passport; the notice with your number is ready to print. Free of charge."
    ),
    form_class=UiNumberForm,
    applicant_kinds=frozenset(
        {
            ApplicantKind.FOREIGN_VISITOR,
            ApplicantKind.FOREIGN_RESIDENT,
            ApplicantKind.NATIONAL_NO_REGISTRATION,
            ApplicantKind.HK_MACAO_RESIDENT,
            ApplicantKind.MAINLAND_RESIDENT,
        }
    ),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD, Pickup.COUNTER),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("passport", _("Passport or travel document (photo page)")),
        DocumentRequirement("entry_document", _("Visa, entry permit or the entry stamp of your latest entry")),
    ),
    auto_checks=(check_no_number_yet, check_no_household_registration, check_passport_valid),
    issues=IssuedDocument.Kind.UI_NUMBER_NOTICE,
    legal_basis=_("Immigration Act; principles of encoding the unified ID number (2021 format)"),
    route=_route,
    document_payload=ui_notice_payload,
    on_approved=assign_number,
)
