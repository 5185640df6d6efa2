"""Forms of an organisation's logins page. Business rules stay in the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Membership


class LoginAddForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Work e-mail address"), help_text=_("The link to set a password is sent there."))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Administrators also manage the organisation's logins."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)


class LoginChangeForm(forms.Form):
    """One button on a login's row: what it does is in `change`."""

    CHANGES: ClassVar[dict[str, dict[str, Any]]] = {
        "deactivate": {"active": False},
        "activate": {"active": True},
        "make_administrator": {"role": Membership.Role.ADMINISTRATOR},
        "make_member": {"role": Membership.Role.MEMBER},
    }
    change = forms.ChoiceField(choices=[(key, key) for key in CHANGES])
