"""A02: online exit approval for conscript-age students with deferment (國內在學緩徵役男網路申請出國核准).

Rules (service-rules.md §3; immigo.border.conscription holds the figures): a man of conscription
age (1 January of the year he turns 19 to 31 December of the year he turns 36) needs approval for
every exit. A domestic student whose service is deferred applies online; when the checks pass
the approval is issued at once (no control flag set). The approval allows exits for 1 month from
approval; each stay abroad may last at most 4 months, and the deferment must still hold on the
day he returns. An exit ban in force sends the application to an officer.

This module also holds the pieces the other conscript services (A03, A04, F04) share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.border import conscription
from immigo.core import identifiers
from immigo.core.models import County, Unit

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import ApplicantForm, ApplicantKind, CheckContext, CheckResult, DateInput, IdentityNumberField, Service, Verdict


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class ConscriptForm(ApplicantForm):
    """A citizen of conscription age: national ID, and the trip."""

    national_id = IdentityNumberField(kinds=frozenset({identifiers.IdKind.NATIONAL_ID}), label=_("National ID number"))
    destination = forms.CharField(label=_("Destination country or territory"), max_length=80)
    departure_date = forms.DateField(label=_("Date of departure"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        national_id, sex = data.get("national_id"), data.get("sex")
        if national_id and sex in ("M", "F"):
            encoded = identifiers.classify(national_id).sex
            if encoded is not None and encoded != sex:
                self.add_error("sex", _("The sex does not match the national ID number."))
        return data


class StationRoutedForm(ConscriptForm):
    """A03 and A04 are reviewed by the service station of the applicant's household registration."""

    county = forms.ModelChoiceField(
        label=_("County or city of your household registration"), queryset=County.objects.order_by("code"), empty_label=None
    )


def route_to_station(data: Mapping[str, Any], counter_unit: Unit | None) -> Unit:
    from .a07_address_change import station_for_county

    return counter_unit or station_for_county(int(data["county"]))


def check_male(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        ctx.data.get("sex") == "M",
        code="male",
        field="sex",
        message=_("Exit approval for conscripts concerns men only: women and others leave without this approval."),
    )


def check_conscript_age(ctx: CheckContext) -> CheckResult:
    dob, departure = as_date(ctx.data["date_of_birth"]), as_date(ctx.data["departure_date"])
    return CheckResult.passes_if(
        conscription.is_conscript_age(dob, departure),
        code="conscript_age",
        field="date_of_birth",
        message=_(
            "On the day of departure you are not of conscription age (from 1 January of the year you turn 19 to "
            "31 December of the year you turn 36): you need no exit approval."
        ),
    )


def check_departure_window(ctx: CheckContext) -> CheckResult:
    departure = as_date(ctx.data["departure_date"])
    ok = ctx.today <= departure <= conscription.approval_valid_until(ctx.today)
    return CheckResult.passes_if(
        ok,
        code="departure_window",
        field="departure_date",
        message=_("The approval allows exits for 1 month from approval: the departure date must fall within that month."),
    )


def check_no_exit_ban(ctx: CheckContext) -> CheckResult:
    """A ban in force is for an officer to look at, never a reason given online."""
    from immigo.border.selectors import exit_ban_in_force

    if ctx.person is not None and exit_ban_in_force(person_id=ctx.person.pk, on=ctx.today):
        return CheckResult("exit_ban", Verdict.REFER)
    return CheckResult("exit_ban", Verdict.PASS)


def approval_payload(case: Case, today: dt.date, *, latest_return: dt.date | None, valid_until: dt.date) -> dict[str, Any]:
    """The signed fields of a conscript's exit approval (IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL):
    ``sv`` the service code, ``dp`` the departure date, ``ds`` the destination and ``rb`` the day
    by which he must be back (absent when the service sets none)."""
    person = case.applicant
    payload: dict[str, Any] = {
        "t": IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL.value,
        "sv": case.service_code,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(person.national_id or ""),
        "dp": case.data["departure_date"],
        "ds": case.data.get("destination", ""),
        "vf": today.isoformat(),
        "vu": valid_until.isoformat(),
    }
    if latest_return is not None:
        payload["rb"] = latest_return.isoformat()
    return payload


class StudentExitForm(ConscriptForm):
    school_name = forms.CharField(label=_("School"), max_length=120)
    deferment_until = forms.DateField(
        label=_("Your deferment is approved until"),
        help_text=_("As on the deferment notice of your city or county government."),
        widget=DateInput(),
    )
    return_date = forms.DateField(label=_("Date of return"), widget=DateInput())
    purpose = forms.CharField(label=_("Purpose of the trip"), max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        departure, back = data.get("departure_date"), data.get("return_date")
        if departure and back and back < departure:
            self.add_error("return_date", _("The return date cannot be before the departure date."))
        return data


def check_stay_abroad(ctx: CheckContext) -> CheckResult:
    departure, back = as_date(ctx.data["departure_date"]), as_date(ctx.data["return_date"])
    return CheckResult.passes_if(
        back <= conscription.latest_return_abroad(departure),
        code="stay_abroad",
        field="return_date",
        message=_("Each stay abroad may last at most 4 months."),
    )


def check_deferment(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        as_date(ctx.data["deferment_until"]) >= as_date(ctx.data["return_date"]),
        code="deferment",
        field="deferment_until",
        message=_("Your deferment must still hold on the day you return."),
    )


def student_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    valid_until = conscription.approval_valid_until(today)
    latest_return = conscription.latest_return_abroad(as_date(case.data["departure_date"]))
    return approval_payload(case, today, latest_return=latest_return, valid_until=valid_until), today, valid_until


SERVICE = Service(
    code="A02",
    slug="conscript-student-exit",
    name=_("Exit approval for conscript-age students with deferment"),
    summary=_(
        "For men of conscription age whose service is deferred while they study in Taiwan. Decided at once when the "
        "checks pass: the approval allows exits for 1 month, each stay abroad up to 4 months. Free of charge."
    ),
    form_class=StudentExitForm,
    applicant_kinds=frozenset({ApplicantKind.CITIZEN}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD, Pickup.COUNTER),
    fee=0,
    time_limit_working_days=1,
    auto_checks=(check_male, check_conscript_age, check_departure_window, check_stay_abroad, check_deferment, check_no_exit_ban),
    decides_automatically=True,
    issues=IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL,
    legal_basis=_("Military Service Act art. 3; Enforcement Act of the Military Service Act art. 48; Regulations on Exit of Conscripts"),
    document_payload=student_payload,
)
