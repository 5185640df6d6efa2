"""B11: cross-county intake of foreign residence cases (外僑居留案件跨區申請).

From 2011-07-15 any service station accepts a foreign resident's residence case even when the
applicant lives in another county: the counter takes the case in, prints the receipt, and the case
is routed to the station of the applicant's county of residence, which decides it. The station
that took the case in is recorded in the case history (``intake_unit`` of the submit event).

Services whose cases belong to the station of the applicant's county use :func:`route_by_county`
as their ``route``; their form carries a ``county`` field (the county of the address in Taiwan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from immigo.core.models import Unit

CROSS_COUNTY_INTAKE_FROM = dt.date(2011, 7, 15)


def station_for_county(county_id: int) -> Unit:
    """The service station of a county (the first one where a city has two), or the Entry-Exit
    Affairs Division when the county has no active station."""
    from immigo.core.models import Unit

    station = Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, county_id=county_id, is_active=True).order_by("id").first()
    return station or Unit.objects.get(code="hq-entry-exit")


def route_by_county(data: Mapping[str, Any], counter_unit: Unit | None) -> Unit:
    """The station of the applicant's county of residence, wherever the case was taken in."""
    return station_for_county(int(data["county"]))


def county_field(*, label: Any = None) -> forms.ModelChoiceField:
    from immigo.core.models import County

    return forms.ModelChoiceField(
        label=label or _("County or city of your address in Taiwan"), queryset=County.objects.order_by("code"), empty_label=None
    )
