"""A13: mainland independent travellers (陸客自由行), filed online by a travel agency.

Rules (seed A13; service-rules.md §4):
- Only a licensed travel agency files, for its customer (the agency portal; no public route).
  FIT tourism opened on 2011-06-28 for residents of the pilot cities Beijing, Shanghai and
  Xiamen. When headquarters has set the day's individual-travel quota (500 a day in 2011), each
  traveller takes a place of the day of arrival on filing, in receipt order, or waits on the
  list (immigo.quotas); the case is approved only with a place, and gives it back if rejected
  or withdrawn.
- Who qualifies (大陸地區人民來臺從事觀光活動許可辦法 art. 3, 2011 text [VERIFY]): aged 20 or more
  with savings worth NT$200,000, a bank gold card or an annual income worth NT$500,000; or a
  student aged 18 or more; the applicant's spouse and direct relatives may come with them.
- The stay is at most 15 days from the day after entry; the permit allows a single entry and is
  valid 3 months from issue [VERIFY]; processing time 2 working days (seed: "5 days → 2 days");
  permit fee NT$600 [VERIFY].
- An officer reviews every case (the online review principles of 2011-11-14); the signed permit
  is downloaded and printed by the agency once the fee is recorded.

Shared mainland pieces (the resident identity number, the travel permit, the stay) live here and
are reused by A14 and A15.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

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
    DocumentRequirement,
    Service,
    Verdict,
    add_months,
)

if TYPE_CHECKING:
    from immigo.accounts.models import User

PERMIT_VALID_MONTHS = 3
STAY_DAYS = 15
ENTRIES = 1
PERMIT_FEE = 600
MIN_AGE = 20
MIN_STUDENT_AGE = 18
TRAVEL_PERMIT_TYPE = "TWTP"  # 大陸居民往來臺灣通行證
MAINLAND_COUNTRY = "CHN"

PILOT_CITIES = [("beijing", _("Beijing")), ("shanghai", _("Shanghai")), ("xiamen", _("Xiamen"))]
FIT_BASIS_CHOICES = [
    ("savings", _("Savings worth NT$200,000 or more")),
    ("gold_card", _("Holds a bank-issued gold card")),
    ("income", _("Annual income worth NT$500,000 or more")),
    ("student", _("Student aged 18 or over")),
    ("relative", _("Spouse or direct relative travelling with a qualifying applicant")),
]

# --- the mainland resident identity number (居民身份證號碼, GB 11643) ------------------------

MAINLAND_ID_RE = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
FUJIAN_PREFIX = "35"


def mainland_id_check_character(first17: str) -> str:
    """The 18th character of a mainland resident identity number (ISO 7064 MOD 11-2)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def mainland_id_valid(value: str) -> bool:
    return bool(MAINLAND_ID_RE.match(value)) and mainland_id_check_character(value[:17]) == value[17]


