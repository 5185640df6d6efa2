"""The back office: the work queue, a case with its allowed actions, counter intake and the
printouts. Every page that shows a case reads it through `case_get_for_staff`, which checks the
officer's units and audits the read with the purpose the officer chose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from immigo.accounts import permissions
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, NotFoundError, PermissionDeniedError
from immigo.core.models import Unit

from .. import selectors, services
from ..catalogue import SERVICES, service_get, service_get_by_slug
from ..catalogue.base import Service
from ..forms_staff import (
    DEFAULT_PURPOSE,
    PURPOSE_CHOICES,
    IntakeExtrasForm,
    PurposeForm,
    QueueFilterForm,
    ReasonForm,
    RequiredReasonForm,
    SupplementReceiveForm,
    SupplementRequestForm,
)
from ..models import Case, Channel, RejectionProposal, Status, SupplementRequest
from ..services import Submission
from ..workflow import Action
from . import _catalogue
from ._helpers import (
    AuthenticatedRequest,
    attach_domain_errors,
    documents_received,
    domain_error_text,
    error_summary,
    pdf_response,
    raise_as_http,
    service_name_in,
    staff_required,
)

QUEUE_PER_PAGE = 50
PURPOSES = {value for value, _label in PURPOSE_CHOICES}
# The button of each action (a verb) and its look: primary, secondary or warning.
ACTION_BUTTONS: dict[Action, tuple[Any, str]] = {
    Action.START_REVIEW: (_("Start review"), "primary"),
    Action.REQUEST_SUPPLEMENT: (_("Send the one-time notice"), "secondary"),
    Action.RECEIVE_SUPPLEMENT: (_("Record the documents received"), "secondary"),
    Action.APPROVE: (_("Approve"), "primary"),
    Action.PROPOSE_REJECTION: (_("Propose rejection"), "warning"),
    Action.CANCEL_REJECTION: (_("Withdraw the rejection proposal"), "secondary"),
    Action.CONFIRM_REJECTION: (_("Confirm rejection"), "warning"),
    Action.RECORD_PAYMENT: (_("Record fee payment"), "secondary"),
    Action.ISSUE: (_("Issue the document"), "primary"),
    Action.RECORD_COLLECTION: (_("Record collection"), "secondary"),
    Action.WITHDRAW: (_("Withdraw the application"), "warning"),
    Action.FORWARD: (_("Forward to headquarters (special extension)"), "secondary"),
}


def _unit_name(unit: Unit) -> str:
    return unit.name_zh if (get_language() or "").startswith("zh") else (unit.name_en or unit.name_zh)


def _purpose(request: AuthenticatedRequest) -> str | None:
    purpose = request.GET.get("purpose", "")
    return purpose if purpose in PURPOSES else None


def _ask_purpose(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    """No case data without a reason: the officer says why before the case opens."""
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if form.is_bound:
        form.is_valid()
    return render(
        request,
        "applications/staff/case_purpose.html",
        {"form": form, "receipt": receipt, "errors": error_summary(form) if form.is_bound else []},
        status=400 if form.is_bound else 200,
    )


def _staff_case(request: AuthenticatedRequest, receipt: str, purpose: str) -> Case:
    try:
        return selectors.case_get_for_staff(user=request.user, receipt_number=receipt, purpose=purpose)
    except DomainError as exc:
        raise_as_http(exc)


def _case_url(case: Case, purpose: str, **extra: str) -> str:
    return f"{reverse('staff:case', args=[case.receipt_number])}?{urlencode({'purpose': purpose, **extra})}"


# --- the queue ------------------------------------------------------------------------------


@staff_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    unit_ids = permissions.units_where(request.user, selectors.STAFF_ROLES)
    units = [(unit.pk, _unit_name(unit)) for unit in Unit.objects.filter(pk__in=unit_ids)]
    filters = QueueFilterForm(request.GET, units=units)
    unit_id, status, purpose = None, "", DEFAULT_PURPOSE
    if filters.is_valid():
        unit_id, status = filters.cleaned_data["unit"], filters.cleaned_data["status"]
        purpose = filters.cleaned_data["purpose"] or DEFAULT_PURPOSE
    cases = selectors.case_list_for_officer(user=request.user, unit_id=unit_id, include_closed=bool(status))
    if status:
        cases = cases.filter(status=status)
    page = Paginator(cases, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    today = calendar.local_today()
    rows = [
        {
            "case": case,
            "service_name": service_get(case.service_code).name,
            "overdue": selectors.case_is_overdue(case, today),
            "paused": case.status == Status.AWAITING_SUPPLEMENT,
            "url": _case_url(case, purpose),
        }
        for case in page
    ]
    selectors.case_list_audit(user=request.user, receipts=[case.receipt_number for case in page], purpose=f"work queue: {purpose}")
    return render(request, "applications/staff/queue.html", {"page": page, "rows": rows, "filters": filters})


# --- one case -------------------------------------------------------------------------------


def _action_forms(case: Case, service: Service, open_supplement: SupplementRequest | None) -> dict[str, Callable[[], forms.Form]]:
    def auto(action: Action) -> str:
        return f"id_{action.value}_%s"

    return {
        Action.REQUEST_SUPPLEMENT: lambda: SupplementRequestForm(service=service, auto_id=auto(Action.REQUEST_SUPPLEMENT)),
        Action.RECEIVE_SUPPLEMENT: lambda: SupplementReceiveForm(
            items=open_supplement.items if open_supplement else [], auto_id=auto(Action.RECEIVE_SUPPLEMENT)
        ),
        Action.APPROVE: lambda: ReasonForm(auto_id=auto(Action.APPROVE)),
        Action.PROPOSE_REJECTION: lambda: RequiredReasonForm(auto_id=auto(Action.PROPOSE_REJECTION)),
        Action.WITHDRAW: lambda: RequiredReasonForm(auto_id=auto(Action.WITHDRAW)),
        Action.FORWARD: lambda: RequiredReasonForm(auto_id=auto(Action.FORWARD)),
    }


@staff_required
def case_detail(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    purpose = _purpose(request)
    if purpose is None:
        return _ask_purpose(request, receipt)
    case = _staff_case(request, receipt, purpose)
    service = service_get(case.service_code)
    labels = {doc.code: doc.label for doc in service.documents}
    supplements = list(case.supplements.select_related("issued_by"))
    open_supplement = next((s for s in supplements if s.fulfilled_at is None), None)
    proposals = list(case.rejection_proposals.select_related("proposed_by", "decided_by").order_by("proposed_at"))
    open_proposal = next((p for p in proposals if p.outcome == RejectionProposal.Outcome.OPEN), None)
    form_builders = _action_forms(case, service, open_supplement)
    actions = [
        {
            "action": action,
            "label": action.label,
            "button": ACTION_BUTTONS[action][0] if action in ACTION_BUTTONS else action.label,
            "tone": ACTION_BUTTONS[action][1] if action in ACTION_BUTTONS else "secondary",
            "url": reverse("staff:case_action", args=[case.receipt_number, action.value]),
            "form": form_builders[action]() if action in form_builders else None,
        }
        for action in selectors.actions_for(case=case, user=request.user)
    ]
    context = {
        "case": case,
        "service": service,
        "purpose": dict(PURPOSE_CHOICES)[purpose],
        "purpose_query": urlencode({"purpose": purpose}),
        "applicant": case.applicant,
        "passports": list(case.applicant.passports.all()),
        "application_rows": _catalogue.application_rows(service, case.data),
        "documents": [(doc, labels.get(doc.requirement_code, doc.requirement_code)) for doc in case.documents.all()],
        "supplements": supplements,
        "proposals": proposals,
        "open_proposal": open_proposal,
        "events": [
            {
                "event": event,
                "label": Action(event.action).label if event.action in Action.values else event.action,
                "before": Status(event.before).label if event.before in Status.values else event.before,
                "after": Status(event.after).label if event.after in Status.values else event.after,
                "notes": [str(note) for note in (event.details or {}).get("notes", {}).values()],
            }
            for event in case.events.all()
        ],
        "issued": getattr(case, "issued_document", None),
        "intake_unit": _intake_unit(case),
        "forwarded": case.events.filter(action=Action.FORWARD).exists(),
        "overdue": selectors.case_is_overdue(case),
        "actions": actions,
        "just_filed": request.GET.get("filed") == "1",
    }
    return render(request, "applications/staff/case.html", context)


def _intake_unit(case: Case) -> str:
    """B11: the station that took the case in, when it is not the one handling it."""
    submitted = next((e for e in case.events.all() if e.action == Action.SUBMIT), None)
    code = (submitted.details or {}).get("intake_unit") if submitted is not None else None
    if not code or code == case.unit.code:
        return ""
    unit = Unit.objects.filter(code=code).first()
    return _unit_name(unit) if unit is not None else code


def _require_valid(form: forms.Form) -> None:
    if not form.is_valid():
        fields = {
            name: [f"{form.fields[name].label}: {message}" if name in form.fields else message for message in errors]
            for name, errors in form.errors.items()
        }
        raise InvalidInputError(details={"fields": fields})


def _open_supplement(case: Case) -> SupplementRequest:
    supplement = case.supplements.filter(fulfilled_at__isnull=True).first()
    if supplement is None:
        raise services.TransitionNotAllowedError()
    return supplement


def _do_start_review(request: AuthenticatedRequest, case: Case) -> None:
    services.case_start_review(case=case, by=request.user)


def _do_request_supplement(request: AuthenticatedRequest, case: Case) -> None:
    form = SupplementRequestForm(request.POST, service=service_get(case.service_code))
    _require_valid(form)
    services.case_request_supplement(case=case, by=request.user, items=form.items(language=case.language), note=form.cleaned_data["note"])


def _do_receive_supplement(request: AuthenticatedRequest, case: Case) -> None:
    form = SupplementReceiveForm(request.POST, request.FILES, items=_open_supplement(case).items)
    _require_valid(form)
    services.case_supplement_receive(case=case, by=request.user, files=form.uploads(), seen_at_counter=form.seen())


def _do_approve(request: AuthenticatedRequest, case: Case) -> None:
    form = ReasonForm(request.POST)
    _require_valid(form)
    services.case_approve(case=case, by=request.user, reason=form.cleaned_data["reason"])


def _do_propose_rejection(request: AuthenticatedRequest, case: Case) -> None:
    form = RequiredReasonForm(request.POST)
    _require_valid(form)
    services.case_propose_rejection(case=case, by=request.user, reason=form.cleaned_data["reason"])


def _do_cancel_rejection(request: AuthenticatedRequest, case: Case) -> None:
    services.case_cancel_rejection(case=case, by=request.user)


def _do_confirm_rejection(request: AuthenticatedRequest, case: Case) -> None:
    services.case_confirm_rejection(case=case, by=request.user)


def _do_record_payment(request: AuthenticatedRequest, case: Case) -> None:
    services.case_record_payment(case=case, by=request.user)


def _do_issue(request: AuthenticatedRequest, case: Case) -> None:
    services.case_issue(case=case, by=request.user)


def _do_record_collection(request: AuthenticatedRequest, case: Case) -> None:
    services.case_record_collection(case=case, by=request.user)


def _do_withdraw(request: AuthenticatedRequest, case: Case) -> None:
    form = RequiredReasonForm(request.POST)
    _require_valid(form)
    services.case_withdraw(case=case, by=request.user, reason=form.cleaned_data["reason"])


def _do_forward(request: AuthenticatedRequest, case: Case) -> None:
    from ..services.forwarding import case_forward

    form = RequiredReasonForm(request.POST)
    _require_valid(form)
    case_forward(case=case, by=request.user, reason=form.cleaned_data["reason"])


HANDLERS: dict[Action, Callable[[AuthenticatedRequest, Case], None]] = {
    Action.START_REVIEW: _do_start_review,
    Action.REQUEST_SUPPLEMENT: _do_request_supplement,
    Action.RECEIVE_SUPPLEMENT: _do_receive_supplement,
    Action.APPROVE: _do_approve,
    Action.PROPOSE_REJECTION: _do_propose_rejection,
    Action.CANCEL_REJECTION: _do_cancel_rejection,
    Action.CONFIRM_REJECTION: _do_confirm_rejection,
    Action.RECORD_PAYMENT: _do_record_payment,
    Action.ISSUE: _do_issue,
    Action.RECORD_COLLECTION: _do_record_collection,
    Action.WITHDRAW: _do_withdraw,
    Action.FORWARD: _do_forward,
}


@staff_required
@require_POST
def case_action(request: AuthenticatedRequest, receipt: str, action: str) -> HttpResponse:
    """Runs one workflow action through its service; the outcome comes back as a message on the
    case page."""
    if action not in Action.values or Action(action) not in HANDLERS:
        raise Http404
    chosen = Action(action)
    purpose = request.POST.get("purpose", "")
    purpose = purpose if purpose in PURPOSES else DEFAULT_PURPOSE
    case = _staff_case(request, receipt, purpose)
    try:
        HANDLERS[chosen](request, case)
    except (NotFoundError, PermissionDeniedError) as exc:
        raise_as_http(exc)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, gettext("Recorded: %(action)s.") % {"action": chosen.label})
    return redirect(_case_url(case, purpose))


@staff_required
def case_file(request: AuthenticatedRequest, receipt: str, document_id: int) -> HttpResponseBase:
    purpose = _purpose(request)
    if purpose is None:
        return _ask_purpose(request, receipt)
    case = _staff_case(request, receipt, purpose)
    document = case.documents.filter(pk=document_id, seen_at_counter=False).first()
    if document is None or not document.file:
        raise Http404
    audit_record(
        actor=request.user,
        action="read",
        obj=document,
        person_id=case.applicant_id,
        purpose=purpose,
        unit_code=case.unit.code,
        details={"case": case.receipt_number, "requirement": document.requirement_code},
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name or document.requirement_code,
        content_type=document.content_type or "application/octet-stream",
    )


def _export(request: AuthenticatedRequest, case: Case, *, purpose: str, what: str, obj: Any = None) -> None:
    audit_record(
        actor=request.user,
        action="export",
        obj=obj or case,
        person_id=case.applicant_id,
        purpose=f"{purpose}: {what}",
        unit_code=case.unit.code,
        details={"case": case.receipt_number},
    )


@staff_required
def receipt_pdf(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    from ..documents.pdf import receipt_pdf as render_receipt

    purpose = _purpose(request)
    if purpose is None:
        return _ask_purpose(request, receipt)
    case = _staff_case(request, receipt, purpose)
    content = render_receipt(case, service_name=service_name_in(case), documents_received=documents_received(case))
    _export(request, case, purpose=purpose, what="receipt (B01)")
    return pdf_response(content, filename=f"receipt-{case.receipt_number}.pdf")


@staff_required
def notice_pdf(request: AuthenticatedRequest, receipt: str, notice_id: int) -> HttpResponse:
    from ..documents.pdf import supplement_notice_pdf

    purpose = _purpose(request)
    if purpose is None:
        return _ask_purpose(request, receipt)
    case = _staff_case(request, receipt, purpose)
    supplement = case.supplements.filter(pk=notice_id).first()
    if supplement is None:
        raise Http404
    content = supplement_notice_pdf(supplement, service_name=service_name_in(case))
    _export(request, case, purpose=purpose, what=f"one-time notice {supplement.pk}", obj=supplement)
    return pdf_response(content, filename=f"notice-{case.receipt_number}-{supplement.pk}.pdf")


@staff_required
def reply_slip_pdf(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    """B03: the reply slip of a case forwarded to headquarters, for the applicant to keep."""
    from ..documents.pdf import reply_slip_pdf as render_slip
    from ..services.forwarding import forward_event

    purpose = _purpose(request)
    if purpose is None:
        return _ask_purpose(request, receipt)
    case = _staff_case(request, receipt, purpose)
    forwarded = forward_event(case)
    if forwarded is None:
        raise Http404
    content = render_slip(case, forwarded=forwarded, service_name=service_name_in(case))
    _export(request, case, purpose=purpose, what="special extension reply slip (B03)")
    return pdf_response(content, filename=f"reply-slip-{case.receipt_number}.pdf")


@staff_required
def document_pdf(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    from ..documents.pdf import issued_document_pdf

    purpose = _purpose(request)
    if purpose is None:
        return _ask_purpose(request, receipt)
    case = _staff_case(request, receipt, purpose)
    issued = getattr(case, "issued_document", None)
    if issued is None:
        raise Http404
    try:
        content = issued_document_pdf(issued, service_name=service_name_in(case))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect(_case_url(case, purpose))
    _export(request, case, purpose=purpose, what=f"issued document {issued.number}", obj=issued)
    return pdf_response(content, filename=f"{issued.number}.pdf")


# --- counter intake -------------------------------------------------------------------------


@staff_required
def intake(request: AuthenticatedRequest) -> HttpResponse:
    offered = [
        {"service": service, "fee": _catalogue.fee_text(service)}
        for service in SERVICES.values()
        # Services with their own intake roles (F04, border officers) are taken in on their own page.
        if service.offers(Channel.COUNTER) and not service.intake_roles
    ]
    return render(request, "applications/staff/intake.html", {"services": offered})


@staff_required
@require_http_methods(["GET", "POST"])
def intake_form(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    try:
        service = service_get_by_slug(slug)
    except DomainError as exc:
        raise_as_http(exc)
    if not service.offers(Channel.COUNTER):
        raise Http404
    counter_unit = permissions.primary_unit(request.user)
    if counter_unit is None:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = service.form_class(request.POST)
        extras = IntakeExtrasForm(request.POST, request.FILES, service=service)
        form_ok, extras_ok = form.is_valid(), extras.is_valid()
        if form_ok and extras_ok:
            codes = [doc.code for doc in service.required_documents(form.cleaned_data)]
            submission = Submission(
                service=service,
                data=form.cleaned_data,
                files=extras.uploads(codes),
                channel=Channel.COUNTER,
                language=extras.cleaned_data["language"],
                seen_at_counter=extras.seen(codes),
            )
            try:
                case = services.application_submit(submission=submission, by=request.user, counter_unit=counter_unit)
            except (NotFoundError, PermissionDeniedError) as exc:
                raise_as_http(exc)
            except InvalidInputError as exc:
                attach_domain_errors(exc, [form, extras])
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, gettext("Application filed. Receipt number %(receipt)s.") % {"receipt": case.receipt_number})
                return redirect(_case_url(case, DEFAULT_PURPOSE, filed="1"))
        status = 422
    else:
        form = service.form_class()
        extras = IntakeExtrasForm(service=service)
    context = {
        "service": service,
        "form": form,
        "extras": extras,
        "counter_unit": counter_unit,
        "counter_unit_name": _unit_name(counter_unit),
        "errors": error_summary(form, extras) if request.method == "POST" else [],
    }
    return render(request, "applications/staff/intake_form.html", context, status=status)
