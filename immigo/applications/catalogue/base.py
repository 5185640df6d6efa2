"""How a service is declared: its form, who may apply, documents (with conditions), fee, time
limit, automatic checks and the document it issues. Each service is one module in this package."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.calendar import local_today

from ..models import Channel, IssuedDocument, Pickup

if TYPE_CHECKING:
    from immigo.accounts.models import User
    from immigo.core.models import Person, Unit

    from ..models import Case


class ApplicantKind(enum.StrEnum):
    CITIZEN = "citizen"  # national with household registration (national ID)
    NATIONAL_NO_REGISTRATION = "national_no_registration"
    HK_MACAO_RESIDENT = "hk_macao_resident"
    MAINLAND_RESIDENT = "mainland_resident"
    FOREIGN_RESIDENT = "foreign_resident"  # holds a residence certificate and UI number
    FOREIGN_VISITOR = "foreign_visitor"
    AGENT = "agent"  # someone filing for the applicant with a letter of authorisation


@dataclass(frozen=True)
class DocumentRequirement:
    code: str
    label: Promise
    help: Promise | str = ""
    # Required only when this returns True for the cleaned form data.
    condition: Callable[[Mapping[str, Any]], bool] | None = None

    def applies(self, data: Mapping[str, Any]) -> bool:
        return self.condition is None or bool(self.condition(data))


class Verdict(enum.StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"  # the applicant does not qualify for this route: refused, nothing saved
    REFER = "refer"  # an officer must look at it


@dataclass(frozen=True)
class CheckResult:
    code: str
    verdict: Verdict
    message: Promise | str = ""
    field: str | None = None

    @classmethod
    def passes_if(cls, ok: bool, *, code: str, field: str | None, message: Promise | str) -> CheckResult:
        """PASS when `ok`, otherwise FAIL with `message` on `field`."""
        return cls(code, Verdict.PASS) if ok else cls(code, Verdict.FAIL, message, field)


@dataclass(frozen=True)
class CheckContext:
    data: Mapping[str, Any]
    person: Person | None
    today: dt.date


AutoCheck = Callable[[CheckContext], CheckResult]


@dataclass(frozen=True)
class Service:
    code: str
    slug: str
    name: Promise
    summary: Promise
    form_class: type[forms.Form]
    applicant_kinds: frozenset[ApplicantKind]
    channels: frozenset[Channel]
    pickups: tuple[Pickup, ...]
    fee: int
    time_limit_working_days: int
    documents: tuple[DocumentRequirement, ...] = ()
    auto_checks: tuple[AutoCheck, ...] = ()
    # Approve and issue at once when every automatic check passes (no officer involved).
    decides_automatically: bool = False
    issues: IssuedDocument.Kind | None = None
    fee_per: str = "application"  # or "copy": the fee is multiplied by data["copies"]
    legal_basis: Promise | str = ""
    # The unit that handles a case: from the data (and the counter officer's station, if any).
    route: Callable[[Mapping[str, Any], Unit | None], Unit] = field(default=lambda data, counter_unit: _default_route(data, counter_unit))
    # Builds the signed payload of the issued document (see documents/signing.py for the keys).
    document_payload: Callable[[Case, dt.date], tuple[dict[str, Any], dt.date | None, dt.date | None]] | None = None
    # Side effects of filing, inside the transaction (A13: a place of the daily quota); may refuse
    # the filing with a DomainError.
    on_submitted: Callable[[Case, User | None], None] | None = None
    # Side effects of approval on the registry (e.g. the new address), inside the transaction; may
    # refuse the approval with a DomainError.
    on_approved: Callable[[Case], None] | None = None
    # Side effects of a case ending without approval (rejected or withdrawn), inside the transaction.
    on_closed: Callable[[Case], None] | None = None
    # Filed only by organisations of these kinds for their customers (e.g. A09 sponsoring
    # companies): the public application form is not offered.
    organisation_kinds: frozenset[str] = frozenset()
    # The unit (code) a station may forward a case to for review (B03 special extension cases).
    forward_to: str = ""
    # Roles that may take the service in at a counter (empty: the case-work roles). F04 is taken
    # in by border officers at the airport.
    intake_roles: frozenset[str] = frozenset()

    def required_documents(self, data: Mapping[str, Any]) -> list[DocumentRequirement]:
        return [doc for doc in self.documents if doc.applies(data)]

    def fee_for(self, data: Mapping[str, Any]) -> int:
        if self.fee_per == "copy":
            return self.fee * int(data.get("copies") or 1)
        return self.fee

    def offers(self, channel: Channel) -> bool:
        return channel in self.channels


def _default_route(data: Mapping[str, Any], counter_unit: Unit | None) -> Unit:
    from immigo.core.models import Unit

    if counter_unit is not None:
        return counter_unit
    return Unit.objects.get(code="hq-entry-exit")


# --- Shared form pieces ----------------------------------------------------------------------

ID_KIND_CHOICES = [
    ("national_id", _("National ID number (citizens)")),
    ("ui_number", _("Unified ID number (resident certificate)")),
    ("passport", _("Passport only")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicantForm(forms.Form):
    """Who the applicant is. Services subclass this and add their own fields."""

    native_name = forms.CharField(label=_("Name in native script (e.g. Chinese characters)"), max_length=120, required=False)
    family_name = forms.CharField(label=_("Family name (as in passport)"), max_length=80)
    given_names = forms.CharField(label=_("Given names (as in passport)"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("F", _("Female")), ("M", _("Male")), ("X", _("Other / unspecified"))])
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    nationality = forms.CharField(
        label=_("Nationality (3-letter code, e.g. TWN, HKG, VNM)"),
        max_length=3,
        min_length=3,
    )
    email = forms.EmailField(label=_("E-mail for notices"))
    phone = forms.CharField(label=_("Mobile phone (with country code, e.g. +886912345678)"), max_length=32, required=False)
    notify_by_sms = forms.BooleanField(label=_("Also send me SMS notices"), required=False)

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip().upper()

    def clean_given_names(self) -> str:
        return self.cleaned_data["given_names"].strip().upper()

    def clean_nationality(self) -> str:
        value = self.cleaned_data["nationality"].strip().upper()
        if not value.isalpha():
            raise forms.ValidationError(_("Use the three-letter country code, e.g. TWN or VNM."))
        return value

    def clean_date_of_birth(self) -> dt.date:
        value: dt.date = self.cleaned_data["date_of_birth"]
        if value > local_today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value.year < 1900:
            raise forms.ValidationError(_("Please check the year of birth."))
        return value

    def clean_phone(self) -> str:
        value = "".join(self.cleaned_data.get("phone", "").split())
        if value and not (value.startswith("+") and value[1:].isdigit() and 8 <= len(value) <= 16):
            raise forms.ValidationError(_("Enter the number with its country code, digits only, e.g. +886912345678."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("notify_by_sms") and not data.get("phone"):
            self.add_error("phone", _("Enter a mobile number to receive SMS notices."))
        return data


def identity_field(kinds: set[identifiers.IdKind], *, label: Promise, required: bool = True) -> forms.CharField:
    return IdentityNumberField(kinds=frozenset(kinds), label=label, required=required, max_length=10)


class IdentityNumberField(forms.CharField):
    """An identity number checked with the exact checksum; every refusal says why."""

    def __init__(self, *, kinds: frozenset[identifiers.IdKind], **kwargs: Any) -> None:
        self.kinds = kinds
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})

    def to_python(self, value: Any) -> str:
        return "" if value in self.empty_values else str(value).strip()

    def validate(self, value: str) -> None:
        super().validate(value)
        if value:
            result = identifiers.validate(value, kinds=self.kinds)
            if not result.valid:
                raise forms.ValidationError(result.message, code=str(result.problem))


def serialise(data: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-safe copy of cleaned form data (dates as ISO strings; files left out)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if hasattr(value, "read"):
            continue
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif hasattr(value, "pk"):
            out[key] = value.pk
        else:
            out[key] = value
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
