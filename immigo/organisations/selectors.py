"""Which organisation a login acts for."""

from __future__ import annotations

from django.db.models import QuerySet

from immigo.accounts.models import User

from .errors import OrganisationAccessDeniedError
from .models import Membership, Organisation


def organisation_list_for_user(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated or user.kind != User.Kind.ORGANISATION:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def membership_get(*, user: User, organisation: Organisation | int, kinds: set[str] | None = None) -> Membership:
    """The user's active membership of the organisation, or OrganisationAccessDeniedError.
    `kinds` restricts the organisation kinds accepted (e.g. only travel agencies)."""
    org_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation_id=org_id, is_active=True, user__kind=User.Kind.ORGANISATION)
        .first()
    )
    if membership is None or (kinds is not None and membership.organisation.kind not in kinds):
        raise OrganisationAccessDeniedError(details={"organisation": org_id})
    return membership


def organisation_for_user(user: User, *, kinds: set[str] | None = None) -> Organisation | None:
    """The one organisation a login acts for (the first, if it has several), or None."""
    qs = organisation_list_for_user(user)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("pk").first()


def organisation_administered(user: User, *, kinds: set[str] | None = None) -> Organisation | None:
    """The organisation whose logins the user manages (its active administrator; the first, if
    several), or None."""
    qs = organisation_list_for_user(user).filter(memberships__user=user, memberships__role=Membership.Role.ADMINISTRATOR)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("pk").first()


def login_list(*, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's logins, active ones first, by name."""
    return (
        Membership.objects.filter(organisation=organisation).select_related("user").order_by("-is_active", "user__full_name", "user__email")
    )
