"""A16: reunion-period computation for mainland spouses (大陸配偶團聚期間併計查詢).

Rules (seed A16, service-rules.md §5; the computation is immigo.border.reunion): the spouse keys
in the request online at any hour; designated staff compute the credited period from the crossing
and residence records and reply. It is not an automatic calculation: the officer's computation
page (border app) shows the rule (8 years before the 2009 amendment, 6 years after), every year
with its days in Taiwan and whether it counts; the officer saves it and approves, and the signed
statement lists the years. [Not specified] The time limit: 5 working days; free of charge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.errors import DomainError
from immigo.core.models import County, Unit

from ..models import Case, Channel, IssuedDocument, Pickup
from .a07_address_change import station_for_county
from .base import ApplicantForm, ApplicantKind, DateInput, IdentityNumberField, Service


class ReunionComputationMissingError(DomainError):
    code = "reunion_computation_missing"
    message = _("Compute the reunion period and save it before approving.")
    status = 409


class ReunionPeriodForm(ApplicantForm):
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}), label=_("Your unified ID number")
    )
    spouse_name = forms.CharField(label=_("Your spouse's name"), max_length=120)
    spouse_national_id = IdentityNumberField(kinds=frozenset({identifiers.IdKind.NATIONAL_ID}), label=_("Your spouse's national ID number"))
    marriage_registered_on = forms.DateField(label=_("Date the marriage was registered in Taiwan"), widget=DateInput())
    reunion_from = forms.DateField(label=_("First reunion (團聚) permit from"), required=False, widget=DateInput())
    dependent_from = forms.DateField(label=_("Dependent residence (依親居留) from"), required=False, widget=DateInput())
    long_term_from = forms.DateField(label=_("Long-term residence (長期居留) from"), required=False, widget=DateInput())
    county = forms.ModelChoiceField(label=_("County or city where you live"), queryset=County.objects.order_by("code"), empty_label=None)
    question = forms.CharField(
        label=_("What would you like to know?"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts = [data.get(name) for name in ("reunion_from", "dependent_from", "long_term_from")]
        given = [d for d in starts if d is not None]
        if not given:
            self.add_error("dependent_from", _("Give the start of at least one of your permits."))
        if given != sorted(given):
            self.add_error("long_term_from", _("The permits follow each other: reunion, then dependent, then long-term residence."))
        if data.get("nationality") and data["nationality"] != "CHN":
            self.add_error("nationality", _("This service is for spouses from mainland China (CHN)."))
        return data


def _route(data: Mapping[str, Any], counter_unit: Unit | None) -> Unit:
    return counter_unit or station_for_county(int(data["county"]))


def require_computation(case: Case) -> None:
    from immigo.border.selectors import reunion_computation_latest

    if reunion_computation_latest(case_id=case.pk) is None:
        raise ReunionComputationMissingError()


def statement_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, None]:
    """The signed statement (IssuedDocument.Kind.REUNION_PERIOD_STATEMENT): ``ry`` the rule's total
    years, ``ao`` the date computed for, ``cr`` credited reunion years, ``dy`` dependent years
    counted, ``lt`` consecutive long-term years, ``le``/``se`` the dates from which long-term
    residence / settlement may be applied for (when reached), ``yr`` the years as
    [stage, from, until, days in Taiwan, counts (1/0)]."""
    from immigo.border.selectors import reunion_computation_latest

    computation = reunion_computation_latest(case_id=case.pk)
    if computation is None:
        raise ReunionComputationMissingError()
    result = computation.result
    person = case.applicant
    payload: dict[str, Any] = {
        "t": IssuedDocument.Kind.REUNION_PERIOD_STATEMENT.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "ui": person.ui_number or "",
        "ry": result["rule_years"],
        "ao": result["as_of"],
        "cr": result["credited_reunion_years"],
        "dy": result["dependent_years"],
        "lt": result["long_term_consecutive_years"],
        "yr": [[r["stage"], r["start"], r["end"], r["days_in_taiwan"], 1 if r["credited_to"] else 0] for r in result["rows"]],
    }
    if result.get("long_term_eligible_on"):
        payload["le"] = result["long_term_eligible_on"]
    if result.get("settlement_eligible_on"):
        payload["se"] = result["settlement_eligible_on"]
    return payload, today, None


SERVICE = Service(
    code="A16",
    slug="reunion-period",
    name=_("Reunion-period computation for mainland spouses"),
    summary=_(
        "Mainland spouses ask, at any hour, how much of their time in Taiwan counts toward a national ID card "
        "(6 years since 2009, 8 before). An officer computes it from your entry and exit records and residence "
        "permits and answers with a statement, year by year. Free of charge."
    ),
    form_class=ReunionPeriodForm,
    applicant_kinds=frozenset({ApplicantKind.MAINLAND_RESIDENT}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=5,
    issues=IssuedDocument.Kind.REUNION_PERIOD_STATEMENT,
    legal_basis=_("Act Governing Relations between the People of the Taiwan Area and the Mainland Area, art. 17"),
    route=_route,
    document_payload=statement_payload,
    on_approved=require_computation,
)
