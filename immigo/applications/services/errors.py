"""Errors raised by the case services, each with a stable code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError


class TransitionNotAllowedError(DomainError):
    code = "transition_not_allowed"
    message = _("This action is not possible in the case's current status.")
    status = 409


class SecondOfficerRequiredError(DomainError):
    code = "second_officer_required"
    message = _("A rejection must be confirmed by a different officer from the one who proposed it.")
    status = 409


class IneligibleError(InvalidInputError):
    code = "not_eligible"
    message = _("The application does not meet the conditions for this service.")


class FeeUnpaidError(DomainError):
    code = "fee_unpaid"
    message = _("The fee must be paid before the document is issued.")
    status = 409


class IdentityMismatchError(InvalidInputError):
    code = "identity_mismatch"
    message = _("These details do not match our records for this identity number. Please check them or ask at a counter.")
