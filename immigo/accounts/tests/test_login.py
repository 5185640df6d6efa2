"""Signing in with e-mail and password: where each kind of user goes next, the audit of staff
sign-ins, and the throttle on wrong passwords."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from immigo.core.models import AuditEntry

from . import factories as f

LOGIN = reverse("accounts:login")


def _login(client, email: str, password: str = f.PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_the_sign_in_page_asks_for_e_mail_and_password(client, db):  # type: ignore[no-untyped-def]
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="email"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html
    assert reverse("accounts:signup") in html


def test_public_user_signs_in_and_goes_to_their_cases(client, public_user):  # type: ignore[no-untyped-def]
    response = _login(client, public_user.email)
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert client.session["_auth_user_id"] == str(public_user.pk)


def test_e_mail_is_not_case_sensitive(client, public_user):  # type: ignore[no-untyped-def]
    response = _login(client, "  Applicant@Example.TEST ")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(public_user.pk)


def test_sign_in_returns_to_a_safe_next_page_only(client, public_user):  # type: ignore[no-untyped-def]
    assert _login(client, public_user.email, next="/services/")["Location"] == "/services/"
    client.logout()
    assert _login(client, public_user.email, next="https://evil.example/")["Location"] == "/cases/"


def test_wrong_password_is_refused_with_an_error(client, public_user):  # type: ignore[no-untyped-def]
    response = _login(client, public_user.email, "not-the-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()
    assert "error-summary" in response.content.decode()


def test_staff_without_an_authenticator_go_to_the_work_queue_where_otp_is_optional(client, staff_user, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = False
    response = _login(client, staff_user.email)
    assert response["Location"] == "/staff/"


def test_staff_with_an_authenticator_are_asked_for_the_code(client, staff_user):  # type: ignore[no-untyped-def]
    f.totp_device(staff_user)
    response = _login(client, staff_user.email, next="/staff/intake/")
    assert response["Location"] == f"{reverse('accounts:otp_verify')}?next=%2Fstaff%2Fintake%2F"


def test_staff_without_an_authenticator_must_set_one_up_where_otp_is_required(client, staff_user, settings):  # type: ignore[no-untyped-def]
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    response = _login(client, staff_user.email)
    assert response["Location"] == f"{reverse('accounts:otp_setup')}?next=%2Fstaff%2F"


def test_staff_sign_in_is_audited(client, staff_user):  # type: ignore[no-untyped-def]
    _login(client, staff_user.email, REMOTE_ADDR="203.0.113.7")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor == staff_user
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(staff_user.pk))
    assert entry.purpose == "staff sign-in"


def test_public_sign_in_is_not_in_the_staff_audit_trail(client, public_user):  # type: ignore[no-untyped-def]
    _login(client, public_user.email)
    assert not AuditEntry.objects.exists()


def test_ten_wrong_passwords_lock_the_address_for_a_while_even_with_the_right_one(client, public_user):  # type: ignore[no-untyped-def]
    for _ in range(10):
        assert _login(client, public_user.email, "wrong-password").status_code == 200
    response = _login(client, public_user.email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["throttled"]
    assert "15" in response.content.decode()


def test_the_throttle_is_per_network_address(client, public_user):  # type: ignore[no-untyped-def]
    for _ in range(10):
        client.post(LOGIN, {"username": public_user.email, "password": "wrong"}, REMOTE_ADDR="198.51.100.1")
    response = client.post(LOGIN, {"username": public_user.email, "password": f.PASSWORD}, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 302


def test_the_throttle_lifts_after_fifteen_minutes(client, public_user, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), tick=False)
    for _ in range(10):
        _login(client, public_user.email, "wrong-password")
    assert _login(client, public_user.email).status_code == 200
    time_machine.shift(16 * 60)
    assert _login(client, public_user.email).status_code == 302


def test_nine_wrong_passwords_then_the_right_one_signs_in_and_resets_the_count(client, public_user):  # type: ignore[no-untyped-def]
    for _ in range(9):
        _login(client, public_user.email, "wrong-password")
    assert _login(client, public_user.email).status_code == 302
    client.logout()
    for _ in range(9):
        _login(client, public_user.email, "wrong-password")
    assert _login(client, public_user.email).status_code == 302
