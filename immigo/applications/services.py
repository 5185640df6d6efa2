"""Case services: submission, the workflow actions, issuing. Each one runs in a transaction,
writes the case history, audits staff access, and queues the applicant's notice after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from immigo.accounts import permissions
from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, NotFoundError, PermissionDeniedError
from immigo.core.models import Passport, Person, Unit

from . import receipts
from .catalogue import service_get
from .catalogue.base import CheckContext, Service, Verdict, serialise
from .documents.signing import document_sign
from .models import Case, CaseDocument, CaseEvent, Channel, IssuedDocument, Pickup, RejectionProposal, Status, SupplementRequest
from .workflow import ALLOWED, RULES, Action

PASSPORT_ISSUERS = {"HKSAR": "HKG", "MSAR": "MAC", "BNO": "GBN"}
ALLOWED_UPLOAD_TYPES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}
SUPPLEMENT_RESPOND_WORKING_DAYS = 10


class TransitionNotAllowedError(DomainError):
    code = "transition_not_allowed"
    message = _("This action is not possible in the case's current status.")
    status = 409


class SecondOfficerRequiredError(DomainError):
    code = "second_officer_required"
    message = _("A rejection must be confirmed by a different officer from the one who proposed it.")
    status = 409


class IneligibleError(InvalidInputError):
    code = "not_eligible"
    message = _("The application does not meet the conditions for this service.")


class FeeUnpaidError(DomainError):
    code = "fee_unpaid"
    message = _("The fee must be paid before the document is issued.")
    status = 409


class IdentityMismatchError(InvalidInputError):
    code = "identity_mismatch"
    message = _("These details do not match our records for this identity number. Please check them or ask at a counter.")


# --- people ---------------------------------------------------------------------------------


def _identity(data: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    if data.get("national_id"):
        out["national_id"] = data["national_id"]
    if data.get("ui_number"):
        out["ui_number"] = data["ui_number"]
    if data.get("passport_number"):
        out["passport_number"] = data["passport_number"]
        issuer = data.get("passport_country") or PASSPORT_ISSUERS.get(data.get("passport_type", ""), "")
        out["passport_country"] = issuer
    return out


def person_find(data: Mapping[str, Any]) -> Person | None:
    ident = _identity(data)
    if "national_id" in ident:
        return Person.objects.filter(national_id=ident["national_id"]).first()
    if "ui_number" in ident:
        return Person.objects.filter(ui_number=ident["ui_number"]).first()
    if "passport_number" in ident:
        passport = (
            Passport.objects.filter(number=ident["passport_number"], issuing_country=ident["passport_country"])
            .select_related("person")
            .first()
        )
        return passport.person if passport else None
    return None


def person_for_application(data: Mapping[str, Any]) -> Person:
    """The registry's person for these details, created when new. An identity number that exists
    with another date of birth is refused (the same answer as any mismatch: no data leaks)."""
    person = person_find(data)
    dob = data["date_of_birth"]
    if person is not None:
        if person.date_of_birth != dob:
            raise IdentityMismatchError(details={"fields": {"date_of_birth": [str(IdentityMismatchError.message)]}})
        changed = []
        for name in ("email", "phone"):
            if data.get(name) and getattr(person, name) != data[name]:
                setattr(person, name, data[name])
                changed.append(name)
        if changed:
            person.save(update_fields=[*changed, "updated_at"])
    else:
        ident = _identity(data)
        person = Person.objects.create(
            national_id=ident.get("national_id"),
            ui_number=ident.get("ui_number"),
            native_name=data.get("native_name", ""),
            family_name=data.get("family_name", ""),
            given_names=data.get("given_names", ""),
            date_of_birth=dob,
            sex=data.get("sex", "X"),
            nationality=data.get("nationality", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
        )
    if data.get("passport_number"):
        ident = _identity(data)
        expiry = data.get("passport_expiry") or dt.date.max
        Passport.objects.get_or_create(
            issuing_country=ident["passport_country"],
            number=ident["passport_number"],
            defaults={"person": person, "expires_on": expiry, "kind": data.get("passport_type", "")},
        )
    return person


# --- submission -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    service: Service
    data: Mapping[str, Any]  # cleaned form data
    files: Mapping[str, UploadedFile]
    channel: Channel
    language: str
    pickup: Pickup | None = None
    seen_at_counter: frozenset[str] = frozenset()  # documents whose originals an officer checked


def _check_upload(code: str, upload: UploadedFile) -> None:
    from django.conf import settings

    if upload.size is None or upload.size > settings.IMMIGO_MAX_UPLOAD_BYTES:
        raise InvalidInputError(details={"fields": {code: [str(_("The file is too large (10 MB at most)."))]}})
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOAD_TYPES.values()):
        raise InvalidInputError(details={"fields": {code: [str(_("Upload a PDF, JPEG or PNG file."))]}})


def _store_document(
    *, case: Case, code: str, upload: UploadedFile, by: User | None, supplement: SupplementRequest | None = None
) -> CaseDocument:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = next(t for t, magic in ALLOWED_UPLOAD_TYPES.items() if head.startswith(magic))
    doc = CaseDocument(
        case=case,
        requirement_code=code,
        original_name=(upload.name or code)[:200],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        supplement=supplement,
    )
    doc.file.save(code, upload, save=False)
    doc.save()
    return doc


def _actor_label(user: User | None) -> str:
    if user is None:
        return "system"
    return f"{user.full_name} <{user.email}>"


def _event(
    case: Case,
    *,
    action: Action,
    by: User | None,
    before: str = "",
    after: str = "",
    reason: str = "",
    details: dict | None = None,
    public: bool = True,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=by,
        actor_label=_actor_label(by),
        action=action.value,
        before=before,
        after=after,
        reason=reason,
        details=details or {},
        public=public,
    )


def application_submit(*, submission: Submission, by: User | None, counter_unit: Unit | None = None) -> Case:
    """Files an application. Guarantees: nothing is saved unless everything is (case, person,
    documents, history); the automatic checks run first, and a FAIL refuses the application with
    field-level reasons; a service that decides automatically is approved and issued at once;
    the receipt notice is queued after commit."""
    service = submission.service
    data = submission.data
    if not service.offers(submission.channel):
        raise InvalidInputError(_("This service is not offered through this channel."), code="channel_not_offered")
    if submission.channel == Channel.COUNTER and (by is None or not permissions.has_role(by, RULES[Action.START_REVIEW].roles)):
        raise PermissionDeniedError()
    required = service.required_documents(data)
    missing = [doc.code for doc in required if doc.code not in submission.files and doc.code not in submission.seen_at_counter]
    if missing and submission.channel == Channel.ONLINE:
        raise InvalidInputError(
            details={"fields": {code: [str(_("This document is required."))] for code in missing}},
        )
    for code, upload in submission.files.items():
        _check_upload(code, upload)

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
        _store_document(case=case, code=code, upload=upload, by=by)
    for code in submission.seen_at_counter:
        CaseDocument.objects.create(
            case=case, requirement_code=code, original_name="", content_type="", size=0, sha256="", uploaded_by=by, seen_at_counter=True
        )
    _event(case, action=Action.SUBMIT, by=by, after=Status.SUBMITTED, details={"channel": submission.channel})
    if results:
        _event(case, action=Action.AUTO_CHECK, by=None, details={r.code: r.verdict.value for r in results}, public=False)
    if by is not None and by.kind == User.Kind.STAFF:
        audit_record(
            actor=by, action="create", obj=case, person_id=person.pk, purpose=f"counter intake {service.code}", unit_code=unit.code
        )
    _notify(case, "case_submitted")

    referred = any(r.verdict == Verdict.REFER for r in results)
    if service.decides_automatically and not referred:
        _move(case, to=Status.APPROVED, action=Action.APPROVE, by=None, reason=str(_("All automatic checks passed.")))
        _issue(case, by=None)
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


# --- workflow -------------------------------------------------------------------------------


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
    raise PermissionDeniedError()


def _move(case: Case, *, to: Status, action: Action, by: User | None, reason: str = "", details: dict | None = None) -> Case:
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
    _event(case, action=action, by=by, before=before, after=to, reason=reason, details=details)
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


def _notify(case: Case, event: str, **extra: Any) -> None:
    from django.conf import settings

    from immigo.notifications.services import notification_enqueue

    service = service_get(case.service_code)
    base = settings.IMMIGO_PUBLIC_URL
    with translation.override(case.language):
        service_name = str(service.name)
    context = {
        "receipt_number": case.receipt_number,
        "service_name": service_name,
        "due_date": case.due_date.isoformat(),
        "working_days": case.time_limit_days,
        "pickup": case.pickup,
        "status_url": f"{base}/status/",
        **extra,
    }
    notification_enqueue(
        event=event,
        language=case.language,
        context=context,
        dedupe_key=f"case:{case.receipt_number}:{event}:{extra.get('dedupe', '')}",
        email=case.notify_email,
        phone=case.notify_phone,
        sms=case.notify_by_sms,
    )


@transaction.atomic
def case_start_review(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.START_REVIEW, by)
    return _move(case, to=Status.UNDER_REVIEW, action=Action.START_REVIEW, by=by)


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
    _move(case, to=Status.AWAITING_SUPPLEMENT, action=Action.REQUEST_SUPPLEMENT, by=by, reason=note, details={"items": clean_items})
    from django.conf import settings

    _notify(
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
        _check_upload(code, upload)
        _store_document(case=case, code=code, upload=upload, by=by, supplement=supplement)
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
    return _move(case, to=Status.UNDER_REVIEW, action=Action.RECEIVE_SUPPLEMENT, by=by, details={"via": via, "items": sorted(given)})


@transaction.atomic
def case_approve(*, case: Case, by: User, reason: str = "") -> Case:
    case = _locked(case)
    _authorise(case, Action.APPROVE, by)
    if case.rejection_proposals.filter(outcome=RejectionProposal.Outcome.OPEN).exists():
        raise TransitionNotAllowedError(_("Withdraw the open rejection proposal first."))
    _move(case, to=Status.APPROVED, action=Action.APPROVE, by=by, reason=reason)
    service = service_get(case.service_code)
    if service.on_approved is not None:
        service.on_approved(case)
    _notify(case, "case_approved")
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
    _event(case, action=Action.PROPOSE_REJECTION, by=by, reason=reason, public=False)
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
    _event(case, action=Action.CANCEL_REJECTION, by=by, public=False)
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
    _move(
        case,
        to=Status.REJECTED,
        action=Action.CONFIRM_REJECTION,
        by=by,
        reason=proposal.reason,
        details={"proposed_by": proposal.proposed_by_id},
    )
    _notify(case, "case_rejected", reason=proposal.reason)
    return case


@transaction.atomic
def case_record_payment(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.RECORD_PAYMENT, by)
    if case.fee_amount == 0 or case.fee_paid_at is not None:
        raise TransitionNotAllowedError(_("There is no fee to pay."))
    case.fee_paid_at = timezone.now()
    case.save(update_fields=["fee_paid_at", "updated_at"])
    _event(case, action=Action.RECORD_PAYMENT, by=by, details={"amount": case.fee_amount})
    audit_record(actor=by, action="update", obj=case, person_id=case.applicant_id, purpose="fee payment recorded", unit_code=case.unit.code)
    return case


@transaction.atomic
def case_issue(*, case: Case, by: User) -> IssuedDocument:
    case = _locked(case)
    _authorise(case, Action.ISSUE, by)
    return _issue(case, by=by)


def _issue(case: Case, *, by: User | None) -> IssuedDocument:
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
    _move(case, to=Status.ISSUED, action=Action.ISSUE, by=by, details={"document": number})
    from django.conf import settings

    download = f"{settings.IMMIGO_PUBLIC_URL}/cases/{case.receipt_number}/document.pdf" if case.pickup == Pickup.DOWNLOAD else ""
    _notify(case, "document_issued", document_name=str(document.get_kind_display()), download_url=download)
    return document


@transaction.atomic
def case_record_collection(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _authorise(case, Action.RECORD_COLLECTION, by)
    return _move(case, to=Status.COLLECTED, action=Action.RECORD_COLLECTION, by=by)


@transaction.atomic
def case_withdraw(*, case: Case, by: User, reason: str = "") -> Case:
    case = _locked(case)
    _authorise(case, Action.WITHDRAW, by, applicant_ok=True)
    _move(case, to=Status.WITHDRAWN, action=Action.WITHDRAW, by=by, reason=reason)
    _notify(case, "case_withdrawn")
    return case


def case_get(*, receipt_number: str) -> Case:
    try:
        return Case.objects.select_related("applicant", "unit").get(receipt_number=receipt_number)
    except Case.DoesNotExist:
        raise NotFoundError() from None
