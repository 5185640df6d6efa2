"""The agency portal (/quotas/agency/): the agency's own groups with their places and their
position on the waiting list, filing a group with its customer list, a group's page, withdrawing
and reporting missing documents supplied. Only logins of a travel agency come in; an agency
never sees another agency's groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, error_summary, raise_as_http
from immigo.core import calendar
from immigo.core.errors import DomainError
from immigo.organisations.decorators import organisation_required
from immigo.organisations.models import Organisation

from .. import selectors, services
from ..customer_list import column_labels, customer_list_read, template_csv
from ..forms import GroupFileForm, WithdrawForm
from ..models import GroupApplication

PER_PAGE = 25
# How far back the page lists groups given places from the waiting list.
NOTICE_DAYS = 7
View = Callable[..., HttpResponseBase]


class AgencyRequest(AuthenticatedRequest):
    organisation: Organisation


agency_required = organisation_required(Organisation.Kind.TRAVEL_AGENCY)


@agency_required
@require_GET
def group_list(request: AgencyRequest) -> HttpResponse:
    groups = selectors.group_list_for_organisation(user=request.user, organisation=request.organisation)
    page = Paginator(groups, PER_PAGE).get_page(request.GET.get("page"))
    since = timezone.now() - dt.timedelta(days=NOTICE_DAYS)
    notices = list(selectors.group_notices_for_organisation(organisation=request.organisation, since=since)[:10])
    return render(request, "quotas/agency/list.html", {"page": page, "notices": notices, "organisation": request.organisation})


@agency_required
@require_http_methods(["GET", "POST"])
def group_file(request: AgencyRequest) -> HttpResponse:
    row_errors: list[dict[str, Any]] = []
    if request.method == "POST":
        form = GroupFileForm(request.POST, request.FILES)
        if form.is_valid():
            travellers, problems = customer_list_read(form.cleaned_data["customer_list"], today=calendar.local_today())
            if problems:
                labels = column_labels()
                row_errors = [{"row": p.row, "column": labels.get(p.column, p.column), "message": p.message} for p in problems]
                form.add_error(
                    "customer_list",
                    gettext("The customer list has errors; nothing was saved. Correct the rows listed and upload it again."),
                )
            else:
                try:
                    application = services.group_application_submit(
                        by=request.user,
                        organisation=request.organisation,
                        category=form.cleaned_data["category"],
                        port=form.cleaned_data["port"],
                        day=form.cleaned_data["day"],
                        tour_name=form.cleaned_data["tour_name"],
                        travellers=travellers,
                    )
                except DomainError as exc:
                    attach_domain_errors(exc, [form])
                else:
                    if application.status == GroupApplication.Status.ALLOCATED:
                        messages.success(request, gettext("The group was received and has its places."))
                    else:
                        messages.info(
                            request,
                            gettext("The group was received. The day is full: it waits on the list and takes places as they come free."),
                        )
                    return redirect("quotas:agency_detail", pk=application.pk)
        return render(
            request, "quotas/agency/file.html", {"form": form, "errors": error_summary(form), "row_errors": row_errors}, status=422
        )
    return render(request, "quotas/agency/file.html", {"form": GroupFileForm(), "errors": [], "row_errors": []})


@agency_required
@require_GET
def customer_list_template(request: AgencyRequest) -> HttpResponse:
    response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="customer-list.csv"'
    return response


def _group(request: AgencyRequest, pk: int) -> GroupApplication:
    try:
        return selectors.group_get_for_organisation(user=request.user, pk=pk)
    except DomainError as exc:
        raise_as_http(exc)


@agency_required
@require_GET
def group_detail(request: AgencyRequest, pk: int) -> HttpResponse:
    application = _group(request, pk)
    return render(
        request,
        "quotas/agency/detail.html",
        {
            "application": application,
            "travellers": application.travellers.all(),
            "history": selectors.group_history(application),
            "withdraw_form": WithdrawForm(),
        },
    )


@agency_required
@require_POST
def group_withdraw(request: AgencyRequest, pk: int) -> HttpResponse:
    application = _group(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.group_withdraw(application_id=application.pk, by=request.user, reason=reason)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("The group was withdrawn. Its places went to the waiting list."))
    return redirect("quotas:agency_detail", pk=application.pk)


@agency_required
@require_POST
def group_supplied(request: AgencyRequest, pk: int) -> HttpResponse:
    application = _group(request, pk)
    try:
        services.group_documents_supplied(application_id=application.pk, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("Thank you. The group keeps its places and returns to review."))
    return redirect("quotas:agency_detail", pk=application.pk)
