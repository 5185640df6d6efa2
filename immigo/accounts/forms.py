"""Sign-in, second-factor and sign-up forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from immigo.core.middleware import client_ip

from . import services
from .models import User


class EmailAuthenticationForm(AuthenticationForm):
    """E-mail and password. Refuses, even with the right password, an address that has failed too
    often from the same network address (see services.login_is_throttled)."""

    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is closed. Please contact the agency."),
        "throttled": _(
            "Too many unsuccessful sign-in attempts for this e-mail address. For your security, wait 15 minutes "
            "and try again, or reset your password."
        ),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def _ip(self) -> str | None:
        return client_ip(self.request) if self.request is not None else None

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        if email and services.login_is_throttled(email=email, ip=self._ip()):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            if email and self.cleaned_data.get("password"):
                services.login_failure_record(email=email, ip=self._ip())
            raise
        if email:
            services.login_failures_clear(email=email, ip=self._ip())
        return cleaned


class OneTimeCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("6-digit code from your authenticator app"))
        kwargs.setdefault("min_length", 6)
        kwargs.setdefault("max_length", 6)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
                "spellcheck": "false",
            }
        )

    def to_python(self, value: Any) -> str:
        # People copy codes as "123 456".
        return "".join(str(value or "").split())

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not value.isdigit():
            raise ValidationError(_("The code has 6 digits."), code="not_digits")


class OneTimeCodeForm(forms.Form):
    token = OneTimeCodeField()

    def __init__(self, *args: Any, verify: Any, **kwargs: Any) -> None:
        """`verify(token)` returns the device that accepted the code, or None."""
        self._verify = verify
        self.device: Any = None
        super().__init__(*args, **kwargs)

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"]
        self.device = self._verify(token)
        if self.device is None:
            raise ValidationError(
                _("This code is not correct or has expired. Enter the code your app shows now."),
                code="invalid_token",
            )
        return token


class SignupForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send notices about your applications to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language for notices"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()
        language = self.fields["preferred_language"]
        language.choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        language.initial = get_language() if get_language() in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if services.email_is_taken(email=email):
            raise ValidationError(services.EmailTakenError.message, code="email_taken")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", ValidationError(_("The two passwords are different."), code="password_mismatch"))
        elif password1:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "autocapitalize": "none"}),
    )


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs.update({"autocomplete": "new-password", "autofocus": True})
        self.fields["new_password2"].widget.attrs.update({"autocomplete": "new-password"})
