"""Errors of the missing persons list: each has a stable code and a translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError, RateLimitedError


class MissingPersonTransitionNotAllowedError(DomainError):
    code = "missing_person_transition_not_allowed"
    message = _("The entry cannot move to that status from its current status.")
    status = 409


class MissingPersonPhotoInvalidError(InvalidInputError):
    code = "missing_person_photo_invalid"
    message = _("The photo must be a JPEG or PNG image of at most 5 MB.")


class CaseNumberTakenError(InvalidInputError):
    code = "missing_person_case_number_taken"
    message = _("Another entry already has this case number.")


class IdSearchRateLimitedError(RateLimitedError):
    code = "missing_person_id_search_rate_limited"
    message = _("Too many searches by ID number. Please wait and try again later.")
