"""Accounts test data: users of each kind and an authenticator device with a known secret."""

from __future__ import annotations

import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit

PASSWORD = "correct-horse-battery-staple"
# RFC 6238's test secret ("12345678901234567890"), in hex as django-otp stores it.
TOTP_KEY_HEX = "3132333435363738393031323334353637383930"


def public(email: str = "applicant@example.test", **extra: object) -> User:
    return User.objects.create_user(email, PASSWORD, full_name="Test Applicant", kind=User.Kind.PUBLIC, **extra)


def unit(code: str = "station-test") -> Unit:
    return Unit.objects.get_or_create(
        code=code, defaults={"kind": Unit.Kind.SERVICE_STATION, "name_zh": "測試服務站", "name_en": "Test station"}
    )[0]


def staff(email: str = "officer@example.test", role: Role = Role.REVIEWER, **extra: object) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name="Test Officer", kind=User.Kind.STAFF, **extra)
    StaffRole.objects.create(user=user, role=role, unit=unit())
    return user


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", key=TOTP_KEY_HEX, confirmed=confirmed)


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that is none of the ones the device accepts around now (tolerance and drift)."""
    accepted = {totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift) for drift in range(-3, 4)}
    candidate = int(time.time()) % 1_000_000
    while candidate in accepted:
        candidate = (candidate + 1) % 1_000_000
    return f"{candidate:06d}"
