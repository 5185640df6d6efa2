"""A12: the counter services behind the five online forms the seed names (13項線上填表).

The seed names five of the 13 forms of 2011 (L1399–L1400); each is the application form of a
counter service declared here. People fill the form in online (immigo.onlineforms), print it
and hand it in at a service station, where the counter intake is pre-filled from its code.

Figures the seed does not give are marked [VERIFY]; those from service-rules.md §8 are cited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.calendar import local_today

from ..models import Channel, Pickup
from .base import ApplicantForm, ApplicantKind, DateInput, DocumentRequirement, IdentityNumberField, Service

COUNTER_ONLY = frozenset({Channel.COUNTER})
STAY_EXTENSION_FEE = 300  # service-rules.md §8, visitors (2024 notice); the same fee for HK/Macao [VERIFY]
EXTENSION_WINDOW_DAYS = 15  # apply within the 15 days before the stay expires (§8)
MAX_TOTAL_STAY_MONTHS = 6  # §8: extensions may not take the stay beyond 6 months in all
RESIDENCE_FEE_PER_YEAR = 1000  # residence certificate, NT$1,000 for each year of validity [VERIFY]
ENTRY_EXIT_PERMIT_FEE = 600  # single entry/exit permit [VERIFY]


def _passport_fields() -> dict[str, forms.Field]:
    return {
        "passport_number": forms.CharField(label=_("Passport number"), max_length=20),
        "passport_country": forms.CharField(label=_("Passport issued by (3-letter code)"), min_length=3, max_length=3),
        "passport_expiry": forms.DateField(label=_("Passport valid until"), widget=DateInput()),
    }


class _PassportMixin(forms.Form):
    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean_passport_country(self) -> str:
        value = self.cleaned_data["passport_country"].strip().upper()
        if not value.isalpha():
            raise forms.ValidationError(_("Use the three-letter country code, e.g. TWN or VNM."))
        return value


def _address_field() -> forms.CharField:
    return forms.CharField(label=_("Address in Taiwan"), max_length=200)


# --- 1. HK/Macao residents: extension of stay (香港澳門居民延期留臺申請) ---------------------


class HkMacaoStayExtensionForm(_PassportMixin, ApplicantForm):
    passport_number, passport_country, passport_expiry = _passport_fields().values()
    entry_permit_number = forms.CharField(label=_("Entry permit number"), max_length=20)
    entered_on = forms.DateField(label=_("Date of entry"), widget=DateInput())
    stay_until = forms.DateField(label=_("Stay allowed until"), widget=DateInput())
    extend_until = forms.DateField(label=_("Extend the stay until"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason for the extension"),
        choices=[
            ("illness", _("Illness or injury")),
            ("family", _("Illness or death of a relative in Taiwan")),
            ("disaster", _("Natural disaster or other force majeure")),
            ("other", _("Other reason (explain below)")),
        ],
    )
    reason_detail = forms.CharField(label=_("Explain the reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    address = _address_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entered, until, extend = data.get("entered_on"), data.get("stay_until"), data.get("extend_until")
        if until and extend and extend <= until:
            self.add_error("extend_until", _("The new date must be after the date your stay ends now."))
        if entered and extend and extend > _add_months(entered, MAX_TOTAL_STAY_MONTHS):
            self.add_error("extend_until", _("The stay may not exceed 6 months in all from the date of entry."))
        if until and until - local_today() > dt.timedelta(days=EXTENSION_WINDOW_DAYS):
            self.add_error("stay_until", _("Apply within the 15 days before your stay ends."))
        if data.get("reason") == "other" and not data.get("reason_detail"):
            self.add_error("reason_detail", _("Explain the reason for the extension."))
        return data


def _add_months(day: dt.date, months: int) -> dt.date:
    from .base import add_months

    return add_months(day, months)


# --- 2. Nationals without household registration (在臺灣地區無戶籍國民入境居留/定居申請) -------


class NationalNoRegistrationForm(_PassportMixin, ApplicantForm):
    purpose = forms.ChoiceField(
        label=_("You apply for"),
        choices=[("entry", _("Entry permit")), ("residence", _("Residence")), ("settlement", _("Settlement (household registration)"))],
    )
    passport_number, passport_country, passport_expiry = _passport_fields().values()
    overseas_address = forms.CharField(label=_("Address abroad"), max_length=200)
    address = forms.CharField(label=_("Address in Taiwan (if any)"), max_length=200, required=False)
    relative_national_id = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.NATIONAL_ID}),
        label=_("National ID number of a relative in Taiwan with household registration (if any)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("purpose") in ("residence", "settlement") and not data.get("address"):
            self.add_error("address", _("Give the address where you will live in Taiwan."))
        return data


# --- 3. Residence for the foreign spouse of an employed foreigner (應聘外僑之外籍配偶辦理居留) --


class ForeignSpouseResidenceForm(_PassportMixin, ApplicantForm):
    passport_number, passport_country, passport_expiry = _passport_fields().values()
    spouse_ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI}),
        label=_("Your spouse's unified ID number (on the resident certificate)"),
    )
    spouse_employer = forms.CharField(label=_("Your spouse's employer in Taiwan"), max_length=160)
    married_on = forms.DateField(label=_("Date of marriage"), widget=DateInput())
    entered_on = forms.DateField(label=_("Date of entry with a resident visa"), widget=DateInput())
    address = _address_field()


# --- 4. Mainland people: residence or settlement (大陸地區人民在臺灣地區居留/定居申請) -----------


class MainlandResidenceForm(ApplicantForm):
    purpose = forms.ChoiceField(
        label=_("You apply for"),
        choices=[
            ("dependent_residence", _("Dependent residence (依親居留)")),
            ("long_term_residence", _("Long-term residence (長期居留)")),
            ("settlement", _("Settlement (定居)")),
        ],
    )
    travel_permit_number = forms.CharField(label=_("Number of your entry/exit permit for Taiwan"), max_length=20)
    spouse_national_id = IdentityNumberField(kinds=frozenset({identifiers.IdKind.NATIONAL_ID}), label=_("Your spouse's national ID number"))
    married_on = forms.DateField(label=_("Date of marriage"), widget=DateInput())
    residence_since = forms.DateField(label=_("Holding the current kind of residence since (if any)"), required=False, widget=DateInput())
    address = _address_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("purpose") in ("long_term_residence", "settlement") and not data.get("residence_since"):
            self.add_error("residence_since", _("Give the date your current residence began."))
        return data


# --- 5. Overseas-Chinese students' entry and exit (僑生出入境) ------------------------------


class OverseasChineseStudentForm(_PassportMixin, ApplicantForm):
    passport_number, passport_country, passport_expiry = _passport_fields().values()
    school = forms.CharField(label=_("School in Taiwan"), max_length=160)
    student_number = forms.CharField(label=_("Student number"), max_length=30)
    residence_certificate_number = forms.CharField(label=_("Residence certificate number (if any)"), max_length=20, required=False)
    departure_date = forms.DateField(label=_("Planned date of departure"), widget=DateInput())
    return_date = forms.DateField(label=_("Planned date of return"), widget=DateInput())
    address = _address_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        leave, back = data.get("departure_date"), data.get("return_date")
        if leave and back and back < leave:
            self.add_error("return_date", _("The return date is before the departure date."))
        return data


def _is(field: str, *values: str) -> Any:
    return lambda data: data.get(field) in values


PASSPORT = DocumentRequirement("passport", _("Passport (original and a copy of the data page)"))
PHOTO = DocumentRequirement("photo", _("Recent colour photo (2 inches, plain background)"))

SERVICES = (
    Service(
        code="A12-HK",
        slug="hk-macao-stay-extension",
        name=_("Extension of stay for Hong Kong and Macao residents"),
        summary=_(
            "Apply at a service station within the 15 days before your stay ends; the stay may not exceed 6 months in all. "
            "Holders of the online entry permit cannot extend. Fee NT$300."
        ),
        form_class=HkMacaoStayExtensionForm,
        applicant_kinds=frozenset({ApplicantKind.HK_MACAO_RESIDENT}),
        channels=COUNTER_ONLY,
        pickups=(Pickup.COUNTER,),
        fee=STAY_EXTENSION_FEE,
        time_limit_working_days=3,
        documents=(
            PASSPORT,
            DocumentRequirement("entry_permit", _("Entry permit")),
            DocumentRequirement("reason_proof", _("Proof of the reason (medical certificate, death certificate or similar)")),
        ),
        legal_basis=_("Laws and Regulations Regarding Hong Kong and Macao Affairs; rules on entry, residence and settlement"),
    ),
    Service(
        code="A12-NR",
        slug="national-no-registration-residence",
        name=_("Entry, residence or settlement of nationals without household registration"),
        summary=_("For nationals without household registration in Taiwan (including overseas Chinese). Fee NT$1,000."),
        form_class=NationalNoRegistrationForm,
        applicant_kinds=frozenset({ApplicantKind.NATIONAL_NO_REGISTRATION}),
        channels=COUNTER_ONLY,
        pickups=(Pickup.COUNTER, Pickup.POST),
        fee=RESIDENCE_FEE_PER_YEAR,
        time_limit_working_days=14,
        documents=(
            PASSPORT,
            PHOTO,
            DocumentRequirement("nationality_proof", _("Proof of ROC nationality (passport or certificate of nationality)")),
            DocumentRequirement("address_proof", _("Proof of the address in Taiwan"), condition=_is("purpose", "residence", "settlement")),
            DocumentRequirement("police_record", _("Police record certificate"), condition=_is("purpose", "residence", "settlement")),
        ),
        legal_basis=_("Immigration Act, chapter 2 (nationals without household registration)"),
    ),
    Service(
        code="A12-FS",
        slug="employed-foreigner-spouse-residence",
        name=_("Residence for the foreign spouse of an employed foreigner"),
        summary=_(
            "For the spouse of a foreigner who works in Taiwan with a residence certificate. Apply within 30 days after entry "
            "with a resident visa. The certificate is valid as long as the spouse's, 3 years at most. NT$1,000 per year."
        ),
        form_class=ForeignSpouseResidenceForm,
        applicant_kinds=frozenset({ApplicantKind.FOREIGN_VISITOR}),
        channels=COUNTER_ONLY,
        pickups=(Pickup.COUNTER,),
        fee=RESIDENCE_FEE_PER_YEAR,
        time_limit_working_days=10,
        documents=(
            PASSPORT,
            PHOTO,
            DocumentRequirement("marriage_certificate", _("Marriage certificate (legalised, with a Chinese translation)")),
            DocumentRequirement("spouse_certificate", _("Copy of the spouse's resident certificate and work permit")),
            DocumentRequirement("health_certificate", _("Health certificate")),
        ),
        legal_basis=_("Immigration Act art. 22–23 (residence of foreigners)"),
    ),
    Service(
        code="A12-MR",
        slug="mainland-residence-settlement",
        name=_("Residence or settlement of mainland people in Taiwan"),
        summary=_(
            "Mainland spouses: dependent residence at once after marriage registration; long-term residence after 4 years "
            "with more than 183 days each year; settlement after 2 more years. Fee NT$1,000."
        ),
        form_class=MainlandResidenceForm,
        applicant_kinds=frozenset({ApplicantKind.MAINLAND_RESIDENT}),
        channels=COUNTER_ONLY,
        pickups=(Pickup.COUNTER,),
        fee=RESIDENCE_FEE_PER_YEAR,
        time_limit_working_days=20,
        documents=(
            PHOTO,
            DocumentRequirement("travel_permit", _("Entry/exit permit for Taiwan")),
            DocumentRequirement("household_record", _("Spouse's household registration transcript showing the marriage")),
            DocumentRequirement("guarantee", _("Letter of guarantee by the spouse")),
            DocumentRequirement(
                "police_record", _("Police record certificate"), condition=_is("purpose", "long_term_residence", "settlement")
            ),
            DocumentRequirement(
                "loss_of_registration",
                _("Proof of cancellation of the mainland household registration"),
                condition=_is("purpose", "settlement"),
            ),
            DocumentRequirement("means_proof", _("Proof of assets or livelihood"), condition=_is("purpose", "settlement")),
        ),
        legal_basis=_("Act Governing Relations between the People of the Taiwan Area and the Mainland Area, art. 17"),
    ),
    Service(
        code="A12-OS",
        slug="overseas-chinese-student-entry-exit",
        name=_("Entry and exit of overseas-Chinese students"),
        summary=_("For overseas-Chinese students at a school in Taiwan who travel abroad and return. Fee NT$600."),
        form_class=OverseasChineseStudentForm,
        applicant_kinds=frozenset({ApplicantKind.NATIONAL_NO_REGISTRATION, ApplicantKind.FOREIGN_RESIDENT}),
        channels=COUNTER_ONLY,
        pickups=(Pickup.COUNTER,),
        fee=ENTRY_EXIT_PERMIT_FEE,
        time_limit_working_days=5,
        documents=(
            PASSPORT,
            PHOTO,
            DocumentRequirement("student_certificate", _("Certificate of enrolment for the current term")),
        ),
        legal_basis=_("Immigration Act; rules on overseas-Chinese students"),
    ),
)
