"""Reads: crossings, the exit bans in force, proxies' authorisations, reunion computations."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import Crossing, ExitBan, ProxyAuthorisation, ReunionComputation
from .workflow import OPEN


def crossing_list_for_person(*, person_id: int, start: dt.date, end: dt.date) -> QuerySet[Crossing]:
    return Crossing.objects.filter(person_id=person_id, at__date__gte=start, at__date__lte=end).order_by("at")


def crossing_last_before(*, person_id: int, day: dt.date) -> Crossing | None:
    """The person's last crossing before `day` (where they were when `day` began)."""
    return Crossing.objects.filter(person_id=person_id, at__date__lt=day).order_by("-at").first()


def exit_ban_list_in_force(*, person_id: int, on: dt.date) -> QuerySet[ExitBan]:
    """Bans in force on `on`: started, not ended, not lifted."""
    return (
        ExitBan.objects.filter(person_id=person_id, starts_on__lte=on, lifted_at__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("starts_on", "id")
    )


def exit_ban_in_force(*, person_id: int, on: dt.date) -> bool:
    return exit_ban_list_in_force(person_id=person_id, on=on).exists()


def exit_ban_list_for_registry(*, national_id: str = "", include_lifted: bool = False) -> QuerySet[ExitBan]:
    qs = ExitBan.objects.select_related("person", "unit")
    if national_id:
        qs = qs.filter(person__national_id=national_id)
    if not include_lifted:
        qs = qs.filter(lifted_at__isnull=True)
    return qs.order_by("-starts_on", "-id")


def proxy_authorisation_list_for_proxy(*, user_id: int) -> QuerySet[ProxyAuthorisation]:
    return ProxyAuthorisation.objects.filter(proxy_id=user_id).order_by("-submitted_at", "-id")


def proxy_authorisation_list_for_review() -> QuerySet[ProxyAuthorisation]:
    return ProxyAuthorisation.objects.filter(status__in=OPEN).select_related("proxy").order_by("submitted_at", "id")


def reunion_computation_latest(*, case_id: int) -> ReunionComputation | None:
    return ReunionComputation.objects.filter(case_id=case_id).order_by("-computed_at", "-id").first()
