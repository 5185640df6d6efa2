"""A09 fast-track clearance: the sponsoring company's pages (file for a traveller, the approvals
listed, download an approval) and the traveller's lookup by passport number and date of birth."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, NotFoundError, RateLimitedError
from immigo.core.middleware import client_ip
from immigo.organisations.decorators import organisation_required
from immigo.organisations.models import Organisation

from ..catalogue import a09_business_fast_track as a09
from ..catalogue.base import DateInput
from ..models import IssuedDocument, Status
from ..workflow import Action
from . import _catalogue
from ._helpers import attach_domain_errors, error_summary, pdf_response, raise_as_http, service_name_in, uploads
from .public_forms import DocumentsForm, SupplementUploadForm

APPROVALS_PER_PAGE = 25
SPONSOR_PURPOSE = "sponsoring company: its travellers' fast-track approvals"


class SponsorRequest(HttpRequest):
    user: User  # type: ignore[assignment]
    sponsor: Organisation


# A signed-in login of a sponsoring company; anyone else is refused.
sponsor_required = organisation_required(a09.SPONSOR_KIND, attribute="sponsor")


@sponsor_required
def home(request: SponsorRequest) -> HttpResponse:
    cases = a09.fast_track_list_for_sponsor(organisation=request.sponsor)
    page = Paginator(cases, APPROVALS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page)
    rows = [{"case": case, "approval": getattr(case, "issued_document", None)} for case in shown]
    if shown:
        audit_record(
            actor=request.user,
            action="search",
            object_type="applications.case",
            object_id="sponsor-approvals",
            purpose=SPONSOR_PURPOSE,
            details={"organisation": request.sponsor.pk, "receipts": [case.receipt_number for case in shown]},
        )
    context = {"sponsor": request.sponsor, "page": page, "rows": rows, "service": a09.SERVICE}
    return render(request, "applications/sponsor/home.html", context)


@sponsor_required
@require_http_methods(["GET", "POST"])
def apply(request: SponsorRequest) -> HttpResponse:
    service = a09.SERVICE
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
                case = a09.fast_track_submit(
                    organisation=request.sponsor,
                    by=request.user,
                    data=form.cleaned_data,
                    files=uploads(request, codes),
                    language=get_language(),
                )
            except InvalidInputError as exc:
                attach_domain_errors(exc, [form, documents_form])
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied(str(exc.message)) from exc
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, gettext("Application filed. Receipt number %(receipt)s.") % {"receipt": case.receipt_number})
                return redirect("applications:sponsor_home")
        status = 422
    else:
        form = service.form_class()
        documents_form = DocumentsForm(documents=documents)
    context = {
        "sponsor": request.sponsor,
        "service": service,
        "form": form,
        "documents_form": documents_form,
        "errors": error_summary(form, documents_form) if request.method == "POST" else [],
        "fee": _catalogue.fee_text(service),
    }
    return render(request, "applications/sponsor/apply.html", context, status=status)


def _approval_pdf(approval: IssuedDocument) -> HttpResponse:
    from ..documents.pdf import issued_document_pdf

    if approval.revoked_at is not None:
        raise Http404
    content = issued_document_pdf(approval, service_name=service_name_in(approval.case))
    return pdf_response(content, filename=f"{approval.number}.pdf")


@sponsor_required
def approval_pdf(request: SponsorRequest, receipt: str) -> HttpResponse:
    try:
        case = a09.fast_track_get_for_sponsor(organisation=request.sponsor, receipt_number=receipt)
    except NotFoundError as exc:
        raise_as_http(exc)
    approval = getattr(case, "issued_document", None)
    if approval is None:
        raise Http404
    audit_record(
        actor=request.user,
        action="export",
        obj=approval,
        person_id=case.applicant_id,
        purpose=f"{SPONSOR_PURPOSE}: download",
        details={"organisation": request.sponsor.pk, "case": case.receipt_number},
    )
    return _approval_pdf(approval)


def _own_case(request: SponsorRequest, receipt: str, purpose: str) -> Any:
    try:
        case = a09.fast_track_get_for_sponsor(organisation=request.sponsor, receipt_number=receipt)
    except NotFoundError as exc:
        raise_as_http(exc)
    audit_record(
        actor=request.user,
        action="read",
        obj=case,
        person_id=case.applicant_id,
        purpose=f"{SPONSOR_PURPOSE}: {purpose}",
        details={"organisation": request.sponsor.pk},
    )
    return case


def _case_page(request: SponsorRequest, case: Any, *, form: SupplementUploadForm | None = None, status: int = 200) -> HttpResponse:
    supplement = case.supplements.filter(fulfilled_at__isnull=True).first() if case.status == Status.AWAITING_SUPPLEMENT else None
    if supplement is not None and form is None:
        form = SupplementUploadForm(items=supplement.items)
    context = {
        "sponsor": request.sponsor,
        "case": case,
        "service": a09.SERVICE,
        "approval": getattr(case, "issued_document", None) if case.status in (Status.ISSUED, Status.COLLECTED) else None,
        "supplement": supplement,
        "supplement_form": form,
        "events": [
            (event, Action(event.action).label if event.action in Action.values else event.action)
            for event in case.events.filter(public=True)
        ],
        "errors": error_summary(form) if form is not None and form.is_bound else [],
    }
    return render(request, "applications/sponsor/case.html", context, status=status)


@sponsor_required
def case_detail(request: SponsorRequest, receipt: str) -> HttpResponse:
    return _case_page(request, _own_case(request, receipt, "case status"))


@sponsor_required
@require_POST
def case_supplement(request: SponsorRequest, receipt: str) -> HttpResponse:
    """The company supplies the documents of a one-time notice for its traveller."""
    from ..services import case_supplement_receive

    case = _own_case(request, receipt, "documents supplied")
    supplement = case.supplements.filter(fulfilled_at__isnull=True).first() if case.status == Status.AWAITING_SUPPLEMENT else None
    if supplement is None:
        return redirect("applications:sponsor_case", receipt=case.receipt_number)
    form = SupplementUploadForm(request.POST, request.FILES, items=supplement.items)
    if form.is_valid():
        try:
            case_supplement_receive(case=case, by=request.user, files=uploads(request, form.fields))
        except InvalidInputError as exc:
            attach_domain_errors(exc, [form])
        except DomainError as exc:
            if exc.status in (403, 404):
                raise_as_http(exc)
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, gettext("Thank you. We have received your documents and the review continues."))
            return redirect("applications:sponsor_case", receipt=case.receipt_number)
    return _case_page(request, case, form=form, status=422)


# --- the traveller's lookup ---------------------------------------------------------------------


class FastTrackLookupForm(forms.Form):
    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput(attrs={"autocomplete": "bday"}))


def _lookup(request: HttpRequest, form: FastTrackLookupForm) -> tuple[IssuedDocument | None, int]:
    try:
        approval = a09.fast_track_lookup(
            passport_number=form.cleaned_data["passport_number"],
            date_of_birth=form.cleaned_data["date_of_birth"],
            client_key=client_ip(request) or "",
        )
    except RateLimitedError as exc:
        form.add_error(None, str(exc.message))
        return None, 429
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        return None, 404
    return approval, 200


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    approval, status = None, 200
    if request.method == "POST":
        form = FastTrackLookupForm(request.POST)
        if form.is_valid():
            approval, status = _lookup(request, form)
        else:
            status = 422
    else:
        form = FastTrackLookupForm()
    context = {
        "form": form,
        "approval": approval,
        "service": a09.SERVICE,
        "errors": error_summary(form) if form.is_bound else [],
    }
    return render(request, "applications/sponsor/lookup.html", context, status=status)


@require_POST
def lookup_pdf(request: HttpRequest) -> HttpResponse:
    """The approval PDF for the traveller: the same two answers again, counted by the same limit."""
    form = FastTrackLookupForm(request.POST)
    if not form.is_valid():
        return redirect("applications:fast_track_lookup")
    approval, status = _lookup(request, form)
    if approval is None:
        context = {"form": form, "approval": None, "service": a09.SERVICE, "errors": error_summary(form)}
        return render(request, "applications/sponsor/lookup.html", context, status=status)
    return _approval_pdf(approval)
