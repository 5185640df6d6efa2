"""JSON API for the service catalogue, applications, the status lookup and staff case actions."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Form, Router
from ninja.responses import Status
from ninja.security import SessionAuth

from immigo.accounts.models import User
from immigo.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from immigo.core.middleware import client_ip

from . import selectors, services
from .catalogue import SERVICES, service_get
from .catalogue.base import Service
from .models import Case, Channel
from .schemas import (
    ActionIn,
    CaseOut,
    ErrorOut,
    FieldOut,
    HistoryOut,
    QueueItemOut,
    RequirementOut,
    ServiceOut,
    StatusLookupIn,
    StatusOut,
    VerificationOut,
)
from .workflow import Action

router = Router(tags=["applications"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class AccountKindAuth(SessionAuth):
    """Session authentication for one kind of account (staff, or the public)."""

    def __init__(self, kind: User.Kind) -> None:
        super().__init__()
        self.kind = kind

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.kind == self.kind else None


def _field_type(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return "boolean"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "choice"
    return "string"


def _service_out(service: Service) -> ServiceOut:
    form = service.form_class()
    fields = []
    for name, field in form.fields.items():
        choices = [[str(k), str(v)] for k, v in getattr(field, "choices", [])] if _field_type(field) == "choice" else []
        fields.append(FieldOut(name=name, label=str(field.label), required=field.required, type=_field_type(field), choices=choices))
    return ServiceOut(
        code=service.code,
        slug=service.slug,
        name=str(service.name),
        summary=str(service.summary),
        fee=service.fee,
        fee_per=service.fee_per,
        time_limit_working_days=service.time_limit_working_days,
        channels=sorted(c.value for c in service.channels),
        pickups=[p.value for p in service.pickups],
        decides_automatically=service.decides_automatically,
        documents=[RequirementOut(code=d.code, label=str(d.label), conditional=d.condition is not None) for d in service.documents],
        fields=fields,
    )


@router.get("/services", response=list[ServiceOut], summary="The service catalogue")
def service_list(request: HttpRequest) -> list[ServiceOut]:
    return [_service_out(s) for s in SERVICES.values()]


@router.get("/services/{code}", response={200: ServiceOut, **ERRORS}, summary="One service")
def service_detail(request: HttpRequest, code: str) -> ServiceOut:
    return _service_out(service_get(code.upper()))


def _case_out(case: Case) -> CaseOut:
    document = getattr(case, "issued_document", None) if case.status in ("issued", "collected") else None
    return CaseOut(
        receipt_number=case.receipt_number,
        service_code=case.service_code,
        status=case.status,
        status_label=str(case.get_status_display()),
        channel=case.channel,
        submitted_on=case.submitted_on,
        due_date=case.due_date,
        time_limit_working_days=case.time_limit_days,
        pickup=case.pickup,
        fee=case.fee_amount,
        fee_paid=case.fee_paid_at is not None,
        unit=case.unit.code,
        document_number=document.number if document else None,
    )


def _form_errors(form: forms.Form) -> InvalidInputError:
    return InvalidInputError(details={"fields": {k: [str(m) for m in v] for k, v in form.errors.items()}})


@router.post(
    "/services/{code}/applications",
    response={201: CaseOut, **ERRORS},
    auth=AccountKindAuth(User.Kind.PUBLIC),
    summary="Apply online (multipart: `data` is the form as JSON, documents as files named by requirement code)",
)
def application_create(request: HttpRequest, code: str, data: Form[str]) -> Status[CaseOut]:
    service = service_get(code.upper())
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict):
            raise ValueError
    except ValueError:
        raise InvalidInputError(details={"fields": {"data": [_("Send the form fields as a JSON object.")]}}) from None
    form = service.form_class(data=raw)
    if not form.is_valid():
        raise _form_errors(form)
    files = {code: upload for code in request.FILES if isinstance(upload := request.FILES[code], UploadedFile)}
    case = services.application_submit(
        submission=services.Submission(
            service=service, data=form.cleaned_data, files=files, channel=Channel.ONLINE, language=get_language()
        ),
        by=request.auth,  # type: ignore[attr-defined]
    )
    return Status(201, _case_out(case))


@router.post("/status", response={200: StatusOut, **ERRORS}, summary="Status lookup (A18)")
def status_lookup(request: HttpRequest, payload: StatusLookupIn) -> StatusOut:
    result = selectors.status_lookup(
        reference=payload.reference, date_of_birth=payload.date_of_birth, client_key=client_ip(request) or "unknown"
    )
    return StatusOut(
        receipt_number=result.receipt_number,
        service_code=result.service_code,
        status=result.status,
        status_label=result.status_label,
        submitted_on=result.submitted_on,
        due_date=result.due_date,
        pickup=result.pickup_label,
        awaiting_items=result.awaiting_items,
        respond_by=result.respond_by,
        history=[HistoryOut(at=at, event=label) for at, label in result.events],
    )


@router.get("/documents/verify", response={200: VerificationOut, **ERRORS}, summary="Verify a signed document's QR token")
def document_verify(request: HttpRequest, t: str) -> VerificationOut:
    from .documents.verify import document_verify as verify

    result = verify(t)
    return VerificationOut(authentic=result.authentic, status=result.status, payload=result.payload or {})


# --- staff -------------------------------------------------------------------------------------


@router.get("/staff/cases", response={200: list[QueueItemOut], **ERRORS}, auth=AccountKindAuth(User.Kind.STAFF), summary="Work queue")
def staff_queue(request: HttpRequest, unit: int | None = None, limit: int = 100) -> list[QueueItemOut]:
    user: User = request.auth  # type: ignore[attr-defined]
    cases = list(selectors.case_list_for_officer(user=user, unit_id=unit)[: max(1, min(limit, 500))])
    selectors.case_list_audit(user=user, receipts=[c.receipt_number for c in cases], purpose="work queue (API)")
    return [
        QueueItemOut(
            receipt_number=c.receipt_number,
            service_code=c.service_code,
            status=c.status,
            due_date=c.due_date,
            overdue=selectors.case_is_overdue(c),
            unit=c.unit.code,
            submitted_on=c.submitted_on,
        )
        for c in cases
    ]


@router.get(
    "/staff/cases/{receipt}", response={200: CaseOut, **ERRORS}, auth=AccountKindAuth(User.Kind.STAFF), summary="A case (audited read)"
)
def staff_case(request: HttpRequest, receipt: str, purpose: str) -> CaseOut:
    user: User = request.auth  # type: ignore[attr-defined]
    case = selectors.case_get_for_staff(user=user, receipt_number=receipt, purpose=purpose)
    return _case_out(case)


@router.post(
    "/staff/cases/{receipt}/actions/{action}",
    response={200: CaseOut, **ERRORS},
    auth=AccountKindAuth(User.Kind.STAFF),
    summary="Take a workflow action",
)
def staff_case_action(request: HttpRequest, receipt: str, action: str, payload: ActionIn) -> CaseOut:
    user: User = request.auth  # type: ignore[attr-defined]
    case = selectors.case_get_for_staff(user=user, receipt_number=receipt, purpose=f"case action {action}")
    try:
        verb = Action(action)
    except ValueError:
        raise NotFoundError(details={"action": action}) from None
    handlers = {
        Action.START_REVIEW: lambda: services.case_start_review(case=case, by=user),
        Action.REQUEST_SUPPLEMENT: lambda: services.case_request_supplement(
            case=case, by=user, items=[i.model_dump() for i in payload.items], note=payload.note
        ),
        Action.RECEIVE_SUPPLEMENT: lambda: services.case_supplement_receive(
            case=case, by=user, seen_at_counter=frozenset(payload.seen_at_counter)
        ),
        Action.APPROVE: lambda: services.case_approve(case=case, by=user, reason=payload.reason),
        Action.PROPOSE_REJECTION: lambda: services.case_propose_rejection(case=case, by=user, reason=payload.reason),
        Action.CANCEL_REJECTION: lambda: services.case_cancel_rejection(case=case, by=user),
        Action.CONFIRM_REJECTION: lambda: services.case_confirm_rejection(case=case, by=user),
        Action.RECORD_PAYMENT: lambda: services.case_record_payment(case=case, by=user),
        Action.ISSUE: lambda: services.case_issue(case=case, by=user),
        Action.RECORD_COLLECTION: lambda: services.case_record_collection(case=case, by=user),
        Action.WITHDRAW: lambda: services.case_withdraw(case=case, by=user, reason=payload.reason),
        Action.FORWARD: lambda: _forward(case=case, by=user, reason=payload.reason),
    }
    handler = handlers.get(verb)
    if handler is None:
        raise PermissionDeniedError()
    handler()
    case.refresh_from_db()
    return _case_out(case)


# The public identity-number check program (N04), under /api/v1/identifiers/.
from immigo.core.identifiers_api import router as identifiers_router  # noqa: E402

router.add_router("/identifiers", identifiers_router)


def _forward(*, case: Case, by: User, reason: str) -> Case:
    from .services.forwarding import case_forward

    return case_forward(case=case, by=by, reason=reason)


# A09: the traveller's lookup of a fast-track approval, under /api/v1/fast-track/.
from .api_fast_track import router as fast_track_router  # noqa: E402

router.add_router("/fast-track", fast_track_router)

# A13–A15: travel agencies filing for their customers, under /api/v1/agency/.
from .api_agency import router as agency_router  # noqa: E402

router.add_router("/agency", agency_router)
