"""The travel agencies' pages (A13–A15): file for a customer, file a customer list, follow the
agency's own cases and download the permits issued. Another agency's case is not found."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, NotFoundError, PermissionDeniedError
from immigo.organisations.decorators import organisation_required
from immigo.organisations.models import Organisation

from ..catalogue.base import Service
from ..models import Case, Status
from ..services import agency as agency_services
from ..workflow import Action
from . import _catalogue
from ._helpers import attach_domain_errors, error_summary, pdf_response, raise_as_http, service_name_in, uploads
from .public_forms import DocumentsForm, SupplementUploadForm

CASES_PER_PAGE = 25
AGENCY_PURPOSE = "agency customer service"


class AgencyRequest(HttpRequest):
    user: User  # type: ignore[assignment]
    agency: Organisation


# A signed-in login of a travel agency; anyone else is refused.
agency_required = organisation_required(Organisation.Kind.TRAVEL_AGENCY, attribute="agency")


def _service(slug: str) -> Service:
    try:
        return agency_services.agency_service_get(slug)
    except DomainError as exc:
        raise Http404 from exc


class CustomerListForm(forms.Form):
    customer_list = forms.FileField(
        label=_("Customer list (CSV, UTF-8)"),
        help_text=_("One customer per row, with the columns of the template. At most 200 customers."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


@agency_required
def home(request: AgencyRequest) -> HttpResponse:
    cases = agency_services.case_list_for_organisation(organisation=request.agency)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"case": case, "service_name": _catalogue_name(case.service_code)} for case in page]
    if rows:
        audit_record(
            actor=request.user,
            action="read",
            object_type="applications.case",
            purpose=f"{AGENCY_PURPOSE}: case list",
            details={"organisation": request.agency.pk, "receipts": [row["case"].receipt_number for row in rows]},
        )
    context = {
        "agency": request.agency,
        "licence_valid": request.agency.licence_valid_on(calendar.local_today()),
        "services": [{"service": s, "fee": _catalogue.fee_text(s)} for s in agency_services.agency_services()],
        "page": page,
        "rows": rows,
    }
    return render(request, "applications/agency/home.html", context)


def _catalogue_name(code: str) -> Any:
    from ..catalogue import service_get

    return service_get(code).name


@agency_required
@require_http_methods(["GET", "POST"])
def apply(request: AgencyRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    documents = _catalogue.document_lines(service)
    status = 200
    if request.method == "POST":
        form = service.form_class(request.POST)
        documents_form = DocumentsForm(request.POST, request.FILES, documents=documents)
        form_ok = form.is_valid()
        documents_form.is_valid()
        if form_ok:
            codes = [doc.code for doc in service.required_documents(form.cleaned_data)]
            try:
                case = agency_services.agency_application_submit(
                    organisation=request.agency,
                    by=request.user,
                    service=service,
                    data=form.cleaned_data,
                    files=uploads(request, codes),
                    language=get_language() or "zh-hant",
                )
            except (NotFoundError, PermissionDeniedError) as exc:
                raise_as_http(exc)
            except DomainError as exc:  # invalid input, refused checks, lapsed licence: beside the fields
                attach_domain_errors(exc, [form, documents_form])
            else:
                messages.success(request, _filed_message(case.receipt_number, case.status))
                return redirect("applications:agency_case", receipt=case.receipt_number)
        status = 422
    else:
        form = service.form_class()
        documents_form = DocumentsForm(documents=documents)
    context = {
        "agency": request.agency,
        "service": service,
        "form": form,
        "documents_form": documents_form,
        "fee": _catalogue.fee_text(service),
        "errors": error_summary(form, documents_form) if request.method == "POST" else [],
    }
    return render(request, "applications/agency/apply.html", context, status=status)


def _filed_message(receipt: str, status: str) -> str:
    if status == Status.ISSUED:
        return gettext("Approved at once: the permit for receipt %(receipt)s is ready to print.") % {"receipt": receipt}
    return gettext("Application filed. Receipt number %(receipt)s.") % {"receipt": receipt}


@agency_required
@require_http_methods(["GET", "POST"])
def upload(request: AgencyRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    row_errors: list[agency_services.RowError] = []
    status = 200
    if request.method == "POST":
        form = CustomerListForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = agency_services.agency_batch_submit(
                    organisation=request.agency,
                    by=request.user,
                    service=service,
                    upload=form.cleaned_data["customer_list"],
                    language=get_language() or "zh-hant",
                )
            except (NotFoundError, PermissionDeniedError) as exc:
                raise_as_http(exc)
            except DomainError as exc:
                details = exc.details
                extra = [*details.get("unknown", []), *details.get("missing", [])]
                form.add_error("customer_list", " ".join([str(exc.message), *extra]))
            else:
                if not result.errors:
                    messages.success(
                        request,
                        gettext("%(count)s applications filed from the customer list.") % {"count": len(result.cases)},
                    )
                    return redirect("applications:agency_home")
                row_errors = result.errors
                form.add_error("customer_list", str(agency_services.CustomerListInvalidError.message))
        status = 422
    else:
        form = CustomerListForm()
    context = {
        "agency": request.agency,
        "service": service,
        "form": form,
        "row_errors": row_errors,
        "columns": agency_services.customer_list_columns(service),
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "applications/agency/upload.html", context, status=status)


@agency_required
def upload_template(request: AgencyRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    response = HttpResponse(agency_services.customer_list_template(service), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{service.code}-customers.csv"'
    return response


def _own_case(request: AgencyRequest, receipt: str, purpose: str) -> Case:
    try:
        return agency_services.case_get_for_organisation(
            organisation=request.agency, by=request.user, receipt_number=receipt, purpose=f"{AGENCY_PURPOSE}: {purpose}"
        )
    except DomainError as exc:
        raise_as_http(exc)


@agency_required
@require_http_methods(["GET", "POST"])
def case_detail(request: AgencyRequest, receipt: str) -> HttpResponse:
    case = _own_case(request, receipt, "case status")
    supplement = case.supplements.filter(fulfilled_at__isnull=True).first() if case.status == Status.AWAITING_SUPPLEMENT else None
    supplement_form = SupplementUploadForm(items=supplement.items) if supplement is not None else None
    status = 200
    if request.method == "POST":
        if supplement is None:
            raise Http404
        supplement_form = SupplementUploadForm(request.POST, request.FILES, items=supplement.items)
        if supplement_form.is_valid():
            try:
                agency_services.agency_supplement_send(
                    organisation=request.agency, by=request.user, case=case, files=uploads(request, supplement_form.fields)
                )
            except (NotFoundError, PermissionDeniedError) as exc:
                raise_as_http(exc)
            except DomainError as exc:
                attach_domain_errors(exc, [supplement_form])
            else:
                messages.success(request, gettext("The documents were sent. The time limit runs again."))
                return redirect("applications:agency_case", receipt=case.receipt_number)
        status = 422
    events = [
        (event, Action(event.action).label if event.action in Action.values else event.action) for event in case.events.filter(public=True)
    ]
    issued = getattr(case, "issued_document", None) if case.status in (Status.ISSUED, Status.COLLECTED) else None
    context = {
        "agency": request.agency,
        "case": case,
        "service": _catalogue_name(case.service_code),
        "applicant": case.applicant,
        "events": events,
        "issued": issued,
        "supplement": supplement,
        "supplement_form": supplement_form,
        "errors": error_summary(supplement_form) if supplement_form is not None and supplement_form.is_bound else [],
    }
    return render(request, "applications/agency/case.html", context, status=status)


@agency_required
def permit_pdf(request: AgencyRequest, receipt: str) -> HttpResponse:
    from ..documents.pdf import issued_document_pdf

    case = _own_case(request, receipt, "permit download")
    issued = getattr(case, "issued_document", None)
    if issued is None or case.status not in (Status.ISSUED, Status.COLLECTED):
        raise Http404
    content = issued_document_pdf(issued, service_name=service_name_in(case, "zh-hant"))
    audit_record(
        actor=request.user,
        action="export",
        obj=issued,
        person_id=case.applicant_id,
        purpose=f"{AGENCY_PURPOSE}: permit download",
        details={"case": case.receipt_number, "organisation": request.agency.pk},
    )
    return pdf_response(content, filename=f"{issued.number}.pdf")
