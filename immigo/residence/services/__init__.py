"""Writes of the residence app: the registry, the bulk import and the reminder ladder."""

from .importer import ImportResult, RowError, resident_import
from .ladder import SweepResult, ladder_step_close, ladder_sweep, letter_batch_mark_posted
from .links import booking_path, booking_url, renewal_token_make, renewal_token_read, renewal_url
from .registry import permit_renew, renewal_expiry, resident_flags_update

__all__ = [
    "ImportResult",
    "RowError",
    "SweepResult",
    "booking_path",
    "booking_url",
    "ladder_step_close",
    "ladder_sweep",
    "letter_batch_mark_posted",
    "permit_renew",
    "renewal_expiry",
    "renewal_token_make",
    "renewal_token_read",
    "renewal_url",
    "resident_flags_update",
    "resident_import",
]
