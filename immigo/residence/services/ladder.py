"""The expiry-reminder ladder (B06, L05), for the whole country, every day.

1. 15 days before expiry: a notice in the resident's language, by e-mail and SMS through the
   outbox, or a printed letter (one PDF per station and day) for those with neither.
2. 7 days before, if not renewed: a phone-call task at the resident's station, assigned by
   language to a staff member or interpreter who speaks it.
3. A failed call: a field-visit task for the special-operations team of the resident's county,
   unless a special circumstance rules it out (domestic-violence protection, left the country).

Flags: nothing for residents who left the country; for protected residents nothing goes to the
home address or their ordinary contacts, only to the protected channel, or the station contacts
them; detained residents are contacted by the station through the detention centre.

The sweep is safe to run twice and to kill: the database refuses a second step for the same
permit, expiry date and step, the selection skips permits that have their step, every batch is
one transaction (steps and outbox rows together), and each notice's outbox dedupe key is the
step's key, so a notice is stored, and sent, once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.audit import audit_record
from immigo.core.models import Unit
from immigo.notifications.services import Notice, notification_enqueue_many

from ..errors import LadderOutcomeInvalidError, LadderStepTransitionNotAllowedError
from ..models import LadderStep, LadderStepEvent, LetterBatch, Permit, Resident, StaffLanguage
from ..workflow import ALLOWED, OUTCOMES
from .links import booking_url, renewal_url

logger = logging.getLogger(__name__)

NOTICE_DAYS = 15  # B06 step 1: the notice 15 days before expiry
CALL_DAYS = 7  # B06 step 2: the phone call 1 week before expiry
NOTICE_EVENT = "residence_expiry_notice"
CALLER_ROLES = (Role.INTERPRETER, Role.COUNTER_OFFICER)

Step = LadderStep.Step
Status = LadderStep.Status
Channel = LadderStep.Channel


# Columns of one selected action, in order (the raw-SQL baseline of the benchmark selects the same).
ACTION_FIELDS = (
    "pk",
    "expires_on",
    "resident_id",
    "station_id",
    "station__code",
    "station__name_zh",
    "station__phone",
    "station__county_id",
    "resident__person_id",
    "resident__person__county_id",
    "resident__person__email",
    "resident__person__phone",
    "resident__person__preferred_language",
    "resident__person__native_name",
    "resident__person__family_name",
    "resident__person__given_names",
    "resident__sms_allowed",
    "resident__protected",
    "resident__protected_email",
    "resident__protected_phone",
    "resident__detained_since",
    "has_notice",
    "has_call",
)


@dataclass(frozen=True)
class Action:
    """One permit that needs a ladder step today (a notice, a call, or both)."""

    permit_id: int
    expires_on: dt.date
    resident_id: int
    station_id: int
    station_code: str
    station_name: str
    station_phone: str
    station_county_id: int | None
    person_id: int
    person_county_id: int | None
    email: str
    phone: str
    language: str
    native_name: str
    family_name: str
    given_names: str
    sms_allowed: bool
    protected: bool
    protected_email: str
    protected_phone: str
    detained_since: dt.date | None
    has_notice: bool
    has_call: bool

    @property
    def name(self) -> str:
        roman = " ".join(p for p in (self.family_name, self.given_names) if p)
        return self.native_name or roman


def _step_exists(step: Step) -> Exists:
    return Exists(LadderStep.objects.filter(permit_id=OuterRef("pk"), expires_on=OuterRef("expires_on"), step=step))


def ladder_actions_select(*, day: dt.date) -> list[Action]:
    """In one query: the valid permits expiring within 15 days after `day` that still lack their
    notice, or within 7 days and still lack their call (days the sweep missed are caught up),
    except for residents who left the country, residents with a renewal application on file
    (no call), and detained residents (no call: the station reaches them through the centre)."""
    rows = (
        Permit.objects.filter(
            status=Permit.Status.VALID,
            expires_on__gt=day,
            expires_on__lte=day + dt.timedelta(days=NOTICE_DAYS),
            resident__departed_on__isnull=True,
        )
        .annotate(has_notice=_step_exists(Step.NOTICE), has_call=_step_exists(Step.CALL))
        .filter(
            Q(has_notice=False)
            | Q(has_call=False, expires_on__lte=day + dt.timedelta(days=CALL_DAYS), resident__detained_since__isnull=True)
        )
        .order_by("station_id", "expires_on", "pk")
        .values_list(*ACTION_FIELDS)
    )
    return [Action(*row) for row in rows]


def _renewal_pending(person_ids: set[int]) -> set[int]:
    """Of these people, those with a renewal application (B06) that is still being decided."""
    if not person_ids:
        return set()
    from immigo.applications.models import Case
    from immigo.applications.models import Status as CaseStatus

    open_statuses = [CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW, CaseStatus.AWAITING_SUPPLEMENT]
    return set(
        Case.objects.filter(service_code="B06", status__in=open_statuses, applicant_id__in=person_ids).values_list(
            "applicant_id", flat=True
        )
    )


@dataclass
class Callers:
    """Who phones in which language at one station, and how many open calls each already has."""

    by_language: dict[str, list[int]]
    load: dict[int, int]

    def pick(self, language: str) -> int | None:
        candidates = self.by_language.get(language) or []
        if not candidates:
            return None
        chosen = min(candidates, key=lambda user_id: (self.load.get(user_id, 0), user_id))
        self.load[chosen] = self.load.get(chosen, 0) + 1
        return chosen


def callers_for_station(*, station_id: int) -> Callers:
    """The station's interpreters and counter officers with the languages they phone in."""
    user_ids = set(
        StaffRole.objects.filter(unit_id=station_id, role__in=CALLER_ROLES, user__is_active=True).values_list("user_id", flat=True)
    )
    by_language: dict[str, list[int]] = defaultdict(list)
    for user_id, language in StaffLanguage.objects.filter(user_id__in=user_ids).values_list("user_id", "language"):
        by_language[language].append(user_id)
    load = dict(
        LadderStep.objects.filter(step=Step.CALL, status=Status.OPEN, assigned_to_id__in=user_ids)
        .values("assigned_to_id")
        .annotate(n=Count("pk"))
        .values_list("assigned_to_id", "n")
    )
    return Callers(by_language=dict(by_language), load=load)


