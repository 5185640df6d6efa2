"""The rules of the newsletter, kept as data: which status an issue or a subscriber may move to,
which action makes the move, and who may take it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User

from . import permissions
from .models import Issue, Subscriber

IssueStatus = Issue.Status
SubscriberStatus = Subscriber.Status


class IssueAction(models.TextChoices):
    SUBMIT = "submit", _("Send for review")
    RETURN = "return", _("Return to draft")
    PUBLISH = "publish", _("Publish and send")


# draft → in_review → published; a reviewer may send an issue back to its editors.
ISSUE_ALLOWED: dict[IssueStatus, frozenset[IssueStatus]] = {
    IssueStatus.DRAFT: frozenset({IssueStatus.IN_REVIEW}),
    IssueStatus.IN_REVIEW: frozenset({IssueStatus.DRAFT, IssueStatus.PUBLISHED}),
    IssueStatus.PUBLISHED: frozenset(),
}

# Each action: the status it starts from and the status it leads to.
ISSUE_ACTIONS: dict[IssueAction, tuple[IssueStatus, IssueStatus]] = {
    IssueAction.SUBMIT: (IssueStatus.DRAFT, IssueStatus.IN_REVIEW),
    IssueAction.RETURN: (IssueStatus.IN_REVIEW, IssueStatus.DRAFT),
    IssueAction.PUBLISH: (IssueStatus.IN_REVIEW, IssueStatus.PUBLISHED),
}


def _is_author(user: User, issue: Issue) -> bool:
    return user.pk in {issue.created_by_id, issue.submitted_by_id}


# Who may take each action on an issue. Publishing needs a second person: a supervisor or an
# administrator at headquarters who neither wrote nor submitted the issue.
ISSUE_ACTORS: dict[IssueAction, Callable[[User, Issue], bool]] = {
    IssueAction.SUBMIT: lambda user, issue: permissions.can_edit(user),
    IssueAction.RETURN: lambda user, issue: permissions.can_edit(user) or permissions.can_publish(user),
    IssueAction.PUBLISH: lambda user, issue: permissions.can_publish(user) and not _is_author(user, issue),
}

# Texts and articles can be changed only while the issue is a draft.
EDITABLE_STATUSES = frozenset({IssueStatus.DRAFT})


def issue_actions_for(*, issue: Issue, user: User) -> list[IssueAction]:
    """The actions `user` may take on `issue` now."""
    return [action for action, (before, _after) in ISSUE_ACTIONS.items() if issue.status == before and ISSUE_ACTORS[action](user, issue)]


# A pending address may ask for another confirmation mail; a confirmed or pending address may
# leave; an address that left may subscribe again (and must confirm again).
SUBSCRIBER_ALLOWED: dict[SubscriberStatus, frozenset[SubscriberStatus]] = {
    SubscriberStatus.PENDING: frozenset({SubscriberStatus.PENDING, SubscriberStatus.ACTIVE, SubscriberStatus.UNSUBSCRIBED}),
    SubscriberStatus.ACTIVE: frozenset({SubscriberStatus.UNSUBSCRIBED}),
    SubscriberStatus.UNSUBSCRIBED: frozenset({SubscriberStatus.PENDING}),
}
