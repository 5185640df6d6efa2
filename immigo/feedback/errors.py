"""Errors of the satisfaction ratings and the service-expert vote."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError


class RatingNotOpenError(DomainError):
    code = "feedback_rating_not_open"
    message = _("This ticket cannot be rated: it has not been served yet.")
    status = 409


class RatingAlreadyGivenError(DomainError):
    code = "feedback_rating_already_given"
    message = _("This ticket has already been rated. Thank you.")
    status = 409


class RatingLevelInvalidError(InvalidInputError):
    code = "feedback_rating_level_invalid"
    message = _("Choose one of the five levels.")


class AlertTransitionNotAllowedError(DomainError):
    code = "feedback_alert_transition_not_allowed"
    message = _("The alert cannot move to that status from its current status.")
    status = 409


class AlertNoteMissingError(InvalidInputError):
    code = "feedback_alert_note_missing"
    message = _("Say what was done before closing the alert.")


class BallotNumberTakenError(InvalidInputError):
    code = "feedback_ballot_number_taken"
    message = _("A ballot with this number has already been entered for this month.")


class BallotOfficerUnknownError(InvalidInputError):
    code = "feedback_ballot_officer_unknown"
    message = _("Choose an officer of this station.")
