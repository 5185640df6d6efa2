from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .display import DisplayOptions, TextSize, Theme


class DisplayOptionsForm(forms.Form):
    theme = forms.ChoiceField(label=_("Colours"), choices=Theme.choices, widget=forms.RadioSelect)
    size = forms.ChoiceField(label=_("Text size"), choices=TextSize.choices, widget=forms.RadioSelect)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def options(self) -> DisplayOptions:
        return DisplayOptions(theme=Theme(self.cleaned_data["theme"]), size=TextSize(self.cleaned_data["size"]))
