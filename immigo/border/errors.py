"""The border app's domain errors: each with a stable code and a translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, PermissionDeniedError, RateLimitedError


class IdentityNotBoundError(DomainError):
    code = "identity_not_bound"
    message = _(
        "Your account is not yet linked to your national ID number. Bring your ID card to any service station to link it, "
        "or ask someone to query for you with your signed authorisation."
    )
    status = 403


class SecondFactorRequiredError(PermissionDeniedError):
    code = "second_factor_required"
    message = _("Confirm it is you with a one-time code first.")


class SecondFactorInvalidError(DomainError):
    code = "second_factor_invalid"
    message = _("The code is not valid or has expired. Ask for a new code.")


class SecondFactorRateLimitedError(RateLimitedError):
    code = "second_factor_rate_limited"
    message = _("Too many codes were asked for. Please wait an hour and try again.")


class ExitBanQueryRateLimitedError(RateLimitedError):
    code = "exit_ban_query_rate_limited"
    message = _("You have reached today's number of exit-ban queries. Please try again tomorrow.")


class ProxyRequestLimitError(RateLimitedError):
    code = "proxy_request_limit"
    message = _("You have reached today's number of proxy requests. Please try again tomorrow.")


class ProxyRequestOpenError(DomainError):
    code = "proxy_request_open"
    message = _("You already have an open request for this person. Wait for it to be reviewed.")
    status = 409


class ProxyPrincipalMismatchError(DomainError):
    code = "proxy_principal_mismatch"
    message = _("No one with this national ID number and date of birth is in the register: refuse the authorisation.")
    status = 409


class ProxyAuthorisationNotUsableError(DomainError):
    code = "proxy_authorisation_not_usable"
    message = _("This authorisation cannot be used (not yet verified, already used or expired).")
    status = 409


class ProxyTransitionNotAllowedError(DomainError):
    code = "proxy_transition_not_allowed"
    message = _("This step is not possible in the authorisation's current state.")
    status = 409


class ExitBanLiftedError(DomainError):
    code = "exit_ban_already_lifted"
    message = _("This ban has already been lifted.")
    status = 409


class AirportApprovalUnitError(PermissionDeniedError):
    code = "airport_approval_unit"
    message = _("Airport approvals are granted by border officers at a border unit.")
