"""Creating organisations and their logins."""

from __future__ import annotations

from django.db import transaction

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.models import AuditEntry

from .models import Membership, Organisation


@transaction.atomic
def organisation_member_add(
    *, organisation: Organisation, user: User, role: str = Membership.Role.MEMBER, by: User | None = None
) -> Membership:
    if user.kind != User.Kind.ORGANISATION:
        user.kind = User.Kind.ORGANISATION
        user.save(update_fields=["kind"])
    membership, _created = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role, "is_active": True}
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=membership,
        purpose="grant an organisation login",
        details={"organisation": organisation.pk, "role": role},
    )
    return membership
