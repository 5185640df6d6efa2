"""Who may do what in the border app. A role reaches its unit and every unit below it."""

from __future__ import annotations

from immigo.accounts import permissions
from immigo.accounts.models import Role, User
from immigo.core.models import Unit

# The exit-ban register is national: it is kept by headquarters' entry-exit division.
REGISTRY_UNIT = "hq-entry-exit"
REGISTRY_ROLES = frozenset({Role.REVIEWER, Role.SUPERVISOR})
# Any station's case officers check a proxy's signed letter.
PROXY_REVIEW_ROLES = frozenset({Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF})
AIRPORT_ROLES = frozenset({Role.BORDER_OFFICER})
CASEWORK_ROLES = frozenset({Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF})


def may_keep_register(user: User) -> bool:
    unit_id = Unit.objects.filter(code=REGISTRY_UNIT).values_list("id", flat=True).first()
    return unit_id is not None and permissions.has_role(user, REGISTRY_ROLES, unit_id=unit_id)


def may_review_proxies(user: User) -> bool:
    return permissions.has_role(user, PROXY_REVIEW_ROLES)


def border_units(user: User) -> list[Unit]:
    """The border units where `user` is a border officer."""
    ids = permissions.units_where(user, AIRPORT_ROLES)
    return list(Unit.objects.filter(pk__in=ids, kind=Unit.Kind.BORDER).order_by("code"))
