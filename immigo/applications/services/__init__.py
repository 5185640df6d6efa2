"""Case services: submission and the workflow actions. Views, the API, tasks and other apps
call these, never the models' save()."""

from .actions import (
    SUPPLEMENT_RESPOND_WORKING_DAYS,
    case_approve,
    case_cancel_rejection,
    case_confirm_rejection,
    case_get,
    case_issue,
    case_propose_rejection,
    case_record_collection,
    case_record_payment,
    case_request_supplement,
    case_start_review,
    case_supplement_receive,
    case_withdraw,
)
from .errors import (
    FeeUnpaidError,
    IdentityMismatchError,
    IneligibleError,
    SecondOfficerRequiredError,
    TransitionNotAllowedError,
)
from .people import person_find, person_for_application
from .submission import Submission, application_submit
from .uploads import ALLOWED_UPLOAD_TYPES

__all__ = [
    "ALLOWED_UPLOAD_TYPES",
    "SUPPLEMENT_RESPOND_WORKING_DAYS",
    "FeeUnpaidError",
    "IdentityMismatchError",
    "IneligibleError",
    "SecondOfficerRequiredError",
    "Submission",
    "TransitionNotAllowedError",
    "application_submit",
    "case_approve",
    "case_cancel_rejection",
    "case_confirm_rejection",
    "case_get",
    "case_issue",
    "case_propose_rejection",
    "case_record_collection",
    "case_record_payment",
    "case_request_supplement",
    "case_start_review",
    "case_supplement_receive",
    "case_withdraw",
    "person_find",
    "person_for_application",
]
