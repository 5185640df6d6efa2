"""Staff must have passed the second factor (TOTP) before they reach anything but the sign-in
pages, when the settings require it (production does)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class StaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.IMMIGO_REQUIRE_STAFF_OTP
            and user is not None
            and user.is_authenticated
            and (user.kind == "staff" or user.is_staff)
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
        return self.get_response(request)
