"""An organisation's logins (/organisation/logins/): its administrators see who acts for it, add
colleagues, change their roles and deactivate them. Other logins are refused (403)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, domain_error_text, error_summary, raise_as_http
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, NotFoundError, PermissionDeniedError
from immigo.core.models import AuditEntry

from . import selectors, services
from .decorators import organisation_required
from .forms import LoginAddForm, LoginChangeForm
from .models import Organisation


class AdministratorRequest(AuthenticatedRequest):
    organisation: Organisation


administrator_required = organisation_required(administrator=True)


def _page(request: AdministratorRequest, form: LoginAddForm, *, status: int = 200) -> HttpResponse:
    logins = list(selectors.login_list(organisation=request.organisation))
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.READ,
        obj=request.organisation,
        purpose=services.PURPOSE_LOGINS,
        details={"logins": len(logins)},
    )
    context = {"organisation": request.organisation, "logins": logins, "form": form, "errors": error_summary(form) if form.is_bound else []}
    return render(request, "organisations/logins.html", context, status=status)


@administrator_required
@require_http_methods(["GET", "POST"])
def login_list(request: AdministratorRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, LoginAddForm(initial={"language": get_language()}))
    form = LoginAddForm(request.POST)
    if form.is_valid():
        data = services.LoginData(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            language=form.cleaned_data["language"],
        )
        try:
            membership = services.organisation_login_add(organisation=request.organisation, by=request.user, data=data)
        except (NotFoundError, PermissionDeniedError) as exc:
            raise_as_http(exc)
        except DomainError as exc:
            attach_domain_errors(exc, [form])
        else:
            messages.success(
                request,
                gettext("%(email)s can now act for the organisation; an e-mail tells them how to sign in.")
                % {"email": membership.user.email},
            )
            return redirect("organisations:logins")
    return _page(request, form, status=422)


@administrator_required
@require_POST
def login_change(request: AdministratorRequest, pk: int) -> HttpResponse:
    form = LoginChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose what to change."))
        return redirect("organisations:logins")
    try:
        membership = services.organisation_login_update(
            organisation=request.organisation, by=request.user, membership_id=pk, **LoginChangeForm.CHANGES[form.cleaned_data["change"]]
        )
    except (NotFoundError, PermissionDeniedError) as exc:
        raise_as_http(exc)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, gettext("The login of %(email)s was changed.") % {"email": membership.user.email})
    return redirect("organisations:logins")
