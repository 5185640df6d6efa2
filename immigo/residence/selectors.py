"""Reads of the registry and the ladder: renewal pre-fill, staff task lists, the dashboards, the
3-month expiry report (L04 mobile vans). Reads of personal data by staff are audited by the views
that show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from immigo.accounts import permissions
from immigo.accounts.models import Role, User
from immigo.core.models import Unit

from .models import LadderStep, LetterBatch, Permit, Resident

# Who sees what.
STATION_ROLES = (Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF)
TASK_ROLES = (*STATION_ROLES, Role.INTERPRETER, Role.SPECIAL_OPERATIONS)
MANAGER_ROLES = (Role.SUPERVISOR, Role.STATION_CHIEF, Role.ADMINISTRATOR)
DASHBOARD_ROLES = (*STATION_ROLES, Role.ADMINISTRATOR)
HORIZONS = (15, 30, 90)
VAN_REPORT_DAYS = 92  # "residents expiring within 3 months" (B06 with the L04 mobile vans)


def permit_for_renewal(*, permit_number: str, ui_number: str, passport_number: str) -> Permit | None:
    """The valid permit with this number, if it belongs to the resident with this UI number (or,
    without one, this passport)."""
    if not permit_number or not (ui_number or passport_number):
        return None
    qs = Permit.objects.select_related("resident", "resident__person", "station").filter(number=permit_number, status=Permit.Status.VALID)
    if ui_number:
        qs = qs.filter(resident__ui_number=ui_number)
    else:
        qs = qs.filter(resident__passport_number=passport_number)
    return qs.first()


def renewal_prefill(*, permit_id: int, expires_on: dt.date) -> dict[str, Any] | None:
    """The application's initial data for the permit named by a renewal link, or None when the
    permit is no longer valid or its expiry date changed (renewed since)."""
    permit = (
        Permit.objects.select_related("resident", "resident__person")
        .filter(pk=permit_id, expires_on=expires_on, status=Permit.Status.VALID)
        .first()
    )
    if permit is None:
        return None
    person, resident = permit.resident.person, permit.resident
    return {
        "native_name": person.native_name,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "nationality": person.nationality,
        "email": "" if resident.protected else person.email,
        "phone": "" if resident.protected else person.phone,
        "ui_number": resident.ui_number,
        "passport_number": resident.passport_number,
        "passport_country": resident.passport_country,
        "permit_number": permit.number,
    }


def stations_for(*, user: User, roles: tuple[str, ...] = DASHBOARD_ROLES) -> QuerySet[Unit]:
    """The service stations where the user holds one of `roles` (directly or from a unit above)."""
    return Unit.objects.filter(pk__in=permissions.units_where(user, roles), kind=Unit.Kind.SERVICE_STATION).order_by("code")


def is_national(*, station_ids: list[int]) -> bool:
    """Whether these stations (the ones a user oversees) are every active station."""
    covered = set(station_ids)
    everyone = set(Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, is_active=True).values_list("pk", flat=True))
    return bool(everyone) and everyone <= covered


@dataclass(frozen=True)
class StationFigures:
    station_id: int | None
    label: str
    expiring_15: int
    expiring_30: int
    expiring_90: int
    open_calls: int
    open_visits: int
    open_other: int
    renewals_30: int
    overdue: int

    @property
    def open_tasks(self) -> int:
        return self.open_calls + self.open_visits + self.open_other


def dashboard_figures(*, station_ids: list[int], today: dt.date) -> list[StationFigures]:
    """Per station: valid permits expiring within 15/30/90 days, the ladder's open tasks, renewals
    of the last 30 days and overdue residents (valid permit past its expiry, still in Taiwan).
    Three grouped queries, whatever the number of stations."""
    valid = Q(status=Permit.Status.VALID, resident__departed_on__isnull=True)
    permit_rows = (
        Permit.objects.filter(station_id__in=station_ids)
        .values("station_id")
        .annotate(
            e15=Count("pk", filter=valid & Q(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=15))),
            e30=Count("pk", filter=valid & Q(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=30))),
            e90=Count("pk", filter=valid & Q(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=90))),
            overdue=Count("pk", filter=valid & Q(expires_on__lt=today)),
            renewals=Count("pk", filter=Q(renewed_from__isnull=False, created_at__date__gte=today - dt.timedelta(days=30))),
        )
    )
    by_station: dict[int, dict[str, Any]] = {row["station_id"]: {**row} for row in permit_rows}
    task_rows = (
        LadderStep.objects.filter(status=LadderStep.Status.OPEN, permit__station_id__in=station_ids)
        .values("permit__station_id")
        .annotate(
            calls=Count("pk", filter=Q(step=LadderStep.Step.CALL)),
            visits=Count("pk", filter=Q(step=LadderStep.Step.VISIT)),
            other=Count("pk", filter=Q(step=LadderStep.Step.NOTICE)),
        )
    )
    tasks: dict[int, dict[str, Any]] = {row["permit__station_id"]: {**row} for row in task_rows}
    out = []
    for station in Unit.objects.filter(pk__in=station_ids).order_by("code"):
        p, t = by_station.get(station.pk, {}), tasks.get(station.pk, {})
        out.append(
            StationFigures(
                station_id=station.pk,
                label=station.name_zh,
                expiring_15=p.get("e15", 0),
                expiring_30=p.get("e30", 0),
                expiring_90=p.get("e90", 0),
                open_calls=t.get("calls", 0),
                open_visits=t.get("visits", 0),
                open_other=t.get("other", 0),
                renewals_30=p.get("renewals", 0),
                overdue=p.get("overdue", 0),
            )
        )
    return out


def figures_total(rows: list[StationFigures], *, label: str) -> StationFigures:
    return StationFigures(
        station_id=None,
        label=label,
        expiring_15=sum(r.expiring_15 for r in rows),
        expiring_30=sum(r.expiring_30 for r in rows),
        expiring_90=sum(r.expiring_90 for r in rows),
        open_calls=sum(r.open_calls for r in rows),
        open_visits=sum(r.open_visits for r in rows),
        open_other=sum(r.open_other for r in rows),
        renewals_30=sum(r.renewals_30 for r in rows),
        overdue=sum(r.overdue for r in rows),
    )


def expiry_weeks(*, station_ids: list[int], today: dt.date, weeks: int = 13) -> list[tuple[dt.date, int]]:
    """Valid permits expiring in each of the next `weeks` weeks (week starting `today` + 7n)."""
    end = today + dt.timedelta(days=7 * weeks)
    counts = [0] * weeks
    rows = (
        Permit.objects.filter(
            station_id__in=station_ids,
            status=Permit.Status.VALID,
            resident__departed_on__isnull=True,
            expires_on__gte=today,
            expires_on__lt=end,
        )
        .values("expires_on")
        .annotate(n=Count("pk"))
        .values_list("expires_on", "n")
    )
    for day, n in rows:
        counts[(day - today).days // 7] += n
    return [(today + dt.timedelta(days=7 * i), counts[i]) for i in range(weeks)]


def task_units_for(*, user: User) -> set[int]:
    """Units whose ladder tasks the user works: their stations (staff and interpreters) and their
    special-operations teams."""
    return permissions.units_where(user, TASK_ROLES)


def ladder_task_list_for_staff(*, user: User, mine_only: bool = False) -> QuerySet[LadderStep]:
    """Open tasks (calls, visits, station contacts) of the user's units, earliest due first; the
    user's own assignments first."""
    qs = LadderStep.objects.filter(status=LadderStep.Status.OPEN, unit_id__in=task_units_for(user=user)).exclude(
        channel=LadderStep.Channel.LETTER
    )
    if mine_only:
        qs = qs.filter(assigned_to=user)
    return qs.select_related("permit", "resident", "resident__person", "unit", "assigned_to").order_by("due_on", "expires_on", "pk")


