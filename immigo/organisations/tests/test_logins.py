"""An organisation's administrators manage its logins: add colleagues (a link to set a password
by e-mail), change roles, deactivate; always one active administrator; every change audited."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.utils import translation

from immigo.accounts.models import User
from immigo.core.models import AuditEntry
from immigo.notifications.models import OutboxMessage
from immigo.organisations import services
from immigo.organisations.errors import (
    OrganisationAccessDeniedError,
    OrganisationAdministratorRequiredError,
    OrganisationLoginEmailInUseError,
    OrganisationLoginExistsError,
    OrganisationLoginNotFoundError,
)
from immigo.organisations.models import Membership, Organisation
from immigo.organisations.selectors import organisation_for_user
from immigo.portal.tools import tool_list_for_user

Role = Membership.Role


def _organisation(number: str = "12345675", name: str = "甲旅行社") -> Organisation:
    return Organisation.objects.create(
        kind=Organisation.Kind.TRAVEL_AGENCY,
        name=name,
        business_number=number,
        licence_number="交觀甲 1",
        licence_valid_until=dt.date(2099, 1, 31),
    )


def _login(organisation: Organisation, email: str, role: str = Role.MEMBER) -> User:
    user = User.objects.create_user(email, "a long enough password", full_name=email.split("@")[0], kind=User.Kind.ORGANISATION)
    services.organisation_member_add(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def agency(db) -> Organisation:  # type: ignore[no-untyped-def]
    return _organisation()


@pytest.fixture
def boss(agency: Organisation) -> User:
    return _login(agency, "boss@agency.test", Role.ADMINISTRATOR)


def _data(email: str = "new.clerk@agency.test", role: str = Role.MEMBER, language: str = "vi") -> services.LoginData:
    return services.LoginData(email=email, full_name="Nguyen Van A", role=role, language=language)


def test_an_administrator_adds_a_colleague_who_sets_a_password_from_the_mailed_link(agency, boss, client):
    membership = services.organisation_login_add(organisation=agency, by=boss, data=_data(email="New.Clerk@Agency.test"))
    user = membership.user
    assert (user.email, user.kind, user.has_usable_password()) == ("new.clerk@agency.test", User.Kind.ORGANISATION, False)
    assert organisation_for_user(user) == agency
    mail = OutboxMessage.objects.get(dedupe_key=f"organisation-login-{membership.pk}", channel=OutboxMessage.Channel.EMAIL)
    assert mail.recipient == "new.clerk@agency.test" and mail.language == "vi"
    assert agency.name in mail.subject
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.body)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.status_code == 200
    new_password = "Correct horse battery staple 7"
    client.post(page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    user.refresh_from_db()
    assert user.check_password(new_password)
    entry = AuditEntry.objects.get(object_type="organisations.membership", object_id=str(membership.pk), action=AuditEntry.Action.CREATE)
    assert entry.actor == boss and entry.details["role"] == Role.MEMBER


def test_a_login_of_another_organisation_is_added_as_it_is_and_told_to_sign_in(agency, boss):
    other = _organisation("22345675", "乙旅行社")
    shared = _login(other, "shared@agencies.test")
    membership = services.organisation_login_add(organisation=agency, by=boss, data=_data(email="shared@agencies.test"))
    assert membership.user == shared and shared.has_usable_password()
    mail = OutboxMessage.objects.get(dedupe_key=f"organisation-login-{membership.pk}")
    assert "/accounts/login/" in mail.body and "password-reset" not in mail.body


def test_a_personal_or_staff_account_is_never_turned_into_an_organisation_login(agency, boss):
    User.objects.create_user("citizen@example.test", "x", full_name="Citizen", kind=User.Kind.PUBLIC)
    with pytest.raises(OrganisationLoginEmailInUseError) as error:
        services.organisation_login_add(organisation=agency, by=boss, data=_data(email="citizen@example.test"))
    assert "email" in error.value.details["fields"]
    assert User.objects.get(email="citizen@example.test").kind == User.Kind.PUBLIC
    assert not Membership.objects.filter(user__email="citizen@example.test").exists()


def test_the_same_address_is_not_added_twice(agency, boss):
    services.organisation_login_add(organisation=agency, by=boss, data=_data())
    with pytest.raises(OrganisationLoginExistsError):
        services.organisation_login_add(organisation=agency, by=boss, data=_data())


def test_a_member_cannot_manage_logins(agency, boss):
    clerk = _login(agency, "clerk@agency.test")
    with pytest.raises(OrganisationAccessDeniedError):
        services.organisation_login_add(organisation=agency, by=clerk, data=_data())
    with pytest.raises(OrganisationAccessDeniedError):
        services.organisation_login_update(organisation=agency, by=clerk, membership_id=boss.memberships.get().pk, active=False)


def test_a_deactivated_login_no_longer_acts_for_the_organisation_and_can_be_reactivated(agency, boss, client):
    clerk = _login(agency, "clerk@agency.test")
    membership = clerk.memberships.get()
    services.organisation_login_update(organisation=agency, by=boss, membership_id=membership.pk, active=False)
    assert organisation_for_user(clerk) is None
    client.force_login(clerk)
    assert client.get("/quotas/agency/").status_code == 403
    services.organisation_login_update(organisation=agency, by=boss, membership_id=membership.pk, active=True)
    assert client.get("/quotas/agency/").status_code == 200
    entries = AuditEntry.objects.filter(
        object_type="organisations.membership", object_id=str(membership.pk), action=AuditEntry.Action.UPDATE
    )
    assert [e.details["after"]["active"] for e in entries.order_by("id")] == [False, True]


def test_an_organisation_always_keeps_an_active_administrator(agency, boss):
    own = boss.memberships.get()
    with pytest.raises(OrganisationAdministratorRequiredError):
        services.organisation_login_update(organisation=agency, by=boss, membership_id=own.pk, role=Role.MEMBER)
    with pytest.raises(OrganisationAdministratorRequiredError):
        services.organisation_login_update(organisation=agency, by=boss, membership_id=own.pk, active=False)
    deputy = _login(agency, "deputy@agency.test", Role.ADMINISTRATOR)
    # Another administrator may take the first one's rights away; the deputy then stays.
    services.organisation_login_update(organisation=agency, by=deputy, membership_id=own.pk, role=Role.MEMBER)
    with pytest.raises(OrganisationAccessDeniedError):
        services.organisation_login_update(organisation=agency, by=boss, membership_id=deputy.memberships.get().pk, active=False)


def test_another_organisations_login_is_not_found(agency, boss):
    other = _organisation("22345675", "乙旅行社")
    stranger = _login(other, "stranger@other.test")
    with pytest.raises(OrganisationLoginNotFoundError):
        services.organisation_login_update(organisation=agency, by=boss, membership_id=stranger.memberships.get().pk, active=False)


def test_the_logins_page_lists_adds_and_deactivates_and_audits_each_reading(agency, boss, client):
    clerk = _login(agency, "clerk@agency.test")
    client.force_login(boss)
    page = client.get("/organisation/logins/")
    assert page.status_code == 200
    assert "clerk@agency.test" in page.content.decode()
    assert AuditEntry.objects.filter(actor=boss, action=AuditEntry.Action.READ, object_type="organisations.organisation").count() == 1

    refused = client.post("/organisation/logins/", {"full_name": "", "email": "not an address", "role": "member", "language": "zh-hant"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert 'href="#id_full_name"' in body and 'href="#id_email"' in body
    assert not User.objects.filter(email="not an address").exists()

    added = client.post(
        "/organisation/logins/", {"full_name": "林小姐", "email": "lin@agency.test", "role": "administrator", "language": "zh-hant"}
    )
    assert added.status_code == 302
    assert Membership.objects.get(user__email="lin@agency.test").role == Role.ADMINISTRATOR

    changed = client.post(f"/organisation/logins/{clerk.memberships.get().pk}/", {"change": "deactivate"})
    assert changed.status_code == 302
    assert not clerk.memberships.get().is_active

    own = client.post(f"/organisation/logins/{boss.memberships.get().pk}/", {"change": "make_member"}, follow=True)
    assert boss.memberships.get().role == Role.ADMINISTRATOR
    with translation.override(own.wsgi_request.LANGUAGE_CODE):
        assert html.escape(str(OrganisationAdministratorRequiredError.message)) in own.content.decode()


def test_the_logins_page_is_for_administrators_only(agency, boss, client):
    clerk = _login(agency, "clerk@agency.test")
    client.force_login(clerk)
    assert client.get("/organisation/logins/").status_code == 403
    assert client.post(f"/organisation/logins/{boss.memberships.get().pk}/", {"change": "deactivate"}).status_code == 403
    assert "/organisation/logins/" not in {s.path for s in tool_list_for_user(clerk)}
    assert "/organisation/logins/" in {s.path for s in tool_list_for_user(boss)}
    client.logout()
    assert client.get("/organisation/logins/").status_code == 302


def test_an_administrator_cannot_change_another_organisations_login_through_the_page(agency, boss, client):
    other = _organisation("22345675", "乙旅行社")
    stranger = _login(other, "stranger@other.test")
    client.force_login(boss)
    assert client.post(f"/organisation/logins/{stranger.memberships.get().pk}/", {"change": "deactivate"}).status_code == 404
    assert stranger.memberships.get().is_active
