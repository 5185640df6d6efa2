"""Group sessions of schools and employers (D02): the request, the uploaded list of people, the
station's confirmation with its officers, and the on-campus variant."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, PermissionDeniedError
from immigo.core.models import Unit
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import membership_get

from .. import permissions
from ..errors import GroupListInvalidError, GroupSessionTransitionError
from ..models import GroupMember, GroupSession
from ..rules import GroupService, rules_for
from ..workflow import GROUP_ALLOWED
from ._common import holder_key_normalise, reference_new
from .notices import group_session_notice

GROUP_KINDS: set[str] = {Organisation.Kind.SCHOOL.value, Organisation.Kind.EMPLOYER.value}
# The CSV's columns, in this order, with a header row.
CSV_COLUMNS = ("name", "document_number", "nationality", "date_of_birth", "service")
MAX_UPLOAD_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SessionRequest:
    station: Unit
    kind: str
    day: dt.date
    start: dt.time
    end: dt.time
    place: str
    contact_name: str
    contact_phone: str
    contact_email: str
    language: str
    note: str = ""


def _check_request(request: SessionRequest) -> None:
    fields: dict[str, list[str]] = {}
    today = calendar.local_today()
    if request.day <= today:
        fields["day"] = [gettext("Choose a day after today.")]
    elif not calendar.is_working_day(request.day, county_id=request.station.county_id):
        fields["day"] = [gettext("The station is closed on this day. Choose a working day.")]
    if request.end <= request.start:
        fields["end"] = [gettext("The session must end after it starts.")]
    if request.kind == GroupSession.Kind.ON_CAMPUS and not request.place.strip():
        fields["place"] = [gettext("Enter where on campus the officers should come.")]
    if request.station.kind != Unit.Kind.SERVICE_STATION:
        fields["station"] = [gettext("Choose a service station.")]
    if fields:
        raise InvalidInputError(details={"fields": fields})


def group_session_request(*, organisation: Organisation, by: User, request: SessionRequest) -> GroupSession:
    """A school's or employer's login asks a station for a session. Guarantees: the login is an
    active member of the organisation; the day is a future working day at the station; an
    on-campus session names its place. Audited."""
    membership_get(user=by, organisation=organisation, kinds=GROUP_KINDS)
    _check_request(request)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                session = GroupSession.objects.create(
                    reference=reference_new(),
                    organisation=organisation,
                    station=request.station,
                    kind=request.kind,
                    day=request.day,
                    start=request.start,
                    end=request.end,
                    place=request.place.strip(),
                    contact_name=request.contact_name.strip(),
                    contact_phone=request.contact_phone.strip(),
                    contact_email=request.contact_email.strip(),
                    language=request.language,
                    note=request.note,
                    requested_by=by,
                )
                audit_record(actor=by, action="create", obj=session, purpose="group session requested", unit_code=request.station.code)
                return session
        except IntegrityError as exc:
            if "reference" not in str(exc):
                raise
    raise DomainError(_("Please try again."), code="retry")


def _row_error(errors: list[dict[str, Any]], row: int, field: str, message: str) -> None:
    errors.append({"row": row, "field": field, "message": message})


def group_list_parse(content: bytes, *, max_people: int) -> tuple[list[GroupMember], list[dict[str, Any]]]:
    """Reads the uploaded CSV (UTF-8, with the header row CSV_COLUMNS; a spreadsheet's BOM is
    fine). Returns the people, unsaved, and every row's errors (row numbers as the spreadsheet
    shows them, the header being row 1)."""
    errors: list[dict[str, Any]] = []
    if len(content) > MAX_UPLOAD_BYTES:
        _row_error(errors, 0, "file", gettext("The file is larger than 1 MB."))
        return [], errors
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _row_error(errors, 0, "file", gettext("Save the list as CSV in UTF-8."))
        return [], errors
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != CSV_COLUMNS:
        _row_error(errors, 1, "header", gettext("The first row must be: %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)})
        return [], errors
    members: list[GroupMember] = []
    seen: dict[str, int] = {}
    services = set(GroupService.values)
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(CSV_COLUMNS):
            _row_error(errors, number, "row", gettext("The row needs %(count)s columns.") % {"count": len(CSV_COLUMNS)})
            continue
        name, document, nationality, born, service = (cell.strip() for cell in cells)
        before = len(errors)
        if not name or len(name) > 120:
            _row_error(errors, number, "name", gettext("Enter the name (at most 120 characters)."))
        key = holder_key_normalise(document)
        if not key:
            _row_error(errors, number, "document_number", gettext("Enter a passport or residence certificate number."))
        elif key in seen:
            _row_error(errors, number, "document_number", gettext("This number is already on row %(row)s.") % {"row": seen[key]})
        nationality = nationality.upper()
        if len(nationality) != 3 or not nationality.isalpha():
            _row_error(errors, number, "nationality", gettext("Enter the nationality as a three-letter code, e.g. VNM."))
        try:
            birth = dt.date.fromisoformat(born)
            if birth >= calendar.local_today():
                raise ValueError
        except ValueError:
            _row_error(errors, number, "date_of_birth", gettext("Enter the date of birth as YYYY-MM-DD."))
            birth = dt.date.min
        if service not in services:
            _row_error(errors, number, "service", gettext("Enter one of: %(services)s.") % {"services": ", ".join(sorted(services))})
        if len(errors) == before:
            seen[key] = number
            members.append(
                GroupMember(row=number, full_name=name, document_number=key, nationality=nationality, date_of_birth=birth, service=service)
            )
    if not members and not errors:
        _row_error(errors, 2, "row", gettext("The list has no people."))
    if len(members) > max_people:
        _row_error(errors, 0, "file", gettext("A session takes at most %(max)s people.") % {"max": max_people})
    return members, errors


def _organisation_session(session: GroupSession, by: User) -> None:
    membership_get(user=by, organisation=session.organisation_id, kinds=GROUP_KINDS)


def group_members_upload(*, session: GroupSession, by: User, content: bytes) -> list[GroupMember]:
    """Replaces the session's list with the uploaded CSV. Guarantees: all or nothing — with any
    row in error, GroupListInvalidError lists every row's problems and the old list stays;
    only the session's organisation uploads, and only before the session's day while it is
    requested or confirmed. Audited."""
    _organisation_session(session, by)
    if session.status not in (GroupSession.Status.REQUESTED, GroupSession.Status.CONFIRMED) or session.day <= calendar.local_today():
        raise GroupSessionTransitionError(details={"status": session.status})
    members, errors = group_list_parse(content, max_people=rules_for(session.station).group_max_people)
    if errors:
        raise GroupListInvalidError(details={"rows": errors})
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        GroupMember.objects.filter(session=locked).delete()
        for member in members:
            member.session = locked
        GroupMember.objects.bulk_create(members)
        audit_record(
            actor=by,
            action="update",
            obj=locked,
            purpose="group list uploaded",
            unit_code=session.station.code,
            details={"people": len(members)},
        )
    return members


def staff_needed(session: GroupSession, *, people: int | None = None) -> int:
    if people is None:
        people = session.members.count()
    return rules_for(session.station).staff_needed(people)


def _group_move(session: GroupSession, *, to: str) -> None:
    if to not in GROUP_ALLOWED[session.status]:
        raise GroupSessionTransitionError(details={"status": session.status, "requested": to})
    session.status = to


def group_session_confirm(*, session: GroupSession, by: User, officers: Sequence[User]) -> GroupSession:
    """The station confirms a requested session and assigns its officers. Guarantees: a planner
    of the session's station; a list of at least one person; at least as many officers as the
    list needs (people per officer from the station's rules), each working at the station.
    The organisation's contact is told once. Audited."""
    permissions.require_planner(by, session.station)
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().select_related("station").get(pk=session.pk)
        people = locked.members.count()
        if people == 0:
            raise InvalidInputError(_("The organisation has not uploaded its list yet."))
        needed = staff_needed(locked, people=people)
        crew = {user.pk for user in permissions.crew_candidates(locked.station)}
        chosen = [user for user in officers if user.pk in crew]
        if len(chosen) != len(officers):
            raise InvalidInputError(details={"fields": {"officers": [gettext("Choose officers of this station.")]}})
        if len(chosen) < needed:
            message = gettext("This session needs at least %(count)s officers for %(people)s people.") % {"count": needed, "people": people}
            raise InvalidInputError(details={"fields": {"officers": [message]}})
        _group_move(locked, to=GroupSession.Status.CONFIRMED)
        locked.save(update_fields=["status"])
        locked.officers.set(chosen)
        audit_record(actor=by, action="transition", obj=locked, purpose="group session confirmed", unit_code=locked.station.code)
        group_session_notice(locked, people=people)
        return locked


def group_session_cancel(*, session: GroupSession, by: User) -> GroupSession:
    """The organisation or a planner of the station cancels the session. Audited."""
    if by.kind == User.Kind.STAFF:
        permissions.require_planner(by, session.station)
    else:
        _organisation_session(session, by)
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        _group_move(locked, to=GroupSession.Status.CANCELLED)
        locked.save(update_fields=["status"])
        audit_record(actor=by, action="transition", obj=locked, purpose="group session cancelled", unit_code=session.station.code)
        return locked


def group_session_complete(*, session: GroupSession, by: User) -> GroupSession:
    permissions.require_station_staff(by, session.station)
    if session.day > calendar.local_today():
        raise PermissionDeniedError(_("A session is completed on or after its day."))
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        _group_move(locked, to=GroupSession.Status.COMPLETED)
        locked.save(update_fields=["status"])
        audit_record(actor=by, action="transition", obj=locked, purpose="group session completed", unit_code=session.station.code)
        return locked