def ladder_task_get_for_staff(*, user: User, pk: int) -> LadderStep | None:
    return (
        LadderStep.objects.filter(pk=pk, unit_id__in=task_units_for(user=user))
        .select_related("permit", "permit__station", "resident", "resident__person", "unit", "assigned_to")
        .first()
    )


def van_report(*, station_id: int, today: dt.date) -> QuerySet[Permit]:
    """The 3-month expiry report that plans a station's mobile-van visits (L04): valid permits
    expiring within 92 days, soonest first, residents still in Taiwan."""
    return (
        Permit.objects.filter(
            station_id=station_id,
            status=Permit.Status.VALID,
            resident__departed_on__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=VAN_REPORT_DAYS),
        )
        .select_related("resident", "resident__person", "resident__person__county")
        .order_by("expires_on", "pk")
    )


def letter_batches_for(*, station_ids: list[int]) -> QuerySet[LetterBatch]:
    return (
        LetterBatch.objects.filter(station_id__in=station_ids)
        .select_related("station")
        .annotate(letters=Count("steps"))
        .order_by("-day", "station__code")
    )


def resident_get_for_staff(*, user: User, pk: int) -> Resident | None:
    return (
        Resident.objects.filter(pk=pk, station_id__in=permissions.units_where(user, STATION_ROLES))
        .select_related("person", "station")
        .first()
    )
