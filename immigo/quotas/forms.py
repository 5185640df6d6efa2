"""Forms of the quota pages. Business rules stay in the services; forms check shapes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from immigo.core import calendar

from .models import Category, GroupApplication, Port

Status = GroupApplication.Status


class DateInput(forms.DateInput):
    input_type = "date"


class QuotaSetForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    port = forms.ChoiceField(label=_("Entry port"), choices=Port.choices, initial=Port.ANY)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=1,
        max_value=60,
        initial=1,
        help_text=_("The same quota for this many days from the day above."),
    )
    total = forms.IntegerField(label=_("Daily quota (places)"), min_value=0, max_value=100000)
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("Kept in the quota's history, e.g. the decision it follows."))


class GroupFileForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.GROUP)
    port = forms.ChoiceField(label=_("Entry port"), choices=Port.choices, initial=Port.ANY)
    day = forms.DateField(label=_("Day of entry"), widget=DateInput)
    tour_name = forms.CharField(label=_("Tour name"), max_length=120)
    customer_list = forms.FileField(
        label=_("Customer list (CSV)"),
        help_text=_("One traveller per line, UTF-8, with the columns name_zh, name_roman, sex, date_of_birth, permit_number."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day < calendar.local_today():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class ReviewForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Status.INCOMPLETE, _("Documents missing")), (Status.ISSUED, _("Issue the permits")), (Status.REJECTED, _("Reject"))],
        widget=forms.RadioSelect,
    )
    missing_items = forms.CharField(label=_("Missing documents"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    complete_by = forms.DateField(
        label=_("Complete by"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for 2 working days, at the latest the day of entry."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("to") == Status.REJECTED and not data.get("reason"):
            self.add_error("reason", _("Give the reason for the rejection."))
        if data.get("to") == Status.INCOMPLETE and not data.get("missing_items"):
            self.add_error("missing_items", _("List the missing documents."))
        return data