def special_operations_team(*, county_id: int | None) -> Unit | None:
    """The special-operations team of a county (the first, where a county has two)."""
    if county_id is None:
        return None
    return Unit.objects.filter(kind=Unit.Kind.SPECIAL_OPERATIONS, county_id=county_id, is_active=True).order_by("code").first()


@dataclass
class SweepResult:
    day: dt.date
    selected: int = 0
    notices: int = 0
    calls: int = 0
    letters: int = 0
    station_tasks: int = 0
    messages: int = 0
    select_seconds: float = 0.0
    create_seconds: float = 0.0
    skipped_renewal_pending: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def created(self) -> int:
        return self.notices + self.calls

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "selected": self.selected,
            "notices": self.notices,
            "calls": self.calls,
            "letters": self.letters,
            "station_tasks": self.station_tasks,
            "messages": self.messages,
            "skipped_renewal_pending": self.skipped_renewal_pending,
        }


def _batch_committed(result: SweepResult) -> None:
    """Called after each batch commits (a seam for the crash test and progress logging)."""
    logger.debug("ladder sweep %s: %s notices, %s calls so far", result.day, result.notices, result.calls)


def _notice_step(action: Action, *, day: dt.date) -> tuple[LadderStep, str]:
    """The notice step for an action, and how it is delivered: "message" (outbox), "letter",
    or "station" (an open task for the station)."""
    base: dict[str, Any] = {
        "permit_id": action.permit_id,
        "resident_id": action.resident_id,
        "expires_on": action.expires_on,
        "step": Step.NOTICE,
        "unit_id": action.station_id,
        "language": action.language,
        "created_on": day,
        "due_on": day,
    }
    if action.detained_since is not None:
        return LadderStep(**base, channel=Channel.STATION, status=Status.OPEN), "station"
    if action.protected:
        if action.protected_email or action.protected_phone:
            return LadderStep(**base, channel=Channel.PROTECTED, status=Status.DONE, outcome=LadderStep.Outcome.SENT), "message"
        return LadderStep(**base, channel=Channel.STATION, status=Status.OPEN), "station"
    if action.email or (action.phone and action.sms_allowed):
        return LadderStep(**base, channel=Channel.MESSAGE, status=Status.DONE, outcome=LadderStep.Outcome.SENT), "message"
    return LadderStep(**base, channel=Channel.LETTER, status=Status.OPEN), "letter"


