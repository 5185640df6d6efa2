"""The staff second factor: the code after the password, setting up an authenticator app, and
the middleware that keeps unverified staff out where the settings require a second factor."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from immigo.core.models import AuditEntry

from . import factories as f

VERIFY = reverse("accounts:otp_verify")
SETUP = reverse("accounts:otp_setup")


@pytest.fixture
def device(staff_user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return f.totp_device(staff_user)


@pytest.fixture
def signed_in(client, staff_user):  # type: ignore[no-untyped-def]
    """A staff member past the password step only."""
    client.post(reverse("accounts:login"), {"username": staff_user.email, "password": f.PASSWORD})
    return client


def test_staff_sign_in_with_password_then_code(client, staff_user, device):  # type: ignore[no-untyped-def]
    response = client.post(reverse("accounts:login"), {"username": staff_user.email, "password": f.PASSWORD})
    assert response["Location"] == f"{VERIFY}?next=%2Fstaff%2F"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(VERIFY, {"token": f.current_code(device), "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert AuditEntry.objects.filter(actor=staff_user, action="login", purpose__contains="second factor").exists()


def test_a_code_typed_with_a_space_is_accepted(signed_in, device):  # type: ignore[no-untyped-def]
    code = f.current_code(device)
    response = signed_in.post(VERIFY, {"token": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY in signed_in.session


def test_a_wrong_code_is_refused_with_a_field_error(signed_in, device):  # type: ignore[no-untyped-def]
    response = signed_in.post(VERIFY, {"token": f.wrong_code(device), "next": "/staff/"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["token"]] == ["invalid_token"]
    assert DEVICE_ID_SESSION_KEY not in signed_in.session


def test_a_code_cannot_be_used_twice(client, staff_user, device):  # type: ignore[no-untyped-def]
    code = f.current_code(device)
    client.post(reverse("accounts:login"), {"username": staff_user.email, "password": f.PASSWORD})
    assert client.post(VERIFY, {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": staff_user.email, "password": f.PASSWORD})
    assert client.post(VERIFY, {"token": code}).status_code == 200


def test_letters_are_not_a_code(signed_in, device):  # type: ignore[no-untyped-def]
    response = signed_in.post(VERIFY, {"token": "12ab56"})
    assert [e.code for e in response.context["form"].errors.as_data()["token"]] == ["not_digits"]


def test_the_code_page_needs_the_password_step_first(client, db):  # type: ignore[no-untyped-def]
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_code_page_sends_staff_without_an_app_to_set_one_up(signed_in):  # type: ignore[no-untyped-def]
    response = signed_in.get(f"{VERIFY}?next=/staff/")
    assert response["Location"] == f"{SETUP}?next=%2Fstaff%2F"


# --- the middleware, with the production setting ---------------------------------------------


def test_unverified_staff_are_sent_from_the_work_queue_to_the_code(signed_in, device, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    response = signed_in.get("/staff/?status=submitted")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fstaff%2F%3Fstatus%3Dsubmitted"


def test_unverified_staff_reach_the_work_queue_once_verified(signed_in, device, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    signed_in.post(VERIFY, {"token": f.current_code(device)})
    response = signed_in.get("/staff/")
    assert not (response.status_code == 302 and response["Location"].startswith("/accounts/"))


def test_unverified_staff_get_an_api_error_not_a_page(signed_in, device, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    response = signed_in.get("/api/v1/anything")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_the_configuration_admin_needs_the_second_factor_too(client, db, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    admin = f.public("root@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/config/")
    assert response["Location"].startswith(VERIFY)


def test_the_middleware_leaves_the_public_alone(client, public_user, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    client.force_login(public_user)
    response = client.get("/staff/")
    assert not response.get("Location", "").startswith(VERIFY)


def test_the_middleware_is_off_where_the_setting_is_off(signed_in, device, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = False
    response = signed_in.get("/staff/")
    assert not response.get("Location", "").startswith(VERIFY)


# --- setting up an authenticator app ----------------------------------------------------------


def test_set_up_shows_a_qr_code_and_the_secret_and_keeps_the_same_device(signed_in, staff_user):  # type: ignore[no-untyped-def]
    first = signed_in.get(SETUP)
    assert first.status_code == 200
    html = first.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed
    assert re.search(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", first.context["secret"])
    assert first.context["secret"] in html
    signed_in.get(SETUP)
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_set_up_confirms_the_device_with_a_correct_code(signed_in, staff_user, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    signed_in.get(SETUP)
    device = TOTPDevice.objects.get(user=staff_user)
    response = signed_in.post(SETUP, {"token": f.current_code(device), "next": "/staff/"})
    assert response["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert signed_in.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_set_up_refuses_a_wrong_code(signed_in, staff_user):  # type: ignore[no-untyped-def]
    signed_in.get(SETUP)
    device = TOTPDevice.objects.get(user=staff_user)
    response = signed_in.post(SETUP, {"token": f.wrong_code(device)})
    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed


def test_a_password_alone_cannot_enrol_a_second_app(signed_in, staff_user, device):  # type: ignore[no-untyped-def]
    response = signed_in.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_set_up_is_for_staff_only(client, public_user):  # type: ignore[no-untyped-def]
    client.force_login(public_user)
    assert client.get(SETUP).status_code == 403
    assert not TOTPDevice.objects.exists()
