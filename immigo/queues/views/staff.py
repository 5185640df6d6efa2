"""The officers' queue pages (/queue/staff/): the station's counters, opening a counter, and the
counter console (call next, recall, start, finish, no-show, close). For counter officers and
the supervisors and station chiefs of the station."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from immigo.accounts.models import Role
from immigo.accounts.permissions import has_role
from immigo.applications.views._helpers import AuthenticatedRequest, domain_error_text, staff_required
from immigo.core.errors import DomainError

from .. import selectors, services
from ..forms import CheckInForm, CounterOpenForm
from ..models import Category, Counter, Ticket, Unit


def _station_for(request: AuthenticatedRequest, code: str) -> Unit:
    station = selectors.station_list_for_officer(user=request.user).filter(code=code).first()
    if station is None:
        raise PermissionDenied
    return station


def _counter_for(request: AuthenticatedRequest, pk: int) -> Counter:
    counter = get_object_or_404(Counter.objects.select_related("station", "officer"), pk=pk, is_active=True)
    if not services.can_work_counter(request.user, counter.station):
        raise PermissionDenied
    return counter


@staff_required
@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    stations = list(selectors.station_list_for_officer(user=request.user))
    if len(stations) == 1:
        return redirect("queues:staff_station", code=stations[0].code)
    if not stations:
        raise PermissionDenied
    return render(request, "queues/staff/home.html", {"stations": [(s, selectors.station_name(s)) for s in stations]})


@staff_required
@require_safe
def station(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = _station_for(request, code)
    counters = list(selectors.counter_list_for_station(station=unit))
    mine = next((c for c in counters if c.officer_id == request.user.pk), None)
    context = {
        "station": unit,
        "station_name": selectors.station_name(unit),
        "counters": [(c, CounterOpenForm(initial={"categories": c.default_categories}, auto_id=f"id_c{c.pk}_%s")) for c in counters],
        "mine": mine,
        "missed": selectors.ticket_list_missed_today(station=unit)[:20],
        "check_in_form": CheckInForm(),
        "can_supervise": has_role(request.user, [Role.SUPERVISOR, Role.STATION_CHIEF], unit_id=unit.pk),
    }
    return render(request, "queues/staff/station.html", context)


@staff_required
@require_POST
def counter_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    counter = _counter_for(request, pk)
    form = CounterOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("categories", [])))
        return redirect("queues:staff_station", code=counter.station.code)
    try:
        services.counter_open(counter=counter, by=request.user, categories=form.cleaned_data["categories"])
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
        return redirect("queues:staff_station", code=counter.station.code)
    return redirect("queues:staff_counter", pk=counter.pk)


@staff_required
@require_POST
def counter_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    counter = _counter_for(request, pk)
    try:
        services.counter_close(counter=counter, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
        return redirect("queues:staff_counter", pk=counter.pk)
    messages.success(request, _("Counter %(number)s is closed.") % {"number": counter.number})
    return redirect("queues:staff_station", code=counter.station.code)


@staff_required
@require_safe
def counter_console(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    counter = _counter_for(request, pk)
    if counter.officer_id != request.user.pk:
        return redirect("queues:staff_station", code=counter.station.code)
    waiting = selectors.waiting_counts(station=counter.station, categories=counter.categories)
    context = {
        "counter": counter,
        "station_name": selectors.station_name(counter.station),
        "current": selectors.counter_current_ticket(counter=counter),
        "waiting": [(str(Category(c).label), waiting.get(c, 0)) for c in counter.categories],
        "waiting_total": sum(waiting.values()),
    }
    return render(request, "queues/staff/counter.html", context)


@staff_required
@require_POST
def counter_call(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    counter = _counter_for(request, pk)
    try:
        called = services.ticket_call_next(counter=counter, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, _("Ticket %(number)s is called to your counter.") % {"number": called.display_number})
    return redirect("queues:staff_counter", pk=counter.pk)


TICKET_ACTIONS = {
    "recall": services.ticket_recall,
    "start": services.ticket_start,
    "finish": services.ticket_finish,
    "no-show": services.ticket_no_show,
}


@staff_required
@require_POST
def ticket_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    act = TICKET_ACTIONS.get(action)
    ticket = get_object_or_404(Ticket.objects.select_related("station", "counter"), pk=pk)
    if act is None or ticket.counter is None:
        raise Http404
    if not services.can_work_counter(request.user, ticket.station):
        raise PermissionDenied
    try:
        act(ticket=ticket, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    return redirect("queues:staff_counter", pk=ticket.counter.pk)


@staff_required
@require_POST
def ticket_requeue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ticket = get_object_or_404(Ticket.objects.select_related("station"), pk=pk)
    if not services.can_work_counter(request.user, ticket.station):
        raise PermissionDenied
    try:
        services.ticket_requeue(ticket=ticket, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, _("Ticket %(number)s is waiting again.") % {"number": ticket.display_number})
    return redirect("queues:staff_station", code=ticket.station.code)


@staff_required
@require_POST
def check_in(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """An officer checks a booked person in (for someone who cannot use the kiosk)."""
    unit = _station_for(request, code)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("reference", [])))
        return redirect("queues:staff_station", code=unit.code)
    try:
        ticket = services.ticket_check_in(station=unit, reference=form.cleaned_data["reference"], by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, _("Checked in: ticket %(number)s.") % {"number": ticket.display_number})
    return redirect("queues:staff_station", code=unit.code)
