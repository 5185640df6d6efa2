"""Writes of the appointments app: bookings, group sessions, home pickups, van visits.

`appointment_check_in` and `appointment_book` are what other apps (the queue kiosk) call."""

from .booking import (
    Holder,
    appointment_book,
    appointment_cancel,
    appointment_change,
    appointment_check_in,
    appointment_no_shows_mark,
    appointment_reminders_send,
)
from .groups import (
    CSV_COLUMNS,
    SessionRequest,
    group_list_parse,
    group_members_upload,
    group_session_cancel,
    group_session_complete,
    group_session_confirm,
    group_session_request,
    staff_needed,
)
from .pickups import (
    PickupRequest,
    home_pickup_cancel,
    home_pickup_complete,
    home_pickup_decline,
    home_pickup_request,
    home_pickup_schedule,
    months_after,
    pickup_eligibility_errors,
)
from .slots import slot_open_days, slot_open_window, slot_times
from .vans import VisitPlan, van_intake_record, van_visit_cancel, van_visit_plan, van_visit_publish

__all__ = [
    "CSV_COLUMNS",
    "Holder",
    "PickupRequest",
    "SessionRequest",
    "VisitPlan",
    "appointment_book",
    "appointment_cancel",
    "appointment_change",
    "appointment_check_in",
    "appointment_no_shows_mark",
    "appointment_reminders_send",
    "group_list_parse",
    "group_members_upload",
    "group_session_cancel",
    "group_session_complete",
    "group_session_confirm",
    "group_session_request",
    "home_pickup_cancel",
    "home_pickup_complete",
    "home_pickup_decline",
    "home_pickup_request",
    "home_pickup_schedule",
    "months_after",
    "pickup_eligibility_errors",
    "slot_open_days",
    "slot_open_window",
    "slot_times",
    "staff_needed",
    "van_intake_record",
    "van_visit_cancel",
    "van_visit_plan",
    "van_visit_publish",
]
