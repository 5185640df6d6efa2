"""Applicants' pages: the catalogue, applying online, their cases, the public status lookup."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.core.errors import DomainError, InvalidInputError, RateLimitedError
from immigo.core.middleware import client_ip

from .. import selectors, services
from ..catalogue import SERVICES, service_get, service_get_by_slug
from ..catalogue.base import Service
from ..models import Case, Channel, Pickup, Status, SupplementRequest
from ..services import Submission
from ..workflow import RULES, Action
from . import _catalogue
from ._helpers import (
    AuthenticatedRequest,
    attach_domain_errors,
    documents_received,
    error_summary,
    pdf_response,
    public_account_required,
    raise_as_http,
    service_name_in,
    uploads,
)
from .public_forms import DocumentsForm, StatusLookupForm, SupplementUploadForm, WithdrawForm

MY_CASES_PER_PAGE = 20


def service_list(request: HttpRequest) -> HttpResponse:
    services_shown = [
        {
            "service": service,
            "fee": _catalogue.fee_text(service),
            "channels": _catalogue.channel_labels(service),
            "documents": _catalogue.document_lines(service),
            "online": service.offers(Channel.ONLINE) and not service.organisation_kinds,
            "by_organisation": bool(service.organisation_kinds),
        }
        for service in SERVICES.values()
    ]
    return render(request, "applications/service_list.html", {"services": services_shown})


def _online_service(slug: str) -> Service:
    try:
        service = service_get_by_slug(slug)
    except DomainError as exc:
        raise_as_http(exc)
    if not service.offers(Channel.ONLINE) or service.organisation_kinds:
        raise Http404
    return service


@public_account_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = _online_service(slug)
    documents = _catalogue.document_lines(service)
    if request.method == "POST":
        form = service.form_class(request.POST)
        documents_form = DocumentsForm(request.POST, request.FILES, documents=documents)
        form_ok = form.is_valid()
        documents_form.is_valid()
        if form_ok:
            codes = [doc.code for doc in service.required_documents(form.cleaned_data)]
            submission = Submission(
                service=service,
                data=form.cleaned_data,
                files=uploads(request, codes),
                channel=Channel.ONLINE,
                language=get_language(),
            )
            try:
                case = services.application_submit(submission=submission, by=request.user)
            except InvalidInputError as exc:
                attach_domain_errors(exc, [form, documents_form])
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request,
                    gettext("Your application has been received. Your receipt number is %(receipt)s.") % {"receipt": case.receipt_number},
                )
                return redirect("applications:case_detail", receipt=case.receipt_number)
        status = 422
    else:
        form = service.form_class()
        documents_form = DocumentsForm(documents=documents)
        status = 200
    context = {
        "service": service,
        "form": form,
        "documents_form": documents_form,
        "errors": error_summary(form, documents_form) if request.method == "POST" else [],
        "fee": _catalogue.fee_text(service),
    }
    return render(request, "applications/apply.html", context, status=status)


def _own_case(request: AuthenticatedRequest, receipt: str) -> Case:
    """The signed-in applicant's own case; any other receipt number is simply not found."""
    case = selectors.case_list_for_account(user=request.user).filter(receipt_number=receipt).select_related("applicant", "unit").first()
    if case is None:
        raise Http404
    return case


def _open_supplement(case: Case) -> SupplementRequest | None:
    if case.status != Status.AWAITING_SUPPLEMENT:
        return None
    return case.supplements.filter(fulfilled_at__isnull=True).first()


