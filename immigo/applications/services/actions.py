"""The workflow actions on a case. Each runs in a transaction, checks the transition table and
the officer's role in the case's unit, writes the history, audits staff access, and queues the
applicant's notice after commit."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.accounts import permissions
from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError

from ..catalogue import service_get
from ..documents.signing import document_sign
from ..models import Case, CaseDocument, Channel, IssuedDocument, Pickup, RejectionProposal, Status, SupplementRequest
from ..workflow import ALLOWED, RULES, Action
from .errors import FeeUnpaidError, SecondOfficerRequiredError, TransitionNotAllowedError
from .history import history_add, notice_queue
from .uploads import upload_check, upload_store

SUPPLEMENT_RESPOND_WORKING_DAYS = 10


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("applicant", "unit").get(pk=case.pk)


def _authorise(case: Case, action: Action, by: User | None, *, applicant_ok: bool = False) -> None:
    rule = RULES[action]
    if case.status not in rule.sources:
        raise TransitionNotAllowedError(details={"status": case.status, "action": action.value})
    if by is None:
        return
    if by.kind == User.Kind.STAFF:
        if not permissions.has_role(by, rule.roles, unit_id=case.unit_id):
            raise PermissionDeniedError()
        return
    if rule.applicant_may and applicant_ok and case.account_id == by.pk:
        return
    if rule.applicant_may and applicant_ok and _files_for(by, case):
        return
    raise PermissionDeniedError()


def _files_for(by: User, case: Case) -> bool:
    """An active login of the organisation that filed the case acts for its customer (answering a
    one-time notice, withdrawing), as the applicant would."""
    if by.kind != User.Kind.ORGANISATION or case.organisation_id is None:
        return False
    from immigo.organisations.models import Membership

    return Membership.objects.filter(user=by, organisation_id=case.organisation_id, is_active=True).exists()


def case_move(case: Case, *, to: Status, action: Action, by: User | None, reason: str = "", details: dict | None = None) -> Case:
    """The one place that writes a case's status: checks the table, keeps the clock, records history."""
    before = Status(case.status)
    if to not in ALLOWED[before]:
        raise TransitionNotAllowedError(details={"status": before, "requested": to})
    today = calendar.local_today()
    update = ["status", "updated_at"]
    if to == Status.AWAITING_SUPPLEMENT:
        # The applicant owes documents: the clock stops with the days that were left.
        case.paused_since = today
        case.paused_remaining_days = calendar.working_days_between(today, case.due_date, county_id=case.unit.county_id)
        update += ["paused_since", "paused_remaining_days"]
    elif before == Status.AWAITING_SUPPLEMENT and case.paused_since is not None:
        remaining = max(case.paused_remaining_days or 0, 0)
        case.due_date = calendar.add_working_days(today, remaining, county_id=case.unit.county_id)
        case.paused_since = None
        case.paused_remaining_days = None
        update += ["due_date", "paused_since", "paused_remaining_days"]
    if to in (Status.APPROVED, Status.REJECTED):
        case.decided_at = timezone.now()
        case.decision_reason = reason
        update += ["decided_at", "decision_reason"]
    case.status = to
    case.save(update_fields=update)
    history_add(case, action=action, by=by, before=before, after=to, reason=reason, details=details)
    if by is not None and by.kind == User.Kind.STAFF:
        audit_record(
            actor=by,
            action="transition",
            obj=case,
            person_id=case.applicant_id,
            purpose=f"{action.value}: {reason}"[:300],
            unit_code=case.unit.code,
        )
    return case


@transaction.atomic
def case_start_review(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.START_REVIEW, by)
    return case_move(case, to=Status.UNDER_REVIEW, action=Action.START_REVIEW, by=by)


