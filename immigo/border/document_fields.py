"""Labels of the signed payload keys of the documents the border services issue (conscripts'
exit approvals, unified ID number notices, reunion-period statements), for the verification page.
See the payload builders in applications/catalogue/a02, a05 and a16."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

FIELD_LABELS: dict[str, Any] = {
    "sv": _("Service"),
    "dp": _("Date of departure"),
    "ds": _("Destination"),
    "fl": _("Flight or voyage"),
    "rb": _("Return by"),
    "sa": _("Study abroad allows re-exit until"),
    "ui": _("Unified ID number"),
    "old": _("Old-format number replaced"),
    "ct": _("Category"),
    "ry": _("Years the rule requires"),
    "ao": _("Computed as of"),
    "cr": _("Reunion years credited"),
    "dy": _("Dependent residence years counted"),
    "lt": _("Consecutive long-term residence years"),
    "le": _("May apply for long-term residence from"),
    "se": _("May apply for settlement from"),
    "yr": _("Years (status, from, until, days in Taiwan, counts)"),
}
