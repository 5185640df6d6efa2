"""Who may do what at a station. A role reaches its unit and the units below it."""

from __future__ import annotations

from immigo.accounts import permissions
from immigo.accounts.models import Role, User
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import Unit

# See the station's plan, book by phone, check people in.
STATION_ROLES = (Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF)
# Open slots, confirm group sessions, schedule home pickups, plan van visits.
PLANNER_ROLES = (Role.SUPERVISOR, Role.STATION_CHIEF)
# Who may be assigned to a group session, a home pickup or a van.
CREW_ROLES = (Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF, Role.INTERPRETER, Role.VOLUNTEER)


def is_station_staff(user: User, station: Unit) -> bool:
    return permissions.has_role(user, STATION_ROLES, unit_id=station.pk)


def is_planner(user: User, station: Unit) -> bool:
    return permissions.has_role(user, PLANNER_ROLES, unit_id=station.pk)


def require_station_staff(user: User, station: Unit) -> None:
    if not is_station_staff(user, station):
        raise PermissionDeniedError()


def require_planner(user: User, station: Unit) -> None:
    if not is_planner(user, station):
        raise PermissionDeniedError()


def stations_for(user: User) -> list[Unit]:
    """The service stations where `user` may see the plan."""
    ids = permissions.units_where(user, STATION_ROLES)
    return list(Unit.objects.filter(pk__in=ids, kind=Unit.Kind.SERVICE_STATION, is_active=True).order_by("code"))


def crew_candidates(station: Unit) -> list[User]:
    """Staff holding a crew role at the station itself (officers of the unit, not of its parents)."""
    return list(
        User.objects.filter(staff_roles__unit=station, staff_roles__role__in=CREW_ROLES, is_active=True, kind=User.Kind.STAFF)
        .distinct()
        .order_by("full_name", "pk")
    )
