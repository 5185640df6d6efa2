"""Forms of the queue pages: a ticket on the phone, at the kiosk, check-in by booking reference,
and opening a counter."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category, PriorityReason
from .services import DEFAULT_NOTIFY_PLACES

PHONE_RE = re.compile(r"\+?[0-9]{8,15}")
NO_PRIORITY = ""


def _priority_choices() -> list[tuple[str, Any]]:
    return [(NO_PRIORITY, _("No, a normal ticket")), *PriorityReason.choices]


class KioskTicketForm(forms.Form):
    """The kiosk: the category is the button pressed; the priority question is answered first."""

    category = forms.ChoiceField(label=_("Kind of ticket"), choices=())
    priority_reason = forms.ChoiceField(
        label=_("Priority at the love counter"),
        choices=_priority_choices,
        required=False,
        initial=NO_PRIORITY,
        widget=forms.RadioSelect,
        help_text=_(
            "Elderly people with limited mobility, people with disabilities, pregnant women "
            "and people with a child under 3 are served first."
        ),
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c, Category(c).label) for c in categories]


class PhoneTicketForm(KioskTicketForm):
    """A ticket on the person's own phone, with an optional contact for the "almost your turn"
    notice."""

    category = forms.ChoiceField(label=_("Kind of ticket"), choices=(), widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Mobile number for a text message"),
        required=False,
        max_length=20,
        help_text=_("Optional. Digits only, e.g. 0912345678. Used only for this ticket."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Optional. Used only for this ticket."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_places = forms.IntegerField(
        label=_("Tell me when this many people are ahead of me"),
        min_value=1,
        max_value=20,
        initial=DEFAULT_NOTIFY_PLACES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_phone(self) -> str:
        phone = "".join(str(self.cleaned_data.get("phone") or "").replace("-", "").split())
        if phone and not PHONE_RE.fullmatch(phone):
            raise forms.ValidationError(_("Enter a mobile number of 8 to 15 digits, e.g. 0912345678."))
        return phone


class CheckInForm(forms.Form):
    reference = forms.CharField(
        label=_("Booking reference"),
        max_length=40,
        help_text=_("As printed in your booking confirmation."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data["reference"]).strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]{4,40}", reference):
            raise forms.ValidationError(_("Enter the reference as printed: letters, digits and dashes."))
        return reference


class CounterOpenForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Kinds of ticket this counter calls"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of ticket for the counter.")},
    )