def _case_page(
    request: AuthenticatedRequest,
    case: Case,
    *,
    supplement_form: SupplementUploadForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    service = service_get(case.service_code)
    supplement = _open_supplement(case)
    if supplement is not None and supplement_form is None:
        supplement_form = SupplementUploadForm(items=supplement.items)
    issued = getattr(case, "issued_document", None) if case.status in (Status.ISSUED, Status.COLLECTED) else None
    errors = []
    if supplement_form is not None and supplement_form.is_bound:
        errors += error_summary(supplement_form)
    if withdraw_form is not None and withdraw_form.is_bound:
        errors += error_summary(withdraw_form)
    context = {
        "case": case,
        "service": service,
        "supplement": supplement,
        "supplement_form": supplement_form,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "can_withdraw": case.status in RULES[Action.WITHDRAW].sources,
        "issued": issued,
        "can_download": issued is not None and issued.revoked_at is None and case.pickup == Pickup.DOWNLOAD,
        "events": [
            (event, Action(event.action).label if event.action in Action.values else event.action)
            for event in case.events.filter(public=True)
        ],
        "errors": errors,
    }
    return render(request, "applications/case_detail.html", context, status=status)


@public_account_required
def case_detail(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    return _case_page(request, _own_case(request, receipt))


@public_account_required
@require_POST
def case_supplement(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    case = _own_case(request, receipt)
    supplement = _open_supplement(case)
    if supplement is None:
        messages.info(request, gettext("No documents are requested for this application at the moment."))
        return redirect("applications:case_detail", receipt=case.receipt_number)
    form = SupplementUploadForm(request.POST, request.FILES, items=supplement.items)
    if form.is_valid():
        files = uploads(request, form.fields)
        try:
            services.case_supplement_receive(case=case, by=request.user, files=files)
        except InvalidInputError as exc:
            attach_domain_errors(exc, [form])
        except DomainError as exc:
            if exc.status in (403, 404):
                raise_as_http(exc)
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, gettext("Thank you. We have received your documents and the review continues."))
            return redirect("applications:case_detail", receipt=case.receipt_number)
    return _case_page(request, case, supplement_form=form, status=422)


@public_account_required
@require_http_methods(["GET", "POST"])
def case_withdraw(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    case = _own_case(request, receipt)
    if request.method == "GET":
        return redirect("applications:case_detail", receipt=case.receipt_number)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.case_withdraw(case=case, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if exc.status in (403, 404):
                raise_as_http(exc)
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, gettext("Your application has been withdrawn."))
            return redirect("applications:case_detail", receipt=case.receipt_number)
    return _case_page(request, case, withdraw_form=form, status=422)


@public_account_required
def case_document(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    from ..documents.pdf import issued_document_pdf

    case = _own_case(request, receipt)
    issued = getattr(case, "issued_document", None)
    if issued is None or issued.revoked_at is not None or case.pickup != Pickup.DOWNLOAD:
        raise Http404
    try:
        content = issued_document_pdf(issued, service_name=service_name_in(case))
    except DomainError as exc:
        return render(request, "applications/pdf_unavailable.html", {"case": case, "message": exc.message}, status=exc.status)
    return pdf_response(content, filename=f"{issued.number}.pdf")


@public_account_required
def case_receipt(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    from ..documents.pdf import receipt_pdf

    case = _own_case(request, receipt)
    content = receipt_pdf(case, service_name=service_name_in(case), documents_received=documents_received(case))
    return pdf_response(content, filename=f"receipt-{case.receipt_number}.pdf")


@public_account_required
def my_cases(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.case_list_for_account(user=request.user), MY_CASES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"case": case, "service_name": service_get(case.service_code).name} for case in page]
    return render(request, "applications/my_cases.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def status_lookup(request: HttpRequest) -> HttpResponse:
    result = None
    status = 200
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            try:
                result = selectors.status_lookup(
                    reference=form.cleaned_data["reference"],
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    client_key=client_ip(request) or "",
                )
            except RateLimitedError as exc:
                form.add_error(None, str(exc.message))
                status = 429
            except DomainError as exc:
                # Unknown reference and wrong date of birth read the same (LookupNotFoundError).
                form.add_error(None, str(exc.message))
        else:
            status = 422
    else:
        form = StatusLookupForm(initial={"reference": request.GET.get("receipt", "")[:40]})
    context = {
        "form": form,
        "result": result,
        "service_name": service_get(result.service_code).name if result else "",
        "errors": error_summary(form) if form.is_bound else [],
    }
    return render(request, "applications/status_lookup.html", context, status=status)
