"""Reads of quotas and group applications. An agency sees only its own groups; every read of a
group's travellers (personal data) by an agency or by staff is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import membership_get

from . import permissions
from .errors import GroupApplicationNotFoundError
from .models import GroupApplication, GroupEvent, QuotaChange, QuotaDay

Status = GroupApplication.Status


def _with_position(qs: QuerySet[GroupApplication]) -> QuerySet[GroupApplication]:
    """Annotates `waiting_position`: 1 for the head of the day's waiting list, 0 when not waiting."""
    ahead = (
        GroupApplication.objects.filter(quota_day=OuterRef("quota_day"), status=Status.WAITING, receipt_seq__lte=OuterRef("receipt_seq"))
        .order_by()
        .values("quota_day")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        waiting_position=Coalesce(
            Subquery(ahead, output_field=IntegerField()),
            Value(0),
        )
    )


def group_list_for_organisation(*, user: User, organisation: Organisation) -> QuerySet[GroupApplication]:
    """The agency's own groups, newest day first, with their place on the waiting list."""
    membership_get(user=user, organisation=organisation, kinds={Organisation.Kind.TRAVEL_AGENCY})
    qs = GroupApplication.objects.filter(organisation=organisation).select_related("quota_day").order_by("-quota_day__day", "-receipt_seq")
    return _with_position(qs)


def group_get_for_organisation(*, user: User, pk: int) -> GroupApplication:
    """One of the agency's own groups, with its travellers; audited (personal data). Another
    agency's group is not found, never forbidden (its existence is not revealed)."""
    application = _with_position(GroupApplication.objects.select_related("quota_day", "organisation")).filter(pk=pk).first()
    if application is None:
        raise GroupApplicationNotFoundError()
    try:
        membership_get(user=user, organisation=application.organisation_id, kinds={Organisation.Kind.TRAVEL_AGENCY})
    except PermissionDeniedError:
        raise GroupApplicationNotFoundError() from None
    audit_record(actor=user, action=AuditEntry.Action.READ, obj=application, purpose="the agency reading its own group application")
    return application


def group_get_for_staff(*, user: User, pk: int) -> GroupApplication:
    if not permissions.can_manage_quotas(user):
        raise PermissionDeniedError()
    application = _with_position(GroupApplication.objects.select_related("quota_day", "organisation")).filter(pk=pk).first()
    if application is None:
        raise GroupApplicationNotFoundError()
    audit_record(
        actor=user, action=AuditEntry.Action.READ, obj=application, purpose="reviewing a group application against the daily quota"
    )
    return application


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    status: str
    label: str
    places_came_free: bool = False
    reason: str = ""


def group_history(application: GroupApplication) -> list[HistoryEntry]:
    """The application's history: its receipt (from its own row, written by the receipt
    statement), then every later move with its reason."""
    labels = dict(Status.choices)
    events = list(application.events.order_by("at", "id"))
    entries = [HistoryEntry(at=application.received_at, status=Status.RECEIVED, label=str(labels[Status.RECEIVED]))]
    backfilled = any(e.before == Status.WAITING and e.after == Status.ALLOCATED for e in events)
    if application.receipt_seq is not None:
        on_receipt = Status.ALLOCATED if application.allocated_at and not backfilled else Status.WAITING
        entries.append(
            HistoryEntry(at=application.allocated_at or application.received_at, status=on_receipt, label=str(labels[on_receipt]))
        )
    for event in events:
        free = event.before == Status.WAITING and event.after == Status.ALLOCATED
        entries.append(
            HistoryEntry(
                at=event.at,
                status=event.after,
                label=str(labels[Status(event.after)]),
                places_came_free=free,
                reason="" if free else event.reason,
            )
        )
    return entries


def group_notices_for_organisation(*, organisation: Organisation, since: dt.datetime) -> QuerySet[GroupEvent]:
    """Groups of the agency given places from the waiting list since `since` (newest first)."""
    return (
        GroupEvent.objects.filter(application__organisation=organisation, before=Status.WAITING, after=Status.ALLOCATED, at__gte=since)
        .select_related("application__quota_day")
        .order_by("-at")
    )


def quota_day_list_for_staff(*, user: User, start: dt.date, days: int) -> QuerySet[QuotaDay]:
    if not permissions.can_manage_quotas(user):
        raise PermissionDeniedError()
    return QuotaDay.objects.filter(day__gte=start, day__lt=start + dt.timedelta(days=days)).order_by("day", "category", "port")


def quota_day_get_for_staff(*, user: User, pk: int) -> QuotaDay:
    if not permissions.can_manage_quotas(user):
        raise PermissionDeniedError()
    day = QuotaDay.objects.filter(pk=pk).first()
    if day is None:
        raise GroupApplicationNotFoundError()
    return day


def quota_changes(quota_day: QuotaDay) -> QuerySet[QuotaChange]:
    return quota_day.changes.select_related("changed_by").order_by("-changed_at", "-id")


def group_list_for_day(*, quota_day: QuotaDay) -> QuerySet[GroupApplication]:
    """The day's applications in receipt order, with their place on the waiting list."""
    return _with_position(
        GroupApplication.objects.filter(quota_day=quota_day).select_related("organisation", "quota_day").order_by("receipt_seq")
    )
