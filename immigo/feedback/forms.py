"""Forms of the feedback pages: the alert note, the paper ballot, the month and year filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core import calendar

# A ballot may be entered for the current month and the month before (month-end tally).
BALLOT_MONTHS_BACK = 1


class AlertNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to close the alert, e.g. who went to the counter and how the problem was solved."),
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class BallotForm(forms.Form):
    ballot_number = forms.CharField(label=_("Ballot number"), max_length=20, help_text=_("As printed on the ballot."))
    officer = OfficerChoiceField(label=_("Officer voted for"), queryset=User.objects.none(), empty_label=_("Choose an officer"))
    cast_on = forms.DateField(
        label=_("Day the ballot was cast"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Written on the ballot.")
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = officers

    def clean_ballot_number(self) -> str:
        number = str(self.cleaned_data["ballot_number"]).strip().upper()
        if not number.replace("-", "").isalnum():
            raise forms.ValidationError(_("Enter the number as printed: letters, digits and dashes."))
        return number

    def clean_cast_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["cast_on"]
        today = calendar.local_today()
        earliest = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) if BALLOT_MONTHS_BACK else today.replace(day=1)
        if day > today:
            raise forms.ValidationError(_("The day cannot be in the future."))
        if day < earliest:
            raise forms.ValidationError(_("Ballots of earlier months have been counted already."))
        return day


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), max_length=7, required=False, widget=forms.TextInput(attrs={"type": "month"}), help_text=_("For example 2026-11.")
    )

    def clean_month(self) -> dt.date:
        raw = str(self.cleaned_data.get("month") or "").strip()
        if not raw:
            return calendar.local_today().replace(day=1)
        try:
            return dt.date.fromisoformat(f"{raw}-01")
        except ValueError:
            raise forms.ValidationError(_("Enter a month as year and month, e.g. 2026-11.")) from None
