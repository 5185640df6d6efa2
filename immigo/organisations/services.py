"""Creating organisations' logins and managing them: headquarters grants the first login (the
configuration admin, or the demo data); the organisation's administrators add their colleagues,
change their roles and deactivate them. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.models import AuditEntry
from immigo.notifications.services import notification_enqueue

from .errors import (
    OrganisationAccessDeniedError,
    OrganisationAdministratorRequiredError,
    OrganisationLoginEmailInUseError,
    OrganisationLoginExistsError,
    OrganisationLoginNotFoundError,
)
from .models import Membership, Organisation
from .selectors import membership_get

PURPOSE_LOGINS = "managing the organisation's logins"


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


def _administrator(*, by: User, organisation: Organisation) -> Organisation:
    """The organisation, locked, when `by` is one of its active administrators (locking it
    serialises changes of its logins, so two administrators never remove each other's rights)."""
    membership = membership_get(user=by, organisation=organisation)
    if membership.role != Membership.Role.ADMINISTRATOR:
        raise OrganisationAccessDeniedError(details={"organisation": organisation.pk})
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


@dataclass(frozen=True)
class LoginData:
    email: str
    full_name: str
    role: str
    language: str


@transaction.atomic
def organisation_login_add(*, organisation: Organisation, by: User, data: LoginData) -> Membership:
    """An administrator adds a colleague's login. A new address gets an account without a
    password and an e-mail with a link to set one (valid as long as a password-reset link); an
    address that is already a login of another organisation is added as it is (that person signs
    in as before). A personal or staff account is never turned into an organisation login."""
    organisation = _administrator(by=by, organisation=organisation)
    email = data.email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.kind != User.Kind.ORGANISATION:
        raise OrganisationLoginEmailInUseError(details={"fields": {"email": [OrganisationLoginEmailInUseError.message]}})
    if user is not None and Membership.objects.filter(organisation=organisation, user=user).exists():
        raise OrganisationLoginExistsError(details={"fields": {"email": [OrganisationLoginExistsError.message]}})
    languages = {code for code, _name in settings.LANGUAGES}
    language = data.language if data.language in languages else settings.LANGUAGE_CODE
    if user is None:
        user = User.objects.create_user(
            email, None, full_name=data.full_name.strip(), kind=User.Kind.ORGANISATION, preferred_language=language
        )
    membership = Membership.objects.create(organisation=organisation, user=user, role=data.role)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=membership,
        purpose=PURPOSE_LOGINS,
        details={"organisation": organisation.pk, "role": data.role, "new_account": not user.has_usable_password()},
    )
    if user.has_usable_password():
        link = settings.IMMIGO_PUBLIC_URL + reverse("accounts:login")
    else:
        token = default_token_generator.make_token(user)
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token})
        link = settings.IMMIGO_PUBLIC_URL + path
    notification_enqueue(
        event="organisation_login_added",
        language=user.preferred_language or language,
        context={
            "organisation": organisation.name,
            "added_by": by.full_name or by.email,
            "link": link,
            "set_password": not user.has_usable_password(),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        dedupe_key=f"organisation-login-{membership.pk}",
        email=user.email,
    )
    return membership


@transaction.atomic
def organisation_login_update(
    *, organisation: Organisation, by: User, membership_id: int, role: str | None = None, active: bool | None = None
) -> Membership:
    """An administrator changes a login's role or (de)activates it. A deactivated login can no
    longer act for the organisation from its next request; its history stays. The organisation
    always keeps an active administrator, and nobody removes their own rights."""
    organisation = _administrator(by=by, organisation=organisation)
    membership = Membership.objects.filter(pk=membership_id, organisation=organisation).select_related("user").first()
    if membership is None:
        raise OrganisationLoginNotFoundError()
    before = {"role": membership.role, "active": membership.is_active}
    if role is not None:
        membership.role = role
    if active is not None:
        membership.is_active = active
    loses_rights = membership.role != Membership.Role.ADMINISTRATOR or not membership.is_active
    if loses_rights and membership.user_id == by.pk:
        raise OrganisationAdministratorRequiredError()
    administrators = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMINISTRATOR, is_active=True).exclude(
        pk=membership.pk
    )
    if loses_rights and not administrators.exists():
        raise OrganisationAdministratorRequiredError()
    membership.save(update_fields=["role", "is_active"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=membership,
        purpose=PURPOSE_LOGINS,
        details={"organisation": organisation.pk, "before": before, "after": {"role": membership.role, "active": membership.is_active}},
    )
    return membership
