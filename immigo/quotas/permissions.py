"""Who sets quotas and reviews group applications: quota officers and administrators of a
headquarters unit."""

from __future__ import annotations

from immigo.accounts.models import Role, User
from immigo.accounts.permissions import units_where
from immigo.core.models import Unit

QUOTA_ROLES = (Role.QUOTA_OFFICER, Role.ADMINISTRATOR)


def can_manage_quotas(user: User) -> bool:
    units = units_where(user, QUOTA_ROLES)
    return bool(units) and Unit.objects.filter(pk__in=units, kind=Unit.Kind.HEADQUARTERS).exists()