@transaction.atomic
def case_request_supplement(*, case: Case, by: User, items: list[dict[str, str]], note: str = "") -> SupplementRequest:
    """Issues the one-time notice: every missing item at once, a date to supply them by, and the
    clock paused until they arrive."""
    case = _locked(case)
    _authorise(case, Action.REQUEST_SUPPLEMENT, by)
    clean_items = [
        {"code": str(i.get("code", ""))[:40], "label": str(i.get("label", ""))[:200], "note": str(i.get("note", ""))[:300]}
        for i in items
        if str(i.get("label", "")).strip()
    ]
    if not clean_items:
        raise InvalidInputError(details={"fields": {"items": [str(_("List at least one missing item."))]}})
    today = calendar.local_today()
    supplement = SupplementRequest.objects.create(
        case=case,
        items=clean_items,
        note=note,
        issued_by=by,
        respond_by=calendar.add_working_days(today, SUPPLEMENT_RESPOND_WORKING_DAYS, county_id=case.unit.county_id),
    )
    case_move(case, to=Status.AWAITING_SUPPLEMENT, action=Action.REQUEST_SUPPLEMENT, by=by, reason=note, details={"items": clean_items})
    from django.conf import settings

    notice_queue(
        case,
        "supplement_requested",
        items=[i["label"] + (f" ({i['note']})" if i["note"] else "") for i in clean_items],
        respond_by=supplement.respond_by.isoformat(),
        note=note,
        supplement_url=f"{settings.IMMIGO_PUBLIC_URL}/cases/{case.receipt_number}/",
        dedupe=str(supplement.pk),
    )
    return supplement


@transaction.atomic
def case_supplement_receive(
    *, case: Case, by: User | None, files: Mapping[str, UploadedFile] | None = None, seen_at_counter: frozenset[str] = frozenset()
) -> Case:
    """The applicant supplied the items (online uploads, or originals shown at a counter); the
    clock restarts with the working days that were left."""
    case = _locked(case)
    _authorise(case, Action.RECEIVE_SUPPLEMENT, by, applicant_ok=True)
    supplement = case.supplements.filter(fulfilled_at__isnull=True).first()
    if supplement is None:
        raise TransitionNotAllowedError()
    files = files or {}
    wanted = {i["code"] for i in supplement.items}
    given = set(files) | set(seen_at_counter)
    if by is not None and by.kind != User.Kind.STAFF:
        missing = sorted(wanted - given - {""})
        if missing:
            raise InvalidInputError(details={"fields": {code: [str(_("This document is required."))] for code in missing}})
    for code, upload in files.items():
        upload_check(code, upload)
        upload_store(case=case, code=code, upload=upload, by=by, supplement=supplement)
    for code in seen_at_counter:
        CaseDocument.objects.create(
            case=case,
            requirement_code=code,
            original_name="",
            content_type="",
            size=0,
            sha256="",
            uploaded_by=by,
            supplement=supplement,
            seen_at_counter=True,
        )
    via = Channel.COUNTER if by is not None and by.kind == User.Kind.STAFF else Channel.ONLINE
    supplement.fulfilled_at = timezone.now()
    supplement.fulfilled_via = via
    supplement.save(update_fields=["fulfilled_at", "fulfilled_via"])
    return case_move(case, to=Status.UNDER_REVIEW, action=Action.RECEIVE_SUPPLEMENT, by=by, details={"via": via, "items": sorted(given)})


@transaction.atomic
def case_approve(*, case: Case, by: User, reason: str = "") -> Case:
    case = _locked(case)
    _authorise(case, Action.APPROVE, by)
    if case.rejection_proposals.filter(outcome=RejectionProposal.Outcome.OPEN).exists():
        raise TransitionNotAllowedError(_("Withdraw the open rejection proposal first."))
    case_move(case, to=Status.APPROVED, action=Action.APPROVE, by=by, reason=reason)
    service = service_get(case.service_code)
    if service.on_approved is not None:
        service.on_approved(case)
    notice_queue(case, "case_approved")
    return case


@transaction.atomic
def case_propose_rejection(*, case: Case, by: User, reason: str) -> RejectionProposal:
    case = _locked(case)
    _authorise(case, Action.PROPOSE_REJECTION, by)
    if not reason.strip():
        raise InvalidInputError(details={"fields": {"reason": [str(_("Give the reason for the rejection."))]}})
    if case.rejection_proposals.filter(outcome=RejectionProposal.Outcome.OPEN).exists():
        raise TransitionNotAllowedError(_("A rejection is already awaiting a second officer."))
    proposal = RejectionProposal.objects.create(case=case, reason=reason, proposed_by=by)
    history_add(case, action=Action.PROPOSE_REJECTION, by=by, reason=reason, public=False)
    audit_record(actor=by, action="update", obj=case, person_id=case.applicant_id, purpose="rejection proposed", unit_code=case.unit.code)
    return proposal


