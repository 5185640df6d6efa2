"""Feedback pages.

Public: the one-tap rating on the person's phone (reached from their ticket's secret page) and
the tablet at each counter (reached with the counter's tablet key, set up once by the station).
Staff: the supervisor's alert screen (live), the monthly statistics and the service-expert vote
(pages and CSV) for supervisors and station chiefs; the ballot entry for volunteers.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from immigo.accounts.permissions import has_role
from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, domain_error_text, error_summary, staff_required
from immigo.core import calendar
from immigo.core.errors import DomainError, NotFoundError
from immigo.core.models import Unit
from immigo.queues import selectors as queue_selectors
from immigo.queues.models import Ticket

from . import selectors, services
from .forms import AlertNoteForm, BallotForm, MonthForm
from .models import Alert, Level, Rating

LIVE_POLL_SECONDS = 5
FALLBACK_REFRESH_SECONDS = 15
# The tablet looks for the next person this often, and shows its thanks this long.
TABLET_REFRESH_SECONDS = 5


def _levels() -> list[tuple[int, str]]:
    return [(level.value, str(level.label)) for level in sorted(Level, reverse=True)]


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _level(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("level", ""))
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def rate_ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The five lights on the person's phone, after being served."""
    try:
        ticket = queue_selectors.ticket_get_by_token(token=token)
    except NotFoundError:
        raise Http404 from None
    error, status, rated = "", 200, Rating.objects.filter(ticket=ticket).first()
    if request.method == "POST" and rated is None:
        try:
            rated = services.rating_submit(ticket=ticket, level=_level(request), channel=Rating.Channel.PHONE)
        except DomainError as exc:
            error, status = str(exc.message), exc.status
    context = {
        "ticket": ticket,
        "station_name": queue_selectors.station_name(ticket.station),
        "rated": rated,
        "open": ticket.status == Ticket.Status.SERVED,
        "levels": _levels(),
        "error": error,
        "action": request.path,
    }
    return _no_store(render(request, "feedback/rate.html", context, status=status))


@require_http_methods(["GET", "POST"])
def tablet(request: HttpRequest, token: str) -> HttpResponse:
    """The tablet at a counter: it asks about the ticket the counter finished last."""
    counter = selectors.counter_get_by_tablet_token(token=token)
    if counter is None:
        raise Http404
    error, status, thanks = "", 200, False
    if request.method == "POST":
        ticket = Ticket.objects.filter(pk=request.POST.get("ticket", "0") or 0, counter=counter).first()
        if ticket is None:
            error, status = _("This rating is no longer open."), 409
        else:
            try:
                services.rating_submit(ticket=ticket, level=_level(request), channel=Rating.Channel.TABLET)
            except DomainError as exc:
                error, status = str(exc.message), exc.status
            else:
                thanks = True
    context = {
        "counter": counter,
        "station_name": queue_selectors.station_name(counter.station),
        "ticket": None if thanks else selectors.ticket_for_tablet(counter=counter),
        "thanks": thanks,
        "levels": _levels(),
        "error": error,
        "refresh_seconds": TABLET_REFRESH_SECONDS,
        "tablet_url": reverse("feedback:tablet", args=[counter.tablet_token]),
    }
    return _no_store(render(request, "feedback/tablet.html", context, status=status))


@require_safe
def tablet_live(request: HttpRequest, token: str) -> HttpResponse:
    """The changing part of the tablet page: the ticket to rate, or the welcome line."""
    counter = selectors.counter_get_by_tablet_token(token=token)
    if counter is None:
        raise Http404
    context = {
        "ticket": selectors.ticket_for_tablet(counter=counter),
        "levels": _levels(),
        "tablet_url": reverse("feedback:tablet", args=[counter.tablet_token]),
    }
    return _no_store(render(request, "feedback/_tablet.html", context))


# --- staff ----------------------------------------------------------------------------------


def _supervised(request: AuthenticatedRequest, code: str) -> Unit:
    station = selectors.station_list_for_supervisor(user=request.user).filter(code=code).first()
    if station is None:
        raise PermissionDenied
    return station


@staff_required
@require_safe
def staff_home(request: AuthenticatedRequest) -> HttpResponse:
    stations = [(s, queue_selectors.station_name(s)) for s in selectors.station_list_for_supervisor(user=request.user)]
    ballot_stations = [(s, queue_selectors.station_name(s)) for s in selectors.station_list_for_ballots(user=request.user)]
    if not stations and not ballot_stations:
        raise PermissionDenied
    return render(request, "feedback/staff/home.html", {"stations": stations, "ballot_stations": ballot_stations})


def _alerts_context(station: Unit) -> dict[str, Any]:
    pending, handled = selectors.alert_list_for_supervisor(station=station)
    return {"station": station, "pending": pending, "handled": handled, "note_form": AlertNoteForm()}


