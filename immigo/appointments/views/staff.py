"""The station's pages: the day plan (slots, bookings, group sessions, home pickups, van
visits), phone booking (D01), check-in and cancellation, group sessions with their lists, home
pickups and the van schedule. Every page needs a role at the station; reads of personal data
are audited by the selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import (
    AuthenticatedRequest,
    attach_domain_errors,
    domain_error_text,
    error_summary,
    raise_as_http,
    staff_required,
)
from immigo.core import calendar
from immigo.core.errors import DomainError, InvalidInputError
from immigo.core.models import Unit

from .. import permissions, selectors, services
from ..errors import VanVisitTransitionError
from ..forms import (
    GROUP_SERVICE_LABELS,
    ChooseServiceForm,
    DayForm,
    DeclineForm,
    OfficersForm,
    OpenSlotsForm,
    PhoneHolderForm,
    PickupScheduleForm,
    PlanFilterForm,
    ReasonForm,
    SlotForm,
    VanIntakeForm,
    VanVisitForm,
)
from ..models import Appointment, VanVisit
from ..rules import VanService, offer_get, offers, rules_for
from ..services._common import station_name
from ..services.notices import service_label
from .public import _day_choice, _days, change_page

View = Callable[..., HttpResponseBase]
# What each history row of a booking says.
EVENT_LABELS = {
    "book": _("Booked"),
    "change": _("Moved to another time"),
    "check_in": _("Checked in"),
    "cancel": _("Cancelled"),
    "no_show": _("Did not come"),
}


def station_staff_required(view: View) -> View:
    @staff_required
    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        stations = permissions.stations_for(request.user)
        if not stations:
            raise PermissionDenied
        request.stations = stations  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def _station(request: AuthenticatedRequest) -> Unit:
    stations: list[Unit] = request.stations  # type: ignore[attr-defined]
    code = request.GET.get("station") or request.POST.get("station") or ""
    return next((s for s in stations if s.code == code), stations[0])


def _with_station(name: str, station: Unit, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"station": station.code, **params}.items())
    return f"{reverse(name)}?{query}"


@station_staff_required
def plan(request: AuthenticatedRequest) -> HttpResponse:
    station = _station(request)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = calendar.local_today()
    filters = PlanFilterForm(initial={"station": station.code, "day": day}, stations=request.stations)  # type: ignore[attr-defined]
    day_plan = selectors.station_day_plan(user=request.user, station=station, day=day)
    today = calendar.local_today()
    open_form = OpenSlotsForm(
        auto_id="open_%s",
        initial={"station": station.code, "start": today, "end": today + dt.timedelta(days=rules_for(station).booking_window_days)},
    )
    context = {
        "plan": day_plan,
        "station_name": station_name(station),
        "filters": filters,
        "open_form": open_form,
        "is_planner": permissions.is_planner(request.user, station),
        "previous_day": (day - dt.timedelta(days=1)).isoformat(),
        "next_day": (day + dt.timedelta(days=1)).isoformat(),
        "is_working_day": calendar.is_working_day(day, county_id=station.county_id),
        "services": {o.code: o.label for o in offers()},
    }
    return render(request, "appointments/staff/plan.html", context)


@station_staff_required
@require_POST
def open_slots(request: AuthenticatedRequest) -> HttpResponse:
    station = _station(request)
    form = OpenSlotsForm(request.POST)
    if form.is_valid():
        try:
            created = services.slot_open_days(
                station=station, start=form.cleaned_data["start"], end=form.cleaned_data["end"], by=request.user
            )
        except DomainError as exc:
            raise_as_http(exc)
        messages.success(request, gettext("%(count)s slots opened.") % {"count": created})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_with_station("appointments:staff_plan", station))


@station_staff_required
@require_http_methods(["GET", "POST"])
def phone_book(request: AuthenticatedRequest) -> HttpResponse:
    """D01: the officer books for a caller: station, service, day, time, then the caller."""
    stations = request.stations  # type: ignore[attr-defined]
    source = request.POST if request.method == "POST" else request.GET
    chooser = ChooseServiceForm(source if "service" in source else None, stations=stations, offers=offers())
    if not chooser.is_bound or not chooser.is_valid():
        return render(
            request,
            "appointments/staff/phone.html",
            {"chooser": chooser, "errors": error_summary(chooser) if chooser.is_bound else []},
            status=422 if chooser.is_bound else 200,
        )
    station = _station(request)
    offer = offer_get(chooser.cleaned_data["service"])
    assert offer is not None
    available = selectors.slot_list_available(station=station, offer=offer)
    days = _days(available)
    day = _day_choice(request, days)
    day_slots = [s for s in available if s.day == day]
    slot_form = SlotForm(slots=day_slots)
    holder_form = PhoneHolderForm(initial={"language": "zh-hant", "case_count": 5 if offer.code == "employer" else 1})
    status = 200
    if request.method == "POST":
        slot_form = SlotForm(request.POST, slots=day_slots)
        holder_form = PhoneHolderForm(request.POST)
        if slot_form.is_valid() & holder_form.is_valid():
            data = holder_form.cleaned_data
            holder = services.Holder(
                full_name=data["full_name"],
                identity_number=data["identity_number"],
                email=data["email"],
                phone=data["phone"],
                notify_by_sms=data["notify_by_sms"],
                language=data["language"],
            )
            try:
                slot = selectors.slot_get(pk=slot_form.cleaned_data["slot"], station=station)
                appointment = services.appointment_book(
                    slot=slot,
                    service_code=offer.code,
                    holder=holder,
                    by=request.user,
                    via=Appointment.Via.PHONE,
                    case_count=data["case_count"],
                )
            except DomainError as exc:
                attach_domain_errors(exc, [holder_form, slot_form])
            else:
                messages.success(
                    request, gettext("Booked. Tell the caller the booking reference %(reference)s.") % {"reference": appointment.reference}
                )
                return redirect("appointments:staff_appointment", reference=appointment.reference)
        status = 422
    context = {
        "chooser": chooser,
        "station": station,
        "station_name": station_name(station),
        "offer": offer,
        "day": day,
        "day_form": DayForm(initial={"day": day.isoformat() if day else ""}, days=days),
        "hidden": {"station": station.code, "service": offer.code},
        "slot_form": slot_form,
        "holder_form": holder_form,
        "errors": error_summary(holder_form, slot_form) if request.method == "POST" else [],
    }
    return render(request, "appointments/staff/phone.html", context, status=status)


def _staff_appointment(request: AuthenticatedRequest, reference: str, purpose: str) -> Appointment:
    try:
        return selectors.appointment_get_for_staff(user=request.user, reference=reference, purpose=purpose)
    except DomainError as exc:
        raise_as_http(exc)


@station_staff_required
def appointment_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    appointment = _staff_appointment(request, reference, "appointment details")
    return render(
        request,
        "appointments/staff/appointment.html",
        {
            "appointment": appointment,
            "station_name": station_name(appointment.station),
            "service_name": service_label(appointment.service_code),
            "events": [(e, EVENT_LABELS.get(e.action, e.action)) for e in appointment.events.select_related("actor")],
            "reason_form": ReasonForm(),
            "is_today": appointment.day == calendar.local_today(),
        },
    )


@station_staff_required
@require_http_methods(["GET", "POST"])
def appointment_change(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """A caller phones to move their booking (D01): any free time of the same counter; the
    officer may go past the public cut-off and change limit."""
    appointment = _staff_appointment(request, reference, "appointment change by phone")
    return change_page(
        request,
        appointment,
        done=reverse("appointments:staff_appointment", kwargs={"reference": appointment.reference}),
        done_message=gettext("The booking has moved to the new time."),
        template="appointments/staff/change.html",
    )


@station_staff_required
@require_POST
def appointment_action(request: AuthenticatedRequest, reference: str, action: str) -> HttpResponse:
    appointment = _staff_appointment(request, reference, f"appointment {action}")
    try:
        if action == "check-in":
            services.appointment_check_in(appointment=appointment, by=request.user)
            messages.success(request, gettext("Checked in."))
        elif action == "cancel":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.appointment_cancel(appointment=appointment, by=request.user, reason=reason)
            messages.success(request, gettext("The booking is cancelled."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    return redirect("appointments:staff_appointment", reference=appointment.reference)


# --- group sessions -------------------------------------------------------------------------


@station_staff_required
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    station = _station(request)
    sessions = list(selectors.group_session_list_for_staff(user=request.user, station=station, upcoming_from=calendar.local_today()))
    rules = rules_for(station)
    rows = [{"session": s, "staff_needed": rules.staff_needed(s.people)} for s in sessions]  # type: ignore[attr-defined]
    return render(
        request,
        "appointments/staff/groups.html",
        {"rows": rows, "station": station, "station_name": station_name(station), "stations": request.stations},  # type: ignore[attr-defined]
    )


@station_staff_required
@require_http_methods(["GET", "POST"])
def group_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    try:
        session, members = selectors.group_session_get_for_staff(user=request.user, reference=reference)
    except DomainError as exc:
        raise_as_http(exc)
    candidates = permissions.crew_candidates(session.station)
    form = OfficersForm(request.POST or None, candidates=candidates, initial={"officers": list(session.officers.all())})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                if form.is_valid():
                    services.group_session_confirm(session=session, by=request.user, officers=list(form.cleaned_data["officers"]))
                    messages.success(request, gettext("The session is confirmed and the organisation is told."))
                    return redirect("appointments:staff_group", reference=session.reference)
            elif action == "cancel":
                services.group_session_cancel(session=session, by=request.user)
                messages.success(request, gettext("The session is cancelled."))
                return redirect("appointments:staff_group", reference=session.reference)
            elif action == "complete":
                services.group_session_complete(session=session, by=request.user)
                messages.success(request, gettext("The session is recorded as completed."))
                return redirect("appointments:staff_group", reference=session.reference)
            else:
                raise Http404
        except DomainError as exc:
            if isinstance(exc, InvalidInputError):
                attach_domain_errors(exc, [form])
            else:
                messages.error(request, domain_error_text(exc))
                return redirect("appointments:staff_group", reference=session.reference)
        status = 422
    context = {
        "session": session,
        "members": members,
        "service_labels": GROUP_SERVICE_LABELS,
        "staff_needed": services.staff_needed(session, people=len(members)),
        "station_name": station_name(session.station),
        "form": form,
        "is_planner": permissions.is_planner(request.user, session.station),
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "appointments/staff/group.html", context, status=status)


# --- home pickups ---------------------------------------------------------------------------


@station_staff_required
def pickup_list(request: AuthenticatedRequest) -> HttpResponse:
    station = _station(request)
    pickups = selectors.home_pickup_list_for_staff(user=request.user, station=station)
    return render(
        request,
        "appointments/staff/pickups.html",
        {"pickups": pickups, "station": station, "station_name": station_name(station), "stations": request.stations},  # type: ignore[attr-defined]
    )


@station_staff_required
@require_http_methods(["GET", "POST"])
def pickup_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    try:
        pickup = selectors.home_pickup_get_for_staff(user=request.user, reference=reference)
    except DomainError as exc:
        raise_as_http(exc)
    candidates = permissions.crew_candidates(pickup.station)
    action = request.POST.get("action") if request.method == "POST" else None
    schedule = PickupScheduleForm(request.POST if action == "schedule" else None, candidates=candidates)
    decline = DeclineForm(request.POST if action == "decline" else None)
    status = 200
    if request.method == "POST":
        try:
            if action == "schedule" and schedule.is_valid():
                data = schedule.cleaned_data
                services.home_pickup_schedule(
                    pickup=pickup, by=request.user, day=data["day"], start=data["start"], end=data["end"], officers=list(data["officers"])
                )
                messages.success(request, gettext("The visit is scheduled and the requester is told."))
                return redirect("appointments:staff_pickup", reference=pickup.reference)
            if action == "decline" and decline.is_valid():
                services.home_pickup_decline(pickup=pickup, by=request.user, note=decline.cleaned_data["note"])
                messages.success(request, gettext("The request is declined and the requester is told."))
                return redirect("appointments:staff_pickup", reference=pickup.reference)
            if action == "complete":
                services.home_pickup_complete(pickup=pickup, by=request.user)
                messages.success(request, gettext("The home pickup is recorded as done."))
                return redirect("appointments:staff_pickup", reference=pickup.reference)
        except DomainError as exc:
            if exc.details.get("fields"):
                attach_domain_errors(exc, [schedule if action == "schedule" else decline])
            else:
                messages.error(request, domain_error_text(exc))
                return redirect("appointments:staff_pickup", reference=pickup.reference)
        status = 422
    context = {
        "pickup": pickup,
        "station_name": station_name(pickup.station),
        "schedule": schedule,
        "decline": decline,
        "is_planner": permissions.is_planner(request.user, pickup.station),
        "errors": error_summary(schedule, decline) if request.method == "POST" else [],
    }
    return render(request, "appointments/staff/pickup.html", context, status=status)


# --- van visits -----------------------------------------------------------------------------


@station_staff_required
@require_http_methods(["GET", "POST"])
def van_list(request: AuthenticatedRequest) -> HttpResponse:
    station = _station(request)
    candidates = permissions.crew_candidates(station)
    form = VanVisitForm(request.POST or None, candidates=candidates, initial={"services": [VanService.CONSULTATION, VanService.INTAKE]})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.van_visit_plan(
                    station=station,
                    by=request.user,
                    plan=services.VisitPlan(
                        day=data["day"],
                        start=data["start"],
                        end=data["end"],
                        place=data["place"],
                        address=data["address"],
                        services=data["services"],
                        interpreter_languages=data["interpreter_languages"],
                    ),
                    officers=list(data["officers"]),
                )
            except DomainError as exc:
                if not exc.details.get("fields"):
                    raise_as_http(exc)
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The van visit is planned. Publish it to show it on the portal."))
                return redirect(_with_station("appointments:staff_vans", station))
        status = 422
    visits = list(
        selectors.van_visit_list_for_staff(user=request.user, station=station, from_day=calendar.local_today() - dt.timedelta(days=7))
    )
    labels = dict(VanService.choices)
    context = {
        "rows": [{"visit": v, "services": [labels[s] for s in v.services if s in labels]} for v in visits],
        "station": station,
        "station_name": station_name(station),
        "stations": request.stations,  # type: ignore[attr-defined]
        "form": form,
        "is_planner": permissions.is_planner(request.user, station),
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "appointments/staff/vans.html", context, status=status)


@station_staff_required
@require_http_methods(["GET", "POST"])
def van_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        visit = selectors.van_visit_get_for_staff(user=request.user, pk=pk)
    except DomainError as exc:
        raise_as_http(exc)
    action = request.POST.get("action") if request.method == "POST" else None
    intake_form = VanIntakeForm(request.POST if action == "intake" else None)
    status = 200
    if request.method == "POST":
        try:
            if action == "publish":
                services.van_visit_publish(visit=visit, by=request.user)
                messages.success(request, gettext("The visit is published on the portal."))
                return redirect("appointments:staff_van", pk=visit.pk)
            if action == "cancel":
                services.van_visit_cancel(visit=visit, by=request.user)
                messages.success(request, gettext("The visit is cancelled."))
                return redirect("appointments:staff_van", pk=visit.pk)
            if action == "intake" and intake_form.is_valid():
                services.van_intake_record(visit=visit, receipt_number=intake_form.cleaned_data["receipt_number"], by=request.user)
                messages.success(request, gettext("The application is recorded as taken in at the van."))
                return redirect("appointments:staff_van", pk=visit.pk)
        except DomainError as exc:
            if exc.details.get("fields"):
                attach_domain_errors(exc, [intake_form])
            elif isinstance(exc, VanVisitTransitionError):
                messages.error(request, domain_error_text(exc))
                return redirect("appointments:staff_van", pk=visit.pk)
            else:
                raise_as_http(exc)
        status = 422
    labels = dict(VanService.choices)
    context = {
        "visit": visit,
        "station_name": station_name(visit.station),
        "services": [labels[s] for s in visit.services if s in labels],
        "officers": list(visit.officers.all()),
        "intakes": list(visit.intakes.select_related("case", "recorded_by")),
        "intake_form": intake_form,
        "is_planner": permissions.is_planner(request.user, visit.station),
        "intake_url": reverse("staff:intake"),
        "errors": error_summary(intake_form) if request.method == "POST" else [],
        "statuses": VanVisit.Status,
    }
    return render(request, "appointments/staff/van.html", context, status=status)
