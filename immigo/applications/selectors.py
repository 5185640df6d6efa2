"""Reads: work queues, a case for staff (audited), the public status lookup (A18)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache as cache_on_first_use
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from immigo.accounts import permissions
from immigo.accounts.models import Role, User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import NotFoundError, PermissionDeniedError, RateLimitedError
from immigo.core.identifiers import IdKind, classify
from immigo.core.models import Person

from . import receipts
from .models import Case, CaseEvent, LookupGuard, Pickup, RejectionProposal, Status, SupplementRequest
from .workflow import CLOCK_RUNNING, RULES, TERMINAL, Action

STAFF_ROLES = {Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF}


def case_list_for_officer(*, user: User, unit_id: int | None = None, include_closed: bool = False) -> QuerySet[Case]:
    """The work queue: open cases of the units the officer serves, earliest due date first."""
    units = permissions.units_where(user, STAFF_ROLES)
    if unit_id is not None:
        units &= {unit_id}
    qs = Case.objects.filter(unit_id__in=units).select_related("applicant", "unit")
    if not include_closed:
        qs = qs.exclude(status__in=[*TERMINAL, Status.COLLECTED])
    return qs.order_by("due_date", "submitted_at")


def case_list_audit(*, user: User, receipts: list[str], purpose: str) -> None:
    """A list shows applicants' names: one audit entry per page viewed, naming the cases shown."""
    if receipts:
        audit_record(
            actor=user,
            action="search",
            object_type="applications.case",
            object_id="work-queue",
            purpose=purpose,
            details={"receipts": receipts},
        )


def case_get_for_staff(*, user: User, receipt_number: str, purpose: str) -> Case:
    """A case for an officer of its unit. Every read is audited with its purpose."""
    case = Case.objects.select_related("applicant", "unit").filter(receipt_number=receipt_number).first()
    if case is None:
        raise NotFoundError()
    if not permissions.has_role(user, STAFF_ROLES, unit_id=case.unit_id) and not case_taken_in_by(user=user, case=case):
        raise PermissionDeniedError()
    audit_record(actor=user, action="read", obj=case, person_id=case.applicant_id, purpose=purpose, unit_code=case.unit.code)
    return case


def case_taken_in_by(*, user: User, case: Case) -> bool:
    """B11: the officers of the station that took a case in may read it (to print its receipt and
    answer the applicant) after it was routed to the station of the applicant's county."""
    from immigo.core.models import Unit

    # Special-operations teams take B07 reports on long holidays.
    intake_roles = STAFF_ROLES | {Role.SPECIAL_OPERATIONS}
    codes = list(Unit.objects.filter(pk__in=permissions.units_where(user, intake_roles)).values_list("code", flat=True))
    return bool(codes) and case.events.filter(action=Action.SUBMIT, details__intake_unit__in=codes).exists()


def case_list_for_account(*, user: User) -> QuerySet[Case]:
    return Case.objects.filter(account=user).order_by("-submitted_at")


def case_is_overdue(case: Case, today: dt.date | None = None) -> bool:
    today = today or calendar.local_today()
    return case.status in CLOCK_RUNNING and case.due_date < today


def actions_for(*, case: Case, user: User) -> list[Action]:
    """The actions this officer may take on this case now (for the case page's buttons)."""
    if user.kind != User.Kind.STAFF:
        return []
    roles = permissions.roles_of(user, unit_id=case.unit_id)
    open_proposal = case.rejection_proposals.filter(outcome=RejectionProposal.Outcome.OPEN).first()
    out = []
    for action, rule in RULES.items():
        if case.status not in rule.sources or not (roles & set(rule.roles)):
            continue
        if action == Action.RECEIVE_SUPPLEMENT and not case.supplements.filter(fulfilled_at__isnull=True).exists():
            continue
        if action == Action.APPROVE and open_proposal is not None:
            continue
        if action == Action.PROPOSE_REJECTION and open_proposal is not None:
            continue
        if action == Action.CANCEL_REJECTION and open_proposal is None:
            continue
        if action == Action.CONFIRM_REJECTION and (open_proposal is None or open_proposal.proposed_by_id == user.pk):
            continue
        if action == Action.RECORD_PAYMENT and (case.fee_amount == 0 or case.fee_paid_at is not None):
            continue
        if action == Action.ISSUE and case.fee_amount and case.fee_paid_at is None:
            continue
        if action == Action.FORWARD and not _forwardable(case):
            continue
        out.append(action)
    return out


def _forwardable(case: Case) -> bool:
    from .catalogue import service_get

    target = service_get(case.service_code).forward_to
    return bool(target) and case.unit.code != target


# --- public status lookup (A18) ---------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    receipt_number: str
    service_code: str
    status: str
    status_label: str
    submitted_on: dt.date
    due_date: dt.date
    pickup_label: str
    awaiting_items: list[str]
    respond_by: dt.date | None
    events: list[tuple[dt.datetime, str]]


class LookupNotFoundError(NotFoundError):
    code = "lookup_no_match"
    message = _(
        "No application matches these details. Check the receipt or ID number and the date of birth. "
        "Only applications from the last 3 months can be looked up."
    )


def _throttle_client(client_key: str) -> None:
    limit = settings.IMMIGO_LOOKUP_PER_CLIENT_PER_MINUTE
    key = f"lookup:client:{hashlib.sha256(client_key.encode()).hexdigest()[:24]}:{int(dt.datetime.now().timestamp() // 60)}"
    if cache.add(key, 1, timeout=90):
        return
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=90)
        return
    if count > limit:
        raise RateLimitedError()


