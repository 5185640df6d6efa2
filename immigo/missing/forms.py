"""Forms of the missing persons pages: the public standard and advanced searches, and the staff
entry form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from immigo.core import calendar, identifiers
from immigo.core.models import County

from .models import MissingPerson, Province

MIN_YEAR = 1949
AGE_LIMIT = 120


class NeverShownTextInput(forms.TextInput):
    """A text input that never writes its value back into the page: an ID number typed into the
    search is not echoed in the results page (nor cached with it)."""

    def format_value(self, value: Any) -> str | None:
        return None


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class StandardSearchForm(forms.Form):
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank(_("Any")) + MissingPerson.Sex.choices)
    age_min = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=AGE_LIMIT)
    age_max = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=AGE_LIMIT)
    reason = forms.ChoiceField(label=_("Reason"), required=False, choices=_blank(_("Any")) + MissingPerson.Reason.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("The upper age must not be lower than the lower age."))
        return data


class AdvancedSearchForm(StandardSearchForm):
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=20)
    id_number = forms.CharField(
        label=_("ID number"),
        required=False,
        max_length=10,
        help_text=_("Exact match only. ID numbers are never shown in the results."),
        widget=NeverShownTextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=60, help_text=_("Part of the Chinese or romanised name."))
    origin_province = forms.ChoiceField(label=_("Province of origin"), required=False, choices=_blank(_("Any")) + Province.choices)
    origin_city = forms.CharField(label=_("City or county of origin"), required=False, max_length=60)
    year_missing = forms.IntegerField(label=_("Year missing"), required=False, min_value=MIN_YEAR)
    place = forms.ModelChoiceField(
        label=_("Place last seen"), required=False, queryset=County.objects.order_by("code"), empty_label=_("Any")
    )

    field_order = [
        "case_number",
        "id_number",
        "name",
        "sex",
        "age_min",
        "age_max",
        "origin_province",
        "origin_city",
        "year_missing",
        "place",
        "reason",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].label_from_instance = lambda county: county.name_zh  # type: ignore[attr-defined]

    def is_empty(self) -> bool:
        return not any(value not in (None, "") for value in self.cleaned_data.values())


def _id_number(value: str) -> str:
    value = value.strip().upper()
    if value:
        check = identifiers.validate(value, kinds={identifiers.IdKind.OLD_UI, identifiers.IdKind.NEW_UI})
        if not check.valid:
            raise ValidationError(check.message)
    return value


class MissingPersonForm(forms.Form):
    """The staff form. Give the year of birth, or the age when missing."""

    case_number = forms.CharField(label=_("Case number"), max_length=20)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=60)
    name_roman = forms.CharField(label=_("Name (romanised)"), max_length=120, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=MissingPerson.Sex.choices, widget=forms.RadioSelect)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    age_when_missing = forms.IntegerField(
        label=_("Age when missing"), required=False, min_value=0, max_value=AGE_LIMIT, help_text=_("If the year of birth is not known.")
    )
    origin_province = forms.ChoiceField(label=_("Province of origin"), choices=_blank(_("Choose a province")) + Province.choices)
    origin_city = forms.CharField(label=_("City or county of origin"), max_length=60, required=False)
    year_missing = forms.IntegerField(label=_("Year missing"), min_value=MIN_YEAR)
    place_last_seen = forms.ModelChoiceField(label=_("Place last seen"), queryset=County.objects.order_by("code"))
    reason = forms.ChoiceField(label=_("Reason"), choices=MissingPerson.Reason.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the public: height, build, distinguishing marks."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG, 5 MB at most."),
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
    )
    source_agency = forms.ChoiceField(label=_("Source agency"), choices=MissingPerson.SourceAgency.choices)
    id_number = forms.CharField(
        label=_("Unified ID number"),
        max_length=10,
        required=False,
        help_text=_("Personal data: never shown to the public; the public may only search for it by exact match."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    notes = forms.CharField(label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place_last_seen"].label_from_instance = lambda county: county.name_zh  # type: ignore[attr-defined]

    def clean_id_number(self) -> str:
        return _id_number(self.cleaned_data.get("id_number", ""))

    def clean_year_missing(self) -> int:
        year = self.cleaned_data["year_missing"]
        if year > calendar.local_today().year:
            raise ValidationError(_("The year missing cannot be in the future."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        birth, age, year = data.get("birth_year"), data.get("age_when_missing"), data.get("year_missing")
        if birth is None and age is None:
            self.add_error("birth_year", _("Give the year of birth, or the age when missing."))
        elif birth is not None and year is not None and birth > year:
            self.add_error("birth_year", _("The year of birth must be before the year missing."))
        return data


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=MissingPerson.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Case number or name"), required=False, max_length=60)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(_("Any")) + MissingPerson.Status.choices)
