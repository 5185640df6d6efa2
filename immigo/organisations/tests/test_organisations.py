import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from immigo.accounts.models import User
from immigo.organisations.errors import OrganisationAccessDeniedError
from immigo.organisations.identifiers import business_number_valid
from immigo.organisations.models import Membership, Organisation
from immigo.organisations.selectors import membership_get, organisation_for_user
from immigo.organisations.services import organisation_member_add


@pytest.mark.parametrize("number", ["04595257", "10458575", "22099131"])
def test_published_business_numbers_pass_the_check(number):
    assert business_number_valid(number)


@pytest.mark.parametrize("number", ["04595258", "1045857", "1045857A", "１０４５８５７５"])
def test_wrong_business_numbers_fail_the_check(number):
    assert not business_number_valid(number)


def test_seventh_digit_seven_may_count_either_way():
    # 1234567x: total with the 7th product as 10 → digits 1+0; "12345676" passes only as +1.
    assert business_number_valid("12345676")
    assert business_number_valid("12345670")


@pytest.fixture
def agency(db):
    return Organisation.objects.create(
        kind=Organisation.Kind.TRAVEL_AGENCY,
        name="甲旅行社",
        business_number="12345675",
        licence_number="交觀甲 1",
        licence_valid_until=dt.date(2027, 1, 31),
    )


def test_a_travel_agency_licence_lapses_after_its_date(agency):
    assert agency.licence_valid_on(dt.date(2027, 1, 31))
    assert not agency.licence_valid_on(dt.date(2027, 2, 1))
    agency.status = Organisation.Status.SUSPENDED
    assert not agency.licence_valid_on(dt.date(2026, 1, 1))


def test_a_member_acts_only_for_their_own_organisation(agency):
    other = Organisation.objects.create(kind=Organisation.Kind.TRAVEL_AGENCY, name="乙", business_number="22345675")
    user = User.objects.create_user("clerk@agency.test", "x", full_name="Clerk")
    organisation_member_add(organisation=agency, user=user)
    user.refresh_from_db()
    assert user.kind == User.Kind.ORGANISATION
    assert membership_get(user=user, organisation=agency).role == Membership.Role.MEMBER
    with pytest.raises(OrganisationAccessDeniedError):
        membership_get(user=user, organisation=other)
    with pytest.raises(OrganisationAccessDeniedError):
        membership_get(user=user, organisation=agency, kinds={Organisation.Kind.SCHOOL})
    assert organisation_for_user(user) == agency


def test_a_deactivated_login_no_longer_acts(agency):
    user = User.objects.create_user("gone@agency.test", "x", full_name="Gone")
    membership = organisation_member_add(organisation=agency, user=user)
    membership.is_active = False
    membership.save()
    assert organisation_for_user(user) is None
    with pytest.raises(OrganisationAccessDeniedError):
        membership_get(user=user, organisation=agency)


def test_demo_organisations_load_twice_without_duplicates(db):
    call_command("organisations_demo", stdout=StringIO())
    call_command("organisations_demo", stdout=StringIO())
    assert Organisation.objects.count() == 5
    assert all(business_number_valid(o.business_number) for o in Organisation.objects.all())
    assert Membership.objects.filter(role=Membership.Role.ADMINISTRATOR).count() == 5
