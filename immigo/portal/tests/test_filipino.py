"""Filipino has no catalogue in Django itself; locale-django/tl gives Django's own messages (form
errors, widgets, password rules, the CSRF failure page) in Filipino instead of the default
language."""

from __future__ import annotations

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation


class _Form(forms.Form):
    email = forms.EmailField()
    day = forms.DateField()
    count = forms.IntegerField(max_value=5)
    kind = forms.ChoiceField(choices=[("a", "A")])
    name = forms.CharField(max_length=3)


def _errors(language: str, data: dict[str, str]) -> dict[str, list[str]]:
    with translation.override(language):
        form = _Form(data)
        form.is_valid()
        return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def test_django_form_errors_are_in_filipino():
    assert _errors("tl", {"email": "x", "day": "31/31", "count": "9", "kind": "b", "name": "abcd"}) == {
        "email": ["Maglagay ng wastong e-mail address."],
        "day": ["Maglagay ng wastong petsa."],
        "count": ["Tiyaking mas mababa o katumbas ng 5 ang halagang ito."],
        "kind": ["Pumili ng wastong opsiyon. Wala ang b sa mga pagpipilian."],
        "name": ["Tiyaking hindi hihigit sa 3 na karakter ang halagang ito (4 ang mayroon ito)."],
    }
    assert _errors("tl", {})["email"] == ["Kailangan ang field na ito."]


def test_other_languages_keep_djangos_own_translations():
    assert _errors("ja", {})["email"] == ["このフィールドは必須です。"]
    assert _errors("en", {})["email"] == ["This field is required."]


def test_password_rules_are_in_filipino():
    with translation.override("tl"), pytest.raises(ValidationError) as raised:
        MinimumLengthValidator(min_length=12).validate("short")
    assert raised.value.messages == ["Masyadong maikli ang password na ito. Dapat may hindi bababa sa 12 na karakter ito."]


@pytest.mark.django_db
def test_a_page_shows_a_django_form_error_in_filipino():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tl"
    response = client.post("/newsletter/", {"email": "not-an-address", "language": "tl", "consent": "on"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Maglagay ng wastong e-mail address." in page
    for language in ("en", settings.LANGUAGE_CODE):  # neither English nor the default language
        assert _errors(language, {"email": "x"})["email"][0] not in page


@pytest.mark.django_db
def test_the_csrf_failure_page_is_in_filipino():
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tl"
    response = client.post("/newsletter/", {"email": "someone@example.test"})
    assert response.status_code == 403
    assert "Nabigo ang CSRF verification. Itinigil ang kahilingan." in response.content.decode()
