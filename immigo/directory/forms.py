"""The station finder: county and district (or a postcode) → the station that serves them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core.models import County

from . import selectors
from .models import District


class StationFinderForm(forms.Form):
    """Works in two steps without JavaScript: the county first; then, where the county has two
    stations, its district. The district list holds only the chosen county's districts."""

    county = forms.ChoiceField(label=_("County or city"), error_messages={"required": _("Choose your county or city.")})
    # Not a ChoiceField: a district left over from another county (the visitor changed the county
    # in the second step) is dropped, not refused, and the county decides again.
    district = forms.CharField(label=_("Township or district"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counties = {county.code: county for county in selectors.county_list()}
        county_field = cast(forms.ChoiceField, self.fields["county"])
        county_field.choices = [("", _("Choose…"))] + [(code, selectors.local_name(c)) for code, c in self.counties.items()]
        county = self.counties.get(str(self.data.get("county", ""))) if self.is_bound else None
        self.districts: dict[str, District] = {}
        if county is not None:
            self.districts = {str(d.pk): d for d in selectors.district_list_for_county(county=county)}
        district_field = self.fields["district"]
        if self.districts:
            cast(forms.Select, district_field.widget).choices = [("", _("Choose…"))] + [
                (pk, selectors.local_name(d)) for pk, d in self.districts.items()
            ]
        else:
            district_field.widget = forms.HiddenInput()

    @property
    def county_obj(self) -> County | None:
        return self.counties.get(self.cleaned_data.get("county", "")) if hasattr(self, "cleaned_data") else None

    def clean_district(self) -> District | None:
        value = self.cleaned_data.get("district") or ""
        return self.districts.get(value)


class PostcodeForm(forms.Form):
    postcode = forms.RegexField(
        label=_("Postcode"),
        help_text=_("The first 3 digits are enough, e.g. 420."),
        regex=r"^\d{3}(\d{2,3})?$",
        max_length=6,
        error_messages={
            "required": _("Enter your postcode."),
            "invalid": _("Enter the postcode in digits: 3, 5 or 6 of them."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 8}),
    )

    def clean_postcode(self) -> str:
        return str(self.cleaned_data["postcode"]).strip()[:3]
