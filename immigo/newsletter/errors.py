"""Errors of the newsletter: each has a stable code and a translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError, PermissionDeniedError, RateLimitedError


class ConfirmationLinkInvalidError(DomainError):
    code = "newsletter_confirmation_link_invalid"
    message = _("This confirmation link has expired or is not valid. Please subscribe again to receive a new link.")
    status = 400


class UnsubscribeLinkInvalidError(DomainError):
    code = "newsletter_unsubscribe_link_invalid"
    message = _("This unsubscribe link is not valid. Please use the link in the most recent newsletter mail.")
    status = 400


class SubscriptionRateLimitedError(RateLimitedError):
    code = "newsletter_rate_limited"


class IssueTransitionNotAllowedError(PermissionDeniedError):
    code = "newsletter_issue_transition_not_allowed"
    message = _("This issue cannot be moved to that status now, or not by you.")


class IssueNotEditableError(DomainError):
    code = "newsletter_issue_not_editable"
    message = _("Only a draft issue can be changed. Return it to draft first.")
    status = 409


class IssueIncompleteError(InvalidInputError):
    code = "newsletter_issue_incomplete"
    message = _("An issue needs a Traditional Chinese version with at least one article before it is sent for review.")


class IssueNumberTakenError(InvalidInputError):
    code = "newsletter_issue_number_taken"
    message = _("Another issue already has this number.")


class VersionExistsError(InvalidInputError):
    code = "newsletter_version_exists"
    message = _("This issue already has a version in that language.")


class QuestionNotPublishableError(DomainError):
    code = "newsletter_question_not_publishable"
    message = _("Only an answered question whose reader agreed to publication can be added to an issue.")
    status = 409


class QuestionRateLimitedError(RateLimitedError):
    code = "newsletter_questions_rate_limited"
