"""Who may work on content: editors draft and submit; publishers (a supervisor or an
administrator held at a headquarters unit) publish, send back and archive."""

from __future__ import annotations

from typing import Any

from immigo.accounts import permissions
from immigo.accounts.models import User
from immigo.core.models import Unit

from .workflow import EDITOR_ROLES, PUBLISHER_ROLES, Permit


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "kind", None) == User.Kind.STAFF


def is_editor(user: Any) -> bool:
    return _staff(user) and permissions.has_role(user, EDITOR_ROLES)


def is_publisher(user: Any) -> bool:
    if not _staff(user):
        return False
    units = permissions.units_where(user, PUBLISHER_ROLES)
    return bool(units) and Unit.objects.filter(pk__in=units, kind=Unit.Kind.HEADQUARTERS).exists()


def holds(user: Any, permit: Permit) -> bool:
    return is_editor(user) if permit == Permit.EDITOR else is_publisher(user)


def may_use_back_office(user: Any) -> bool:
    return is_editor(user) or is_publisher(user)