def mainland_id_birth_date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class MainlandTravellerForm(ApplicantForm):
    """A mainland resident's identity, travel permit and trip; A13–A15 add their own fields."""

    mainland_id = forms.CharField(
        label=_("Mainland resident identity card number (18 characters)"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    passport_number = forms.CharField(label=_("Mainland travel permit for Taiwan: number"), max_length=12)
    passport_expiry = forms.DateField(label=_("Travel permit valid until"), widget=DateInput())
    arrival_date = forms.DateField(label=_("Planned date of arrival"), widget=DateInput())
    departure_date = forms.DateField(label=_("Planned date of departure"), widget=DateInput())
    emergency_contact = forms.CharField(label=_("Emergency contact in Taiwan: name"), max_length=80)
    emergency_phone = forms.CharField(label=_("Emergency contact in Taiwan: phone"), max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].initial = MAINLAND_COUNTRY

    def clean_nationality(self) -> str:
        value = super().clean_nationality()
        if value != MAINLAND_COUNTRY:
            raise forms.ValidationError(_("This service is for residents of mainland China (CHN)."))
        return value

    def clean_mainland_id(self) -> str:
        value = "".join(self.cleaned_data["mainland_id"].split()).upper()
        if not MAINLAND_ID_RE.match(value):
            raise forms.ValidationError(_("The number has 17 digits followed by a digit or X."))
        if not mainland_id_valid(value):
            raise forms.ValidationError(_("The last character does not match: please check the number."))
        return value

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not re.fullmatch(r"[A-Z]\d{8}", value):
            raise forms.ValidationError(_("The travel permit number is one letter followed by 8 digits, e.g. T12345678."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["passport_country"] = MAINLAND_COUNTRY
        data["passport_type"] = TRAVEL_PERMIT_TYPE
        born, number = data.get("date_of_birth"), data.get("mainland_id")
        if born and number and mainland_id_birth_date(number) != born:
            self.add_error("mainland_id", _("The date of birth in the identity number differs from the date of birth given."))
        arrival, departure = data.get("arrival_date"), data.get("departure_date")
        if arrival and departure and departure < arrival:
            self.add_error("departure_date", _("The departure date is before the arrival date."))
        return data


# --- automatic checks shared by A13–A15 -------------------------------------------------------


def check_filed_by_agency(ctx: CheckContext) -> CheckResult:
    """Only a travel agency files: its id is added by the agency's pages, never by the form."""
    return CheckResult.passes_if(
        bool(ctx.data.get("agency_id")),
        code="filed_by_agency",
        field=None,
        message=_("This application is filed by a licensed travel agency through its organisation login."),
    )


def stay_days(data: Any) -> int:
    """Days of stay counted from the day after entry, as the rules count them."""
    return (as_date(data["departure_date"]) - as_date(data["arrival_date"])).days


def check_stay(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        stay_days(ctx.data) <= STAY_DAYS,
        code="stay_length",
        field="departure_date",
        message=_("Mainland tourists may stay at most 15 days from the day after entry."),
    )


def check_arrival_window(ctx: CheckContext) -> CheckResult:
    arrival = as_date(ctx.data["arrival_date"])
    return CheckResult.passes_if(
        ctx.today <= arrival < add_months(ctx.today, PERMIT_VALID_MONTHS),
        code="arrival_window",
        field="arrival_date",
        message=_("The arrival date must be between today and the end of the permit's 3-month validity."),
    )


def check_travel_permit(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        as_date(ctx.data["passport_expiry"]) >= as_date(ctx.data["departure_date"]),
        code="travel_permit_validity",
        field="passport_expiry",
        message=_("The travel permit must be valid until the day of departure."),
    )


def no_valid_permit_check(kind: IssuedDocument.Kind) -> Any:
    """A person holds one unused permit of this kind at a time."""

    def check_no_valid_permit(ctx: CheckContext) -> CheckResult:
        if ctx.person is None:
            return CheckResult("no_valid_permit", Verdict.PASS)
        exists = IssuedDocument.objects.filter(holder=ctx.person, kind=kind, valid_until__gte=ctx.today, revoked_at__isnull=True).exists()
        return CheckResult.passes_if(
            not exists,
            code="no_valid_permit",
            field=None,
            message=_("This traveller already holds a valid permit of this kind."),
        )

    return check_no_valid_permit


def tourism_permit_payload(
    case: Case, today: dt.date, *, kind: IssuedDocument.Kind, area: str = ""
) -> tuple[dict[str, Any], dt.date, dt.date]:
    data, person = case.data, case.applicant
    valid_until = add_months(today, PERMIT_VALID_MONTHS) - dt.timedelta(days=1)
    payload: dict[str, Any] = {
        "t": kind.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "id": mask_number(str(data.get("mainland_id", ""))),
        "pp": f"{data.get('passport_type') or TRAVEL_PERMIT_TYPE} {mask_number(str(data['passport_number']))}",
        "vf": today.isoformat(),
        "vu": valid_until.isoformat(),
        "en": ENTRIES,
        "st": STAY_DAYS,
    }
    if data.get("agency_name"):
        payload["og"] = str(data["agency_name"])
    if area:
        payload["ar"] = area
    return payload, today, valid_until


# --- A13 --------------------------------------------------------------------------------------


class IndependentTravelForm(MainlandTravellerForm):
    household_city = forms.ChoiceField(label=_("Household registration (pilot city)"), choices=PILOT_CITIES)
    basis = forms.ChoiceField(label=_("Qualifies as"), choices=FIT_BASIS_CHOICES)
    lead_traveller_id = forms.CharField(
        label=_("Identity number of the qualifying traveller (for a travelling relative)"), max_length=18, required=False
    )
    itinerary = forms.CharField(label=_("Itinerary (cities and nights)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_lead_traveller_id(self) -> str:
        value = "".join(self.cleaned_data.get("lead_traveller_id", "").split()).upper()
        if value and not mainland_id_valid(value):
            raise forms.ValidationError(_("The last character does not match: please check the number."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("basis") == "relative" and not data.get("lead_traveller_id"):
            self.add_error("lead_traveller_id", _("Give the identity number of the traveller you accompany."))
        return data


def take_quota_place(case: Case, by: User | None) -> None:
    """The traveller takes a place of the day's individual-travel quota (or waits for one)."""
    from immigo.quotas.services import fit_place_take

    fit_place_take(case=case, by=by)


def issue_quota_place(case: Case) -> None:
    """Approval needs the traveller's place in the quota and issues it."""
    from immigo.quotas.services import fit_case_approved

    fit_case_approved(case=case)


def release_quota_place(case: Case) -> None:
    from immigo.quotas.services import fit_case_closed

    fit_case_closed(case=case)


def check_fit_age(ctx: CheckContext) -> CheckResult:
    """20 or over; a student 18 or over; a travelling relative of any age."""
    basis = ctx.data.get("basis")
    age = age_on(as_date(ctx.data["date_of_birth"]), ctx.today)
    minimum = {"relative": 0, "student": MIN_STUDENT_AGE}.get(str(basis), MIN_AGE)
    return CheckResult.passes_if(
        age >= minimum,
        code="age",
        field="basis",
        message=_("Independent travellers must be 20 or over (students 18 or over), unless they accompany a qualifying relative."),
    )


def _fit_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date, dt.date]:
    return tourism_permit_payload(case, today, kind=IssuedDocument.Kind.MAINLAND_TOURISM_PERMIT)


def _needs(*bases: str) -> Any:
    return lambda data: data.get("basis") in bases


TRAVEL_DOCUMENTS: tuple[DocumentRequirement, ...] = (
    DocumentRequirement("travel_permit", _("Copy of the mainland travel permit for Taiwan")),
    DocumentRequirement("resident_id", _("Copy of the resident identity card (both sides)")),
    DocumentRequirement("photo", _("Recent colour photo (2 inches, plain background)")),
)

SERVICE = Service(
    code="A13",
    slug="mainland-independent-travel",
    name=_("Mainland independent travellers: permit filed by a travel agency"),
    summary=_(
        "A licensed travel agency files for its customer from Beijing, Shanghai or Xiamen. Stay up to 15 days, "
        "single entry, permit valid 3 months; decided within 2 working days."
    ),
    form_class=IndependentTravelForm,
    applicant_kinds=frozenset({ApplicantKind.MAINLAND_RESIDENT}),
    channels=frozenset({Channel.ONLINE}),
    organisation_kinds=frozenset({"travel_agency"}),
    pickups=(Pickup.DOWNLOAD,),
    fee=PERMIT_FEE,
    time_limit_working_days=2,
    documents=(
        *TRAVEL_DOCUMENTS,
        DocumentRequirement("savings_proof", _("Bank certificate of savings"), condition=_needs("savings")),
        DocumentRequirement("gold_card", _("Copy of the bank gold card"), condition=_needs("gold_card")),
        DocumentRequirement("income_proof", _("Proof of annual income"), condition=_needs("income")),
        DocumentRequirement("student_card", _("Student card or certificate of enrolment"), condition=_needs("student")),
        DocumentRequirement("relationship_proof", _("Proof of the family relationship"), condition=_needs("relative")),
        DocumentRequirement("insurance", _("Travel insurance covering medical costs for the whole stay")),
    ),
    auto_checks=(check_filed_by_agency, check_fit_age, check_stay, check_arrival_window, check_travel_permit),
    issues=IssuedDocument.Kind.MAINLAND_TOURISM_PERMIT,
    legal_basis=_("Act Governing Relations between the People of the Taiwan Area and the Mainland Area; rules on mainland tourism"),
    document_payload=_fit_payload,
    on_submitted=take_quota_place,
    on_approved=issue_quota_place,
    on_closed=release_quota_place,
)
