"""Domain errors: each has a stable code and a translatable message; the API and the views turn
them into {code, message, details} in the caller's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    message: Any = _("The request could not be completed.")
    status = 400

    def __init__(self, message: Any = None, *, details: dict[str, Any] | None = None, code: str | None = None) -> None:
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        self.details = details or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "details": _stringify(self.details)}


def _stringify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stringify(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class PermissionDeniedError(DomainError):
    code = "permission_denied"
    message = _("You are not allowed to do this.")
    status = 403


class NotFoundError(DomainError):
    code = "not_found"
    message = _("Not found.")
    status = 404


class InvalidInputError(DomainError):
    code = "invalid_input"
    message = _("Some fields need your attention.")
    status = 422


class RateLimitedError(DomainError):
    code = "rate_limited"
    message = _("Too many attempts. Please wait and try again later.")
    status = 429
