"""Who keeps the missing persons list: content editors, and staff of a special-operations team
(any role held at a unit of that kind)."""

from __future__ import annotations

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit


def can_maintain(user: User) -> bool:
    if not (user.is_authenticated and user.is_active and getattr(user, "kind", None) == User.Kind.STAFF):
        return False
    roles = StaffRole.objects.filter(user=user)
    return roles.filter(role=Role.CONTENT_EDITOR).exists() or roles.filter(unit__kind=Unit.Kind.SPECIAL_OPERATIONS).exists()