def notice_dedupe_key(*, permit_id: int, expires_on: dt.date) -> str:
    return f"residence:b06:notice:{permit_id}:{expires_on.isoformat()}"


def _notice(action: Action) -> Notice:
    """The outbox notice for an action: to the protected channel only for a protected resident."""
    email, phone = (action.protected_email, action.protected_phone) if action.protected else (action.email, action.phone)
    return Notice(
        event=NOTICE_EVENT,
        language=action.language,
        context={
            "name": action.name,
            "due_date": action.expires_on.isoformat(),
            "renewal_url": renewal_url(permit_id=action.permit_id, expires_on=action.expires_on),
            "booking_url": booking_url(station_code=action.station_code),
            "station_name": action.station_name,
            "station_phone": action.station_phone,
        },
        dedupe_key=notice_dedupe_key(permit_id=action.permit_id, expires_on=action.expires_on),
        email=email,
        phone=phone,
        sms=bool(phone) and (action.sms_allowed or action.protected),
    )


@transaction.atomic
def _batch_write(*, actions: list[Action], day: dt.date, callers: dict[int, Callers], result: SweepResult) -> None:
    steps: list[LadderStep] = []
    to_message: list[Action] = []
    letters: dict[int, list[LadderStep]] = defaultdict(list)
    pending = _renewal_pending({a.person_id for a in actions if not a.has_call and (a.expires_on - day).days <= CALL_DAYS})
    for action in actions:
        if not action.has_notice:
            step, how = _notice_step(action, day=day)
            steps.append(step)
            result.notices += 1
            result.by_channel[step.channel] = result.by_channel.get(step.channel, 0) + 1
            if how == "message":
                to_message.append(action)
            elif how == "letter":
                letters[action.station_id].append(step)
            else:
                result.station_tasks += 1
        if not action.has_call and (action.expires_on - day).days <= CALL_DAYS and action.detained_since is None:
            if action.person_id in pending:
                result.skipped_renewal_pending += 1
                continue
            station_callers = callers.get(action.station_id)
            if station_callers is None:
                station_callers = callers[action.station_id] = callers_for_station(station_id=action.station_id)
            steps.append(
                LadderStep(
                    permit_id=action.permit_id,
                    resident_id=action.resident_id,
                    expires_on=action.expires_on,
                    step=Step.CALL,
                    unit_id=action.station_id,
                    assigned_to_id=station_callers.pick(action.language),
                    channel=Channel.PROTECTED if action.protected else Channel.PHONE,
                    language=action.language,
                    created_on=day,
                    due_on=min(day + dt.timedelta(days=2), action.expires_on - dt.timedelta(days=1)),
                )
            )
            result.calls += 1
    for station_id, station_letters in letters.items():
        batch, _created = LetterBatch.objects.get_or_create(station_id=station_id, day=day)
        for step in station_letters:
            step.letter_batch = batch
        result.letters += len(station_letters)
    # A concurrent sweep may have written some of these steps since the selection: the database
    # keeps the first, and the outbox's dedupe key keeps its notice single.
    LadderStep.objects.bulk_create(steps, ignore_conflicts=True)
    # The outbox sweep delivers them within each channel's rate limit (no task per message).
    result.messages += notification_enqueue_many(notices=[_notice(action) for action in to_message])


def ladder_sweep(*, day: dt.date | None = None, batch_size: int | None = None) -> SweepResult:
    """Runs the day's ladder: selects the actions (one query) and writes them in batches, each
    batch one transaction with its outbox rows. Returns the counts and the time each phase took.
    Running it again the same day selects nothing and writes nothing."""
    day = day or timezone.localdate()
    batch_size = batch_size or settings.IMMIGO_RESIDENCE_SWEEP_BATCH
    result = SweepResult(day=day)
    started = time.perf_counter()
    actions = ladder_actions_select(day=day)
    result.select_seconds = time.perf_counter() - started
    result.selected = len(actions)
    started = time.perf_counter()
    callers: dict[int, Callers] = {}
    for offset in range(0, len(actions), batch_size):
        _batch_write(actions=actions[offset : offset + batch_size], day=day, callers=callers, result=result)
        _batch_committed(result)
    result.create_seconds = time.perf_counter() - started
    if actions:
        audit_record(
            actor=None,
            action="create",
            object_type="residence.laddersweep",
            object_id=day.isoformat(),
            purpose="B06 expiry-reminder sweep",
            details=result.as_dict(),
        )
    return result


