"""JSON API of the online forms (/api/v1/forms/): the 13 forms with their fields, filling one in
(the answers are validated field by field, exactly as on the page), and the counter's lookup of a
scanned code (staff only, audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Router, Schema
from ninja.responses import Status

from immigo.accounts.models import User
from immigo.applications.api import AccountKindAuth
from immigo.applications.schemas import ErrorOut, FieldOut
from immigo.core.errors import InvalidInputError, PermissionDeniedError, RateLimitedError
from immigo.core.middleware import client_ip
from immigo.core.throttle import throttle_hit

from . import codes, selectors, services
from .catalogue import FORM_VALID_DAYS, FORMS, FormSpec, form_spec_get
from .views import FILLS_PER_HOUR
from .workflow import Status as FormStatus

router = Router(tags=["online forms"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class FormOut(Schema):
    code: str
    slug: str
    title: str
    title_zh: str
    service_code: str
    valid_days: int
    fields: list[FieldOut]


class FilledIn(Schema):
    answers: dict[str, Any]


class FilledOut(Schema):
    reference: str
    form_code: str
    expires_at: dt.datetime
    page_url: str
    pdf_url: str


class ScannedOut(Schema):
    reference: str
    form_code: str
    service_code: str
    status: str
    expires_at: dt.datetime
    answers: dict[str, Any]
    intake_url: str
    case_receipt_number: str | None = None


def _field_type(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return "boolean"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    return "string"


def _form_out(spec: FormSpec) -> FormOut:
    fields = []
    for name, field in spec.form_class().fields.items():
        kind = _field_type(field)
        choices = [[str(k), str(v)] for k, v in getattr(field, "choices", [])] if kind == "choice" else []
        fields.append(FieldOut(name=name, label=str(field.label), required=field.required, type=kind, choices=choices))
    return FormOut(
        code=spec.code,
        slug=spec.slug,
        title=str(spec.title),
        title_zh=spec.title_zh,
        service_code=spec.service_code,
        valid_days=FORM_VALID_DAYS,
        fields=fields,
    )


@router.get("/", response=list[FormOut], summary="The 13 forms that can be filled in online")
def form_list(request: HttpRequest) -> list[FormOut]:
    return [_form_out(spec) for spec in FORMS]


@router.get("/{slug}", response={200: FormOut, **ERRORS}, summary="One form and its fields")
def form_detail(request: HttpRequest, slug: str) -> FormOut:
    return _form_out(form_spec_get(slug))


@router.post("/{slug}/filled", response={201: FilledOut, **ERRORS}, summary="Fill in a form; returns the links to print it")
def form_fill(request: HttpRequest, slug: str, payload: FilledIn) -> Status[FilledOut]:
    spec = form_spec_get(slug)
    if throttle_hit(scope="onlineforms-fill", client_key=client_ip(request) or "", limit=FILLS_PER_HOUR, window_seconds=3600):
        raise RateLimitedError()
    answers = {k: ("on" if v is True else "" if v is False or v is None else v) for k, v in payload.answers.items()}
    form = spec.form_class(data=answers)
    if not form.is_valid():
        raise InvalidInputError(details={"fields": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    user = request.user if request.user.is_authenticated else None
    filled = services.filled_form_create(spec=spec, data=form.cleaned_data, language=get_language() or "zh-hant", account=user)  # type: ignore[arg-type]
    token = codes.token_for(filled.reference)
    return Status(
        201,
        FilledOut(
            reference=filled.reference,
            form_code=spec.code,
            expires_at=filled.expires_at,
            page_url=reverse("onlineforms:filled", args=[token]),
            pdf_url=reverse("onlineforms:filled_pdf", args=[token]),
        ),
    )


@router.get(
    "/staff/scanned",
    response={200: ScannedOut, **ERRORS},
    auth=AccountKindAuth(User.Kind.STAFF),
    summary="Counter: the answers behind a scanned or typed form code (audited)",
)
def form_scanned(request: HttpRequest, code: str) -> ScannedOut:
    user = request.auth  # type: ignore[attr-defined]
    filled = selectors.filled_form_get_for_staff(user=user, code=code, purpose="counter intake from an online form (API)")
    if services.filled_form_is_expired(filled):
        from .errors import FilledFormExpiredError

        raise FilledFormExpiredError()
    if not isinstance(user, User):
        raise PermissionDeniedError()
    return ScannedOut(
        reference=filled.reference,
        form_code=filled.form_code,
        service_code=filled.service_code,
        status=filled.status,
        expires_at=filled.expires_at,
        answers=filled.data if filled.status == FormStatus.READY else {},
        intake_url=reverse("onlineforms:staff_intake", args=[filled.reference]),
        case_receipt_number=filled.case.receipt_number if filled.case else None,
    )
