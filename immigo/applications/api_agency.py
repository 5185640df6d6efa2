"""JSON API of the travel agencies (A13–A15), mounted under /api/v1/agency/: file for a customer
(the answers as JSON, documents as files), list the agency's own cases, read one. An agency's
login sees only its own cases; every read and filing is audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Form, Router
from ninja.responses import Status
from ninja.security import SessionAuth

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError, PermissionDeniedError
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import organisation_for_user

from .schemas import CaseOut, ErrorOut
from .services import agency as agency_services

router = Router(tags=["travel agencies"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
LIST_MAX = 200


class AgencyAuth(SessionAuth):
    """A signed-in login of a travel agency."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.kind == User.Kind.ORGANISATION else None


def _agency(request: HttpRequest) -> tuple[User, Organisation]:
    user: User = request.auth  # type: ignore[attr-defined]
    agency = organisation_for_user(user, kinds={Organisation.Kind.TRAVEL_AGENCY})  # type: ignore[arg-type]
    if agency is None:
        raise PermissionDeniedError()
    return user, agency


def _case_out(case: Any) -> CaseOut:
    from .api import _case_out as case_out

    return case_out(case)


@router.post(
    "/services/{code}/applications",
    response={201: CaseOut, **ERRORS},
    auth=AgencyAuth(),
    summary="File for a customer (multipart: `data` is the form as JSON, documents as files named by requirement code)",
)
def agency_application_create(request: HttpRequest, code: str, data: Form[str]) -> Status[CaseOut]:
    user, agency = _agency(request)
    service = agency_services.agency_service_get(code.upper())
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict):
            raise ValueError
    except ValueError:
        raise InvalidInputError(details={"fields": {"data": [_("Send the form fields as a JSON object.")]}}) from None
    form = service.form_class(data=raw)
    if not form.is_valid():
        raise InvalidInputError(details={"fields": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    files = {name: upload for name in request.FILES if isinstance(upload := request.FILES[name], UploadedFile)}
    case = agency_services.agency_application_submit(
        organisation=agency, by=user, service=service, data=form.cleaned_data, files=files, language=get_language() or "zh-hant"
    )
    return Status(201, _case_out(case))


@router.get("/cases", response={200: list[CaseOut], **ERRORS}, auth=AgencyAuth(), summary="The agency's own cases, newest first")
def agency_case_list(request: HttpRequest, limit: int = 50) -> list[CaseOut]:
    user, agency = _agency(request)
    cases = list(agency_services.case_list_for_organisation(organisation=agency).select_related("unit")[: max(1, min(limit, LIST_MAX))])
    if cases:
        audit_record(
            actor=user,
            action="read",
            object_type="applications.case",
            purpose="agency customer service: case list (API)",
            details={"organisation": agency.pk, "receipts": [c.receipt_number for c in cases]},
        )
    return [_case_out(c) for c in cases]


@router.get("/cases/{receipt}", response={200: CaseOut, **ERRORS}, auth=AgencyAuth(), summary="One of the agency's cases (audited)")
def agency_case_detail(request: HttpRequest, receipt: str) -> CaseOut:
    user, agency = _agency(request)
    case = agency_services.case_get_for_organisation(
        organisation=agency, by=user, receipt_number=receipt, purpose="agency customer service: case status (API)"
    )
    return _case_out(case)