def _move(*, step: LadderStep, to: Status, outcome: str, by: User | None, note: str) -> LadderStep:
    if to not in ALLOWED[Status(step.status)]:
        raise LadderStepTransitionNotAllowedError()
    LadderStepEvent.objects.create(step=step, before=step.status, after=to, outcome=outcome, note=note, actor=by)
    step.status = to
    step.outcome = outcome
    step.note = note
    step.closed_at = timezone.now()
    step.closed_by = by
    step.save(update_fields=["status", "outcome", "note", "closed_at", "closed_by"])
    return step


@dataclass(frozen=True)
class StepClosed:
    step: LadderStep
    visit: LadderStep | None


@transaction.atomic
def ladder_step_close(*, step: LadderStep, outcome: str, by: User, note: str = "", today: dt.date | None = None) -> StepClosed:
    """Records the outcome of a task (a call, a visit, a station contact) and closes it, with an
    event row and an audit entry. A failed call refers the resident to the special-operations
    team of their county for a field visit, unless they are under protection or detained; a
    resident found to have left the country gets the flag and no further steps."""
    step = LadderStep.objects.select_for_update().select_related("resident", "resident__person", "unit").get(pk=step.pk)
    allowed = OUTCOMES[Step(step.step)]
    try:
        to = allowed[LadderStep.Outcome(outcome)]
    except (KeyError, ValueError):
        raise LadderOutcomeInvalidError(details={"fields": {"outcome": [str(LadderOutcomeInvalidError.message)]}}) from None
    _move(step=step, to=to, outcome=outcome, by=by, note=note)
    today = today or timezone.localdate()
    resident = step.resident
    visit = None
    if outcome == LadderStep.Outcome.LEFT_COUNTRY:
        Resident.objects.filter(pk=resident.pk).update(departed_on=today)
        for other in LadderStep.objects.select_for_update().filter(resident=resident, status=Status.OPEN):
            _move(step=other, to=Status.CANCELLED, outcome=LadderStep.Outcome.LEFT_COUNTRY, by=by, note=note)
    elif step.step == Step.CALL and to == Status.FAILED and not (resident.protected or resident.detained_since or resident.departed_on):
        visit = _visit_create(step=step, today=today)
    audit_record(
        actor=by,
        action="update",
        obj=step,
        person_id=resident.person_id,
        purpose=f"B06 {step.step} outcome recorded",
        unit_code=step.unit.code,
        details={"outcome": outcome, "visit": visit.pk if visit else None},
    )
    return StepClosed(step=step, visit=visit)


def _visit_create(*, step: LadderStep, today: dt.date) -> LadderStep | None:
    resident = step.resident
    county_id = resident.person.county_id or step.unit.county_id
    team = special_operations_team(county_id=county_id)
    if team is None:
        logger.warning("no special-operations team for county %s; visit for step %s stays with the station", county_id, step.pk)
        team = step.unit
    visit, _created = LadderStep.objects.get_or_create(
        permit_id=step.permit_id,
        expires_on=step.expires_on,
        step=Step.VISIT,
        defaults={
            "resident": resident,
            "unit": team,
            "channel": Channel.VISIT,
            "language": step.language,
            "created_on": today,
            "due_on": max(today, step.expires_on - dt.timedelta(days=1)),
        },
    )
    return visit


@transaction.atomic
def letter_batch_mark_posted(*, batch: LetterBatch, by: User) -> int:
    """Marks the station's letters of the day as posted: each open letter step is closed as done
    with an event row. Returns how many. Audited."""
    batch = LetterBatch.objects.select_for_update().select_related("station").get(pk=batch.pk)
    count = 0
    for step in LadderStep.objects.select_for_update().filter(letter_batch=batch, status=Status.OPEN):
        _move(step=step, to=Status.DONE, outcome=LadderStep.Outcome.POSTED, by=by, note="")
        count += 1
    if batch.posted_at is None:
        batch.posted_at = timezone.now()
        batch.posted_by = by
        batch.save(update_fields=["posted_at", "posted_by"])
    audit_record(
        actor=by, action="update", obj=batch, purpose="B06 letters posted", unit_code=batch.station.code, details={"letters": count}
    )
    return count
