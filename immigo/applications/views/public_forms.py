"""Forms of the public pages that are not a service's own application form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..catalogue.base import DateInput
from ._catalogue import DocumentLine
from ._helpers import ACCEPTED_UPLOADS


def upload_field(*, label: Any, help_text: Any = "") -> forms.FileField:
    # Whether a file is needed is the service's decision (it depends on the answers); the form
    # only carries the files.
    return forms.FileField(label=label, required=False, help_text=help_text, widget=forms.FileInput(attrs={"accept": ACCEPTED_UPLOADS}))


class DocumentsForm(forms.Form):
    """One file input per document requirement of a service, named by the requirement's code."""

    def __init__(self, *args: Any, documents: Iterable[DocumentLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for doc in documents:
            hint = doc.condition or str(_("Required."))
            formats = _("PDF, JPEG or PNG, 10 MB at most.")
            self.fields[doc.code] = upload_field(label=doc.label, help_text=f"{hint} {formats}")


class SupplementUploadForm(forms.Form):
    """The files for an open one-time notice: one input per listed item."""

    def __init__(self, *args: Any, items: Iterable[Mapping[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            if item.get("code"):
                self.fields[item["code"]] = upload_field(label=item["label"], help_text=item.get("note", ""))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the application?"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Receipt number or ID number"),
        max_length=40,
        help_text=_(
            "The receipt number is printed on your receipt, for example 260302-7K3M-Q9XD-4. Or give the national ID or "
            "unified ID number of the applicant."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    date_of_birth = forms.DateField(label=_("Applicant's date of birth"), widget=DateInput(attrs={"autocomplete": "bday"}))
