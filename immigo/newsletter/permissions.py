"""Who may work on the newsletter: content editors draft; a supervisor or administrator at a
headquarters unit publishes."""

from __future__ import annotations

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit

PUBLISHER_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


def _is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) == User.Kind.STAFF)


def can_edit(user: User) -> bool:
    """Content editors, in any unit."""
    return _is_staff(user) and StaffRole.objects.filter(user=user, role=Role.CONTENT_EDITOR).exists()


def can_publish(user: User) -> bool:
    """Supervisors and administrators whose role is held at a headquarters unit (a supervisor of a
    service station does not publish for the whole agency)."""
    return (
        _is_staff(user) and StaffRole.objects.filter(user=user, role__in=list(PUBLISHER_ROLES), unit__kind=Unit.Kind.HEADQUARTERS).exists()
    )


def can_use_editor(user: User) -> bool:
    """The editor pages (issues, readers' questions) are for those who draft or publish."""
    return can_edit(user) or can_publish(user)
