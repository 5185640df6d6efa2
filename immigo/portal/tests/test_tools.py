import pytest
from django.urls import Resolver404, resolve

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit
from immigo.organisations.models import Organisation
from immigo.organisations.services import organisation_member_add
from immigo.portal.tools import LOGINS, ORGANISATION_TOOLS, STAFF_TOOLS, tool_list_for_user


def _paths(sections):
    return {section.path for section in sections}


def test_every_tool_address_exists():
    sections = [section for _roles, section in STAFF_TOOLS] + [s for group in ORGANISATION_TOOLS.values() for s in group] + [LOGINS]
    for section in sections:
        try:
            resolve(section.path)
        except Resolver404:
            pytest.fail(f"{section.path} does not resolve")


def test_every_organisation_kind_has_tools():
    assert set(ORGANISATION_TOOLS) == set(Organisation.Kind.values)


@pytest.fixture
def station(db):
    return Unit.objects.create(code="station-test", kind=Unit.Kind.SERVICE_STATION, name_zh="測試站", name_en="Test Station")


def _staff(email, role, unit):
    user = User.objects.create_user(email, "x", full_name="Staff", kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    return user


def test_an_interpreter_sees_the_reminder_tasks_but_not_the_work_queue(station):
    interpreter = _staff("interp@example.test", Role.INTERPRETER, station)
    paths = _paths(tool_list_for_user(interpreter))
    assert "/residence/staff/tasks/" in paths
    assert "/staff/" not in paths
    assert "/quotas/staff/" not in paths


def test_a_supervisor_sees_satisfaction_and_counter_tools(station):
    paths = _paths(tool_list_for_user(_staff("sup@example.test", Role.SUPERVISOR, station)))
    assert {"/staff/", "/queue/staff/", "/feedback/staff/", "/appointments/staff/"} <= paths


def test_a_travel_agency_login_sees_its_filing_tools_only(db, client):
    agency = Organisation.objects.create(kind=Organisation.Kind.TRAVEL_AGENCY, name="甲", business_number="12345675")
    user = User.objects.create_user("clerk@agency.test", "x", full_name="Clerk")
    organisation_member_add(organisation=agency, user=user)
    user.refresh_from_db()
    assert _paths(tool_list_for_user(user)) == {"/agency/", "/quotas/agency/"}

    client.force_login(user)
    page = client.get("/tools/")
    assert page.status_code == 200
    assert b'href="/quotas/agency/"' in page.content
    assert b'href="/appointments/organisation/"' not in page.content


def test_a_member_of_the_public_has_no_tools_page(db, client):
    client.force_login(User.objects.create_user("me@example.test", "x", full_name="Me"))
    assert client.get("/tools/").status_code == 403


def test_the_tools_page_asks_an_anonymous_visitor_to_sign_in(db, client):
    page = client.get("/tools/")
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
