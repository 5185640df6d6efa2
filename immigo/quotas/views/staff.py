"""Headquarters pages (/quotas/staff/): the quotas of the coming days and their setting with
history, a day's applications in receipt order, and the review of a group (documents missing,
permits issued, rejected). For quota officers and administrators of a headquarters unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, error_summary, raise_as_http, staff_required
from immigo.core import calendar
from immigo.core.errors import DomainError

from .. import permissions, selectors, services
from ..forms import QuotaSetForm, ReviewForm
from ..models import GroupApplication

DAYS_SHOWN = 28
View = Callable[..., HttpResponseBase]


def quota_officer_required(view: View) -> View:
    @staff_required
    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.can_manage_quotas(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@quota_officer_required
@require_http_methods(["GET", "POST"])
def quota_list(request: AuthenticatedRequest) -> HttpResponse:
    today = calendar.local_today()
    status = 200
    if request.method == "POST":
        form = QuotaSetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    for offset in range(data["days"]):
                        services.quota_set(
                            by=request.user,
                            category=data["category"],
                            port=data["port"],
                            day=data["day"] + dt.timedelta(days=offset),
                            total=data["total"],
                            reason=data["reason"],
                        )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The quota was saved and its history updated."))
                return redirect("quotas:staff_quotas")
        status = 422
    else:
        form = QuotaSetForm(initial={"day": today + dt.timedelta(days=1), "days": 1})
    days = selectors.quota_day_list_for_staff(user=request.user, start=today, days=DAYS_SHOWN)
    errors = error_summary(form) if form.is_bound else []
    return render(request, "quotas/staff/quotas.html", {"form": form, "errors": errors, "days": days}, status=status)


@quota_officer_required
@require_GET
def quota_day_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        day = selectors.quota_day_get_for_staff(user=request.user, pk=pk)
    except DomainError as exc:
        raise_as_http(exc)
    return render(
        request,
        "quotas/staff/day.html",
        {"day": day, "changes": selectors.quota_changes(day), "applications": selectors.group_list_for_day(quota_day=day)},
    )


@quota_officer_required
@require_http_methods(["GET", "POST"])
def group_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        application = selectors.group_get_for_staff(user=request.user, pk=pk)
    except DomainError as exc:
        raise_as_http(exc)
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.group_review(
                    application_id=application.pk,
                    by=request.user,
                    to=GroupApplication.Status(data["to"]),
                    reason=data["reason"],
                    missing_items=data["missing_items"],
                    complete_by=data["complete_by"],
                )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The decision was recorded."))
                return redirect("quotas:staff_group", pk=application.pk)
        status = 422
    else:
        form = ReviewForm()
    return render(
        request,
        "quotas/staff/group.html",
        {
            "application": application,
            "travellers": application.travellers.all(),
            "history": selectors.group_history(application),
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=status,
    )
