"""Staff pages (/residence/staff/): the dashboards, the ladder's tasks with their outcomes, the
3-month expiry report for the mobile vans (page and CSV), the letter batches, the registry upload
and a resident's contact flags. Each page checks the role in the unit; every read of personal data
is audited with its purpose."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.accounts import permissions
from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, error_summary, staff_required
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError
from immigo.core.models import Unit

from .. import selectors
from ..charts import bar_chart_svg
from ..errors import ResidentImportFileInvalidError
from ..forms import FlagsForm, ImportForm, OutcomeForm
from ..models import LetterBatch
from ..services import ladder_step_close, letter_batch_mark_posted, resident_flags_update, resident_import
from ..services.importer import errors_csv
from ..services.letters import letter_batch_pdf

View = Callable[..., HttpResponseBase]
TASKS_PER_PAGE = 50
REPORT_PER_PAGE = 100


def roles_required(roles: tuple[str, ...]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @staff_required
        @wraps(view)
        def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not permissions.has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _station_or_404(request: AuthenticatedRequest, code: str, roles: tuple[str, ...] = selectors.DASHBOARD_ROLES) -> Unit:
    station = selectors.stations_for(user=request.user, roles=roles).filter(code=code).first()
    if station is None:
        raise Http404
    return station


@roles_required(selectors.DASHBOARD_ROLES)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    stations = list(selectors.stations_for(user=request.user))
    if not stations:
        raise PermissionDenied
    national = selectors.is_national(station_ids=[s.pk for s in stations])
    rows = selectors.dashboard_figures(station_ids=[s.pk for s in stations], today=today)
    total = selectors.figures_total(rows, label=gettext("National total") if national else gettext("Total"))
    chart = bar_chart_svg(
        title=gettext("Residents expiring within 15, 30 and 90 days, and overdue, by station"),
        rows=[(row.label, [row.expiring_15, row.expiring_30, row.expiring_90, row.overdue]) for row in rows],
        series=[gettext("15 days"), gettext("30 days"), gettext("90 days"), gettext("Overdue")],
    )
    context = {"rows": rows, "total": total, "chart": chart, "national": national, "stations": stations, "today": today}
    return render(request, "residence/staff/dashboard.html", context)


@roles_required(selectors.DASHBOARD_ROLES)
def station_dashboard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    station = _station_or_404(request, code)
    (figures,) = selectors.dashboard_figures(station_ids=[station.pk], today=today)
    weeks = selectors.expiry_weeks(station_ids=[station.pk], today=today)
    chart = bar_chart_svg(
        title=gettext("Residence permits expiring in each of the next 13 weeks"),
        rows=[(start.strftime("%Y-%m-%d"), [count]) for start, count in weeks],
        series=[gettext("Permits expiring that week")],
    )
    context = {"station": station, "figures": figures, "weeks": weeks, "chart": chart, "today": today}
    return render(request, "residence/staff/station.html", context)


@roles_required(selectors.TASK_ROLES)
def task_list(request: AuthenticatedRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    tasks = selectors.ladder_task_list_for_staff(user=request.user, mine_only=mine)
    page = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    person_ids = [task.resident.person_id for task in page]
    if person_ids:
        audit_record(
            actor=request.user,
            action="read",
            object_type="residence.ladderstep",
            object_id="list",
            purpose="B06 reminder task list",
            details={"person_ids": person_ids},
        )
    return render(request, "residence/staff/tasks.html", {"page": page, "mine": mine})


@roles_required(selectors.TASK_ROLES)
@require_http_methods(["GET", "POST"])
def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = selectors.ladder_task_get_for_staff(user=request.user, pk=pk)
    if task is None:
        raise Http404
    form = OutcomeForm(request.POST or None, step=task)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                closed = ladder_step_close(step=task, outcome=form.cleaned_data["outcome"], by=request.user, note=form.cleaned_data["note"])
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The outcome has been recorded."))
                if closed.visit is not None:
                    messages.info(request, gettext("A field visit has been referred to %(unit)s.") % {"unit": closed.visit.unit.name_zh})
                return redirect("residence:tasks")
        status = 422
    audit_record(
        actor=request.user,
        action="read",
        obj=task,
        person_id=task.resident.person_id,
        purpose=f"B06 {task.step} task",
        unit_code=task.unit.code,
    )
    resident = task.resident
    # A protected resident's ordinary contacts are never shown: only the protected channel.
    contact = (
        {"email": resident.protected_email, "phone": resident.protected_phone}
        if resident.protected
        else {"email": resident.person.email, "phone": resident.person.phone, "address": resident.person.address}
    )
    context = {
        "task": task,
        "form": form,
        "contact": contact,
        "errors": error_summary(form) if request.method == "POST" else [],
        "events": task.events.select_related("actor"),
    }
    return render(request, "residence/staff/task.html", context, status=status)


def _report_rows(station: Unit) -> Any:
    return selectors.van_report(station_id=station.pk, today=timezone.localdate())


@roles_required(selectors.STATION_ROLES)
def van_report(request: AuthenticatedRequest, code: str) -> HttpResponse:
    station = _station_or_404(request, code, selectors.STATION_ROLES)
    page = Paginator(_report_rows(station), REPORT_PER_PAGE).get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        action="read",
        object_type="residence.vanreport",
        object_id=station.code,
        purpose="L04 3-month expiry report (mobile van planning)",
        unit_code=station.code,
        details={"page": page.number},
    )
    return render(request, "residence/staff/van_report.html", {"station": station, "page": page})


@roles_required(selectors.STATION_ROLES)
def van_report_csv(request: AuthenticatedRequest, code: str) -> HttpResponse:
    station = _station_or_404(request, code, selectors.STATION_ROLES)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["expires_on", "permit_number", "permit_kind", "ui_number", "passport", "name", "language", "phone", "county", "address"]
    )
    count = 0
    for permit in _report_rows(station).iterator(chunk_size=2000):
        resident, person = permit.resident, permit.resident.person
        protected = resident.protected
        writer.writerow(
            [
                permit.expires_on.isoformat(),
                permit.number,
                permit.kind,
                resident.ui_number,
                f"{resident.passport_country} {resident.passport_number}".strip(),
                person.display_name,
                person.preferred_language,
                resident.protected_phone if protected else person.phone,
                person.county.name_zh if person.county else "",
                "" if protected else person.address,
            ]
        )
        count += 1
    audit_record(
        actor=request.user,
        action="export",
        object_type="residence.vanreport",
        object_id=station.code,
        purpose="L04 3-month expiry report exported (mobile van planning)",
        unit_code=station.code,
        details={"rows": count},
    )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="expiring-3-months-{station.code}-{timezone.localdate():%Y%m%d}.csv"'
    return response


@roles_required(selectors.STATION_ROLES)
def letter_list(request: AuthenticatedRequest) -> HttpResponse:
    stations = list(selectors.stations_for(user=request.user, roles=selectors.STATION_ROLES))
    batches = selectors.letter_batches_for(station_ids=[s.pk for s in stations])
    page = Paginator(batches, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "residence/staff/letters.html", {"page": page})


def _batch_or_404(request: AuthenticatedRequest, pk: int) -> LetterBatch:
    stations = selectors.stations_for(user=request.user, roles=selectors.STATION_ROLES)
    return get_object_or_404(LetterBatch.objects.select_related("station"), pk=pk, station__in=stations)


@roles_required(selectors.STATION_ROLES)
def letter_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    pdf = letter_batch_pdf(batch=batch, by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="expiry-notices-{batch.station.code}-{batch.day:%Y%m%d}.pdf"'
    return response


@roles_required(selectors.STATION_ROLES)
@require_POST
def letter_posted(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    count = letter_batch_mark_posted(batch=batch, by=request.user)
    messages.success(request, gettext("%(count)s letters marked as posted.") % {"count": count})
    return redirect("residence:letters")


@roles_required(selectors.MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def registry_import(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stream = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
                result = resident_import(stream=stream, by=request.user, source=upload.name)
            except (ResidentImportFileInvalidError, UnicodeDecodeError) as exc:
                form.add_error("file", str(exc.message) if isinstance(exc, DomainError) else gettext("The file is not UTF-8 text."))
                status = 422
            else:
                if result.errors and request.POST.get("format") == "csv":
                    response = HttpResponse(errors_csv(result.errors), content_type="text/csv; charset=utf-8")
                    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
                    return response
        else:
            status = 422
    context = {"form": form, "result": result, "errors": error_summary(form) if status == 422 else []}
    return render(request, "residence/staff/import.html", context, status=status)


@roles_required(selectors.STATION_ROLES)
@require_http_methods(["GET", "POST"])
def resident_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resident = selectors.resident_get_for_staff(user=request.user, pk=pk)
    if resident is None:
        raise Http404
    initial = {
        "protected": resident.protected,
        "protected_email": resident.protected_email,
        "protected_phone": resident.protected_phone,
        "departed_on": resident.departed_on,
        "detained_since": resident.detained_since,
    }
    form = FlagsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            resident_flags_update(
                resident=resident,
                by=request.user,
                protected=data["protected"],
                protected_email=data["protected_email"],
                protected_phone=data["protected_phone"],
                departed_on=data["departed_on"],
                detained_since=data["detained_since"],
                reason=data["reason"],
            )
            messages.success(request, gettext("The contact flags have been saved."))
            return redirect("residence:resident", pk=resident.pk)
        status = 422
    audit_record(
        actor=request.user,
        action="read",
        obj=resident,
        person_id=resident.person_id,
        purpose="residence registry entry",
        unit_code=resident.station.code,
    )
    context = {
        "resident": resident,
        "permits": resident.permits.select_related("station").order_by("-expires_on"),
        "steps": resident.ladder_steps.select_related("unit", "assigned_to").order_by("-expires_on", "step"),
        "form": form,
        "errors": error_summary(form) if status == 422 else [],
    }
    return render(request, "residence/staff/resident.html", context, status=status)
