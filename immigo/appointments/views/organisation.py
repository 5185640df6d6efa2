"""The organisation pages (D02): a school's or employer's group sessions, the request form and
the list upload. An organisation sees only its own sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, error_summary, raise_as_http
from immigo.core.errors import DomainError
from immigo.organisations.decorators import organisation_required as organisation_login_required
from immigo.organisations.models import Organisation

from .. import selectors, services
from ..errors import GroupListInvalidError
from ..forms import GROUP_SERVICE_LABELS, GroupListForm, GroupSessionForm
from ..models import GroupSession
from ..services.groups import CSV_COLUMNS, GROUP_KINDS

organisation_required = organisation_login_required(*GROUP_KINDS)


def _organisation(request: HttpRequest) -> Organisation:
    return request.organisation  # type: ignore[attr-defined, no-any-return]


@organisation_required
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _organisation(request)
    sessions = list(selectors.group_session_list_for_organisation(organisation)[:200])
    return render(request, "appointments/organisation/list.html", {"organisation": organisation, "sessions": sessions})


@organisation_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _organisation(request)
    stations = selectors.station_list_bookable()
    if request.method == "POST":
        form = GroupSessionForm(request.POST, stations=stations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.group_session_request(
                    organisation=organisation,
                    by=request.user,
                    request=services.SessionRequest(
                        station=selectors.station_get_bookable(data["station"]),
                        kind=data["kind"],
                        day=data["day"],
                        start=data["start"],
                        end=data["end"],
                        place=data["place"],
                        contact_name=data["contact_name"],
                        contact_phone=data["contact_phone"],
                        contact_email=data["contact_email"],
                        language=get_language() or "zh-hant",
                        note=data["note"],
                    ),
                )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The session is requested. Now upload the list of people."))
                return redirect("appointments:org_session", reference=session.reference)
        return render(request, "appointments/organisation/new.html", {"form": form, "errors": error_summary(form)}, status=422)
    form = GroupSessionForm(stations=stations, initial={"contact_email": request.user.email, "contact_name": request.user.full_name})
    return render(request, "appointments/organisation/new.html", {"form": form})


@organisation_required
@require_http_methods(["GET", "POST"])
def session_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    organisation = _organisation(request)
    try:
        session = selectors.group_session_get_for_organisation(organisation=organisation, reference=reference)
    except DomainError as exc:
        raise_as_http(exc)
    form = GroupListForm(request.POST or None, request.FILES or None)
    row_errors: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                members = services.group_members_upload(session=session, by=request.user, content=upload.read())
            except GroupListInvalidError as exc:
                row_errors = exc.details.get("rows", [])
                form.add_error("file", str(exc.message))
            except DomainError as exc:
                form.add_error("file", str(exc.message))
            else:
                messages.success(request, gettext("The list of %(count)s people is saved.") % {"count": len(members)})
                return redirect("appointments:org_session", reference=session.reference)
        status = 422
    members = selectors.group_members_list_for_organisation(user=request.user, session=session)
    context = {
        "session": session,
        "members": members,
        "service_labels": GROUP_SERVICE_LABELS,
        "form": form,
        "row_errors": row_errors,
        "columns": ",".join(CSV_COLUMNS),
        "may_upload": session.status in (GroupSession.Status.REQUESTED, GroupSession.Status.CONFIRMED),
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "appointments/organisation/detail.html", context, status=status)


@organisation_required
@require_POST
def session_cancel(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    organisation = _organisation(request)
    try:
        session = selectors.group_session_get_for_organisation(organisation=organisation, reference=reference)
        services.group_session_cancel(session=session, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("The session is cancelled."))
    return redirect("appointments:org_session", reference=reference)
