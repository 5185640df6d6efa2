"""A14: tourism by mainland people living overseas (海外大陸人士來臺觀光), filed online by a travel agency.

Rules (seed A14; service-rules.md §4, 2011-12-23):
- A licensed travel agency files for its customer; the overseas mission (immigration working
  group) issues the permit directly, so the agency downloads the signed permit.
- Who qualifies (大陸地區人民來臺從事觀光活動許可辦法 art. 3, 2011 text [VERIFY]): mainland people
  who hold permanent residence abroad (or in Hong Kong/Macao); who have lived abroad for at least
  one year holding a residence permit there; who study abroad; and the spouse or direct relatives
  travelling with them.
- Processing time cut from 3–4 weeks to 3 days (3 working days here). Stay at most 15 days,
  single entry, permit valid 3 months [VERIFY]; permit fee NT$600 [VERIFY].
- Passport (PRC) valid 6 months beyond arrival; the overseas residence document valid until the
  end of the trip.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Case, Channel, IssuedDocument, Pickup
from .a13_mainland_independent_travel import (
    PERMIT_FEE,
    TRAVEL_DOCUMENTS,
    MainlandTravellerForm,
    as_date,
    check_arrival_window,
    check_filed_by_agency,
    check_stay,
    tourism_permit_payload,
)
from .base import ApplicantKind, CheckContext, CheckResult, DateInput, DocumentRequirement, Service, add_months

MIN_RESIDENCE_YEARS = 1
PASSPORT_MIN_VALIDITY_MONTHS = 6
PASSPORT_TYPE = "PRC"

OVERSEAS_BASIS_CHOICES = [
    ("permanent", _("Holds permanent residence abroad or in Hong Kong/Macao")),
    ("resident", _("Has lived abroad for at least one year with a residence permit")),
    ("student", _("Studies abroad")),
    ("relative", _("Spouse or direct relative travelling with a qualifying applicant")),
]
# The 2011 immigration working groups abroad that issued these permits (25 in all; the ones
# agencies used most are offered here, the rest through "other").
MISSION_CHOICES = [
    ("LAX", _("Los Angeles")),
    ("SFO", _("San Francisco")),
    ("NYC", _("New York")),
    ("YVR", _("Vancouver")),
    ("TYO", _("Tokyo")),
    ("SEL", _("Seoul")),
    ("SIN", _("Singapore")),
    ("BKK", _("Bangkok")),
    ("KUL", _("Kuala Lumpur")),
    ("SYD", _("Sydney")),
    ("LON", _("London")),
    ("PAR", _("Paris")),
    ("OTHER", _("Other mission")),
]


class OverseasTourismForm(MainlandTravellerForm):
    country_of_residence = forms.CharField(label=_("Country or territory of residence (3-letter code)"), min_length=3, max_length=3)
    basis = forms.ChoiceField(label=_("Qualifies as"), choices=OVERSEAS_BASIS_CHOICES)
    residence_document = forms.CharField(label=_("Residence permit or student visa number abroad"), max_length=40)
    residence_valid_until = forms.DateField(label=_("Residence document valid until"), widget=DateInput())
    resident_since = forms.DateField(label=_("Living there since"), widget=DateInput())
    issuing_mission = forms.ChoiceField(label=_("Mission that issues the permit"), choices=MISSION_CHOICES)
    lead_traveller_id = forms.CharField(
        label=_("Identity number of the qualifying traveller (for a travelling relative)"), max_length=18, required=False
    )

    def clean_country_of_residence(self) -> str:
        value = self.cleaned_data["country_of_residence"].strip().upper()
        if not value.isalpha() or value in ("CHN", "TWN"):
            raise forms.ValidationError(_("Give the three-letter code of the country abroad, e.g. USA or JPN."))
        return value

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # People living abroad travel on their PRC passport, not on the travel permit for Taiwan.
        self.fields["passport_number"].label = _("PRC passport number")
        self.fields["passport_expiry"].label = _("PRC passport valid until")

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not (value.isalnum() and 7 <= len(value) <= 12):
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["passport_type"] = PASSPORT_TYPE
        if data.get("basis") == "relative" and not data.get("lead_traveller_id"):
            self.add_error("lead_traveller_id", _("Give the identity number of the traveller you accompany."))
        return data


def check_residence_period(ctx: CheckContext) -> CheckResult:
    """Residents (not permanent residents, students or relatives) need one year abroad."""
    if ctx.data.get("basis") != "resident":
        return CheckResult.passes_if(True, code="residence_period", field=None, message="")
    since = as_date(ctx.data["resident_since"])
    return CheckResult.passes_if(
        add_months(since, 12 * MIN_RESIDENCE_YEARS) <= ctx.today,
        code="residence_period",
        field="resident_since",
        message=_("Mainland people living abroad need at least one year of residence there."),
    )


def check_residence_document(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        as_date(ctx.data["residence_valid_until"]) >= as_date(ctx.data["departure_date"]),
        code="residence_document_validity",
        field="residence_valid_until",
        message=_("The residence document abroad must be valid until the end of the trip."),
    )


def check_passport(ctx: CheckContext) -> CheckResult:
    arrival = as_date(ctx.data["arrival_date"])
    return CheckResult.passes_if(
        as_date(ctx.data["passport_expiry"]) >= add_months(arrival, PASSPORT_MIN_VALIDITY_MONTHS),
        code="passport_validity",
        field="passport_expiry",
        message=_("The passport must be valid for at least 6 months from arrival."),
    )


def _payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    return tourism_permit_payload(case, today, kind=IssuedDocument.Kind.MAINLAND_TOURISM_PERMIT)


def _needs(*bases: str) -> Any:
    return lambda data: data.get("basis") in bases


SERVICE = Service(
    code="A14",
    slug="overseas-mainland-tourism",
    name=_("Tourism by mainland people living overseas: permit filed by a travel agency"),
    summary=_(
        "For mainland people with permanent residence, one year's residence or studies abroad, and their family. "
        "A travel agency files; the permit is issued within 3 working days. Stay up to 15 days, single entry."
    ),
    form_class=OverseasTourismForm,
    applicant_kinds=frozenset({ApplicantKind.MAINLAND_RESIDENT}),
    channels=frozenset({Channel.ONLINE}),
    organisation_kinds=frozenset({"travel_agency"}),
    pickups=(Pickup.DOWNLOAD,),
    fee=PERMIT_FEE,
    time_limit_working_days=3,
    documents=(
        DocumentRequirement("passport", _("Copy of the PRC passport's data page")),
        *TRAVEL_DOCUMENTS[1:],
        DocumentRequirement("residence_proof", _("Copy of the residence permit, permanent residence card or student visa abroad")),
        DocumentRequirement("enrolment", _("Certificate of enrolment at the school abroad"), condition=_needs("student")),
        DocumentRequirement("relationship_proof", _("Proof of the family relationship"), condition=_needs("relative")),
    ),
    auto_checks=(check_filed_by_agency, check_residence_period, check_residence_document, check_passport, check_stay, check_arrival_window),
    issues=IssuedDocument.Kind.MAINLAND_TOURISM_PERMIT,
    legal_basis=_("Act Governing Relations between the People of the Taiwan Area and the Mainland Area; rules on mainland tourism"),
    document_payload=_payload,
)
