"""A08: online pre-arrival check for nationals of five South/South-East Asian countries
(東南亞5國人民來臺先行上網查核), which gives a travel authorisation certificate.

Rules ([2011] column of service-rules.md §2, seed A08):
- nationals of India, Thailand, Vietnam, the Philippines and Indonesia;
- holding a valid (unexpired) visa, residence permit or permanent-residence card of the United
  States, Canada, Japan, the United Kingdom, a Schengen state, Australia or New Zealand;
- never employed in Taiwan as a blue-collar (migrant) worker;
- the certificate is valid 30 days, cannot be extended, allows multiple entries, and each entry
  allows a stay of 30 days counted from the day after entry; free of charge;
- decided at once when the checks pass; the applicant prints the certificate and shows it at
  boarding and at the entry inspection.
The form is offered in the applicant's language (the seed's 7 languages are all site languages).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import ApplicantForm, ApplicantKind, CheckContext, CheckResult, DateInput, Service, Verdict

CERTIFICATE_VALID_DAYS = 30
STAY_DAYS = 30
ENTRIES = "multiple"

ELIGIBLE_NATIONALITIES = [
    ("IND", _("India")),
    ("THA", _("Thailand")),
    ("VNM", _("Vietnam")),
    ("PHL", _("Philippines")),
    ("IDN", _("Indonesia")),
]
QUALIFYING_ISSUERS = [
    ("USA", _("United States")),
    ("CAN", _("Canada")),
    ("JPN", _("Japan")),
    ("GBR", _("United Kingdom")),
    ("SCHENGEN", _("A Schengen state")),
    ("AUS", _("Australia")),
    ("NZL", _("New Zealand")),
]
QUALIFYING_KINDS = [
    ("visa", _("Visa")),
    ("residence", _("Residence permit")),
    ("permanent_residence", _("Permanent-residence card")),
]


class PreArrivalCheckForm(ApplicantForm):
    nationality = forms.ChoiceField(label=_("Nationality"), choices=ELIGIBLE_NATIONALITIES)  # type: ignore[assignment]
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    passport_expiry = forms.DateField(label=_("Passport valid until"), widget=DateInput())
    qualifying_issuer = forms.ChoiceField(label=_("Country that issued your visa or residence document"), choices=QUALIFYING_ISSUERS)
    qualifying_kind = forms.ChoiceField(label=_("Kind of document"), choices=QUALIFYING_KINDS)
    qualifying_number = forms.CharField(label=_("Number of the visa or residence document"), max_length=30)
    qualifying_valid_until = forms.DateField(label=_("That document is valid until"), widget=DateInput())
    worked_in_taiwan_as_migrant_worker = forms.BooleanField(
        label=_("I have been employed in Taiwan as a migrant (blue-collar) worker"), required=False
    )
    arrival_date = forms.DateField(label=_("Planned date of arrival in Taiwan"), widget=DateInput())

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean_qualifying_number(self) -> str:
        return "".join(self.cleaned_data["qualifying_number"].split()).upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The passport is issued by the country of nationality: it identifies the applicant.
        if data.get("nationality"):
            data["passport_country"] = data["nationality"]
        return data


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def certificate_valid_until(issued_on: dt.date) -> dt.date:
    """The last day of the 30-day validity, counting the day of issue."""
    return issued_on + dt.timedelta(days=CERTIFICATE_VALID_DAYS - 1)


def check_nationality(ctx: CheckContext) -> CheckResult:
    ok = ctx.data.get("nationality") in dict(ELIGIBLE_NATIONALITIES)
    return CheckResult.passes_if(
        ok,
        code="nationality",
        field="nationality",
        message=_("The online check is for nationals of India, Thailand, Vietnam, the Philippines and Indonesia."),
    )


def check_qualifying_document(ctx: CheckContext) -> CheckResult:
    ok = ctx.data.get("qualifying_issuer") in dict(QUALIFYING_ISSUERS) and _as_date(ctx.data["qualifying_valid_until"]) >= ctx.today
    return CheckResult.passes_if(
        ok,
        code="qualifying_document",
        field="qualifying_valid_until",
        message=_(
            "You need a valid visa or residence document of the United States, Canada, Japan, the United Kingdom, "
            "a Schengen state, Australia or New Zealand. Please apply for a visa instead."
        ),
    )


def check_never_migrant_worker(ctx: CheckContext) -> CheckResult:
    ok = not ctx.data.get("worked_in_taiwan_as_migrant_worker")
    return CheckResult.passes_if(
        ok,
        code="never_migrant_worker",
        field="worked_in_taiwan_as_migrant_worker",
        message=_("People who have worked in Taiwan as migrant workers cannot use the online check. Please apply for a visa."),
    )


def check_passport_valid(ctx: CheckContext) -> CheckResult:
    ok = _as_date(ctx.data["passport_expiry"]) >= _as_date(ctx.data["arrival_date"])
    return CheckResult.passes_if(
        ok, code="passport_valid", field="passport_expiry", message=_("Your passport must be valid on the day you arrive.")
    )


def check_arrival_window(ctx: CheckContext) -> CheckResult:
    arrival = _as_date(ctx.data["arrival_date"])
    ok = ctx.today <= arrival <= certificate_valid_until(ctx.today)
    return CheckResult.passes_if(
        ok,
        code="arrival_window",
        field="arrival_date",
        message=_("The certificate is valid for 30 days: apply no earlier than 30 days before you travel."),
    )


def check_no_valid_certificate(ctx: CheckContext) -> CheckResult:
    """The certificate cannot be extended, and one person holds one valid certificate at a time."""
    if ctx.person is None:
        return CheckResult("no_valid_certificate", Verdict.PASS)
    exists = IssuedDocument.objects.filter(
        holder=ctx.person, kind=IssuedDocument.Kind.TRAVEL_AUTHORISATION, valid_until__gte=ctx.today, revoked_at__isnull=True
    ).exists()
    return CheckResult.passes_if(
        not exists,
        code="no_valid_certificate",
        field=None,
        message=_("You already hold a valid certificate; it cannot be extended. Print it again from your applications."),
    )


def certificate_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    data, person = case.data, case.applicant
    valid_until = certificate_valid_until(today)
    payload = {
        "t": IssuedDocument.Kind.TRAVEL_AUTHORISATION.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "na": data["nationality"],
        "pp": f"{data['nationality']} {mask_number(data['passport_number'])}",
        "qd": f"{data['qualifying_issuer']} {data['qualifying_kind']} {mask_number(data['qualifying_number'])}",
        "vf": today.isoformat(),
        "vu": valid_until.isoformat(),
        "en": ENTRIES,
        "st": STAY_DAYS,
    }
    return payload, today, valid_until


SERVICE = Service(
    code="A08",
    slug="pre-arrival-check",
    name=_("Online pre-arrival check for nationals of India, Thailand, Vietnam, the Philippines and Indonesia"),
    summary=_(
        "If you hold a valid visa or residence document of the United States, Canada, Japan, the United Kingdom, a "
        "Schengen state, Australia or New Zealand, get a travel authorisation certificate at once. Valid 30 days, "
        "multiple entries, a stay of up to 30 days from the day after each entry, no extension, free of charge."
    ),
    form_class=PreArrivalCheckForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_VISITOR}),
    channels=frozenset({Channel.ONLINE}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=1,
    auto_checks=(
        check_nationality,
        check_qualifying_document,
        check_never_migrant_worker,
        check_passport_valid,
        check_arrival_window,
        check_no_valid_certificate,
    ),
    decides_automatically=True,
    issues=IssuedDocument.Kind.TRAVEL_AUTHORISATION,
    legal_basis=_("Ministry of Foreign Affairs announcement of 2009-02-26 on the online pre-arrival check"),
    document_payload=certificate_payload,
)
