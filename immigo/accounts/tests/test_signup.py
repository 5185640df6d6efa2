"""Public sign-up: an account of the public kind, signed in at once, one per e-mail address."""

from __future__ import annotations

from django.urls import reverse

from immigo.accounts.models import User

from . import factories as f

SIGNUP = reverse("accounts:signup")


def _form(**overrides: str) -> dict[str, str]:
    return {
        "full_name": "Nguyen Van An",
        "email": "An.Nguyen@Example.test",
        "password1": "a-long-enough-secret-2026",
        "password2": "a-long-enough-secret-2026",
        "preferred_language": "en",
    } | overrides


def test_the_sign_up_page_labels_its_fields(client, db):  # type: ignore[no-untyped-def]
    html = client.get(SIGNUP).content.decode()
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert 'value="zh-hant"' in html and 'value="en"' in html


def test_sign_up_creates_a_public_account_and_signs_in(client, db):  # type: ignore[no-untyped-def]
    response = client.post(SIGNUP, _form())
    assert response.status_code == 302
    assert response["Location"] == "/services/"
    user = User.objects.get()
    assert user.email == "an.nguyen@example.test"
    assert user.kind == User.Kind.PUBLIC
    assert not user.is_staff and not user.is_superuser
    assert user.preferred_language == "en"
    assert user.check_password("a-long-enough-secret-2026")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.cookies["django_language"].value == "en"


def test_sign_up_returns_to_the_next_page(client, db):  # type: ignore[no-untyped-def]
    response = client.post(f"{SIGNUP}?next=/services/a11/apply/", _form())
    assert response["Location"] == "/services/a11/apply/"


def test_an_e_mail_address_is_taken_whatever_its_case(client, db):  # type: ignore[no-untyped-def]
    f.public("an.nguyen@example.test")
    response = client.post(SIGNUP, _form(email="AN.NGUYEN@example.TEST"))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["email"]] == ["email_taken"]
    assert User.objects.count() == 1


def test_the_passwords_must_match(client, db):  # type: ignore[no-untyped-def]
    response = client.post(SIGNUP, _form(password2="something-else-2026"))
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_the_password_validators_apply(client, db):  # type: ignore[no-untyped-def]
    response = client.post(SIGNUP, _form(password1="12345678", password2="12345678"))
    codes = {e.code for e in response.context["form"].errors.as_data()["password1"]}
    assert {"password_too_short", "password_entirely_numeric"} <= codes
    assert not User.objects.exists()


def test_a_password_like_the_e_mail_address_is_refused(client, db):  # type: ignore[no-untyped-def]
    response = client.post(SIGNUP, _form(password1="an.nguyen@example", password2="an.nguyen@example"))
    assert "password1" in response.context["form"].errors


def test_signed_up_user_can_sign_in_again(client, db):  # type: ignore[no-untyped-def]
    client.post(SIGNUP, _form())
    client.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:login"), {"username": "an.nguyen@example.test", "password": "a-long-enough-secret-2026"})
    assert response["Location"] == "/cases/"


def test_sign_out_is_post_only(client, public_user):  # type: ignore[no-untyped-def]
    client.force_login(public_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
