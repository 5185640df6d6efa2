"""A01: online entry permit for Hong Kong and Macao residents (港澳居民網路申請入臺證).

Rules (service-rules.md §1, seed A01): online only; free; the permit is valid 3 months from
approval, for a single entry, with a stay of up to 30 days and no extension. Who may use the
online route: HK/Macao permanent residents who were born in HK/Macao, or entered Taiwan as
HK/Macao residents after 1983, or hold a valid HK/Macao entry permit for Taiwan; holding a
foreign or PRC passport excludes them; the HKSAR/MSAR passport or BN(O) must be valid 6 months.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import (
    ApplicantForm,
    ApplicantKind,
    CheckContext,
    CheckResult,
    DateInput,
    Service,
    Verdict,
    add_months,
)

PERMIT_VALID_MONTHS = 3
STAY_DAYS = 30
ENTRIES = 1
PASSPORT_MIN_VALIDITY_MONTHS = 6
ENTRY_AFTER_YEAR = 1983

PASSPORT_TYPES = [
    ("HKSAR", _("HKSAR passport")),
    ("MSAR", _("MSAR passport")),
    ("BNO", _("British National (Overseas) passport")),
]
RESIDENCE_CHOICES = [("HKG", _("Hong Kong")), ("MAC", _("Macao"))]
BIRTHPLACE_CHOICES = [("HKG", _("Hong Kong")), ("MAC", _("Macao")), ("OTHER", _("Elsewhere"))]


class HkMacaoEntryPermitForm(ApplicantForm):
    residence = forms.ChoiceField(label=_("Permanent resident of"), choices=RESIDENCE_CHOICES)
    permanent_resident = forms.BooleanField(label=_("I hold a permanent identity card of Hong Kong or Macao"), required=False)
    place_of_birth = forms.ChoiceField(label=_("Place of birth"), choices=BIRTHPLACE_CHOICES)
    entered_taiwan_after_1983 = forms.BooleanField(
        label=_("I have entered Taiwan as a Hong Kong or Macao resident after 1983"), required=False
    )
    previous_permit_number = forms.CharField(
        label=_("Number of a valid entry permit for Taiwan, if you hold one"), max_length=20, required=False
    )
    previous_permit_valid_until = forms.DateField(label=_("That permit is valid until"), required=False, widget=DateInput())
    passport_type = forms.ChoiceField(label=_("Travel document"), choices=PASSPORT_TYPES)
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    passport_expiry = forms.DateField(label=_("Passport valid until"), widget=DateInput())
    holds_other_passport = forms.BooleanField(label=_("I also hold a foreign or PRC passport"), required=False)
    arrival_date = forms.DateField(label=_("Planned date of arrival"), widget=DateInput())
    stay_days = forms.IntegerField(label=_("Planned length of stay (days)"), min_value=1, max_value=365)

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value


def check_permanent_resident(ctx: CheckContext) -> CheckResult:
    ok = bool(ctx.data.get("permanent_resident"))
    return CheckResult.passes_if(
        ok,
        code="permanent_resident",
        field="permanent_resident",
        message=_("Only permanent residents of Hong Kong or Macao can apply online. Please apply at a service counter."),
    )


def check_no_other_passport(ctx: CheckContext) -> CheckResult:
    ok = not ctx.data.get("holds_other_passport")
    return CheckResult.passes_if(
        ok,
        code="no_other_passport",
        field="holds_other_passport",
        message=_("Holders of a foreign or PRC passport cannot use the online permit."),
    )


def check_basis(ctx: CheckContext) -> CheckResult:
    data = ctx.data
    permit_until = data.get("previous_permit_valid_until")
    holds_valid_permit = bool(data.get("previous_permit_number")) and permit_until is not None and _as_date(permit_until) >= ctx.today
    ok = data.get("place_of_birth") in ("HKG", "MAC") or bool(data.get("entered_taiwan_after_1983")) or holds_valid_permit
    return CheckResult.passes_if(
        ok,
        code="eligibility_basis",
        field="place_of_birth",
        message=_(
            "The online permit is for residents born in Hong Kong or Macao, who entered Taiwan as residents after 1983, "
            "or who hold a valid entry permit. Please apply at a service counter."
        ),
    )


def check_passport_validity(ctx: CheckContext) -> CheckResult:
    expiry = _as_date(ctx.data["passport_expiry"])
    arrival = _as_date(ctx.data["arrival_date"])
    ok = expiry >= add_months(arrival, PASSPORT_MIN_VALIDITY_MONTHS)
    return CheckResult.passes_if(
        ok,
        code="passport_validity",
        field="passport_expiry",
        message=_("Your passport must be valid for at least 6 months from your arrival."),
    )


def check_stay(ctx: CheckContext) -> CheckResult:
    ok = int(ctx.data["stay_days"]) <= STAY_DAYS
    return CheckResult.passes_if(
        ok,
        code="stay_length",
        field="stay_days",
        message=_("The online permit allows a stay of up to 30 days. For a longer stay, apply at a service counter."),
    )


def check_arrival_window(ctx: CheckContext) -> CheckResult:
    arrival = _as_date(ctx.data["arrival_date"])
    ok = ctx.today <= arrival < add_months(ctx.today, PERMIT_VALID_MONTHS)
    return CheckResult.passes_if(
        ok,
        code="arrival_window",
        field="arrival_date",
        message=_("The arrival date must be between today and the end of the permit's 3-month validity."),
    )


def check_no_valid_permit(ctx: CheckContext) -> CheckResult:
    """A person holds one unused online permit at a time."""
    if ctx.person is None:
        return CheckResult("no_valid_permit", Verdict.PASS)
    exists = IssuedDocument.objects.filter(
        holder=ctx.person,
        kind=IssuedDocument.Kind.HK_MACAO_ENTRY_PERMIT,
        valid_until__gte=ctx.today,
        revoked_at__isnull=True,
    ).exists()
    return CheckResult.passes_if(
        not exists,
        code="no_valid_permit",
        field=None,
        message=_("You already hold a valid online entry permit. Print it again from your applications."),
    )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def permit_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    data = case.data
    valid_from = today
    valid_until = add_months(today, PERMIT_VALID_MONTHS) - dt.timedelta(days=1)
    person = case.applicant
    payload = {
        "t": IssuedDocument.Kind.HK_MACAO_ENTRY_PERMIT.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "pp": f"{data['passport_type']} {mask_number(data['passport_number'])}",
        "vf": valid_from.isoformat(),
        "vu": valid_until.isoformat(),
        "en": ENTRIES,
        "st": STAY_DAYS,
    }
    return payload, valid_from, valid_until


SERVICE = Service(
    code="A01",
    slug="hk-macao-entry-permit",
    name=_("Online entry permit for Hong Kong and Macao residents"),
    summary=_(
        "For permanent residents of Hong Kong and Macao. Decided at once when the checks pass; print the permit "
        "yourself. Valid 3 months, single entry, stay up to 30 days, free of charge."
    ),
    form_class=HkMacaoEntryPermitForm,
    applicant_kinds=frozenset({ApplicantKind.HK_MACAO_RESIDENT}),
    channels=frozenset({Channel.ONLINE}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=1,
    auto_checks=(
        check_permanent_resident,
        check_no_other_passport,
        check_basis,
        check_passport_validity,
        check_stay,
        check_arrival_window,
        check_no_valid_permit,
    ),
    decides_automatically=True,
    issues=IssuedDocument.Kind.HK_MACAO_ENTRY_PERMIT,
    legal_basis=_("Laws and Regulations Regarding Hong Kong and Macao Affairs; rules on temporary entry of HK/Macao residents"),
    document_payload=permit_payload,
)
