"""Who may do what where. A staff role reaches its unit and every unit below it."""

from __future__ import annotations

from collections.abc import Iterable

from immigo.core.models import Unit

from .models import Role, StaffRole, User


def _descendants(unit_ids: set[int]) -> set[int]:
    found = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def units_where(user: User, roles: Iterable[str]) -> set[int]:
    """Ids of the units where `user` holds any of `roles` (including units below them)."""
    if not user.is_authenticated or not user.is_active or user.kind != User.Kind.STAFF:
        return set()
    direct = set(StaffRole.objects.filter(user=user, role__in=list(roles)).values_list("unit_id", flat=True))
    return _descendants(direct) if direct else set()


def has_role(user: User, roles: Iterable[str], *, unit_id: int | None = None) -> bool:
    units = units_where(user, roles)
    if unit_id is None:
        return bool(units)
    return unit_id in units


def roles_of(user: User, *, unit_id: int) -> set[str]:
    """Every role `user` holds over `unit_id`."""
    return {role for role in Role.values if has_role(user, [role], unit_id=unit_id)}


def primary_unit(user: User) -> Unit | None:
    role = StaffRole.objects.filter(user=user).select_related("unit").order_by("unit__kind", "id").first()
    return role.unit if role else None


def roles_anywhere(user: User) -> set[str]:
    """Every role `user` holds in any unit (for menus; each page still checks the unit)."""
    if not user.is_authenticated or not user.is_active or user.kind != User.Kind.STAFF:
        return set()
    return set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
