"""Staff forms: a task's outcome, the registry upload, a resident's contact flags."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LadderStep
from .workflow import OUTCOMES


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (what was said, what happens next)"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, step: LadderStep, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = OUTCOMES[LadderStep.Step(step.step)]
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(outcome.value, outcome.label) for outcome in allowed]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8, with a header row)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


class FlagsForm(forms.Form):
    protected = forms.BooleanField(label=_("Under domestic-violence protection: no letters to the home address"), required=False)
    protected_email = forms.EmailField(label=_("Protected e-mail (the only address notices may go to)"), required=False)
    protected_phone = forms.CharField(label=_("Protected phone (the only number notices may go to)"), max_length=32, required=False)
    departed_on = forms.DateField(label=_("Left the country on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    detained_since = forms.DateField(label=_("Detained since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason for the change"), max_length=200)

    def clean_protected_phone(self) -> str:
        value = "".join(self.cleaned_data.get("protected_phone", "").split())
        if value and not (value.startswith("+") and value[1:].isdigit() and 8 <= len(value) <= 16):
            raise forms.ValidationError(_("Enter the number with its country code, digits only, e.g. +886912345678."))
        return value