def _guard_key(receipt_or_id: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{receipt_or_id}".encode()).hexdigest()[:40]


def status_lookup(*, reference: str, date_of_birth: dt.date, client_key: str) -> PublicStatus:
    """A18: receipt number or identity number, plus date of birth. Only cases submitted in the
    last 3 months. "No such case" and "wrong birth date" give the same answer; at most 5 wrong
    birth dates per reference per day, and a per-client rate limit."""
    _throttle_client(client_key)
    today = calendar.local_today()
    since = today - dt.timedelta(days=settings.IMMIGO_LOOKUP_WINDOW_DAYS)
    raw = reference.strip().upper()
    receipt = receipts.receipt_normalise(raw)
    if receipt is not None:
        guard_ref, column = receipt, "receipt"
    else:
        check = classify(raw)
        if check.kind is None or not check.valid:
            raise LookupNotFoundError()
        guard_ref, column = raw, ("national_id" if check.kind == IdKind.NATIONAL_ID else "ui_number")
    key = _guard_key(guard_ref)
    limit = settings.IMMIGO_LOOKUP_WRONG_DOB_PER_RECEIPT_PER_DAY
    rows = _lookup_rows(column=column, value=guard_ref, since=since, date_of_birth=date_of_birth, guard_key=key, today=today)
    if not rows:
        # Counted whether or not the reference exists, so the limit itself reveals nothing.
        if _guard_fail(key, today) > limit:
            raise RateLimitedError()
        raise LookupNotFoundError()
    if rows[0]["guard"] is not None and rows[0]["guard"] >= limit:
        raise RateLimitedError()
    return _public_status(rows)


@cache_on_first_use
def _lookup_sql() -> dict[str, str]:
    """The lookup as one statement per reference kind, built once from the models' table names.

    The lookup is the platform's busiest public read; building it with the ORM on every request
    cost four times more than running it, so its SQL is written out here (portable to SQLite and
    PostgreSQL; the column comes from this fixed list, values are parameters).
    """
    case, person = Case._meta.db_table, Person._meta.db_table
    event, guard = CaseEvent._meta.db_table, LookupGuard._meta.db_table
    where = {"receipt": "c2.receipt_number", "national_id": "p.national_id", "ui_number": "p.ui_number"}
    return {
        kind: (
            "SELECT c.id, c.receipt_number, c.service_code, c.status, c.submitted_on, c.due_date, c.pickup, "  # noqa: S608 - names from the models, values as parameters
            f"(SELECT g.failures FROM {guard} g WHERE g.key = %s AND g.day = %s), e.at, e.action, e.public "
            f"FROM {case} c LEFT OUTER JOIN {event} e ON e.case_id = c.id "
            f"WHERE c.id = (SELECT c2.id FROM {case} c2 INNER JOIN {person} p ON p.id = c2.applicant_id "
            f"WHERE {column} = %s AND c2.submitted_on >= %s AND p.date_of_birth = %s "
            "ORDER BY c2.submitted_at DESC LIMIT 1) "
            "ORDER BY e.at, e.id"
        )
        for kind, column in where.items()
    }


def _lookup_rows(
    *, column: str, value: str, since: dt.date, date_of_birth: dt.date, guard_key: str, today: dt.date
) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(_lookup_sql()[column], [guard_key, today, value, since, date_of_birth])
        found = cursor.fetchall()
    return [
        {
            "pk": r[0],
            "receipt_number": r[1],
            "service_code": r[2],
            "status": r[3],
            "submitted_on": _as_date(r[4]),
            "due_date": _as_date(r[5]),
            "pickup": r[6],
            "guard": r[7],
            "events__at": _as_datetime(r[8]),
            "events__action": r[9],
            "events__public": bool(r[10]),
        }
        for r in found
    ]


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _as_datetime(value: Any) -> dt.datetime | None:
    """Raw rows give aware datetimes on PostgreSQL and naive UTC (or text) on SQLite."""
    parsed = value if value is None or isinstance(value, dt.datetime) else parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def _guard_fail(key: str, today: dt.date) -> int:
    """Adds one wrong attempt and returns today's count."""
    updated = LookupGuard.objects.filter(key=key, day=today).update(failures=F("failures") + 1)
    if not updated:
        try:
            with transaction.atomic():
                LookupGuard.objects.create(key=key, day=today, failures=1)
        except IntegrityError:
            LookupGuard.objects.filter(key=key, day=today).update(failures=F("failures") + 1)
    return LookupGuard.objects.filter(key=key, day=today).values_list("failures", flat=True).get()


def _public_status(rows: list[dict[str, Any]]) -> PublicStatus:
    row = rows[0]
    supplement = None
    if row["status"] == Status.AWAITING_SUPPLEMENT:
        supplement = SupplementRequest.objects.filter(case_id=row["pk"], fulfilled_at__isnull=True).only("items", "respond_by").first()
    labels = dict(Action.choices)
    events = [(r["events__at"], str(labels[r["events__action"]])) for r in rows if r["events__public"] and r["events__action"] in labels]
    return PublicStatus(
        receipt_number=row["receipt_number"],
        service_code=row["service_code"],
        status=row["status"],
        status_label=str(Status(row["status"]).label),
        submitted_on=row["submitted_on"],
        due_date=row["due_date"],
        pickup_label=str(Pickup(row["pickup"]).label),
        awaiting_items=[i["label"] for i in supplement.items] if supplement else [],
        respond_by=supplement.respond_by if supplement else None,
        events=events,
    )
