"""Staff must have passed the second factor (TOTP) before they reach anything but the sign-in
pages, when the settings require it (production does)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/")
API_PREFIX = "/api/"


class StaffSecondFactorMiddleware:
    """Runs after django_otp's OTPMiddleware, which marks a verified session's user.

    A staff member (or an account that may use the configuration admin) who has not entered a
    code is sent to enter one (or to set up an authenticator app first); the page they asked for,
    query string included, comes back as `next`. API calls get a 403 in the API's error shape instead
    of a redirect to an HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.IMMIGO_REQUIRE_STAFF_OTP
            and user is not None
            and user.is_authenticated
            and (user.kind == "staff" or user.is_staff)
            and not _is_verified(user)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if request.path.startswith(API_PREFIX):
                return JsonResponse(
                    {"code": "second_factor_required", "message": _("Sign in with your authenticator code first."), "details": {}},
                    status=403,
                )
            # The code page sends someone without an authenticator app on to set one up.
            return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _is_verified(user: object) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False
