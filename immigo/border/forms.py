"""Forms of the border pages: the second factor, the proxy's request, the exit-ban register, the
proxy review and the reunion-period computation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.calendar import local_today

from .models import ExitBan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class NationalIdField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip()
        if text:
            result = identifiers.validate(text, kinds={identifiers.IdKind.NATIONAL_ID})
            if not result.valid:
                raise forms.ValidationError(result.message, code=str(result.problem))
        return text


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code (6 digits)"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class ProxyRequestForm(forms.Form):
    principal_name = forms.CharField(label=_("Name of the person you ask for"), max_length=120)
    principal_national_id = NationalIdField(label=_("Their national ID number"))
    principal_date_of_birth = forms.DateField(label=_("Their date of birth"), widget=DateInput())
    relationship = forms.CharField(label=_("Your relationship to them (e.g. son, lawyer)"), max_length=80)
    letter_signed_on = forms.DateField(label=_("Date the letter was signed"), widget=DateInput())
    letter = forms.FileField(
        label=_("Their signed letter of authorisation (PDF, JPEG or PNG)"),
        help_text=_("Signed by the person you ask for, naming you, dated within the last 3 months."),
    )

    def clean_letter_signed_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["letter_signed_on"]
        today = local_today()
        if value > today:
            raise forms.ValidationError(_("The letter cannot be dated in the future."))
        if value < today - dt.timedelta(days=92):
            raise forms.ValidationError(_("The letter must have been signed within the last 3 months."))
        return value


class ExitBanForm(forms.Form):
    national_id = NationalIdField(label=_("National ID number of the person banned"))
    authority_kind = forms.ChoiceField(label=_("Kind of authority"), choices=ExitBan.Authority.choices)
    imposed_by = forms.CharField(label=_("Authority that imposed the ban"), max_length=120)
    contact_authority = forms.CharField(label=_("Authority the person should contact"), max_length=120)
    contact_phone = forms.CharField(label=_("Its telephone"), max_length=40)
    contact_address = forms.CharField(label=_("Its address"), max_length=200, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200)
    reference = forms.CharField(label=_("The authority's reference"), max_length=60, required=False)
    starts_on = forms.DateField(label=_("In force from"), widget=DateInput())
    ends_on = forms.DateField(label=_("In force until (empty: no end date)"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class RegistrySearchForm(forms.Form):
    national_id = NationalIdField(label=_("National ID number"), required=False)
    include_lifted = forms.BooleanField(label=_("Include lifted bans"), required=False)


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Reason for lifting"), max_length=200)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("The letter is signed by the person named and authorises this proxy")), ("reject", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note (required when refusing; shown to the proxy)"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tell the proxy why the authorisation is refused."))
        return data


class ReunionComputeForm(forms.Form):
    reunion_from = forms.DateField(label=_("Reunion (團聚) from"), required=False, widget=DateInput())
    dependent_from = forms.DateField(label=_("Dependent residence (依親居留) from"), required=False, widget=DateInput())
    long_term_from = forms.DateField(label=_("Long-term residence (長期居留) from"), required=False, widget=DateInput())
    as_of = forms.DateField(label=_("Compute as of"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given: list[dt.date] = [data[n] for n in ("reunion_from", "dependent_from", "long_term_from") if data.get(n)]
        if not given:
            self.add_error("dependent_from", _("Give the start of at least one permit."))
        elif given != sorted(given):
            self.add_error("long_term_from", _("The permits follow each other: reunion, then dependent, then long-term residence."))
        if data.get("as_of") and data["as_of"] > local_today():
            self.add_error("as_of", _("The computation cannot be made for a future date."))
        return data


class BindForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))
    national_id = NationalIdField(label=_("National ID number on the ID card"))
    date_of_birth = forms.DateField(label=_("Date of birth on the ID card"), widget=DateInput())
    card_seen = forms.BooleanField(label=_("I have checked the original ID card and the person in front of me"))