@transaction.atomic
def case_cancel_rejection(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.CANCEL_REJECTION, by)
    proposal = case.rejection_proposals.filter(outcome=RejectionProposal.Outcome.OPEN).first()
    if proposal is None:
        raise TransitionNotAllowedError()
    proposal.outcome = RejectionProposal.Outcome.WITHDRAWN
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["outcome", "decided_by", "decided_at"])
    history_add(case, action=Action.CANCEL_REJECTION, by=by, public=False)
    return case


@transaction.atomic
def case_confirm_rejection(*, case: Case, by: User) -> Case:
    """The second officer confirms: only then is the case rejected and the applicant told why."""
    case = _locked(case)
    _authorise(case, Action.CONFIRM_REJECTION, by)
    proposal = case.rejection_proposals.select_for_update().filter(outcome=RejectionProposal.Outcome.OPEN).first()
    if proposal is None:
        raise TransitionNotAllowedError(_("A rejection must first be proposed by an officer."))
    if proposal.proposed_by_id == by.pk:
        raise SecondOfficerRequiredError()
    proposal.outcome = RejectionProposal.Outcome.CONFIRMED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["outcome", "decided_by", "decided_at"])
    case_move(
        case,
        to=Status.REJECTED,
        action=Action.CONFIRM_REJECTION,
        by=by,
        reason=proposal.reason,
        details={"proposed_by": proposal.proposed_by_id},
    )
    _closed(case)
    notice_queue(case, "case_rejected", reason=proposal.reason)
    return case


@transaction.atomic
def case_record_payment(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.RECORD_PAYMENT, by)
    if case.fee_amount == 0 or case.fee_paid_at is not None:
        raise TransitionNotAllowedError(_("There is no fee to pay."))
    case.fee_paid_at = timezone.now()
    case.save(update_fields=["fee_paid_at", "updated_at"])
    history_add(case, action=Action.RECORD_PAYMENT, by=by, details={"amount": case.fee_amount})
    audit_record(actor=by, action="update", obj=case, person_id=case.applicant_id, purpose="fee payment recorded", unit_code=case.unit.code)
    return case


@transaction.atomic
def case_issue(*, case: Case, by: User) -> IssuedDocument:
    case = _locked(case)
    _authorise(case, Action.ISSUE, by)
    return document_issue(case, by=by)


def document_issue(case: Case, *, by: User | None) -> IssuedDocument:
    service = service_get(case.service_code)
    if case.fee_amount and case.fee_paid_at is None:
        raise FeeUnpaidError()
    if service.issues is None or service.document_payload is None:
        raise TransitionNotAllowedError()
    today = calendar.local_today()
    payload, valid_from, valid_until = service.document_payload(case, today)
    number = f"{case.service_code}{case.receipt_number.replace('-', '')[:14]}"
    payload = {**payload, "n": number, "iat": timezone.now().isoformat(timespec="seconds")}
    signature, key_id = document_sign(payload)
    document = IssuedDocument.objects.create(
        case=case,
        kind=service.issues,
        number=number,
        holder=case.applicant,
        valid_from=valid_from,
        valid_until=valid_until,
        payload=payload,
        signature=signature,
        key_id=key_id,
    )
    case_move(case, to=Status.ISSUED, action=Action.ISSUE, by=by, details={"document": number})
    from django.conf import settings

    download = f"{settings.IMMIGO_PUBLIC_URL}/cases/{case.receipt_number}/document.pdf" if case.pickup == Pickup.DOWNLOAD else ""
    notice_queue(case, "document_issued", document_name=str(document.get_kind_display()), download_url=download)
    return document


@transaction.atomic
def case_record_collection(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.RECORD_COLLECTION, by)
    return case_move(case, to=Status.COLLECTED, action=Action.RECORD_COLLECTION, by=by)


def _closed(case: Case) -> None:
    """The service's side effects of a case that ends without approval."""
    service = service_get(case.service_code)
    if service.on_closed is not None:
        service.on_closed(case)


@transaction.atomic
def case_withdraw(*, case: Case, by: User, reason: str = "") -> Case:
    case = _locked(case)
    _authorise(case, Action.WITHDRAW, by, applicant_ok=True)
    case_move(case, to=Status.WITHDRAWN, action=Action.WITHDRAW, by=by, reason=reason)
    _closed(case)
    notice_queue(case, "case_withdrawn")
    return case


def case_get(*, receipt_number: str) -> Case:
    try:
        return Case.objects.select_related("applicant", "unit").get(receipt_number=receipt_number)
    except Case.DoesNotExist:
        raise NotFoundError() from None
