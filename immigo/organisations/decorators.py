"""A view for the logins of an organisation (of given kinds, or its administrators only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from immigo.accounts.models import User

from .selectors import organisation_administered, organisation_for_user


def organisation_required(
    *kinds: str, attribute: str = "organisation", administrator: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Only a signed-in login of an organisation of one of `kinds` (any kind when none is given;
    with `administrator`, only its active administrators); the organisation is set on the request
    as `attribute`. Anonymous visitors are sent to sign in; anyone else is refused (403)."""
    wanted = set(kinds) or None

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(user, "kind", None) != User.Kind.ORGANISATION:
                raise PermissionDenied
            find = organisation_administered if administrator else organisation_for_user
            organisation = find(user, kinds=wanted)  # type: ignore[arg-type]
            if organisation is None:
                raise PermissionDenied
            setattr(request, attribute, organisation)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
