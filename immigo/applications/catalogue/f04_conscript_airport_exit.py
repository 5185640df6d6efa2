"""F04: conscript exit approval at the airport (役男出國 — 機場申請).

Rules (seed F04, service-rules.md §3; figures in immigo.border.conscription): a man in his first
year of conscription age (the year he turns 19) who travels abroad in the winter break without
prior approval from his township or district office signs an undertaking (切結書) and shows a
return ticket dated within 2 months; the Border Affairs Brigade approves the exit on the spot.

Taken in only by a border officer at a border unit (the border app's staff page): the signed
undertaking is scanned onto the case and the ticket's original is seen at the counter. When the
checks pass the approval is issued at once and printed for the traveller; it is valid for this
departure only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import Role
from immigo.border import conscription
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import Unit

from ..models import Case, Channel, IssuedDocument, Pickup
from .a02_conscript_student_exit import ConscriptForm, approval_payload, as_date, check_male, check_no_exit_ban
from .base import ApplicantKind, CheckContext, CheckResult, DocumentRequirement, Service


class AirportExitForm(ConscriptForm):
    flight = forms.CharField(label=_("Flight or voyage"), max_length=20)
    return_date = forms.DateField(label=_("Date on the return ticket"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    return_ticket_number = forms.CharField(label=_("Return ticket number"), max_length=30)
    undertaking_signed = forms.BooleanField(
        label=_("The traveller has signed the undertaking (切結書) in front of the officer"),
        error_messages={"required": _("The approval needs the signed undertaking.")},
    )

    def clean_flight(self) -> str:
        return "".join(self.cleaned_data["flight"].split()).upper()


def check_departs_today(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        as_date(ctx.data["departure_date"]) == ctx.today,
        code="departs_today",
        field="departure_date",
        message=_("The airport approval is for a departure today; other trips are approved in advance online."),
    )


def check_first_conscript_year(ctx: CheckContext) -> CheckResult:
    ok = conscription.is_first_conscript_year(as_date(ctx.data["date_of_birth"]), as_date(ctx.data["departure_date"]))
    return CheckResult.passes_if(
        ok,
        code="first_conscript_year",
        field="date_of_birth",
        message=_("The airport approval is only for the year in which the traveller turns 19."),
    )


def check_winter_break(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        as_date(ctx.data["departure_date"]).month in conscription.WINTER_BREAK_MONTHS,
        code="winter_break",
        field="departure_date",
        message=_("The airport approval is only for travel in the winter break (January and February)."),
    )


def check_return_ticket(ctx: CheckContext) -> CheckResult:
    result = conscription.airport_approval_check(
        date_of_birth=as_date(ctx.data["date_of_birth"]),
        departure=as_date(ctx.data["departure_date"]),
        return_date=as_date(ctx.data["return_date"]),
    )
    return CheckResult.passes_if(
        result.return_in_time,
        code="return_ticket",
        field="return_date",
        message=_("The return ticket must be dated within 2 months of departure."),
    )


def _route(data: Mapping[str, Any], counter_unit: Unit | None) -> Unit:
    if counter_unit is None or counter_unit.kind != Unit.Kind.BORDER:
        raise PermissionDeniedError()
    return counter_unit


def airport_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    departure = as_date(case.data["departure_date"])
    latest_return = as_date(case.data["return_date"])
    payload = approval_payload(case, today, latest_return=latest_return, valid_until=departure)
    payload["fl"] = case.data.get("flight", "")
    return payload, today, departure


SERVICE = Service(
    code="F04",
    slug="conscript-airport-exit",
    name=_("Conscript exit approval at the airport"),
    summary=_(
        "For men in the year they turn 19 travelling in the winter break without prior approval: sign an "
        "undertaking and show a return ticket dated within 2 months at the border team's counter. Free of charge."
    ),
    form_class=AirportExitForm,
    applicant_kinds=frozenset({ApplicantKind.CITIZEN}),
    channels=frozenset({Channel.COUNTER}),
    pickups=(Pickup.COUNTER,),
    fee=0,
    time_limit_working_days=1,
    documents=(
        DocumentRequirement("undertaking", _("Signed undertaking (切結書)")),
        DocumentRequirement("return_ticket", _("Return ticket dated within 2 months")),
    ),
    auto_checks=(check_male, check_departs_today, check_first_conscript_year, check_winter_break, check_return_ticket, check_no_exit_ban),
    decides_automatically=True,
    issues=IssuedDocument.Kind.CONSCRIPT_EXIT_APPROVAL,
    legal_basis=_("Regulations on Exit of Conscripts; cross-agency airport service of the Border Affairs Brigade"),
    route=_route,
    document_payload=airport_payload,
    intake_roles=frozenset({Role.BORDER_OFFICER}),
)
