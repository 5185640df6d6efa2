"""The public check program for identity numbers (N04's 檢核程式) in the JSON API.

GET /api/v1/identifiers/check?number=... answers whether the number is well formed and its check
digit matches, which kind it is, and why not when it is refused. It looks nothing up: the answer
is the same whether or not anyone holds the number, so it reveals no personal data. Each client
address may ask a limited number of times a minute.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from . import identifiers
from .errors import RateLimitedError
from .middleware import client_ip
from .throttle import throttle_hit

router = Router(tags=["identifiers"])

CHECKS_PER_MINUTE = 30
MAX_INPUT = 32


class IdentifierCheckIn(Schema):
    number: str


class IdentifierCheckOut(Schema):
    valid: bool
    kind: str | None  # national_id, old_ui, new_ui
    reason_code: str | None  # one of IdProblem, when not valid
    message: str
    sex: str | None  # M or F when the kind encodes it and the number is valid


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


@router.get(
    "/check", response={200: IdentifierCheckOut, 422: ErrorOut, 429: ErrorOut}, summary="Check an identity number's format and check digit"
)
def identifier_check(request: HttpRequest, params: Query[IdentifierCheckIn]) -> IdentifierCheckOut:
    """The national ID number, the old-format and the new-format unified ID number. Nothing is
    looked up or stored; the number is not logged."""
    if throttle_hit(scope="identifier-check", client_key=client_ip(request) or "", limit=CHECKS_PER_MINUTE, window_seconds=60):
        raise RateLimitedError()
    result = identifiers.classify(params.number.strip()[:MAX_INPUT])
    return IdentifierCheckOut(
        valid=result.valid,
        kind=str(result.kind) if result.kind else None,
        reason_code=str(result.problem) if result.problem else None,
        message=result.message,
        sex=result.sex,
    )
