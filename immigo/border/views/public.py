"""The exit-ban query (A06) for citizens and their proxies: sign in, prove a second factor, ask."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from immigo.applications.views._helpers import AuthenticatedRequest, error_summary
from immigo.core.errors import DomainError, InvalidInputError

from .. import selectors, services
from ..errors import IdentityNotBoundError
from ..forms import CodeForm, ProxyRequestForm
from ..models import ProxyAuthorisation
from ._strong_auth import public_account_required, strong_auth_method, strong_auth_record, strong_auth_required


def _errors(*forms_: forms.Form) -> list[dict[str, str]]:
    return error_summary(*forms_)


def home(request: HttpRequest) -> HttpResponse:
    """What the query answers and the two ways to ask; works signed in or not."""
    user = request.user
    person = getattr(user, "person", None) if user.is_authenticated and getattr(user, "kind", "") == "public" else None
    bound = bool(person is not None and person.national_id)
    return render(request, "border/exit_ban_home.html", {"bound": bound, "signed_in": user.is_authenticated})


@never_cache
@public_account_required
@require_http_methods(["GET", "POST"])
def second_factor(request: AuthenticatedRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("applications:border:home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("applications:border:home")
    method = services.second_factor_method(request.user)
    form = CodeForm()
    status = 200
    if request.method == "POST" and request.POST.get("action") == "send" and method == "email":
        try:
            services.email_code_send(user=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, gettext("We have e-mailed you a code. It is valid for 10 minutes."))
        return redirect(f"{reverse('applications:border:second_factor')}?next={next_url}")
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                proved = services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code", str(exc.message))
            else:
                strong_auth_record(request, proved)
                return redirect(next_url)
        status = 422
    context = {"form": form, "method": method, "next": next_url, "errors": _errors(form) if form.is_bound else []}
    return render(request, "border/second_factor.html", context, status=status)


@never_cache
@strong_auth_required
@require_http_methods(["GET", "POST"])
def check(request: AuthenticatedRequest) -> HttpResponse:
    """The person's own query. GET asks to confirm; POST asks the register (each POST is a query)."""
    if request.method == "GET":
        return render(request, "border/exit_ban_check.html", {})
    try:
        answer = services.exit_ban_query_self(user=request.user, second_factor=strong_auth_method(request) or "")
    except IdentityNotBoundError as exc:
        return render(request, "border/exit_ban_check.html", {"problem": exc.message}, status=403)
    except DomainError as exc:
        return render(request, "border/exit_ban_check.html", {"problem": exc.message}, status=exc.status)
    return render(request, "border/exit_ban_answer.html", {"answer": answer, "for_self": True})


@never_cache
@public_account_required
def proxy_list(request: AuthenticatedRequest) -> HttpResponse:
    requests_ = selectors.proxy_authorisation_list_for_proxy(user_id=request.user.pk)[:50]
    return render(request, "border/proxy_list.html", {"requests": requests_})


@never_cache
@strong_auth_required
@require_http_methods(["GET", "POST"])
def proxy_new(request: AuthenticatedRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ProxyRequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                auth = services.proxy_authorisation_submit(
                    proxy=request.user,
                    principal_national_id=data["principal_national_id"],
                    principal_date_of_birth=data["principal_date_of_birth"],
                    principal_name=data["principal_name"],
                    relationship=data["relationship"],
                    letter_signed_on=data["letter_signed_on"],
                    letter=data["letter"],
                )
            except InvalidInputError as exc:
                for name, field_messages in (exc.details.get("fields") or {}).items():
                    for message in field_messages:
                        form.add_error(name if name in form.fields else None, str(message))
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request,
                    gettext(
                        "Your request %(reference)s has been received. An officer checks the letter; "
                        "come back to this page to read the answer once it is verified."
                    )
                    % {"reference": auth.reference},
                )
                return redirect("applications:border:proxy_detail", reference=auth.reference)
        status = 422
    else:
        form = ProxyRequestForm()
    return render(request, "border/proxy_new.html", {"form": form, "errors": _errors(form) if form.is_bound else []}, status=status)


def _own_request(request: AuthenticatedRequest, reference: str) -> ProxyAuthorisation:
    auth = selectors.proxy_authorisation_list_for_proxy(user_id=request.user.pk).filter(reference=reference).first()
    if auth is None:
        raise Http404
    return auth


@never_cache
@public_account_required
def proxy_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    return render(request, "border/proxy_detail.html", {"auth": _own_request(request, reference)})


@never_cache
@strong_auth_required
@require_http_methods(["POST"])
def proxy_answer(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    auth = _own_request(request, reference)
    try:
        answer = services.proxy_authorisation_answer(
            proxy=request.user,
            auth_id=auth.pk,
            second_factor=strong_auth_method(request) or "",
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("applications:border:proxy_detail", reference=reference)
    return render(request, "border/exit_ban_answer.html", {"answer": answer, "for_self": False, "auth": auth})