@staff_required
@require_safe
def alerts(request: AuthenticatedRequest, code: str) -> HttpResponse:
    station = _supervised(request, code)
    context = {
        **_alerts_context(station),
        "station_name": queue_selectors.station_name(station),
        "poll_seconds": LIVE_POLL_SECONDS,
        "refresh_seconds": FALLBACK_REFRESH_SECONDS,
    }
    return _no_store(render(request, "feedback/staff/alerts.html", context))


@staff_required
@require_safe
def alerts_live(request: AuthenticatedRequest, code: str) -> HttpResponse:
    station = _supervised(request, code)
    return _no_store(render(request, "feedback/staff/_alerts.html", _alerts_context(station)))


@staff_required
@require_POST
def alert_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert.objects.select_related("station"), pk=pk)
    station = _supervised(request, alert.station.code)
    to = request.POST.get("to", "")
    if to not in Alert.Status.values:
        raise Http404
    form = AlertNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.alert_move(alert=alert, to=Alert.Status(to), by=request.user, note=note)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    return redirect("feedback:alerts", code=station.code)


def _month(request: HttpRequest) -> tuple[MonthForm, dt.date]:
    form = MonthForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["month"]
    return form, calendar.local_today().replace(day=1)


def _csv(filename: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheet programs read the Chinese names as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _pct(value: Any) -> str:
    return "" if value is None else f"{value}"


@staff_required
@require_safe
def statistics(request: AuthenticatedRequest, code: str, fmt: str = "html") -> HttpResponse:
    station = _supervised(request, code)
    form, month = _month(request)
    stats = selectors.statistics_for_month(station=station, month=month)
    if fmt == "csv":
        header = ["station", "month", "counter", *[str(level.label) for level in sorted(Level, reverse=True)]]
        header += ["total", "satisfied", "neutral", "dissatisfied", "satisfaction_rate_pct", "served", "usage_rate_pct"]
        rows: list[list[Any]] = []
        for label, counts in [*((str(line.counter.number), line.counts) for line in stats.counters), ("all", stats.total)]:
            levels = [n for _lvl, n, _share in counts.ordered()]
            rates = [_pct(counts.satisfaction_rate), counts.served, _pct(counts.usage_rate)]
            rows.append(
                [
                    station.code,
                    month.strftime("%Y-%m"),
                    label,
                    *levels,
                    counts.total,
                    counts.satisfied,
                    counts.neutral,
                    counts.dissatisfied,
                    *rates,
                ]
            )
        return _csv(f"satisfaction-{station.code}-{month:%Y-%m}.csv", header, rows)
    context = {"station": station, "station_name": queue_selectors.station_name(station), "form": form, "stats": stats, "levels": _levels()}
    return render(request, "feedback/staff/statistics.html", context)


@staff_required
@require_safe
def experts(request: AuthenticatedRequest, code: str) -> HttpResponse:
    station = _supervised(request, code)
    form, month = _month(request)
    tally = selectors.expert_tally(station=station, month=month)
    winner = tally[0] if tally and tally[0].votes > 0 else None
    context = {
        "station": station,
        "station_name": queue_selectors.station_name(station),
        "form": form,
        "month": month,
        "tally": tally,
        "winner": winner,
        "year": month.year,
    }
    return render(request, "feedback/staff/experts.html", context)


@staff_required
@require_safe
def experts_year(request: AuthenticatedRequest, code: str, year: int, fmt: str = "html") -> HttpResponse:
    station = _supervised(request, code)
    if not 2000 <= year <= 2100:
        raise Http404
    lines = selectors.expert_year(station=station, year=year)
    if fmt == "csv":
        header = ["station", "year", "officer", "officer_email", "months_won", "wins", "votes"]
        rows = [
            [
                station.code,
                year,
                line.officer.full_name,
                line.officer.email,
                " ".join(m.strftime("%Y-%m") for m in line.months_won),
                line.wins,
                line.votes,
            ]
            for line in lines
        ]
        return _csv(f"service-experts-{station.code}-{year}.csv", header, rows)
    context = {"station": station, "station_name": queue_selectors.station_name(station), "year": year, "lines": lines}
    return render(request, "feedback/staff/experts_year.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def ballots(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Volunteers enter the paper ballots of the service-expert vote, one by one."""
    station = Unit.objects.filter(code=code, kind=Unit.Kind.SERVICE_STATION).first()
    if station is None or not has_role(request.user, services.BALLOT_ROLES, unit_id=station.pk):
        raise PermissionDenied
    officers = selectors.officers_of_station(station=station)
    form = BallotForm(request.POST or None, officers=officers, initial={"cast_on": calendar.local_today()})
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                ballot = services.ballot_enter(station=station, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                attach_domain_errors(exc, [form])
                status = exc.status
            else:
                messages.success(request, _("Ballot %(number)s is counted.") % {"number": ballot.ballot_number})
                return redirect("feedback:ballots", code=station.code)
        else:
            status = 422
    recent = selectors.ballot_list_recent(station=station)
    context = {
        "station": station,
        "station_name": queue_selectors.station_name(station),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "recent": recent,
    }
    return render(request, "feedback/staff/ballots.html", context, status=status)
