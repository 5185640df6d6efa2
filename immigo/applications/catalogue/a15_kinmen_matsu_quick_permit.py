"""A15: the Mini Three Links "internet quick permit" for mainland visitors to Kinmen and Matsu
(小三通 網路快證).

Rules (seed A15, launched 2010-05-01; service-rules.md §4):
- A Kinmen or Matsu travel agency keys in the traveller's data on the agency's pages; no
  documents or photos are attached; the system checks the data and answers at once
  (decides_automatically): the permit is signed and the agency prints it, so nobody queues at
  the Shuitou (水頭) or Fuao (福澳) pier to submit, pay and collect.
- The agency must hold a valid travel-agency licence and be registered in Kinmen County or
  Lienchiang County (Matsu); the services of the agency portal enforce this.
- Who qualifies: residents of Fujian province (2011: tourism to Kinmen and Matsu by Mini Three
  Links was open to Fujian residents; their identity number begins with 35).
- Stay at most 15 days from the day after entry, no onward travel to Taiwan proper; single entry;
  the permit is valid 3 months from issue [VERIFY]; one valid quick permit per traveller.
- The seed names no fee and says the quick permit removed paying at the piers: no fee is charged
  through this service [VERIFY].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Case, Channel, IssuedDocument, Pickup
from .a13_mainland_independent_travel import (
    FUJIAN_PREFIX,
    MainlandTravellerForm,
    check_arrival_window,
    check_filed_by_agency,
    check_stay,
    check_travel_permit,
    no_valid_permit_check,
    tourism_permit_payload,
)
from .base import ApplicantKind, CheckContext, CheckResult, Service

# The counties whose travel agencies may file, by the start of the registered address.
AGENCY_COUNTIES = ("金門縣", "連江縣")
PORTS = {
    "kinmen": ("TW-KIN", _("Kinmen (Shuitou pier)")),
    "matsu": ("TW-LIE", _("Matsu (Fuao pier)")),
}
PORT_CHOICES = [(key, label) for key, (_county, label) in PORTS.items()]


class QuickPermitForm(MainlandTravellerForm):
    port = forms.ChoiceField(label=_("Island and port of entry"), choices=PORT_CHOICES)


def agency_may_file(address: str) -> bool:
    """Only travel agencies of Kinmen or Matsu file quick permits."""
    return address.strip().startswith(AGENCY_COUNTIES)


def check_fujian_resident(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        str(ctx.data.get("mainland_id", "")).startswith(FUJIAN_PREFIX),
        code="fujian_resident",
        field="mainland_id",
        message=_("The quick permit is for residents of Fujian province (identity numbers beginning with 35)."),
    )


def _route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    """The service station of the island the traveller lands on."""
    from immigo.core.models import Unit

    county_code = PORTS.get(str(data.get("port")), ("", ""))[0]
    station = Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, county__code=county_code, is_active=True).order_by("id").first()
    return station or Unit.objects.get(code="hq-entry-exit")


def _payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    return tourism_permit_payload(case, today, kind=IssuedDocument.Kind.KINMEN_MATSU_QUICK_PERMIT, area=str(case.data.get("port", "")))


SERVICE = Service(
    code="A15",
    slug="kinmen-matsu-quick-permit",
    name=_("Mini Three Links internet quick permit for Kinmen and Matsu"),
    summary=_(
        "Kinmen and Matsu travel agencies key in the traveller's data; no documents or photos. The answer comes at once "
        "and the agency prints the permit. For Fujian residents; stay up to 15 days on Kinmen or Matsu."
    ),
    form_class=QuickPermitForm,
    applicant_kinds=frozenset({ApplicantKind.MAINLAND_RESIDENT}),
    channels=frozenset({Channel.ONLINE}),
    organisation_kinds=frozenset({"travel_agency"}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=1,
    auto_checks=(
        check_filed_by_agency,
        check_fujian_resident,
        check_stay,
        check_arrival_window,
        check_travel_permit,
        no_valid_permit_check(IssuedDocument.Kind.KINMEN_MATSU_QUICK_PERMIT),
    ),
    decides_automatically=True,
    issues=IssuedDocument.Kind.KINMEN_MATSU_QUICK_PERMIT,
    legal_basis=_("Act Governing Relations between the People of the Taiwan Area and the Mainland Area; Mini Three Links rules"),
    route=_route,
    document_payload=_payload,
)
