"""JSON API of the queue (/api/v1/queue/): the display board, taking a ticket, following it, and
the officer's "call the next number"."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router
from ninja.responses import Status

from immigo.accounts.models import User
from immigo.applications.api import ERRORS, AccountKindAuth
from immigo.core.errors import NotFoundError
from immigo.core.middleware import client_ip

from . import selectors, services
from .models import Counter, Ticket
from .schemas import BoardOut, CallOut, CategoryLineOut, TicketIn, TicketOut

router = Router(tags=["queue"])


def _ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        number=ticket.display_number,
        category=ticket.category,
        priority=ticket.is_priority,
        status=ticket.status,
        station=ticket.station.code,
        places_ahead=selectors.ticket_places_ahead(ticket),
        counter=ticket.counter.number if ticket.counter else None,
        url=services.ticket_url(ticket),
    )


@router.get("/stations/{code}/board", response={200: BoardOut, **ERRORS}, summary="The numbers being called at a station")
def board(request: HttpRequest, code: str) -> BoardOut:
    found = selectors.board_get(station=selectors.station_get_for_queue(code=code))
    return BoardOut(
        station=code,
        calls=[CallOut(number=t.display_number, counter=t.counter.number) for t in found.calls if t.counter is not None],
        waiting=[CategoryLineOut(category=line.category, label=line.label, waiting=line.waiting) for line in found.lines],
    )


@router.post("/stations/{code}/tickets", response={201: TicketOut, **ERRORS}, summary="Take a ticket on a phone")
def ticket_take(request: HttpRequest, code: str, payload: TicketIn) -> Status[TicketOut]:
    ticket = services.ticket_issue(
        station=selectors.station_get_for_queue(code=code),
        category=payload.category,
        channel=Ticket.Channel.PHONE,
        priority_reason=payload.priority_reason,
        phone=payload.phone,
        email=payload.email,
        notify_places=payload.notify_places,
        language=get_language() or "zh-hant",
        client_key=client_ip(request) or "",
    )
    return Status(201, _ticket_out(ticket))


@router.get("/tickets/{token}", response={200: TicketOut, **ERRORS}, summary="A ticket's status and place (the token is its secret)")
def ticket_detail(request: HttpRequest, token: str) -> TicketOut:
    return _ticket_out(selectors.ticket_get_by_token(token=token))


@router.post(
    "/counters/{counter_id}/call-next",
    response={200: TicketOut, **ERRORS},
    auth=AccountKindAuth(User.Kind.STAFF),
    summary="Call the next ticket to the officer's open counter",
)
def counter_call_next(request: HttpRequest, counter_id: int) -> TicketOut:
    user: User = request.auth  # type: ignore[attr-defined]
    counter = Counter.objects.select_related("station").filter(pk=counter_id, is_active=True).first()
    if counter is None:
        raise NotFoundError()
    return _ticket_out(services.ticket_call_next(counter=counter, by=user))
