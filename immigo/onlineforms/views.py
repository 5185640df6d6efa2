"""Pages of the online forms: the list of the 13 forms, filling one in, the applicant's own page
(reached by its secret link) with the PDF to print, and the counter's "scan or type the form
code" page that opens the service's intake pre-filled."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from immigo.accounts import permissions
from immigo.applications.catalogue.base import Service
from immigo.applications.forms_staff import DEFAULT_PURPOSE, IntakeExtrasForm
from immigo.applications.models import Channel
from immigo.applications.selectors import STAFF_ROLES
from immigo.applications.services import Submission
from immigo.applications.views import _catalogue
from immigo.applications.views._helpers import (
    AuthenticatedRequest,
    attach_domain_errors,
    error_summary,
    pdf_response,
    staff_required,
)
from immigo.core.errors import DomainError, InvalidInputError, NotFoundError, PermissionDeniedError, RateLimitedError
from immigo.core.middleware import client_ip
from immigo.core.throttle import throttle_hit

from . import codes, selectors, services
from .catalogue import FORM_VALID_DAYS, FORMS, FormSpec, form_spec_get
from .errors import FilledFormExpiredError, FormCodeInvalidError
from .models import FilledForm
from .printing import filled_form_pdf
from .workflow import Status

# Wrong links to a filled-in form per address and hour, before the page stops answering.
LINK_ATTEMPTS_PER_HOUR = 30
# Forms filled in per address and hour (a family or a service desk fills in several).
FILLS_PER_HOUR = 60
STAFF_PURPOSE = "counter intake from an online form"


def _spec(slug: str) -> FormSpec:
    try:
        return form_spec_get(slug)
    except NotFoundError as exc:
        raise Http404 from exc


def form_list(request: HttpRequest) -> HttpResponse:
    rows = [{"spec": spec, "service": spec.service, "fee": _catalogue.fee_text(spec.service)} for spec in FORMS]
    return render(request, "onlineforms/list.html", {"rows": rows, "valid_days": FORM_VALID_DAYS})


@require_http_methods(["GET", "POST"])
def form_fill(request: HttpRequest, slug: str) -> HttpResponse:
    spec = _spec(slug)
    service = spec.service
    status = 200
    if request.method == "POST":
        form = spec.form_class(request.POST)
        if throttle_hit(scope="onlineforms-fill", client_key=client_ip(request) or "", limit=FILLS_PER_HOUR, window_seconds=3600):
            form.is_valid()
            form.add_error(None, str(RateLimitedError.message))
            status = 429
        elif form.is_valid():
            filled = services.filled_form_create(
                spec=spec,
                data=form.cleaned_data,
                language=get_language() or "zh-hant",
                account=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, gettext("Your form is ready. Print it and bring it to a service station."))
            return redirect("onlineforms:filled", token=codes.token_for(filled.reference))
        else:
            status = 422
    else:
        form = spec.form_class()
    context = {
        "spec": spec,
        "service": service,
        "form": form,
        "documents": _catalogue.document_lines(service),
        "fee": _catalogue.fee_text(service),
        "valid_days": FORM_VALID_DAYS,
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "onlineforms/fill.html", context, status=status)


def _own_form(request: HttpRequest, token: str) -> FilledForm:
    """The form behind the applicant's secret link; wrong links are counted per address."""
    try:
        return selectors.filled_form_get_by_token(token=token)
    except FormCodeInvalidError as exc:
        if throttle_hit(scope="onlineforms-link", client_key=client_ip(request) or "", limit=LINK_ATTEMPTS_PER_HOUR, window_seconds=3600):
            raise Http404(str(RateLimitedError.message)) from exc
        raise Http404 from exc


def filled(request: HttpRequest, token: str) -> HttpResponse:
    form = _own_form(request, token)
    spec = form_spec_get(form.form_code)
    expired = services.filled_form_is_expired(form)
    context = {
        "spec": spec,
        "filled": form,
        "token": token,
        "reference": codes.reference_display(form.reference),
        "expired": expired,
        "is_filed": form.status == Status.FILED,
        "documents": [] if expired else _documents(spec.service, form.data),
    }
    return render(request, "onlineforms/filled.html", context, status=410 if expired else 200)


def _documents(service: Service, data: dict[str, Any]) -> list[Any]:
    return [doc.label for doc in service.required_documents(data)]


