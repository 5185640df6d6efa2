"""A03: online exit approval for overseas-Chinese conscripts (僑民役男網路申請出國核准).

Rules (service-rules.md §3): a man of conscription age with overseas-Chinese status (僑居身分)
who is visiting Taiwan applies for approval to leave again. Overseas-Chinese conscripts apply to
the service stations: the station of the county of his household registration checks the
certificate of overseas-Chinese status. The approval allows the exit for 1 month from approval.
[Not specified] The 2011 time limit: the online answer is given within 3 working days, like the
agency's other reviewed online services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.border import conscription

from ..models import Case, Channel, IssuedDocument, Pickup
from .a02_conscript_student_exit import (
    StationRoutedForm,
    approval_payload,
    as_date,
    check_conscript_age,
    check_departure_window,
    check_male,
    check_no_exit_ban,
    route_to_station,
)
from .base import ApplicantKind, CheckContext, CheckResult, DateInput, DocumentRequirement, Service


class OverseasChineseExitForm(StationRoutedForm):
    country_of_residence = forms.CharField(label=_("Country where you reside (3-letter code)"), max_length=3, min_length=3)
    residing_abroad_since = forms.DateField(label=_("Residing abroad since"), widget=DateInput())
    entered_on = forms.DateField(label=_("Date of your latest entry into Taiwan"), widget=DateInput())

    def clean_country_of_residence(self) -> str:
        value = self.cleaned_data["country_of_residence"].strip().upper()
        if not value.isalpha() or value == "TWN":
            raise forms.ValidationError(_("Give the three-letter code of the country where you reside abroad."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entered, departure = data.get("entered_on"), data.get("departure_date")
        if entered and departure and departure < entered:
            self.add_error("departure_date", _("The departure date cannot be before your entry."))
        return data


def check_resident_abroad(ctx: CheckContext) -> CheckResult:
    since, entered = as_date(ctx.data["residing_abroad_since"]), as_date(ctx.data["entered_on"])
    return CheckResult.passes_if(
        since < entered,
        code="resident_abroad",
        field="residing_abroad_since",
        message=_("Overseas-Chinese status means residing abroad before this visit to Taiwan."),
    )


def overseas_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    valid_until = conscription.approval_valid_until(today)
    return approval_payload(case, today, latest_return=None, valid_until=valid_until), today, valid_until


SERVICE = Service(
    code="A03",
    slug="overseas-chinese-conscript-exit",
    name=_("Exit approval for overseas-Chinese conscripts"),
    summary=_(
        "For men of conscription age with overseas-Chinese status who are visiting Taiwan. An officer checks the "
        "certificate of overseas-Chinese status; the approval allows the exit for 1 month. Free of charge."
    ),
    form_class=OverseasChineseExitForm,
    applicant_kinds=frozenset({ApplicantKind.CITIZEN}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD, Pickup.COUNTER),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("overseas_status_certificate", _("Certificate of overseas-Chinese status (僑居身分證明)")),
        DocumentRequirement("passport", _("Republic of China passport (photo page)")),
    ),
    auto_checks=(check_male, check_conscript_age, check_departure_window, check_resident_abroad, check_no_exit_ban),
    issues=IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL,
    legal_basis=_("Regulations on Exit of Conscripts (overseas-Chinese conscripts)"),
    route=route_to_station,
    document_payload=overseas_payload,
)
