"""A04: online exit approval for men who left before conscription age and study abroad
(役齡前出國在國外就學役男網路申請出國核准).

Rules (service-rules.md §3, 役男出境處理辦法; figures in immigo.border.conscription): a man who
left Taiwan before 1 January of the year he turned 19 and studies at an accredited school abroad
may leave again after a visit, up to the maximum study age of 24 (bachelor or lower), 27 (master)
or 30 (PhD), counted to 31 December of that year; a bachelor programme longer than 4 years adds
1 year per extra year; consecutive degrees defer a PhD's limit to at most 33. Each stay in Taiwan
is at most 3 months; an extension of at most 3 more months for illness, disaster or school
holidays needs an officer's look at the proof. The service station of the county of his household
registration checks the certificate of enrolment (service-rules.md §3).
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
from .base import ApplicantKind, CheckContext, CheckResult, DateInput, DocumentRequirement, Service, Verdict

LEVEL_CHOICES = [
    (conscription.StudyLevel.BACHELOR.value, _("Bachelor's degree or lower")),
    (conscription.StudyLevel.MASTER.value, _("Master's degree")),
    (conscription.StudyLevel.PHD.value, _("Doctorate (PhD)")),
]
EXTENSION_CHOICES = [
    ("", _("No extension")),
    ("illness", _("Illness")),
    ("disaster", _("Disaster")),
    ("school_holiday", _("School holidays")),
]


class StudyAbroadExitForm(StationRoutedForm):
    first_departure_on = forms.DateField(label=_("Date you first left Taiwan to live abroad"), widget=DateInput())
    school_name = forms.CharField(label=_("School abroad"), max_length=120)
    school_country = forms.CharField(label=_("Country of the school (3-letter code)"), max_length=3, min_length=3)
    study_level = forms.ChoiceField(label=_("Level of study"), choices=LEVEL_CHOICES)
    programme_years = forms.IntegerField(label=_("Length of the programme (years)"), min_value=1, max_value=8, initial=4)
    consecutive_degrees = forms.BooleanField(label=_("I am studying for consecutive degrees (master's straight to PhD)"), required=False)
    entered_on = forms.DateField(label=_("Date of your entry into Taiwan for this visit"), widget=DateInput())
    extension_reason = forms.ChoiceField(label=_("Reason to stay longer than 3 months"), choices=EXTENSION_CHOICES, required=False)

    def clean_school_country(self) -> str:
        return self.cleaned_data["school_country"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entered, departure = data.get("entered_on"), data.get("departure_date")
        if entered and departure and departure < entered:
            self.add_error("departure_date", _("The departure date cannot be before your entry."))
        return data


def _deadline(data: Any) -> dt.date:
    return conscription.study_abroad_deadline(
        as_date(data["date_of_birth"]),
        conscription.StudyLevel(data["study_level"]),
        programme_years=int(data.get("programme_years") or 4),
        consecutive_degrees=bool(data.get("consecutive_degrees")),
    )


def check_left_before_conscription_age(ctx: CheckContext) -> CheckResult:
    ok = conscription.left_before_conscription_age(as_date(ctx.data["date_of_birth"]), as_date(ctx.data["first_departure_on"]))
    return CheckResult.passes_if(
        ok,
        code="left_before_age",
        field="first_departure_on",
        message=_("This service is for men who left Taiwan before 1 January of the year they turned 19."),
    )


def check_study_age(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        as_date(ctx.data["departure_date"]) <= _deadline(ctx.data),
        code="study_age",
        field="study_level",
        message=_(
            "You are past the maximum study age for this level (24 bachelor, 27 master, 30 PhD, to 31 December of "
            "that year): apply at a service station."
        ),
    )


def check_stay_in_taiwan(ctx: CheckContext) -> CheckResult:
    entered, departure = as_date(ctx.data["entered_on"]), as_date(ctx.data["departure_date"])
    if departure <= conscription.latest_exit_after_visit(entered):
        return CheckResult("stay_in_taiwan", Verdict.PASS)
    if ctx.data.get("extension_reason") and departure <= conscription.latest_exit_after_visit(entered, extended=True):
        # The extension needs its proof looked at: an officer decides.
        return CheckResult("stay_in_taiwan", Verdict.REFER, _("Extension of the stay in Taiwan: an officer checks the proof."))
    return CheckResult(
        "stay_in_taiwan",
        Verdict.FAIL,
        _("Each stay in Taiwan may last at most 3 months (6 with an extension for illness, disaster or school holidays)."),
        "departure_date",
    )


def study_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    valid_until = conscription.approval_valid_until(today)
    payload = approval_payload(case, today, latest_return=None, valid_until=valid_until)
    payload["sa"] = _deadline(case.data).isoformat()  # studies abroad allow re-exit until
    return payload, today, valid_until


SERVICE = Service(
    code="A04",
    slug="conscript-study-abroad-exit",
    name=_("Exit approval for men who left before conscription age and study abroad"),
    summary=_(
        "For men who left Taiwan before conscription age and study abroad, visiting Taiwan. Up to the maximum study "
        "age (24 bachelor, 27 master, 30 PhD); each visit up to 3 months. An officer checks the certificate of "
        "enrolment. Free of charge."
    ),
    form_class=StudyAbroadExitForm,
    applicant_kinds=frozenset({ApplicantKind.CITIZEN}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD, Pickup.COUNTER),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("enrolment_certificate", _("Certificate of enrolment from the school abroad")),
        DocumentRequirement(
            "extension_proof",
            _("Proof of the reason for the longer stay (medical certificate, school calendar ...)"),
            condition=lambda d: bool(d.get("extension_reason")),
        ),
    ),
    auto_checks=(
        check_male,
        check_conscript_age,
        check_departure_window,
        check_left_before_conscription_age,
        check_study_age,
        check_stay_in_taiwan,
        check_no_exit_ban,
    ),
    issues=IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL,
    legal_basis=_("Regulations on Exit of Conscripts (men who left before conscription age to study abroad)"),
    route=route_to_station,
    document_payload=study_payload,
)
