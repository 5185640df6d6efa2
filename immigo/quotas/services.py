"""Quota services: headquarters sets the daily quotas; travel agencies file group applications;
quota officers review them; places freed go to the waiting list in order. Every write runs in one
transaction under the day's counter lock, is audited, and refreshes the public board on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from immigo.accounts.models import User
from immigo.applications.models import Case
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry
from immigo.notifications.services import notification_enqueue
from immigo.organisations.errors import OrganisationLicenceLapsedError
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import membership_get

from . import allocation, board, permissions
from .errors import (
    GroupApplicationNotFoundError,
    GroupCompleteByInvalidError,
    GroupIssueOutOfOrderError,
    GroupSizeInvalidError,
    GroupTransitionNotAllowedError,
    QuotaBelowAllocatedError,
    QuotaDayPastError,
    QuotaNotDefinedError,
    QuotaPlaceNotHeldError,
    QuotaReasonMissingError,
)
from .models import Category, GroupApplication, GroupEvent, Port, QuotaChange, QuotaDay, Traveller
from .workflow import AGENCY_MOVES, ALLOWED, CLOSING, STAFF_MOVES

Status = GroupApplication.Status

# Size of one application. Category-1 group tours are groups of 5 to 40 travellers (Measures for
# mainland people's tourism in Taiwan, art. 5); individual travellers are filed by the agency in
# batches of up to 40, one place each.
GROUP_SIZE = {Category.GROUP: (5, 40), Category.INDIVIDUAL: (1, 40)}
# Documents missing: the agency has 2 working days to complete them unless the officer sets a
# shorter deadline (never later than the day of travel). The catalogue gives no figure (A10).
COMPLETE_WITHIN_WORKING_DAYS = 2

PURPOSE_FILE = "filing a group application for the agency's customers"
PURPOSE_REVIEW = "reviewing a group application against the daily quota"


def _require_quota_officer(user: User) -> None:
    if not permissions.can_manage_quotas(user):
        raise PermissionDeniedError()


# --- quota definitions -----------------------------------------------------------------------


@transaction.atomic
def quota_set(*, by: User, category: str, day: dt.date, total: int, reason: str, port: str = Port.ANY) -> QuotaDay:
    """Sets the quota of a category (and entry port) on a day, ahead of time. Keeps the change in
    the day's history (who, when, before, after, why) and in the audit log. A quota is never cut
    below the places already given (QuotaBelowAllocatedError; the CHECK constraint backs this up).
    Raising a quota gives the new places to the waiting list at once, in receipt order."""
    _require_quota_officer(by)
    reason = reason.strip()
    if not reason:
        raise QuotaReasonMissingError(details={"fields": {"reason": [QuotaReasonMissingError.message]}})
    if day < calendar.local_today():
        raise QuotaDayPastError(details={"day": day.isoformat()})
    existing = QuotaDay.objects.filter(category=category, port=port, day=day).values_list("pk", flat=True).first()
    now = timezone.now()
    if existing is None:
        quota_day, created = QuotaDay.objects.get_or_create(category=category, port=port, day=day, defaults={"total": total})
        if created:
            QuotaChange.objects.create(quota_day=quota_day, before=None, after=total, reason=reason, changed_by=by)
            _audit_quota(by=by, quota_day=quota_day, before=None, reason=reason)
            transaction.on_commit(board.board_invalidate)
            return quota_day
        existing = quota_day.pk
    quota_day = allocation.day_lock(existing)
    before = quota_day.total
    if total == before:
        return quota_day
    if total < quota_day.used:
        raise QuotaBelowAllocatedError(
            details={"used": quota_day.used, "fields": {"total": [QuotaBelowAllocatedError.message]}},
        )
    quota_day.total = total
    given = allocation.backfill(day=quota_day, now=now)
    allocation.day_save(quota_day)
    QuotaChange.objects.create(quota_day=quota_day, before=before, after=total, reason=reason, changed_by=by)
    _audit_quota(by=by, quota_day=quota_day, before=before, reason=reason)
    _after_backfill(given)
    transaction.on_commit(board.board_invalidate)
    return quota_day


def _audit_quota(*, by: User, quota_day: QuotaDay, before: int | None, reason: str) -> None:
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        obj=quota_day,
        purpose="setting a daily quota",
        details={
            "category": quota_day.category,
            "port": quota_day.port,
            "day": quota_day.day.isoformat(),
            "before": before,
            "after": quota_day.total,
            "reason": reason,
        },
    )


# --- filing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TravellerData:
    name_zh: str
    name_roman: str
    sex: str
    date_of_birth: dt.date
    permit_number: str


def group_application_submit(
    *,
    by: User,
    organisation: Organisation,
    category: str,
    day: dt.date,
    tour_name: str,
    travellers: Sequence[TravellerData],
    port: str = Port.ANY,
) -> GroupApplication:
    """Files a group for a travel agency the user acts for, with its validated customer list.

    Two steps: the application is stored with its travellers and its audit entry (one
    transaction; status RECEIVED), then it is received on its day (allocation.places_take: its
    receipt number and its places or its spot on the waiting list, all or nothing, under the
    day's lock, together with every application of the day stored before it). Should the
    second step not happen (a crash in between), the sweep receives the application a minute
    later (group_receive_pending). Audited as a write of the travellers' personal data by the
    agency; the board is refreshed on commit."""
    application = _group_store(
        by=by, organisation=organisation, category=category, day=day, tour_name=tour_name, travellers=travellers, port=port
    )
    allocation.places_take(application=application)
    transaction.on_commit(board.board_invalidate)
    return application


@transaction.atomic
def _group_store(
    *,
    by: User,
    organisation: Organisation,
    category: str,
    day: dt.date,
    tour_name: str,
    travellers: Sequence[TravellerData],
    port: str,
    case: Case | None = None,
) -> GroupApplication:
    membership = membership_get(user=by, organisation=organisation, kinds={Organisation.Kind.TRAVEL_AGENCY})
    organisation = membership.organisation
    if not organisation.licence_valid_on(day) or not organisation.licence_valid_on(calendar.local_today()):
        raise OrganisationLicenceLapsedError(details={"organisation": organisation.pk})
    low, high = GROUP_SIZE[Category(category)]
    if not low <= len(travellers) <= high:
        raise GroupSizeInvalidError(details={"size": len(travellers), "min": low, "max": high})
    if day < calendar.local_today():
        raise QuotaDayPastError(details={"day": day.isoformat()})
    quota_day_id = QuotaDay.objects.filter(category=category, port=port, day=day).values_list("pk", flat=True).first()
    if quota_day_id is None:
        raise QuotaNotDefinedError(details={"category": category, "port": port, "day": day.isoformat()})
    application = GroupApplication.objects.create(
        quota_day_id=quota_day_id, organisation=organisation, filed_by=by, tour_name=tour_name.strip(), size=len(travellers), case=case
    )
    Traveller.objects.bulk_create(
        Traveller(
            application=application,
            line=line,
            name_zh=t.name_zh,
            name_roman=t.name_roman,
            sex=t.sex,
            date_of_birth=t.date_of_birth,
            permit_number=t.permit_number,
        )
        for line, t in enumerate(travellers, start=1)
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=application,
        purpose=PURPOSE_FILE,
        details={"organisation": organisation.pk, "travellers": len(travellers), "day": day.isoformat(), "category": category},
    )
    return application


# Applications still RECEIVED after this long lost their second step; the sweep completes it.
PENDING_AFTER = dt.timedelta(seconds=60)


def group_receive_pending(*, now: dt.datetime | None = None) -> list[int]:
    """The sweep: receives, in the order they were stored, applications whose filing stopped
    between storing and receiving (see group_application_submit), day by day and batch by batch.
    Idempotent: applications received meanwhile are no longer pending. Returns the applications
    it received."""
    cutoff = (now or timezone.now()) - PENDING_AFTER
    days = (
        GroupApplication.objects.filter(status=Status.RECEIVED, received_at__lt=cutoff)
        .order_by("quota_day_id")
        .values_list("quota_day_id", flat=True)
        .distinct()
    )
    done: list[int] = []
    for quota_day_id in list(days):
        while received := allocation.day_receive(quota_day_id):
            done.extend(received)
    if done:
        transaction.on_commit(board.board_invalidate)
    return done


# --- moves -----------------------------------------------------------------------------------


def _locked(application_id: int) -> tuple[QuotaDay, GroupApplication]:
    """The day's counter row, then the application, locked in that order (every writer locks the
    day first, so two moves never deadlock). An application still being received (RECEIVED, a
    matter of milliseconds) cannot move yet: it has no receipt number and no place to give back."""
    found = GroupApplication.objects.filter(pk=application_id).values_list("quota_day_id", "status").first()
    if found is None:
        raise GroupApplicationNotFoundError()
    day_id, status = found
    if status == Status.RECEIVED:
        raise GroupTransitionNotAllowedError(details={"status": status})
    day = allocation.day_lock(day_id)
    application = GroupApplication.objects.select_for_update().select_related("quota_day", "organisation").get(pk=application_id)
    application.quota_day = day
    return day, application


def _move(
    *, day: QuotaDay, application: GroupApplication, to: Status, by: User | None, reason: str, now: dt.datetime
) -> list[GroupApplication]:
    """Writes the status and the history entry; a closing move gives the places (or the spot on
    the list) back and back-fills. The one function that changes a status after receipt (besides
    back-fill itself). Returns the applications given places by back-fill."""
    before = Status(application.status)
    if to not in ALLOWED[before]:
        raise GroupTransitionNotAllowedError(details={"status": before.value, "requested": str(to)})
    given: list[GroupApplication] = []
    fields = ["status", "updated_at"]
    if to in CLOSING:
        allocation.places_release(day=day, application=application, now=now)
        application.closed_at = now
        fields.append("closed_at")
    application.status = to
    application.save(update_fields=fields)
    GroupEvent.objects.create(application=application, before=before, after=to, actor=by, reason=reason[:300], at=now)
    if to in CLOSING:
        given = allocation.backfill(day=day, now=now)
        allocation.day_save(day)
    return given


@transaction.atomic
def group_withdraw(*, application_id: int, by: User, reason: str = "") -> GroupApplication:
    """The agency withdraws its application; its places go to the waiting list in order."""
    day, application = _locked(application_id)
    membership_get(user=by, organisation=application.organisation_id, kinds={Organisation.Kind.TRAVEL_AGENCY})
    given = _move(day=day, application=application, to=Status.WITHDRAWN, by=by, reason=reason, now=timezone.now())
    _audit_move(by=by, application=application, to=Status.WITHDRAWN, purpose=PURPOSE_FILE)
    _after_backfill(given)
    transaction.on_commit(board.board_invalidate)
    return application


@transaction.atomic
def group_documents_supplied(*, application_id: int, by: User) -> GroupApplication:
    """The agency reports the missing documents supplied before the deadline: the application keeps
    its places and returns to review."""
    day, application = _locked(application_id)
    membership_get(user=by, organisation=application.organisation_id, kinds={Organisation.Kind.TRAVEL_AGENCY})
    if application.status != Status.INCOMPLETE or Status.ALLOCATED not in AGENCY_MOVES:
        raise GroupTransitionNotAllowedError(details={"status": application.status, "requested": Status.ALLOCATED.value})
    _move(day=day, application=application, to=Status.ALLOCATED, by=by, reason="documents supplied", now=timezone.now())
    application.complete_by = None
    application.save(update_fields=["complete_by", "updated_at"])
    _audit_move(by=by, application=application, to=Status.ALLOCATED, purpose=PURPOSE_FILE)
    return application


@transaction.atomic
def group_review(
    *, application_id: int, by: User, to: Status, reason: str = "", missing_items: str = "", complete_by: dt.date | None = None
) -> GroupApplication:
    """A quota officer marks documents missing (with the deadline, by default 2 working days and
    never after the day of travel), issues the permits, or rejects the application. Permits of a
    day are issued in receipt order (GroupIssueOutOfOrderError otherwise). A rejection gives the
    places to the waiting list in order."""
    _require_quota_officer(by)
    if to not in STAFF_MOVES:
        raise GroupTransitionNotAllowedError(details={"requested": str(to)})
    day, application = _locked(application_id)
    now = timezone.now()
    fields: list[str] = []
    if to == Status.INCOMPLETE:
        today = calendar.local_today()
        deadline = complete_by or min(calendar.add_working_days(today, COMPLETE_WITHIN_WORKING_DAYS), day.day)
        if not today < deadline <= day.day:
            raise GroupCompleteByInvalidError(details={"fields": {"complete_by": [GroupCompleteByInvalidError.message]}})
        application.complete_by, application.missing_items = deadline, missing_items.strip()
        fields = ["complete_by", "missing_items"]
    elif to == Status.ISSUED:
        earlier = GroupApplication.objects.filter(quota_day=day, status=Status.ALLOCATED, receipt_seq__lt=application.receipt_seq)
        if application.status == Status.ALLOCATED and earlier.exists():
            raise GroupIssueOutOfOrderError(details={"reference": application.reference})
        application.issued_at = now
        fields = ["issued_at"]
    given = _move(day=day, application=application, to=to, by=by, reason=reason, now=now)
    if fields:
        application.save(update_fields=[*fields, "updated_at"])
    _audit_move(by=by, application=application, to=to, purpose=PURPOSE_REVIEW)
    _after_backfill(given)
    transaction.on_commit(board.board_invalidate)
    return application


def group_lapse_due(*, today: dt.date | None = None) -> list[int]:
    """The scheduled job: every application still incomplete after its deadline lapses, in
    receipt order, each in its own transaction; its places go to the waiting list. Idempotent:
    an application already moved on (completed, lapsed, withdrawn) is left alone."""
    today = today or calendar.local_today()
    due = list(
        GroupApplication.objects.filter(status=Status.INCOMPLETE, complete_by__lt=today)
        .order_by("quota_day__day", "receipt_seq")
        .values_list("pk", flat=True)
    )
    lapsed: list[int] = []
    for application_id in due:
        with transaction.atomic():
            day, application = _locked(application_id)
            if application.status != Status.INCOMPLETE or application.complete_by is None or application.complete_by >= today:
                continue
            given = _move(
                day=day,
                application=application,
                to=Status.LAPSED,
                by=None,
                reason="documents not completed by the deadline",
                now=timezone.now(),
            )
            audit_record(
                actor=None,
                action=AuditEntry.Action.TRANSITION,
                obj=application,
                purpose=PURPOSE_REVIEW,
                details={"after": "lapsed", "complete_by": str(application.complete_by)},
            )
            _after_backfill(given)
            transaction.on_commit(board.board_invalidate)
            lapsed.append(application_id)
    return lapsed


# --- A13: independent travellers filed as permit applications ---------------------------------


def fit_place_take(*, case: Case, by: User | None) -> GroupApplication | None:
    """A13: an independent traveller filed by a travel agency takes one place of the
    individual-travel quota of the day of arrival, in receipt order, or waits on the list; the
    agency is told when a place comes free, as for groups. Only when headquarters has set an
    individual-travel quota for that day (without one, no cap applies). Runs in the filing's
    transaction: a refused filing takes no place."""
    data = case.data
    day = dt.date.fromisoformat(str(data["arrival_date"]))
    agency_id = data.get("agency_id")
    if by is None or by.kind != User.Kind.ORGANISATION or agency_id is None:
        return None
    if not QuotaDay.objects.filter(category=Category.INDIVIDUAL, port=Port.ANY, day=day).exists():
        return None
    roman = f"{data['family_name']} {data['given_names']}".strip()
    traveller = TravellerData(
        name_zh=(data.get("native_name") or roman)[:60],
        name_roman=roman[:120],
        sex=str(data["sex"])[:1],
        date_of_birth=dt.date.fromisoformat(str(data["date_of_birth"])),
        permit_number=str(data["passport_number"]),
    )
    application = _group_store(
        by=by,
        organisation=Organisation.objects.get(pk=agency_id),
        category=Category.INDIVIDUAL,
        day=day,
        tour_name=f"{case.service_code} {case.receipt_number}",
        travellers=[traveller],
        port=Port.ANY,
        case=case,
    )
    allocation.places_take(application=application)
    transaction.on_commit(board.board_invalidate)
    return application


def fit_case_approved(*, case: Case) -> None:
    """The permit application is approved: its place is issued for good. Refused
    (QuotaPlaceNotHeldError) while the traveller still waits for a place."""
    locked = _case_application_locked(case)
    if locked is None:
        return
    day, application = locked
    if application.status != Status.ALLOCATED:
        raise QuotaPlaceNotHeldError(details={"reference": application.reference, "status": application.status})
    now = timezone.now()
    _move(day=day, application=application, to=Status.ISSUED, by=None, reason=f"permit approved: {case.receipt_number}", now=now)
    application.issued_at = now
    application.save(update_fields=["issued_at", "updated_at"])
    _audit_system(application=application, to=Status.ISSUED, case=case)
    transaction.on_commit(board.board_invalidate)


def fit_case_closed(*, case: Case) -> None:
    """The permit application was rejected or withdrawn: its place (or its spot on the list) goes
    back, to the next travellers waiting, in receipt order."""
    locked = _case_application_locked(case)
    if locked is None:
        return
    day, application = locked
    if application.status not in {Status.WAITING, Status.ALLOCATED, Status.INCOMPLETE}:
        return
    to = Status.WITHDRAWN if case.status == "withdrawn" else Status.REJECTED
    given = _move(
        day=day,
        application=application,
        to=to,
        by=None,
        reason=f"permit application {case.status}: {case.receipt_number}",
        now=timezone.now(),
    )
    _audit_system(application=application, to=to, case=case)
    _after_backfill(given)
    transaction.on_commit(board.board_invalidate)


def _case_application_locked(case: Case) -> tuple[QuotaDay, GroupApplication] | None:
    """The day and the quota application of an A13 case, locked; None when it took no place."""
    application_id = GroupApplication.objects.filter(case=case).values_list("pk", flat=True).first()
    return None if application_id is None else _locked(application_id)


def _audit_system(*, application: GroupApplication, to: Status, case: Case) -> None:
    audit_record(
        actor=None,
        action=AuditEntry.Action.TRANSITION,
        obj=application,
        purpose=PURPOSE_REVIEW,
        details={"reference": application.reference, "after": to.value, "case": case.receipt_number},
    )


def _audit_move(*, by: User, application: GroupApplication, to: Status, purpose: str) -> None:
    audit_record(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=application,
        purpose=purpose,
        details={"reference": application.reference, "organisation": application.organisation_id, "after": to.value},
    )


def _after_backfill(given: list[GroupApplication]) -> None:
    """Tells each agency whose waiting group was given places (outbox, after commit with the
    rest of the transaction)."""
    for application in given:
        organisation = Organisation.objects.only("email").get(pk=application.organisation_id)
        filer = User.objects.only("email", "preferred_language").get(pk=application.filed_by_id)
        notification_enqueue(
            event="quota_places_allocated",
            language=filer.preferred_language or "zh-hant",
            context={
                "reference": application.reference,
                "tour_name": application.tour_name,
                "day": application.quota_day.day.isoformat(),
                "travellers": application.size,
            },
            dedupe_key=f"quota-places-{application.pk}",
            email=organisation.email or filer.email,
        )
