"""Errors of appointments, group sessions, home pickups and van visits: each with a stable code
and a translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, InvalidInputError


class SlotFullError(DomainError):
    code = "slot_full"
    message = _("This time is fully booked. Please choose another time.")
    status = 409


class SlotUnavailableError(DomainError):
    code = "slot_unavailable"
    message = _("This time cannot be booked.")
    status = 409


class SlotOutsideWindowError(DomainError):
    code = "slot_outside_window"
    message = _("This day is outside the booking window.")
    status = 409


class AppointmentAlreadyBookedError(DomainError):
    code = "appointment_already_booked"
    message = _("You already have a booking for this service on this day.")
    status = 409


class AppointmentChangeClosedError(DomainError):
    code = "appointment_change_closed"
    message = _("It is too late to change or cancel this booking.")
    status = 409


class AppointmentChangeLimitError(DomainError):
    code = "appointment_change_limit"
    message = _("This booking has been changed as often as allowed.")
    status = 409


class AppointmentTransitionError(DomainError):
    code = "appointment_transition_not_allowed"
    message = _("This booking cannot be changed in its current status.")
    status = 409


class EmployerCaseCountError(InvalidInputError):
    code = "employer_case_count"
    message = _("Employer appointments are for 5 or more workers' cases.")


class GroupListInvalidError(InvalidInputError):
    code = "group_list_invalid"
    message = _("The list has errors. Nothing was saved.")


class GroupSessionTransitionError(DomainError):
    code = "group_session_transition_not_allowed"
    message = _("This group session cannot be changed in its current status.")
    status = 409


class PickupIneligibleError(InvalidInputError):
    code = "pickup_ineligible"
    message = _("Home pickup is for people who cannot come to a station.")


class PickupTransitionError(DomainError):
    code = "pickup_transition_not_allowed"
    message = _("This home pickup cannot be changed in its current status.")
    status = 409


class VanVisitTransitionError(DomainError):
    code = "van_visit_transition_not_allowed"
    message = _("This van visit cannot be changed in its current status.")
    status = 409


class VanIntakeCaseError(InvalidInputError):
    code = "van_intake_case"
    message = _("No application with this receipt number was filed at this station.")
