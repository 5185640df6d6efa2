"""JSON API of the feedback app (/api/v1/feedback/): the one-tap rating of a served ticket and
the supervisor's pending alerts."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from immigo.accounts.models import User
from immigo.applications.api import ERRORS, AccountKindAuth
from immigo.core.errors import PermissionDeniedError
from immigo.queues import selectors as queue_selectors

from . import selectors, services
from .models import Rating
from .schemas import AlertOut, RatingIn, RatingOut

router = Router(tags=["feedback"])


@router.post("/tickets/{token}/rating", response={201: RatingOut, **ERRORS}, summary="Rate the service of a served ticket (five levels)")
def rating_create(request: HttpRequest, token: str, payload: RatingIn) -> Status[RatingOut]:
    ticket = queue_selectors.ticket_get_by_token(token=token)
    rating = services.rating_submit(ticket=ticket, level=payload.level, channel=Rating.Channel.PHONE)
    return Status(201, RatingOut(level=rating.level, alert_raised=hasattr(rating, "alert")))


@router.get(
    "/stations/{code}/alerts",
    response={200: list[AlertOut], **ERRORS},
    auth=AccountKindAuth(User.Kind.STAFF),
    summary="The station's alerts still to deal with (supervisors)",
)
def alert_list(request: HttpRequest, code: str) -> list[AlertOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    station = selectors.station_list_for_supervisor(user=user).filter(code=code).first()
    if station is None:
        raise PermissionDeniedError()
    pending, _handled = selectors.alert_list_for_supervisor(station=station)
    return [
        AlertOut(
            id=a.pk,
            status=a.status,
            raised_at=a.created_at,
            counter=a.rating.counter.number,
            officer=a.rating.officer.full_name,
            ticket=a.rating.ticket.display_number,
            level=a.rating.level,
        )
        for a in pending
    ]
