"""A11 / N07: permit to engage in cross-border marriage matchmaking (從事跨國境婚姻媒合申請).

Immigration Act art. 58 (2008 text): cross-border marriage matchmaking must not be a business for
profit; only associations and foundations (non-profit juridical persons) with the agency's
permission may do it, and they may not ask for or agree to remuneration. Advertising
matchmaking is forbidden. The representative files for the juridical person; the Immigration
Affairs Division reviews; one of the 2011 online applications, answered within 3 working days.
The permit carries no fee in the seed; it is free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import ApplicantForm, ApplicantKind, CheckContext, CheckResult, DocumentRequirement, IdentityNumberField, Service

ENTITY_CHOICES = [
    ("association", _("Association (社團法人)")),
    ("foundation", _("Foundation (財團法人)")),
    ("company", _("Company or other business")),
]
NON_PROFIT_ENTITIES = frozenset({"association", "foundation"})


class MatchmakingPermitForm(ApplicantForm):
    national_id = IdentityNumberField(kinds=frozenset({identifiers.IdKind.NATIONAL_ID}), label=_("Representative's national ID number"))
    organisation_name = forms.CharField(label=_("Name of the association or foundation"), max_length=160)
    entity_kind = forms.ChoiceField(label=_("Legal form"), choices=ENTITY_CHOICES)
    registration_number = forms.CharField(label=_("Registration number of the juridical person"), max_length=40)
    organisation_address = forms.CharField(label=_("Address of the association or foundation"), max_length=200)
    countries = forms.CharField(label=_("Countries or regions of the matchmaking"), max_length=200)
    charges_remuneration = forms.BooleanField(label=_("We ask for or accept remuneration for matchmaking"), required=False)
    advertises = forms.BooleanField(label=_("We advertise matchmaking"), required=False)
    staff_count = forms.IntegerField(label=_("Number of staff doing matchmaking"), min_value=1, max_value=500)


def check_non_profit_entity(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        ctx.data.get("entity_kind") in NON_PROFIT_ENTITIES,
        code="non_profit_entity",
        field="entity_kind",
        message=_("Cross-border marriage matchmaking may only be done by associations and foundations, not as a business."),
    )


def check_no_remuneration(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        not ctx.data.get("charges_remuneration"),
        code="no_remuneration",
        field="charges_remuneration",
        message=_("The law forbids asking for or agreeing to remuneration for cross-border marriage matchmaking."),
    )


def check_no_advertising(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        not ctx.data.get("advertises"),
        code="no_advertising",
        field="advertises",
        message=_("The law forbids advertising cross-border marriage matchmaking."),
    )


def _route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    from immigo.core.models import Unit

    return Unit.objects.filter(code="hq-immigration").first() or Unit.objects.get(code="hq-entry-exit")


def permit_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date | None, dt.date | None]:
    data, person = case.data, case.applicant
    payload = {
        "t": IssuedDocument.Kind.MATCHMAKING_PERMIT.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(person.national_id or data["national_id"]),
        "og": f"{data['organisation_name']} ({data['registration_number']})",
        "ad": data["organisation_address"],
        "vf": today.isoformat(),
    }
    return payload, today, None


SERVICE = Service(
    code="A11-MM",
    slug="matchmaking-permit",
    name=_("Permit for cross-border marriage matchmaking"),
    summary=_(
        "Associations and foundations apply for permission to do non-profit cross-border marriage matchmaking. "
        "Reviewed by headquarters within 3 working days; free of charge."
    ),
    form_class=MatchmakingPermitForm,
    applicant_kinds=frozenset({ApplicantKind.CITIZEN, ApplicantKind.AGENT}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.POST, Pickup.COUNTER),
    fee=0,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("registration_certificate", _("Registration certificate of the juridical person")),
        DocumentRequirement("articles", _("Articles of association or deed of endowment naming matchmaking as a purpose")),
        DocumentRequirement("business_plan", _("Matchmaking plan: procedures, counselling, fees charged (costs only)")),
        DocumentRequirement("representative_id", _("Representative's national ID card (both sides)")),
    ),
    auto_checks=(check_non_profit_entity, check_no_remuneration, check_no_advertising),
    issues=IssuedDocument.Kind.MATCHMAKING_PERMIT,
    legal_basis=_("Immigration Act, art. 58; rules on permission for cross-border marriage matchmaking"),
    route=_route,
    document_payload=permit_payload,
)
