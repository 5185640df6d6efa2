"""The quota errors: each with a stable code and a translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError, NotFoundError


class QuotaNotDefinedError(DomainError):
    code = "quota_not_defined"
    status = 409
    message = _("No quota has been set for this category and day yet.")


class QuotaDayPastError(DomainError):
    code = "quota_day_past"
    status = 409
    message = _("The day has passed: its quota can no longer be set or applied for.")


class QuotaBelowAllocatedError(DomainError):
    code = "quota_below_allocated"
    status = 409
    message = _("The quota cannot be cut below the places already given.")


class QuotaReasonMissingError(InvalidInputError):
    code = "quota_reason_missing"
    message = _("Say why the quota is set or changed.")


class GroupSizeInvalidError(InvalidInputError):
    code = "group_size_invalid"
    message = _("The number of travellers is outside what this category allows.")


class GroupCustomerListInvalidError(InvalidInputError):
    code = "group_customer_list_invalid"
    message = _("The customer list has errors; nothing was saved. Correct the rows listed and upload it again.")


class GroupApplicationNotFoundError(NotFoundError):
    code = "group_application_not_found"
    message = _("No such group application.")


class GroupTransitionNotAllowedError(DomainError):
    code = "group_transition_not_allowed"
    status = 409
    message = _("The application cannot make this move from its current status.")


class GroupIssueOutOfOrderError(DomainError):
    code = "group_issue_out_of_order"
    status = 409
    message = _("Permits are issued in receipt order: an earlier application of this day is waiting to be issued first.")


class GroupCompleteByInvalidError(InvalidInputError):
    code = "group_complete_by_invalid"
    message = _("The deadline for missing documents must be after today and no later than the day of travel.")


class QuotaPlaceNotHeldError(DomainError):
    code = "quota_place_not_held"
    status = 409
    message = _(
        "The traveller has no place in the day's quota yet: the application waits on the list and can be approved once a place comes free."
    )
