"""B06 renewal (居留延期): the application form, its registry check, routing and the approval hook.
The catalogue module immigo/applications/catalogue/b06_residence_renewal.py declares the service
with these; they live here so that the registry's rules and texts stay with the registry.

Residents apply within the 30 days before their permit expires (service-rules §8). The notice sent
15 days before expiry carries a signed link that opens this application with the registry's
details filled in (see immigo.residence). The case is reviewed by the station that holds the
permit; on approval the registry extends the permit (same validity as before, at most 3 years)
and the remaining reminder tasks are cancelled. The renewed certificate is collected at the station.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.applications.catalogue.base import ApplicantForm, CheckContext, CheckResult, IdentityNumberField, Verdict
from immigo.applications.models import Case
from immigo.core import identifiers

# Renewals are accepted within the 30 days before expiry (新住民入口網 FAQ, service-rules §8).
RENEWAL_WINDOW_DAYS = 30


class ResidenceRenewalForm(ApplicantForm):
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}),
        label=_("Unified ID number (on your resident certificate)"),
        required=False,
    )
    passport_number = forms.CharField(label=_("Passport number (if you have no unified ID number)"), max_length=20, required=False)
    passport_country = forms.CharField(label=_("Passport issuing country (3-letter code)"), max_length=3, required=False)
    permit_number = forms.CharField(label=_("Residence permit number"), max_length=20)
    reason_continues = forms.BooleanField(label=_("The reason for my residence (family, work, study) still applies"))

    def clean_passport_number(self) -> str:
        return "".join(self.cleaned_data.get("passport_number", "").split()).upper()

    def clean_passport_country(self) -> str:
        return self.cleaned_data.get("passport_country", "").strip().upper()

    def clean_permit_number(self) -> str:
        return self.cleaned_data["permit_number"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("ui_number") and not data.get("passport_number"):
            self.add_error("ui_number", _("Give your unified ID number, or your passport number if you have none."))
        if data.get("passport_number") and not data.get("passport_country"):
            self.add_error("passport_country", _("Give the country that issued your passport."))
        return data


def _registry_permit(data: Mapping[str, Any]) -> Any:
    from .selectors import permit_for_renewal

    return permit_for_renewal(
        permit_number=str(data.get("permit_number") or ""),
        ui_number=str(data.get("ui_number") or ""),
        passport_number=str(data.get("passport_number") or ""),
    )


def check_registry_permit(ctx: CheckContext) -> CheckResult:
    """The permit must be in the registry, valid, belong to the applicant (same UI number or
    passport, same date of birth), and expire within the next 30 days."""
    permit = _registry_permit(ctx.data)
    no_match = _("No valid residence permit matches these details. Please check the permit number, or ask your service station.")
    if permit is None or permit.resident.person.date_of_birth != ctx.data.get("date_of_birth"):
        return CheckResult("registry_permit", Verdict.FAIL, no_match, "permit_number")
    if permit.expires_on < ctx.today:
        return CheckResult(
            "registry_permit",
            Verdict.FAIL,
            _("This permit has already expired. Please contact your service station in person."),
            "permit_number",
        )
    if permit.expires_on > ctx.today + dt.timedelta(days=RENEWAL_WINDOW_DAYS):
        return CheckResult(
            "registry_permit",
            Verdict.FAIL,
            _("Renewals are accepted within the 30 days before the permit expires."),
            "permit_number",
        )
    return CheckResult("registry_permit", Verdict.PASS)


def route(data: Mapping[str, Any], counter_unit: Any) -> Any:
    from immigo.core.models import Unit

    if counter_unit is not None:
        return counter_unit
    permit = _registry_permit(data)
    return permit.station if permit is not None else Unit.objects.get(code="hq-entry-exit")


def extend_permit(case: Case) -> None:
    """On approval the registry extends the permit (immigo.residence.services.permit_renew)."""
    from .services import permit_renew

    permit_renew(permit_number=case.data["permit_number"], receipt_number=case.receipt_number, by=None)


NAME = _("Renewal of a residence permit")
SUMMARY = _(
    "Residents extend their residence permit within the 30 days before it expires. Your station reviews the "
    "application; collect the renewed certificate at the station."
)
DOCUMENTS = (
    ("passport", _("Passport (the page with your photo)")),
    ("resident_certificate", _("Your resident certificate (both sides)")),
    ("photo", _("A recent passport-style photo")),
)
LEGAL_BASIS = _("Immigration Act art. 22; apply within the 30 days before the permit expires.")