def filled_pdf(request: HttpRequest, token: str) -> HttpResponse:
    form = _own_form(request, token)
    if form.status != Status.READY or services.filled_form_is_expired(form):
        raise Http404
    return pdf_response(filled_form_pdf(form), filename=f"{form.form_code}-{form.reference}.pdf")


# --- the counter ------------------------------------------------------------------------------


class FormCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Form code"),
        max_length=300,
        help_text=_("Scan the QR code on the printed form, or type the 16 letters and digits printed under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters", "autofocus": True}),
    )


def _require_counter_role(request: AuthenticatedRequest) -> None:
    if not permissions.has_role(request.user, STAFF_ROLES):
        raise PermissionDenied


@staff_required
def staff_scan(request: AuthenticatedRequest) -> HttpResponse:
    """Scan or type a form's code. A phone that scans the QR code opens this page with the code
    in the address; a hand scanner types it into the field."""
    _require_counter_role(request)
    code_form = FormCodeForm(request.GET if "code" in request.GET else None)
    status = 200
    if code_form.is_bound and code_form.is_valid():
        try:
            filled_form = selectors.filled_form_get_for_staff(user=request.user, code=code_form.cleaned_data["code"], purpose=STAFF_PURPOSE)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            code_form.add_error("code", str(exc.message))
            status = 404
        else:
            return redirect("onlineforms:staff_intake", reference=filled_form.reference)
    elif code_form.is_bound:
        status = 422
    return render(
        request,
        "onlineforms/staff_scan.html",
        {"form": code_form, "errors": error_summary(code_form) if code_form.is_bound else []},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_intake(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """The counter intake of the form's service, pre-filled with the applicant's answers."""
    _require_counter_role(request)
    try:
        filled_form = selectors.filled_form_get_for_staff(user=request.user, code=reference, purpose=STAFF_PURPOSE)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        raise Http404 from exc
    if filled_form.status == Status.FILED and filled_form.case is not None:
        messages.info(
            request, gettext("This form was already filed: receipt number %(receipt)s.") % {"receipt": filled_form.case.receipt_number}
        )
        return redirect(f"{reverse('staff:case', args=[filled_form.case.receipt_number])}?purpose={DEFAULT_PURPOSE.replace(' ', '+')}")
    if services.filled_form_is_expired(filled_form):
        messages.error(request, str(FilledFormExpiredError.message))
        return redirect("onlineforms:staff_scan")
    spec = form_spec_get(filled_form.form_code)
    service = spec.service
    counter_unit = permissions.primary_unit(request.user)
    if counter_unit is None or not service.offers(Channel.COUNTER):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = service.form_class(request.POST)
        extras = IntakeExtrasForm(request.POST, request.FILES, service=service)
        form_ok, extras_ok = form.is_valid(), extras.is_valid()
        if form_ok and extras_ok:
            document_codes = [doc.code for doc in service.required_documents(form.cleaned_data)]
            submission = Submission(
                service=service,
                data=form.cleaned_data,
                files=extras.uploads(document_codes),
                channel=Channel.COUNTER,
                language=extras.cleaned_data["language"],
                seen_at_counter=extras.seen(document_codes),
            )
            try:
                case = services.filled_form_file(form=filled_form, submission=submission, by=request.user, counter_unit=counter_unit)
            except (NotFoundError, PermissionDeniedError) as exc:
                raise Http404 from exc
            except InvalidInputError as exc:
                attach_domain_errors(exc, [form, extras])
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, gettext("Application filed. Receipt number %(receipt)s.") % {"receipt": case.receipt_number})
                return redirect(f"{reverse('staff:case', args=[case.receipt_number])}?purpose={DEFAULT_PURPOSE.replace(' ', '+')}&filed=1")
        status = 422
    else:
        form = service.form_class(initial=filled_form.data)
        extras = IntakeExtrasForm(service=service, initial={"language": filled_form.language})
        messages.info(
            request,
            gettext("Pre-filled from online form %(code)s (filled in on %(date)s). Check the answers with the applicant's documents.")
            % {"code": spec.code, "date": timezone.localtime(filled_form.created_at).date().isoformat()},
        )
    context = {
        "service": service,
        "form": form,
        "extras": extras,
        "counter_unit": counter_unit,
        "counter_unit_name": counter_unit.name_zh
        if (get_language() or "").startswith("zh")
        else (counter_unit.name_en or counter_unit.name_zh),
        "errors": error_summary(form, extras) if request.method == "POST" else [],
    }
    return render(request, "applications/staff/intake_form.html", context, status=status)
