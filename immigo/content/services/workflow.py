"""The editorial workflow's actions on a language version. Each runs in a transaction, checks
the transition table and the actor's permit, and leaves a workflow event; publishing also
writes the audit log and the search index.

Search indexing runs inside the same transaction (the index lives in the same database): a
version is in the public search exactly when it is published, and a failure to index rolls the
publication back instead of leaving the two out of step."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError, PermissionDeniedError
from immigo.core.models import AuditEntry

from .. import access, indexing
from ..errors import ContentOwnWorkError, ContentTransitionNotAllowedError
from ..models import ItemTranslation, Revision, Status, TranslationEvent
from ..workflow import ALLOWED, RULES, Action


def actor_label(user: User | None) -> str:
    if user is None:
        return "system"
    return f"{user.full_name} <{user.email}>"[:200]


def transition_refused(translation: ItemTranslation, action: Action) -> ContentTransitionNotAllowedError:
    return ContentTransitionNotAllowedError(details={"status": translation.status, "action": action.value})


def translation_move(
    translation: ItemTranslation,
    *,
    action: Action,
    by: User | None,
    revision: Revision | None = None,
    comment: str = "",
    fields: list[str] | None = None,
    new: bool = False,
) -> ItemTranslation:
    """The one place that writes a version's status: checks the table, saves the status with the
    other `fields` the caller changed, and appends a workflow event when the status changes (or
    the version is new). A draft saved again stays a draft and leaves only its revision."""
    before = "" if new else Status(translation.status)
    to = RULES[action].target
    if not new and to != before and to not in ALLOWED[Status(before)]:
        raise transition_refused(translation, action)
    translation.status = to
    translation.save(update_fields=["status", "updated_at", *(fields or [])])
    if new or before != to:
        TranslationEvent.objects.create(
            translation=translation,
            revision=revision or translation.latest_revision,
            action=action.value,
            before=before,
            after=to,
            actor=by,
            actor_label=actor_label(by),
            comment=comment,
        )
    return translation


def _locked(translation: ItemTranslation) -> ItemTranslation:
    return (
        ItemTranslation.objects.select_for_update(of=("self",))
        .select_related("item", "item__category", "latest_revision")
        .get(pk=translation.pk)
    )


def _authorise(translation: ItemTranslation, action: Action, by: User, comment: str) -> None:
    rule = RULES[action]
    if not access.holds(by, rule.permit):
        raise PermissionDeniedError()
    if Status(translation.status) not in rule.sources:
        raise transition_refused(translation, action)
    if rule.comment_required and not comment.strip():
        raise InvalidInputError(details={"fields": {"comment": [str(_("Tell the editor what to change."))]}})


def pending_authors(translation: ItemTranslation) -> set[int]:
    """Who wrote a revision since the published one, and who submitted it: none of them may
    publish it."""
    since = translation.live_revision.number if translation.live_revision_id and translation.live_revision else 0
    authors = set(translation.revisions.filter(number__gt=since).exclude(author=None).values_list("author_id", flat=True))
    if translation.submitted_by_id:
        authors.add(translation.submitted_by_id)
    return authors


@transaction.atomic
def content_submit(*, translation: ItemTranslation, by: User, comment: str = "") -> ItemTranslation:
    """Sends the latest revision for review."""
    translation = _locked(translation)
    _authorise(translation, Action.SUBMIT, by, comment)
    translation.submitted_by = by
    return translation_move(translation, action=Action.SUBMIT, by=by, comment=comment.strip(), fields=["submitted_by"])


@transaction.atomic
def content_publish(*, translation: ItemTranslation, by: User, comment: str = "") -> ItemTranslation:
    """Makes the revision under review the live one, records it in the audit log and puts the
    version into the search index. Its authors and its submitter may not publish it."""
    translation = _locked(translation)
    _authorise(translation, Action.PUBLISH, by, comment)
    if by.pk in pending_authors(translation):
        raise ContentOwnWorkError()
    revision = translation.latest_revision
    assert revision is not None  # a version in review has a revision
    now = timezone.now()
    translation.live_revision = revision
    translation.first_published_at = translation.first_published_at or now
    translation.last_published_at = now
    translation.submitted_by = None
    translation_move(
        translation,
        action=Action.PUBLISH,
        by=by,
        revision=revision,
        comment=comment.strip(),
        fields=["live_revision", "first_published_at", "last_published_at", "submitted_by"],
    )
    item = translation.item
    if item.published_at is None:
        item.published_at = now
        item.save(update_fields=["published_at", "updated_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=translation,
        purpose=f"content publish: {item.kind} {item.slug} [{translation.language}] revision {revision.number}",
        details={"item": item.pk, "kind": item.kind, "language": translation.language, "revision": revision.number},
    )
    indexing.translation_index(translation=translation)
    return translation


@transaction.atomic
def content_send_back(*, translation: ItemTranslation, by: User, comment: str) -> ItemTranslation:
    """Returns the version to its editors as a draft, with the reviewer's comment."""
    translation = _locked(translation)
    _authorise(translation, Action.SEND_BACK, by, comment)
    translation.submitted_by = None
    return translation_move(translation, action=Action.SEND_BACK, by=by, comment=comment.strip(), fields=["submitted_by"])


@transaction.atomic
def content_archive(*, translation: ItemTranslation, by: User, comment: str = "") -> ItemTranslation:
    """Takes the version off the public site and out of the search index; its history stays."""
    translation = _locked(translation)
    _authorise(translation, Action.ARCHIVE, by, comment)
    was_live = translation.live_revision_id is not None
    translation.live_revision = None
    translation_move(translation, action=Action.ARCHIVE, by=by, comment=comment.strip(), fields=["live_revision"])
    if was_live:
        audit_record(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=translation,
            purpose=f"content archive: {translation.item.kind} {translation.item.slug} [{translation.language}]",
            details={"item": translation.item_id, "language": translation.language},
        )
    indexing.translation_unindex(translation=translation)
    return translation
