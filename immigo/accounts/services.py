"""Account services: public sign-up, the sign-in throttle, the staff second factor (TOTP) and
where a user goes after each sign-in step."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError

from .models import User

# A guesser gets 10 wrong passwords per e-mail address and network address in 15 minutes.
LOGIN_FAILURES_ALLOWED = 10
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

STAFF_HOME = "/staff/"
PUBLIC_HOME = "/cases/"
SIGNUP_HOME = "/services/"
TOTP_DEVICE_NAME = "Authenticator app"


class EmailTakenError(InvalidInputError):
    code = "email_taken"
    message = _("An account with this e-mail address already exists. Sign in, or reset your password if you forgot it.")


# --- sign-in throttle -----------------------------------------------------------------------


def _failure_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "IMMIGO_LOGIN_FAILURES_ALLOWED", LOGIN_FAILURES_ALLOWED)),
        int(getattr(settings, "IMMIGO_LOGIN_FAILURE_WINDOW_SECONDS", LOGIN_FAILURE_WINDOW_SECONDS)),
    )


def _failure_key(*, email: str, ip: str | None) -> str:
    # Hashed: the cache (database or Redis) should not hold e-mail addresses in clear.
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip or '-'}".encode()).hexdigest()
    return f"immigo:login-failures:{digest}"


def login_is_throttled(*, email: str, ip: str | None) -> bool:
    """True when this e-mail address has failed too often from this network address lately;
    then even the right password is refused until the window has passed."""
    allowed, _window = _failure_limit()
    return int(cache.get(_failure_key(email=email, ip=ip), 0)) >= allowed


def login_failure_record(*, email: str, ip: str | None) -> int:
    """Counts one failed attempt; the window starts at the first failure. Returns the count."""
    _allowed, window = _failure_limit()
    key = _failure_key(email=email, ip=ip)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def login_failures_clear(*, email: str, ip: str | None) -> None:
    cache.delete(_failure_key(email=email, ip=ip))


# --- where to go next -----------------------------------------------------------------------


def is_staff_account(user: User) -> bool:
    """Staff for the second factor: agency staff, and anyone who may use the configuration admin."""
    return user.kind == User.Kind.STAFF or user.is_staff


def home_url(user: User) -> str:
    return STAFF_HOME if user.kind == User.Kind.STAFF else PUBLIC_HOME


def url_with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def url_after_password(*, user: User, next_url: str) -> str:
    """After the password step: staff with an authenticator go on to the code; staff without one
    set it up first when the settings require a second factor; everyone else is done."""
    if is_staff_account(user):
        target = next_url or home_url(user)
        if user_has_device(user, confirmed=True):
            return url_with_next(reverse("accounts:otp_verify"), target)
        if settings.IMMIGO_REQUIRE_STAFF_OTP:
            return url_with_next(reverse("accounts:otp_setup"), target)
    return next_url or home_url(user)


def staff_sign_in_record(*, user: User) -> None:
    """The audit trail keeps every staff sign-in (who, when, from where)."""
    if user.kind == User.Kind.STAFF:
        audit_record(actor=user, action="login", object_type="accounts.user", object_id=user.pk, purpose="staff sign-in")


def staff_second_factor_record(*, user: User) -> None:
    if user.kind == User.Kind.STAFF:
        audit_record(
            actor=user,
            action="login",
            object_type="accounts.user",
            object_id=user.pk,
            purpose="staff sign-in: second factor verified",
        )


# --- public accounts ------------------------------------------------------------------------


def email_is_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def account_signup(*, full_name: str, email: str, password: str, preferred_language: str) -> User:
    """Creates a member of the public's account. Guarantees: the e-mail address is stored in
    lower case and is unique whatever its case (EmailTakenError otherwise); the password is hashed;
    the account holds no staff powers."""
    email = email.strip().lower()
    if email_is_taken(email=email):
        raise EmailTakenError(details={"fields": {"email": [str(EmailTakenError.message)]}})
    languages = {code for code, _name in settings.LANGUAGES}
    if preferred_language not in languages:
        preferred_language = settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email,
                password,
                full_name=full_name.strip(),
                kind=User.Kind.PUBLIC,
                preferred_language=preferred_language,
            )
    except IntegrityError:  # the same address signed up a moment ago
        raise EmailTakenError(details={"fields": {"email": [str(EmailTakenError.message)]}}) from None


# --- the second factor ----------------------------------------------------------------------


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created once: reloading the set-up page shows
    the same secret, so a code from an app that already scanned it still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirms a pending device when `token` is a current code from it."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def totp_secret_display(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
