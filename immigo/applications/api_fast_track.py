"""A09 in the JSON API, under /api/v1/fast-track/.

- POST /lookup: the approval that matches a passport number and a date of birth (the same answer
  whether the passport is unknown or the date is wrong), with the verification link of its QR
  code. Rate-limited per client address like the page.
- GET /sponsor/applications and POST /sponsor/applications: a sponsoring company's logins list
  the company's applications with their approvals, and file for a traveller (multipart: ``data``
  is the form as JSON, documents as files named by requirement code). Reads are audited.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema
from ninja.responses import Status
from ninja.security import SessionAuth

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError
from immigo.core.middleware import client_ip
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import organisation_for_user

from .catalogue import a09_business_fast_track as a09
from .documents.signing import token_encode, verification_url
from .models import Case
from .schemas import ErrorOut

SPONSOR_LIST_LIMIT = 100

router = Router(tags=["fast-track (A09)"])


class FastTrackLookupIn(Schema):
    passport_number: str
    date_of_birth: dt.date


class FastTrackApprovalOut(Schema):
    number: str
    name: str
    sponsor: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    revoked: bool
    verification_url: str


@router.post(
    "/lookup",
    response={200: FastTrackApprovalOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Find a fast-track approval by passport number and date of birth",
)
def fast_track_lookup(request: HttpRequest, payload: FastTrackLookupIn) -> FastTrackApprovalOut:
    approval = a09.fast_track_lookup(
        passport_number=payload.passport_number[:20], date_of_birth=payload.date_of_birth, client_key=client_ip(request) or ""
    )
    token = token_encode(payload=approval.payload, signature=approval.signature, key_id=approval.key_id)
    return FastTrackApprovalOut(
        number=approval.number,
        name=str(approval.payload.get("nm", "")),
        sponsor=str(approval.payload.get("sp", "")),
        valid_from=approval.valid_from,
        valid_until=approval.valid_until,
        revoked=approval.revoked_at is not None,
        verification_url=verification_url(token),
    )


# --- the sponsoring company's applications ------------------------------------------------------


class SponsorAuth(SessionAuth):
    """A signed-in login of a sponsoring company; the request carries its organisation."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or user.kind != User.Kind.ORGANISATION:
            return None
        sponsor = organisation_for_user(user, kinds={a09.SPONSOR_KIND})
        if sponsor is None:
            return None
        request.sponsor = sponsor  # type: ignore[attr-defined]
        return user


class SponsorApplicationOut(Schema):
    receipt_number: str
    traveller: str
    status: str
    status_label: str
    submitted_on: dt.date
    due_date: dt.date
    approval_number: str | None = None
    approval_valid_from: dt.date | None = None
    approval_valid_until: dt.date | None = None


def _sponsor_out(case: Case) -> SponsorApplicationOut:
    approval = getattr(case, "issued_document", None)
    return SponsorApplicationOut(
        receipt_number=case.receipt_number,
        traveller=case.applicant.display_name,
        status=case.status,
        status_label=str(case.get_status_display()),
        submitted_on=case.submitted_on,
        due_date=case.due_date,
        approval_number=approval.number if approval else None,
        approval_valid_from=approval.valid_from if approval else None,
        approval_valid_until=approval.valid_until if approval else None,
    )


def _sponsor(request: HttpRequest) -> Organisation:
    return request.sponsor  # type: ignore[attr-defined, no-any-return]


@router.get(
    "/sponsor/applications",
    response={200: list[SponsorApplicationOut], 401: ErrorOut},
    auth=SponsorAuth(),
    summary="The sponsoring company's fast-track applications and approvals, newest first",
)
def sponsor_application_list(request: HttpRequest, limit: int = SPONSOR_LIST_LIMIT) -> list[SponsorApplicationOut]:
    sponsor = _sponsor(request)
    cases = list(a09.fast_track_list_for_sponsor(organisation=sponsor)[: max(1, min(limit, SPONSOR_LIST_LIMIT))])
    if cases:
        audit_record(
            actor=request.auth,  # type: ignore[attr-defined]
            action="search",
            object_type="applications.case",
            object_id="sponsor-approvals",
            purpose="sponsoring company: its travellers' fast-track approvals (API)",
            details={"organisation": sponsor.pk, "receipts": [case.receipt_number for case in cases]},
        )
    return [_sponsor_out(case) for case in cases]


@router.post(
    "/sponsor/applications",
    response={201: SponsorApplicationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=SponsorAuth(),
    summary="File a fast-track application for a traveller (multipart: `data` is the form as JSON)",
)
def sponsor_application_create(request: HttpRequest, data: Form[str]) -> Status[SponsorApplicationOut]:
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict):
            raise ValueError
    except ValueError:
        raise InvalidInputError(details={"fields": {"data": [_("Send the form fields as a JSON object.")]}}) from None
    form = a09.SERVICE.form_class(data=raw)
    if not form.is_valid():
        raise InvalidInputError(details={"fields": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    files = {code: upload for code in request.FILES if isinstance(upload := request.FILES[code], UploadedFile)}
    case = a09.fast_track_submit(
        organisation=_sponsor(request),
        by=request.auth,  # type: ignore[attr-defined]
        data=form.cleaned_data,
        files=files,
        language=get_language(),
    )
    return Status(201, _sponsor_out(case))
