"""Errors of the residence registry and the reminder ladder: each has a stable code and a
translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError, NotFoundError


class LadderStepTransitionNotAllowedError(DomainError):
    code = "residence_ladder_step_transition_not_allowed"
    message = _("This task is already closed.")
    status = 409


class LadderOutcomeInvalidError(InvalidInputError):
    code = "residence_ladder_outcome_invalid"
    message = _("Choose an outcome that fits this task.")


class RenewalLinkInvalidError(NotFoundError):
    code = "residence_renewal_link_invalid"
    message = _("This renewal link is not valid or has expired. Please apply from the services page or ask your service station.")


class PermitNotRenewableError(DomainError):
    code = "residence_permit_not_renewable"
    message = _("No valid residence permit was found for this applicant in the registry.")
    status = 409


class ResidentImportFileInvalidError(InvalidInputError):
    code = "residence_import_file_invalid"
    message = _("The file is not a CSV file with the expected columns.")
