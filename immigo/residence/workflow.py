"""The ladder step's status, kept as data: an open task is closed once, as done, not reached, or
cancelled (the permit was renewed, or the resident left the country)."""

from __future__ import annotations

from .models import LadderStep

Status = LadderStep.Status
Step = LadderStep.Step
Outcome = LadderStep.Outcome

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.DONE, Status.FAILED, Status.CANCELLED}),
    Status.DONE: frozenset(),
    Status.FAILED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# The outcomes an officer may record on each kind of task, and the status each one closes it with.
OUTCOMES: dict[Step, dict[Outcome, Status]] = {
    Step.NOTICE: {Outcome.POSTED: Status.DONE, Outcome.REACHED: Status.DONE, Outcome.WRONG_NUMBER: Status.FAILED},
    Step.CALL: {
        Outcome.REACHED: Status.DONE,
        Outcome.NO_ANSWER: Status.FAILED,
        Outcome.WRONG_NUMBER: Status.FAILED,
        Outcome.LEFT_COUNTRY: Status.CANCELLED,
    },
    Step.VISIT: {Outcome.MET: Status.DONE, Outcome.NOT_FOUND: Status.FAILED, Outcome.LEFT_COUNTRY: Status.CANCELLED},
}
