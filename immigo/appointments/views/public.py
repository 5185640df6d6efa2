"""The public pages: book a time at a station (station → service → day → time), the
confirmation with its reference and QR code, my appointments (change, cancel), the van schedule
and the home pickup request."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import (
    AuthenticatedRequest,
    attach_domain_errors,
    error_summary,
    public_account_required,
    raise_as_http,
)
from immigo.core import calendar
from immigo.core.errors import DomainError, RateLimitedError
from immigo.core.throttle import throttle_hit

from .. import selectors, services
from ..forms import ChooseServiceForm, DayForm, HolderForm, PickupRequestForm, SlotForm
from ..models import Appointment, HomePickup, Slot
from ..rules import Counter, Offer, VanService, offer_get, offers, rules_for
from ..services._common import station_name
from ..services.notices import service_label

VAN_WEEKS_SHOWN = 8
# Booking attempts one account may make in an hour (a person, or someone hoarding places).
BOOKING_ATTEMPTS_PER_HOUR = 20


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"


def _days(slots: list[Slot]) -> list[dt.date]:
    return list(OrderedDict.fromkeys(slot.day for slot in slots))


def _day_choice(request: HttpRequest, days: list[dt.date]) -> dt.date | None:
    try:
        wanted = dt.date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        wanted = None
    if wanted in days:
        return wanted
    return days[0] if days else None


def public_offers() -> list[Offer]:
    """What the public books online: the employer counter (D04) is booked by phone, where the
    officer records the number of workers' cases."""
    return [offer for offer in offers() if offer.counter != Counter.EMPLOYER]


def start(request: HttpRequest) -> HttpResponse:
    form = ChooseServiceForm(stations=selectors.station_list_bookable(), offers=public_offers())
    return render(request, "appointments/start.html", {"form": form})


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    """Choose the day and the time, then who it is for. Anyone may look; booking needs a
    signed-in public account (the booking is theirs to change or cancel)."""
    source = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not ({"station", "service"} & set(source)):
        return start(request)  # nothing chosen yet: the chooser, not an error
    chooser = ChooseServiceForm(source, stations=selectors.station_list_bookable(), offers=public_offers())
    if not chooser.is_valid():
        return render(request, "appointments/start.html", {"form": chooser, "errors": error_summary(chooser)}, status=422)
    station = selectors.station_get_bookable(chooser.cleaned_data["station"])
    offer = offer_get(chooser.cleaned_data["service"])
    assert offer is not None  # the form only offers known codes
    available = selectors.slot_list_available(station=station, offer=offer)
    days = _days(available)
    day = _day_choice(request, days)
    day_slots = [s for s in available if s.day == day]
    user = request.user
    may_book = user.is_authenticated and getattr(user, "kind", "") == "public"
    status = 200
    slot_form = SlotForm(slots=day_slots)
    holder_form = HolderForm(initial={"full_name": getattr(user, "full_name", ""), "email": getattr(user, "email", "")})
    if may_book and getattr(user, "person", None) is not None:
        holder_form.initial["identity_number"] = user.person.identity_number  # type: ignore[union-attr]
    if request.method == "POST":
        if not may_book:
            return redirect(_login_url(request))
        slot_form = SlotForm(request.POST, slots=day_slots)
        holder_form = HolderForm(request.POST)
        if throttle_hit(scope="appointment_book", client_key=f"user:{user.pk}", limit=BOOKING_ATTEMPTS_PER_HOUR, window_seconds=3600):
            holder_form.add_error(None, str(RateLimitedError.message))
            status = 429
        elif slot_form.is_valid() & holder_form.is_valid():
            slot = selectors.slot_get(pk=slot_form.cleaned_data["slot"], station=station)
            data = holder_form.cleaned_data
            holder = services.Holder(
                full_name=data["full_name"],
                identity_number=data["identity_number"],
                email=data["email"],
                phone=data["phone"],
                notify_by_sms=data["notify_by_sms"],
                language=get_language() or "zh-hant",
            )
            try:
                appointment = services.appointment_book(slot=slot, service_code=offer.code, holder=holder, by=user)  # type: ignore[arg-type]
            except DomainError as exc:
                attach_domain_errors(exc, [holder_form, slot_form])
            else:
                messages.success(request, gettext("Your appointment is booked."))
                return redirect("appointments:mine_detail", reference=appointment.reference)
        status = status if status == 429 else 422
    context = {
        "station": station,
        "station_name": station_name(station),
        "offer": offer,
        "day": day,
        "day_form": DayForm(initial={"day": day.isoformat() if day else ""}, days=days),
        "hidden": {"station": station.code, "service": offer.code},
        "slot_form": slot_form,
        "holder_form": holder_form,
        "may_book": may_book,
        "rules": rules_for(station),
        "errors": error_summary(holder_form, slot_form) if request.method == "POST" else [],
        "login_url": _login_url(request),
    }
    return render(request, "appointments/book.html", context, status=status)


def _own(request: AuthenticatedRequest, reference: str) -> Appointment:
    try:
        return selectors.appointment_get_for_account(user=request.user, reference=reference)
    except DomainError as exc:
        raise_as_http(exc)


@public_account_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    appointments = list(selectors.appointment_list_for_account(request.user)[:100])
    return render(request, "appointments/mine.html", {"appointments": appointments, "today": calendar.local_today()})


