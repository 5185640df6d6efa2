"""The editorial workflow as data: which status may follow which, and who may take each action.

It applies to each language version on its own: translating an item means drafting its version
in another language, which then goes through review like the original.

The tables are the documentation. `services.workflow.translation_move` is the only code that
writes a version's status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import Role

from .models import Status

ALLOWED: dict[Status, frozenset[Status]] = {
    # A draft goes to review; a publisher may also shelve a draft nobody should finish.
    Status.DRAFT: frozenset({Status.IN_REVIEW, Status.ARCHIVED}),
    # The reviewer publishes it or sends it back to its editor with a comment.
    Status.IN_REVIEW: frozenset({Status.PUBLISHED, Status.DRAFT}),
    # Editing a published version starts a new draft; the published text stays online,
    # unchanged, until the new revision is published in turn.
    Status.PUBLISHED: frozenset({Status.DRAFT, Status.ARCHIVED}),
    # An archived version comes back only as a draft, so it is reviewed again.
    Status.ARCHIVED: frozenset({Status.DRAFT}),
}


class Action(models.TextChoices):
    EDIT = "edit", _("Draft saved")
    SUBMIT = "submit", _("Submitted for review")
    PUBLISH = "publish", _("Published")
    SEND_BACK = "send_back", _("Sent back to the editor")
    ARCHIVE = "archive", _("Archived")


class Permit(models.TextChoices):
    """Who may take an action: the editors, or the publishers (a supervisor or an administrator
    held at a headquarters unit, seed H15: "any change must be approved by a supervisor")."""

    EDITOR = "editor", _("Content editor")
    PUBLISHER = "publisher", _("Supervisor at headquarters")


EDITOR_ROLES: frozenset[str] = frozenset({Role.CONTENT_EDITOR})
PUBLISHER_ROLES: frozenset[str] = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Rule:
    """Where an action may start, where it leads, who may take it, and whether it needs a comment."""

    sources: frozenset[Status]
    target: Status
    permit: Permit
    comment_required: bool = False


RULES: dict[Action, Rule] = {
    # Saving a draft: a new draft, a published or archived version reopened, or a draft changed.
    Action.EDIT: Rule(frozenset({Status.DRAFT, Status.PUBLISHED, Status.ARCHIVED}), Status.DRAFT, Permit.EDITOR),
    Action.SUBMIT: Rule(frozenset({Status.DRAFT}), Status.IN_REVIEW, Permit.EDITOR),
    # The publisher must not be an author of the revisions under review (enforced in the service).
    Action.PUBLISH: Rule(frozenset({Status.IN_REVIEW}), Status.PUBLISHED, Permit.PUBLISHER),
    Action.SEND_BACK: Rule(frozenset({Status.IN_REVIEW}), Status.DRAFT, Permit.PUBLISHER, comment_required=True),
    Action.ARCHIVE: Rule(frozenset({Status.PUBLISHED, Status.DRAFT}), Status.ARCHIVED, Permit.PUBLISHER),
}


def rules_are_consistent() -> bool:
    """Every rule's move is one the status table allows (or keeps a draft a draft)."""
    return all(rule.target in ALLOWED[src] or rule.target == src for rule in RULES.values() for src in rule.sources)


def actions_from(status: Status) -> list[Action]:
    """The actions that can start from `status`, in the table's order."""
    return [action for action, rule in RULES.items() if status in rule.sources]
