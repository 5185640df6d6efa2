"""The public queue pages: the stations with a queue, taking a ticket on the phone or at the
kiosk, check-in by booking reference, the ticket page (its address is the ticket's secret), and
the station's display. Every page works without JavaScript (the live pages refresh themselves);
the display and kiosk pages show ticket numbers only."""

from __future__ import annotations

import contextlib

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from immigo.applications.views._helpers import attach_domain_errors, error_summary
from immigo.core.errors import DomainError, NotFoundError
from immigo.core.middleware import client_ip

from .. import selectors, services
from ..forms import CheckInForm, KioskTicketForm, PhoneTicketForm
from ..models import Ticket, Unit

# How often the live pages ask for news (seconds); the fallback without JavaScript reloads the
# whole page at the slower rate.
LIVE_POLL_SECONDS = 5
FALLBACK_REFRESH_SECONDS = 15
# The kiosk goes back to its start page after showing a ticket.
KIOSK_TICKET_SECONDS = 30


def _station(code: str) -> Unit:
    try:
        return selectors.station_get_for_queue(code=code)
    except NotFoundError:
        raise Http404 from None


def _ticket(token: str) -> Ticket:
    try:
        return selectors.ticket_get_by_token(token=token)
    except NotFoundError:
        raise Http404 from None


def _private(response: HttpResponse) -> HttpResponse:
    """A ticket's address is its secret: never cached, never sent on as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _language() -> str:
    return get_language() or "zh-hant"


@require_safe
def station_list(request: HttpRequest) -> HttpResponse:
    stations = [(station, selectors.station_name(station)) for station in selectors.station_list_with_queue()]
    return render(request, "queues/station_list.html", {"stations": stations})


@require_http_methods(["GET", "POST"])
def take_ticket(request: HttpRequest, code: str) -> HttpResponse:
    """A ticket on the person's own phone."""
    station = _station(code)
    categories = services.station_categories(station)
    form = PhoneTicketForm(request.POST or None, categories=categories)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                ticket = services.ticket_issue(
                    station=station,
                    category=form.cleaned_data["category"],
                    channel=Ticket.Channel.PHONE,
                    priority_reason=form.cleaned_data["priority_reason"] or "",
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    notify_places=form.cleaned_data["notify_places"],
                    language=_language(),
                    client_key=client_ip(request) or "",
                )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
                status = exc.status
            else:
                return redirect("queues:ticket", token=ticket.token)
        else:
            status = 422
    context = {
        "station": station,
        "station_name": selectors.station_name(station),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
    }
    return render(request, "queues/take.html", context, status=status)


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """The touch screen at the station's entrance: one big button per kind of ticket."""
    station = _station(code)
    categories = services.station_categories(station)
    form = KioskTicketForm(request.POST or None, categories=categories)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                ticket = services.ticket_issue(
                    station=station,
                    category=form.cleaned_data["category"],
                    channel=Ticket.Channel.KIOSK,
                    priority_reason=form.cleaned_data["priority_reason"] or "",
                    language=_language(),
                    client_key=client_ip(request) or "",
                )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
                status = exc.status
            else:
                return _private(_kiosk_ticket(request, station, ticket))
        else:
            status = 422
    context = {
        "station": station,
        "station_name": selectors.station_name(station),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "categories": [(c, dict(form.fields["category"].choices)[c]) for c in categories],  # type: ignore[attr-defined]
    }
    return render(request, "queues/kiosk.html", context, status=status)


def _qr_svg(ticket: Ticket) -> str:
    # segno writes the SVG from the address alone (no user-supplied markup), so it is safe inline.
    return mark_safe(
        segno.make(services.ticket_url(ticket), error="m").svg_inline(
            scale=4, border=2, dark="#000", light="#fff", svgclass="ticket-qr", title=_("QR code of your ticket's page")
        )
    )


def _kiosk_ticket(request: HttpRequest, station: Unit, ticket: Ticket) -> HttpResponse:
    context = {
        "station": station,
        "station_name": selectors.station_name(station),
        "ticket": ticket,
        "places": selectors.ticket_places_ahead(ticket),
        "qr_svg": _qr_svg(ticket),
        "back_seconds": KIOSK_TICKET_SECONDS,
    }
    return render(request, "queues/kiosk_ticket.html", context, status=201)


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    """A booked person checks in at the kiosk with the reference of their booking."""
    station = _station(code)
    form = CheckInForm(request.POST or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                ticket = services.ticket_check_in(
                    station=station, reference=form.cleaned_data["reference"], language=_language(), client_key=client_ip(request) or ""
                )
            except DomainError as exc:
                form.add_error("reference", str(exc.message))
                status = exc.status
            else:
                return _private(_kiosk_ticket(request, station, ticket))
        else:
            status = 422
    context = {
        "station": station,
        "station_name": selectors.station_name(station),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
    }
    response = render(request, "queues/check_in.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _ticket_context(ticket: Ticket) -> dict[str, object]:
    places = selectors.ticket_places_ahead(ticket)
    return {
        "ticket": ticket,
        "station_name": selectors.station_name(ticket.station),
        "places": places,
        "near": places is not None and places <= ticket.notify_places,
        "poll_seconds": LIVE_POLL_SECONDS,
        "refresh_seconds": FALLBACK_REFRESH_SECONDS,
        "live": ticket.status not in {Ticket.Status.SERVED, Ticket.Status.CANCELLED},
    }


@require_safe
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    found = _ticket(token)
    context = {**_ticket_context(found), "qr_svg": _qr_svg(found), "rating_url": _rating_url(found)}
    return _private(render(request, "queues/ticket.html", context))


def _rating_url(ticket: Ticket) -> str:
    if ticket.status != Ticket.Status.SERVED:
        return ""
    return reverse("feedback:rate_ticket", args=[ticket.token])


@require_safe
def ticket_live(request: HttpRequest, token: str) -> HttpResponse:
    """The changing part of the ticket page, fetched by the page's script."""
    found = _ticket(token)
    context = {**_ticket_context(found), "rating_url": _rating_url(found)}
    return _private(render(request, "queues/_ticket_status.html", context))


@require_POST
def ticket_cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = _ticket(token)
    with contextlib.suppress(DomainError):  # already called or finished: the page shows where it stands
        services.ticket_cancel(ticket=found)
    return redirect("queues:ticket", token=found.token)


@require_safe
def display(request: HttpRequest, code: str) -> HttpResponse:
    """The screen in the waiting area: the numbers being called, live, announced to screen
    readers (and, when the staff switch it on, spoken by the browser)."""
    station = _station(code)
    context = {
        "board": selectors.board_get(station=station),
        "station_name": selectors.station_name(station),
        "poll_seconds": LIVE_POLL_SECONDS,
        "refresh_seconds": FALLBACK_REFRESH_SECONDS,
    }
    response = render(request, "queues/display.html", context)
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def display_live(request: HttpRequest, code: str) -> HttpResponse:
    station = _station(code)
    response = render(request, "queues/_board.html", {"board": selectors.board_get(station=station)})
    response["Cache-Control"] = "no-cache"
    return response