@public_account_required
def mine_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    appointment = _own(request, reference)
    rules = rules_for(appointment.station)
    return render(
        request,
        "appointments/detail.html",
        {
            "appointment": appointment,
            "station_name": station_name(appointment.station),
            "service_name": service_label(appointment.service_code),
            "rules": rules,
            "changes_left": max(0, rules.max_changes - appointment.changes),
            "may_change": appointment.status == Appointment.Status.BOOKED
            and appointment.changes < rules.max_changes
            and appointment.starts_at - dt.timedelta(hours=rules.change_cutoff_hours) >= timezone.now(),
        },
    )


@public_account_required
@require_http_methods(["GET", "POST"])
def mine_change(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    appointment = _own(request, reference)
    return change_page(
        request,
        appointment,
        done=reverse("appointments:mine_detail", kwargs={"reference": appointment.reference}),
        done_message=gettext("Your appointment has moved to the new time."),
        template="appointments/change.html",
    )


def change_page(request: AuthenticatedRequest, appointment: Appointment, *, done: str, done_message: str, template: str) -> HttpResponse:
    """Moving a booking to another free time of the same counter: the days with free times, the
    times of the chosen day, and the move (by the person online, or by an officer on the phone)."""
    offer = offer_get(appointment.service_code)
    if offer is None or appointment.status != Appointment.Status.BOOKED:
        return redirect(done)
    available = [s for s in selectors.slot_list_available(station=appointment.station, offer=offer) if s.pk != appointment.slot_id]
    days = _days(available)
    day = _day_choice(request, days)
    slot_form = SlotForm(request.POST or None, slots=[s for s in available if s.day == day])
    status = 200
    if request.method == "POST":
        if slot_form.is_valid():
            slot = selectors.slot_get(pk=slot_form.cleaned_data["slot"], station=appointment.station)
            try:
                services.appointment_change(appointment=appointment, new_slot=slot, by=request.user)
            except DomainError as exc:
                attach_domain_errors(exc, [slot_form])
            else:
                messages.success(request, done_message)
                return redirect(done)
        status = 422
    context = {
        "appointment": appointment,
        "station_name": station_name(appointment.station),
        "day": day,
        "day_form": DayForm(initial={"day": day.isoformat() if day else ""}, days=days),
        "slot_form": slot_form,
        "errors": error_summary(slot_form) if request.method == "POST" else [],
    }
    return render(request, template, context, status=status)


@public_account_required
@require_POST
def mine_cancel(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    appointment = _own(request, reference)
    try:
        services.appointment_cancel(appointment=appointment, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("Your appointment is cancelled."))
    return redirect("appointments:mine_detail", reference=appointment.reference)


def vans(request: HttpRequest) -> HttpResponse:
    """The mobile service vans' published schedule (L04), for the coming weeks."""
    today = calendar.local_today()
    visits = list(selectors.van_visit_list_public(from_day=today, to_day=today + dt.timedelta(weeks=VAN_WEEKS_SHOWN)))
    labels = dict(VanService.choices)
    rows = [
        {"visit": v, "station_name": station_name(v.station), "services": [labels[s] for s in v.services if s in labels]} for v in visits
    ]
    return render(request, "appointments/vans.html", {"rows": rows, "weeks": VAN_WEEKS_SHOWN})


@public_account_required
@require_http_methods(["GET", "POST"])
def pickup_request(request: AuthenticatedRequest) -> HttpResponse:
    stations = selectors.station_list_bookable()
    if request.method == "POST":
        form = PickupRequestForm(request.POST, stations=stations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                pickup = services.home_pickup_request(
                    by=request.user,
                    request=services.PickupRequest(
                        station=selectors.station_get_bookable(data["station"]),
                        full_name=data["full_name"],
                        identity_number=data["identity_number"],
                        phone=data["phone"],
                        email=data["email"],
                        language=get_language() or "zh-hant",
                        address=data["address"],
                        reason=data["reason"],
                        what_for=data["what_for"],
                        expected_delivery=data["expected_delivery"],
                        birth_date=data["birth_date"],
                        illness=data["illness"],
                    ),
                )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(
                    request,
                    gettext("Your request %(reference)s is sent. The station will tell you the visit time.")
                    % {"reference": pickup.reference},
                )
                return redirect("appointments:pickup_mine")
        return render(request, "appointments/pickup_request.html", {"form": form, "errors": error_summary(form)}, status=422)
    form = PickupRequestForm(stations=stations, initial={"full_name": request.user.full_name, "email": request.user.email})
    return render(request, "appointments/pickup_request.html", {"form": form})


@public_account_required
def pickup_mine(request: AuthenticatedRequest) -> HttpResponse:
    pickups = list(selectors.home_pickup_list_for_account(request.user)[:50])
    return render(request, "appointments/pickup_mine.html", {"pickups": pickups, "cancellable": HomePickup.Status.REQUESTED})


@public_account_required
@require_POST
def pickup_cancel(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    pickup = selectors.home_pickup_list_for_account(request.user).filter(reference=reference).first()
    if pickup is not None:
        try:
            services.home_pickup_cancel(pickup=pickup, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, gettext("Your request is withdrawn."))
    return redirect("appointments:pickup_mine")
