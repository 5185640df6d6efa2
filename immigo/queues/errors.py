"""Errors of the queue: each has a stable code and a translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError, NotFoundError, RateLimitedError


class TicketTransitionNotAllowedError(DomainError):
    code = "queue_ticket_transition_not_allowed"
    message = _("The ticket cannot move to that status from its current status.")
    status = 409


class TicketCategoryUnavailableError(InvalidInputError):
    code = "queue_ticket_category_unavailable"
    message = _("This station gives no tickets of that kind.")


class TicketNotFoundError(NotFoundError):
    code = "queue_ticket_not_found"
    message = _("There is no such ticket.")


class TicketRateLimitedError(RateLimitedError):
    code = "queue_ticket_rate_limited"
    message = _("Too many tickets from this device. Please ask a volunteer at the station.")


class QueueEmptyError(DomainError):
    code = "queue_empty"
    message = _("Nobody is waiting for this counter.")
    status = 409


class CounterClosedError(DomainError):
    code = "queue_counter_closed"
    message = _("Open the counter first.")
    status = 409


class CounterBusyError(DomainError):
    code = "queue_counter_busy"
    message = _("Finish the ticket at the counter first.")
    status = 409


class CounterTakenError(DomainError):
    code = "queue_counter_taken"
    message = _("Another officer is at this counter, or you are already at another counter.")
    status = 409


class CounterCategoriesEmptyError(InvalidInputError):
    code = "queue_counter_categories_empty"
    message = _("Choose at least one kind of ticket for the counter.")


class CheckInNotAvailableError(DomainError):
    code = "queue_check_in_unavailable"
    message = _("Check-in by booking reference is not available yet. Please take a ticket.")
    status = 503


class CheckInReferenceUnknownError(NotFoundError):
    code = "queue_check_in_reference_unknown"
    message = _("No booking today at this station has that reference.")


class CheckInRateLimitedError(RateLimitedError):
    code = "queue_check_in_rate_limited"
    message = _("Too many attempts. Please ask a volunteer at the station.")
