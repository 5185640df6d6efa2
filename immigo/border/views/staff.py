"""Staff pages of the border app: the exit-ban register, proxies' letters, the airport approval
for conscripts (F04) and the reunion-period computation (A16). Every page that shows personal
data audits the read with its purpose."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.accounts import permissions as account_permissions
from immigo.applications.views._helpers import AuthenticatedRequest, error_summary, pdf_response, staff_required
from immigo.core.audit import audit_record
from immigo.core.calendar import local_today
from immigo.core.errors import DomainError, InvalidInputError, NotFoundError, PermissionDeniedError

from .. import permissions, reunion, selectors, services
from ..forms import BindForm, ExitBanForm, LiftForm, RegistrySearchForm, ReunionComputeForm, ReviewForm
from ..models import ProxyAuthorisation

REGISTRY_PAGE = 50


def _attach(exc: DomainError, form: Any) -> None:
    fields = exc.details.get("fields") or {}
    for name, field_messages in fields.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, str(message))
    if not fields:
        form.add_error(None, str(exc.message))


# --- the exit-ban register ---------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def registry(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.may_keep_register(request.user):
        raise PermissionDenied
    search = RegistrySearchForm(request.GET or None)
    national_id, include_lifted = "", False
    if search.is_bound and search.is_valid():
        national_id, include_lifted = search.cleaned_data["national_id"], search.cleaned_data["include_lifted"]
    form = ExitBanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.exit_ban_register(by=request.user, **form.cleaned_data)
            except InvalidInputError as exc:
                _attach(exc, form)
            else:
                messages.success(request, gettext("The ban has been registered."))
                return redirect(f"{reverse('staff:border:registry')}?national_id={form.cleaned_data['national_id']}")
        status = 422
    bans = list(selectors.exit_ban_list_for_registry(national_id=national_id, include_lifted=include_lifted)[:REGISTRY_PAGE])
    if bans or national_id:  # a search by ID number reads personal data even when nothing is found
        audit_record(
            actor=request.user,
            action="search",
            object_type="border.exitban",
            object_id="register",
            purpose="exit-ban register kept",
            details={"bans": [b.pk for b in bans], "national_id": national_id},
        )
    context = {
        "bans": bans,
        "search": search,
        "form": form,
        "lift_form": LiftForm(),
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "border/staff/registry.html", context, status=status)


@staff_required
@require_POST
def registry_lift(request: AuthenticatedRequest, ban_id: int) -> HttpResponse:
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give the reason for lifting the ban."))
    else:
        try:
            ban = services.exit_ban_lift(by=request.user, ban_id=ban_id, reason=form.cleaned_data["reason"])
        except (NotFoundError, PermissionDeniedError):
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, gettext("The ban has been lifted."))
            return redirect(f"{reverse('staff:border:registry')}?national_id={ban.person.national_id}&include_lifted=on")
    return redirect("staff:border:registry")


# --- proxies' letters ----------------------------------------------------------------------------


@staff_required
def proxy_queue(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.may_review_proxies(request.user):
        raise PermissionDenied
    pending = list(selectors.proxy_authorisation_list_for_review()[:100])
    return render(request, "border/staff/proxy_queue.html", {"requests": pending})


def _proxy_request(request: AuthenticatedRequest, auth_id: int) -> ProxyAuthorisation:
    if not permissions.may_review_proxies(request.user):
        raise PermissionDenied
    auth = ProxyAuthorisation.objects.select_related("proxy").filter(pk=auth_id).first()
    if auth is None:
        raise Http404
    return auth


@staff_required
@require_http_methods(["GET", "POST"])
def proxy_review(request: AuthenticatedRequest, auth_id: int) -> HttpResponse:
    auth = _proxy_request(request, auth_id)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "verify":
                    services.proxy_authorisation_verify(by=request.user, auth_id=auth.pk, note=form.cleaned_data["note"])
                else:
                    services.proxy_authorisation_reject(by=request.user, auth_id=auth.pk, note=form.cleaned_data["note"])
            except DomainError as exc:
                _attach(exc, form)
            else:
                messages.success(request, gettext("Recorded."))
                return redirect("staff:border:proxy_queue")
        status = 422
    audit_record(actor=request.user, action="read", obj=auth, purpose="A06 proxy letter reviewed")
    context = {"auth": auth, "form": form, "errors": error_summary(form) if request.method == "POST" else []}
    return render(request, "border/staff/proxy_review.html", context, status=status)


@staff_required
def proxy_letter(request: AuthenticatedRequest, auth_id: int) -> HttpResponseBase:
    auth = _proxy_request(request, auth_id)
    audit_record(actor=request.user, action="read", obj=auth, purpose="A06 proxy letter opened")
    return FileResponse(
        auth.letter.open("rb"), as_attachment=True, filename=f"{auth.reference}-letter", content_type=auth.letter_content_type
    )


# --- F04: airport approval ----------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def airport_exit(request: AuthenticatedRequest) -> HttpResponse:
    from immigo.applications.catalogue import service_get

    units = permissions.border_units(request.user)
    if not units:
        raise PermissionDenied
    service = service_get("F04")
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit", "")), units[0])
    form = service.form_class(request.POST or None, initial={"departure_date": local_today(), "nationality": "TWN", "sex": "M"})
    status = 200
    undertaking_error = ""
    if request.method == "POST":
        undertaking = request.FILES.get("undertaking")
        if undertaking is None:
            undertaking_error = gettext("Scan the signed undertaking.")
        if form.is_valid() and undertaking is not None:
            try:
                case = services.airport_approval_grant(officer=request.user, unit=unit, data=form.cleaned_data, undertaking=undertaking)
            except InvalidInputError as exc:
                _attach(exc, form)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except DomainError as exc:
                _attach(exc, form)
            else:
                return redirect("staff:border:airport_case", receipt=case.receipt_number)
        status = 422
    errors = error_summary(form) if request.method == "POST" else []
    if undertaking_error:
        errors.append({"href": "#id_undertaking", "label": gettext("Signed undertaking"), "message": undertaking_error})
    context = {"form": form, "units": units, "unit": unit, "errors": errors, "undertaking_error": undertaking_error, "service": service}
    return render(request, "border/staff/airport_exit.html", context, status=status)


def _airport_case(request: AuthenticatedRequest, receipt: str) -> Any:
    from immigo.applications.models import Case

    case = Case.objects.select_related("applicant", "unit").filter(receipt_number=receipt, service_code="F04").first()
    if case is None:
        raise Http404
    if not account_permissions.has_role(request.user, permissions.AIRPORT_ROLES, unit_id=case.unit_id):
        raise PermissionDenied
    return case


@staff_required
def airport_case(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    case = _airport_case(request, receipt)
    audit_record(
        actor=request.user,
        action="read",
        obj=case,
        person_id=case.applicant_id,
        purpose="F04 airport approval shown",
        unit_code=case.unit.code,
    )
    context = {"case": case, "issued": getattr(case, "issued_document", None), "events": list(case.events.filter(action="auto_check"))}
    return render(request, "border/staff/airport_case.html", context)


@staff_required
def airport_approval_pdf(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    from immigo.applications.documents.pdf import issued_document_pdf
    from immigo.applications.views._helpers import service_name_in

    case = _airport_case(request, receipt)
    issued = getattr(case, "issued_document", None)
    if issued is None:
        raise Http404
    content = issued_document_pdf(issued, service_name=service_name_in(case))
    audit_record(
        actor=request.user,
        action="export",
        obj=issued,
        person_id=case.applicant_id,
        purpose="F04 approval printed for the traveller",
        unit_code=case.unit.code,
    )
    return pdf_response(content, filename=f"{issued.number}.pdf")


# --- A16: the officer's computation -------------------------------------------------------------


def _dates_from_case(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) or None for name in ("reunion_from", "dependent_from", "long_term_from")}


@staff_required
@require_http_methods(["GET", "POST"])
def reunion_compute(request: AuthenticatedRequest, receipt: str) -> HttpResponse:
    from immigo.applications import selectors as case_selectors

    try:
        case = case_selectors.case_get_for_staff(user=request.user, receipt_number=receipt, purpose="A16 reunion period computation")
    except NotFoundError:
        raise Http404 from None
    except PermissionDeniedError:
        raise PermissionDenied from None
    if case.service_code != "A16":
        raise Http404
    initial = {**_dates_from_case(case.data), "as_of": local_today()}
    form = ReunionComputeForm(request.POST or request.GET or None, initial=initial)
    if not form.is_bound:
        form = ReunionComputeForm(initial=initial)
    computation: reunion.Computation | None = None
    status = 200
    if form.is_bound and form.is_valid():
        periods = services.reunion_periods_from_data({k: v for k, v in form.cleaned_data.items() if k != "as_of"})
        if request.method == "POST":
            try:
                services.reunion_computation_save(by=request.user, case_id=case.pk, periods=periods, as_of=form.cleaned_data["as_of"])
            except DomainError as exc:
                _attach(exc, form)
                status = 422
            else:
                messages.success(request, gettext("The computation has been saved. Approve the case to send the statement."))
                return redirect(f"{reverse('staff:case', args=[case.receipt_number])}?purpose=case+work")
        computation = services.reunion_compute_preview(person_id=case.applicant_id, periods=periods, as_of=form.cleaned_data["as_of"])
    elif form.is_bound:
        status = 422
    context = {
        "case": case,
        "form": form,
        "computation": computation,
        "saved": selectors.reunion_computation_latest(case_id=case.pk),
        "errors": error_summary(form) if form.is_bound and form.errors else [],
        "min_days": reunion.MIN_DAYS_PER_YEAR,
    }
    return render(request, "border/staff/reunion_compute.html", context, status=status)


# --- linking an account to a national ID at the counter -------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def account_bind(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.may_review_proxies(request.user):
        raise PermissionDenied
    form = BindForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.account_identity_bind(
                    by=request.user, email=data["email"], national_id=data["national_id"], date_of_birth=data["date_of_birth"]
                )
            except DomainError as exc:
                _attach(exc, form)
            else:
                messages.success(request, gettext("The account is now linked to the national ID number."))
                return redirect("staff:border:account_bind")
        status = 422
    return render(
        request, "border/staff/account_bind.html", {"form": form, "errors": error_summary(form) if form.is_bound else []}, status=status
    )
