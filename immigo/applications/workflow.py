"""The case workflow as data: which status may follow which, and who may take each action.

The tables are the documentation. `services.actions.case_move` is the only code that writes `status`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import Role

from .models import Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.AWAITING_SUPPLEMENT, Status.APPROVED, Status.WITHDRAWN}),
    Status.UNDER_REVIEW: frozenset({Status.AWAITING_SUPPLEMENT, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    Status.AWAITING_SUPPLEMENT: frozenset({Status.UNDER_REVIEW, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.ISSUED}),
    Status.REJECTED: frozenset(),
    Status.ISSUED: frozenset({Status.COLLECTED}),
    Status.COLLECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

TERMINAL: frozenset[Status] = frozenset(s for s, nxt in ALLOWED.items() if not nxt) | {Status.ISSUED}
# The clock runs while the agency owes the applicant a decision.
CLOCK_RUNNING: frozenset[Status] = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    START_REVIEW = "start_review", _("Review started")
    REQUEST_SUPPLEMENT = "request_supplement", _("Documents requested (one-time notice)")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Documents received")
    APPROVE = "approve", _("Approved")
    PROPOSE_REJECTION = "propose_rejection", _("Rejection proposed")
    CANCEL_REJECTION = "cancel_rejection", _("Rejection proposal withdrawn")
    CONFIRM_REJECTION = "confirm_rejection", _("Rejected")
    RECORD_PAYMENT = "record_payment", _("Fee paid")
    ISSUE = "issue", _("Document issued")
    RECORD_COLLECTION = "record_collection", _("Collected")
    WITHDRAW = "withdraw", _("Withdrawn")
    AUTO_CHECK = "auto_check", _("Automatic checks")
    # B03: a station forwards a special extension case to headquarters for review.
    FORWARD = "forward", _("Forwarded to headquarters for review")
    # B07: a passport reported lost was found.
    PASSPORT_FOUND = "passport_found", _("Passport found")


@dataclass(frozen=True)
class Rule:
    """Where an action may start, where it leads (None: the status stays), and who may take it."""

    sources: frozenset[Status]
    target: Status | None
    roles: frozenset[str]
    applicant_may: bool = False


_CASEWORK = frozenset({Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF})
_DECIDERS = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF})

RULES: dict[Action, Rule] = {
    Action.START_REVIEW: Rule(frozenset({Status.SUBMITTED}), Status.UNDER_REVIEW, _CASEWORK),
    Action.REQUEST_SUPPLEMENT: Rule(frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}), Status.AWAITING_SUPPLEMENT, _CASEWORK),
    Action.RECEIVE_SUPPLEMENT: Rule(frozenset({Status.AWAITING_SUPPLEMENT}), Status.UNDER_REVIEW, _CASEWORK, applicant_may=True),
    Action.APPROVE: Rule(frozenset({Status.UNDER_REVIEW}), Status.APPROVED, _DECIDERS),
    Action.PROPOSE_REJECTION: Rule(frozenset({Status.UNDER_REVIEW}), None, _DECIDERS),
    Action.CANCEL_REJECTION: Rule(frozenset({Status.UNDER_REVIEW}), None, _DECIDERS),
    # A different officer from the proposer (enforced in the service and by a constraint).
    Action.CONFIRM_REJECTION: Rule(frozenset({Status.UNDER_REVIEW}), Status.REJECTED, _DECIDERS),
    Action.RECORD_PAYMENT: Rule(
        frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_SUPPLEMENT, Status.APPROVED}),
        None,
        frozenset({Role.COUNTER_OFFICER}),
    ),
    Action.ISSUE: Rule(frozenset({Status.APPROVED}), Status.ISSUED, _CASEWORK),
    Action.RECORD_COLLECTION: Rule(
        frozenset({Status.ISSUED}), Status.COLLECTED, frozenset({Role.COUNTER_OFFICER, Role.SUPERVISOR, Role.STATION_CHIEF})
    ),
    Action.WITHDRAW: Rule(
        frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_SUPPLEMENT}), Status.WITHDRAWN, _CASEWORK, applicant_may=True
    ),
    # Only for services that name a unit to forward to (Service.forward_to); the case moves unit.
    Action.FORWARD: Rule(frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}), None, _CASEWORK),
}


def rules_are_consistent() -> bool:
    """Every rule's move is one the status table allows."""
    return all(rule.target is None or rule.target in ALLOWED[src] for rule in RULES.values() for src in rule.sources)
