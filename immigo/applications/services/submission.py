"""Filing an application, online or at a counter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from immigo.accounts import permissions
from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, PermissionDeniedError
from immigo.core.models import Unit

from .. import receipts
from ..catalogue.base import CheckContext, Service, Verdict, serialise
from ..models import Case, CaseDocument, Channel, Pickup, Status
from ..workflow import RULES, Action
from .actions import case_move, case_request_supplement, document_issue
from .errors import IneligibleError
from .history import history_add, notice_queue
from .people import person_find, person_for_application
from .uploads import upload_check, upload_store

# Stored as written (the record is the same whatever language the applicant used); pages show it
# through gettext.
AUTOMATIC_APPROVAL_REASON = gettext_noop("All automatic checks passed.")


@dataclass(frozen=True)
class Submission:
    service: Service
    data: Mapping[str, Any]  # cleaned form data
    files: Mapping[str, UploadedFile]
    channel: Channel
    language: str
    pickup: Pickup | None = None
    seen_at_counter: frozenset[str] = frozenset()  # documents whose originals an officer checked


def application_submit(*, submission: Submission, by: User | None, counter_unit: Unit | None = None) -> Case:
    """Files an application. Guarantees: nothing is saved unless everything is (case, person,
    documents, history); the automatic checks run first, and a FAIL refuses the application with
    field-level reasons; a service that decides automatically is approved and issued at once;
    the receipt notice is queued after commit."""
    service = submission.service
    data = submission.data
    if not service.offers(submission.channel):
        raise InvalidInputError(_("This service is not offered through this channel."), code="channel_not_offered")
    intake_roles = service.intake_roles or RULES[Action.START_REVIEW].roles
    if submission.channel == Channel.COUNTER and (by is None or not permissions.has_role(by, intake_roles)):
        raise PermissionDeniedError()
    required = service.required_documents(data)
    missing = [doc.code for doc in required if doc.code not in submission.files and doc.code not in submission.seen_at_counter]
    if missing and submission.channel == Channel.ONLINE:
        raise InvalidInputError(
            details={"fields": {code: [str(_("This document is required."))] for code in missing}},
        )
    for code, upload in submission.files.items():
        upload_check(code, upload)

    today = calendar.local_today()
    existing = person_find(data)
    results = [check(CheckContext(data=data, person=existing, today=today)) for check in service.auto_checks]
    failures = [r for r in results if r.verdict == Verdict.FAIL]
    if failures:
        fields: dict[str, list[str]] = {}
        for r in failures:
            fields.setdefault(r.field or "__all__", []).append(str(r.message))
        raise IneligibleError(details={"fields": fields, "checks": [r.code for r in failures]})

    pickup = submission.pickup or Pickup(data.get("pickup") or service.pickups[0])
    if pickup not in service.pickups:
        raise InvalidInputError(details={"fields": {"pickup": [str(_("Choose one of the offered pickup methods."))]}})

    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _submit_in_transaction(
                    submission=submission, by=by, counter_unit=counter_unit, today=today, results=results, pickup=pickup, missing=missing
                )
        except IntegrityError as exc:  # a receipt-number collision: draw again
            if "receipt_number" not in str(exc):
                raise
    raise DomainError(_("Please try again."), code="retry")


def _submit_in_transaction(
    *, submission: Submission, by: User | None, counter_unit: Unit | None, today: dt.date, results: list, pickup: Pickup, missing: list[str]
) -> Case:
    service, data = submission.service, submission.data
    person = person_for_application(data)
    stored = serialise(data)
    unit = service.route(stored, counter_unit)
    case = Case.objects.create(
        receipt_number=receipts.receipt_generate(today),
        service_code=service.code,
        applicant=person,
        account=by if by is not None and by.kind == User.Kind.PUBLIC else None,
        submitted_by=by,
        channel=submission.channel,
        unit=unit,
        status=Status.SUBMITTED,
        data=stored,
        language=submission.language,
        notify_email=data.get("email", ""),
        notify_phone=data.get("phone", ""),
        notify_by_sms=bool(data.get("notify_by_sms")),
        pickup=pickup,
        fee_amount=service.fee_for(data),
        submitted_on=today,
        time_limit_days=service.time_limit_working_days,
        due_date=calendar.add_working_days(today, service.time_limit_working_days, county_id=unit.county_id),
    )
    for code, upload in submission.files.items():
        upload_store(case=case, code=code, upload=upload, by=by)
    for code in submission.seen_at_counter:
        CaseDocument.objects.create(
            case=case, requirement_code=code, original_name="", content_type="", size=0, sha256="", uploaded_by=by, seen_at_counter=True
        )
    # B11: the station that took the case in is recorded, wherever the case was routed.
    intake = {"intake_unit": counter_unit.code, "cross_county": counter_unit.pk != unit.pk} if counter_unit is not None else {}
    history_add(case, action=Action.SUBMIT, by=by, after=Status.SUBMITTED, details={"channel": submission.channel, **intake})
    if results:
        notes = {r.code: str(r.message) for r in results if r.message}
        details: dict[str, Any] = {r.code: r.verdict.value for r in results}
        if notes:  # e.g. B09: the earlier case found, or why an officer must verify
            details["notes"] = notes
        history_add(case, action=Action.AUTO_CHECK, by=None, details=details, public=False)
    if by is not None and by.kind == User.Kind.STAFF:
        audit_record(
            actor=by, action="create", obj=case, person_id=person.pk, purpose=f"counter intake {service.code}", unit_code=unit.code
        )
    if service.on_submitted is not None:
        service.on_submitted(case, by)
    notice_queue(case, "case_submitted")

    referred = any(r.verdict == Verdict.REFER for r in results)
    if service.decides_automatically and not referred:
        case_move(case, to=Status.APPROVED, action=Action.APPROVE, by=None, reason=AUTOMATIC_APPROVAL_REASON)
        if service.on_approved is not None:  # an automatic approval has the same effects as an officer's
            service.on_approved(case)
        document_issue(case, by=None)
    elif submission.channel == Channel.COUNTER and missing:
        # The counter found documents missing: the one-time notice goes out with the receipt.
        assert by is not None
        case_request_supplement(case=case, by=by, items=[{"code": c, "label": _label(service, c), "note": ""} for c in missing], note="")
        case.refresh_from_db()
    return case


def _label(service: Service, code: str) -> str:
    for doc in service.documents:
        if doc.code == code:
            return str(doc.label)
    return code
