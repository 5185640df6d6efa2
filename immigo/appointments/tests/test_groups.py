"""Group sessions of schools and employers (D02)."""

from __future__ import annotations

import datetime as dt

import pytest

from immigo.accounts.models import Role
from immigo.core.errors import InvalidInputError
from immigo.core.models import AuditEntry
from immigo.notifications.models import OutboxMessage
from immigo.organisations.errors import OrganisationAccessDeniedError
from immigo.organisations.models import Organisation

from .. import services
from ..errors import GroupListInvalidError
from ..models import GroupMember, GroupSession
from . import factories as f
from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("frozen")
TERM_START = dt.date(2026, 3, 9)  # a Monday


def _request(station, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "station": station,
        "kind": GroupSession.Kind.AT_STATION,
        "day": TERM_START,
        "start": dt.time(9, 0),
        "end": dt.time(12, 0),
        "place": "",
        "contact_name": "Lin Mei",
        "contact_phone": "02-3366-1234",
        "contact_email": "intl@example.test",
        "language": "en",
    }
    values.update(overrides)
    return services.SessionRequest(**values)


def test_a_school_requests_a_session_and_uploads_50_students(station):
    org, login = f.organisation()
    session = services.group_session_request(organisation=org, by=login, request=_request(station))
    assert session.status == GroupSession.Status.REQUESTED
    members = services.group_members_upload(session=session, by=login, content=f.student_csv(50))
    assert len(members) == 50
    assert GroupMember.objects.filter(session=session).count() == 50
    first = GroupMember.objects.get(session=session, row=2)
    assert (first.full_name, first.document_number, first.nationality) == ("Student 1", "P00000001", "VNM")
    # 20 people per officer: 50 students need 3 officers.
    assert services.staff_needed(session) == 3
    assert AuditEntry.objects.filter(object_type="appointments.groupsession", purpose="group list uploaded").exists()


def test_a_list_with_errors_saves_nothing_and_names_every_row(station):
    org, login = f.organisation()
    session = services.group_session_request(organisation=org, by=login, request=_request(station))
    services.group_members_upload(session=session, by=login, content=f.student_csv(3))
    bad = (
        b"name,document_number,nationality,date_of_birth,service\n"
        b"Tran Thi B,P1,VNM,2004-01-01,residence_certificate\n"
        b",P22222222,VIETNAM,2004-13-01,visa\n"
        b"Ali,P33333333,IDN,2003-02-02,reentry_permit\n"
        b"Budi,P3333-3333,IDN,2003-02-02,reentry_permit\n"
    )
    with pytest.raises(GroupListInvalidError) as caught:
        services.group_members_upload(session=session, by=login, content=bad)
    problems = {(e["row"], e["field"]) for e in caught.value.details["rows"]}
    assert problems == {
        (2, "document_number"),  # too short
        (3, "name"),
        (3, "nationality"),
        (3, "date_of_birth"),
        (3, "service"),
        (5, "document_number"),  # the same as row 4
    }
    # The earlier list of 3 is untouched.
    assert GroupMember.objects.filter(session=session).count() == 3


def test_the_header_row_must_match(station):
    members, errors = services.group_list_parse(b"nom,passeport\nA,B\n", max_people=300)
    assert members == [] and errors[0]["row"] == 1


def test_a_list_over_the_maximum_is_refused(station):
    _members, errors = services.group_list_parse(f.student_csv(301), max_people=300)
    assert any(e["field"] == "file" for e in errors)


def test_on_campus_intake_needs_a_place_and_a_working_day(station):
    org, login = f.organisation()
    with pytest.raises(InvalidInputError) as caught:
        services.group_session_request(
            organisation=org, by=login, request=_request(station, kind=GroupSession.Kind.ON_CAMPUS, day=dt.date(2026, 3, 7))
        )
    assert set(caught.value.details["fields"]) == {"place", "day"}
    session = services.group_session_request(
        organisation=org, by=login, request=_request(station, kind=GroupSession.Kind.ON_CAMPUS, place="Room 101, International House")
    )
    assert session.place == "Room 101, International House"


def test_only_schools_and_employers_of_the_organisation_act(station):
    org, login = f.organisation()
    agency, agency_login = f.organisation(kind=Organisation.Kind.TRAVEL_AGENCY, number="12345675", email="agency@example.test")
    with pytest.raises(OrganisationAccessDeniedError):
        services.group_session_request(organisation=agency, by=agency_login, request=_request(station))
    _other, other_login = f.organisation(number="22099131", email="other@example.test")
    session = services.group_session_request(organisation=org, by=login, request=_request(station))
    with pytest.raises(OrganisationAccessDeniedError):
        services.group_members_upload(session=session, by=other_login, content=f.student_csv(2))


def test_the_station_confirms_with_enough_officers_and_tells_the_school(station, supervisor):
    org, login = f.organisation()
    session = services.group_session_request(organisation=org, by=login, request=_request(station))
    services.group_members_upload(session=session, by=login, content=f.student_csv(50))
    officers = [f.staff(f"officer{i}@immigo.test", Role.COUNTER_OFFICER, station) for i in range(3)]
    with pytest.raises(InvalidInputError) as caught:
        services.group_session_confirm(session=session, by=supervisor, officers=officers[:2])
    assert "3" in caught.value.details["fields"]["officers"][0]
    confirmed = services.group_session_confirm(session=session, by=supervisor, officers=officers)
    assert confirmed.status == GroupSession.Status.CONFIRMED
    assert set(confirmed.officers.all()) == set(officers)
    notice = OutboxMessage.objects.get(dedupe_key=f"group:{session.reference}:confirmed")
    assert notice.recipient == "intl@example.test" and "50" in notice.body


def test_a_counter_officer_cannot_confirm(station, counter_officer):
    from immigo.core.errors import PermissionDeniedError

    org, _login = f.organisation()
    session = f.group_session(org, station, TERM_START)
    with pytest.raises(PermissionDeniedError):
        services.group_session_confirm(session=session, by=counter_officer, officers=[counter_officer])


def test_the_day_must_be_after_today(station):
    org, login = f.organisation()
    with pytest.raises(InvalidInputError):
        services.group_session_request(organisation=org, by=login, request=_request(station, day=TODAY))
