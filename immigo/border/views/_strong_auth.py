"""The public second factor for the exit-ban query: proof kept in the session for 10 minutes."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "border_second_factor"
VALID_SECONDS = 600


def strong_auth_record(request: HttpRequest, method: str) -> None:
    request.session[SESSION_KEY] = {"user": request.user.pk, "method": method, "at": int(time.time())}
    request.session.cycle_key()


def strong_auth_method(request: HttpRequest) -> str | None:
    """ "totp" or "email" when the signed-in user passed the second factor in the last 10 minutes."""
    proof = request.session.get(SESSION_KEY) or {}
    if proof.get("user") != request.user.pk or time.time() - int(proof.get("at", 0)) > VALID_SECONDS:
        return None
    method = proof.get("method")
    return str(method) if method in ("totp", "email") else None


def public_account_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "kind", None) != "public":
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def strong_auth_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in as a member of the public and through the second factor; otherwise sent to it."""

    @public_account_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if strong_auth_method(request) is None:
            target = request.get_full_path() if request.method == "GET" else reverse("applications:border:home")
            response: HttpResponse = redirect(f"{reverse('applications:border:second_factor')}?{urlencode({'next': target})}")
            return response
        return view(request, *args, **kwargs)

    return wrapper
