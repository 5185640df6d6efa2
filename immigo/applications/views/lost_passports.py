"""B07 at the counter: find the reports of a passport number and record a reported passport as
found. Every search is audited; recording needs a case-work or special-operations role."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from immigo.accounts import permissions
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, PermissionDeniedError

from ..catalogue import b07_lost_passport as b07
from ..catalogue.base import DateInput
from ..models import IssuedDocument
from ._helpers import AuthenticatedRequest, domain_error_text, error_summary, staff_required

SEARCH_PURPOSE = "B07 lost or found passport"


class PassportSearchForm(forms.Form):
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    country = forms.CharField(label=_("Issued by (3-letter code, optional)"), max_length=3, required=False)


class FoundForm(forms.Form):
    found_on = forms.DateField(label=_("Date the passport was found"), widget=DateInput())
    note = forms.CharField(label=_("Who found it and where it is now"), max_length=300, required=False)


def _require_role(request: AuthenticatedRequest) -> None:
    if not permissions.has_role(request.user, b07.FOUND_ROLES):
        raise PermissionDenied


@staff_required
def search(request: AuthenticatedRequest) -> HttpResponse:
    _require_role(request)
    form = PassportSearchForm(request.GET if "passport_number" in request.GET else None)
    reports: list[IssuedDocument] = []
    if form.is_bound and form.is_valid():
        reports = list(
            b07.lost_passport_report_list(passport_number=form.cleaned_data["passport_number"], country=form.cleaned_data["country"])
        )
        audit_record(
            actor=request.user,
            action="search",
            object_type="applications.issueddocument",
            object_id="lost-passports",
            purpose=SEARCH_PURPOSE,
            details={"passport": form.cleaned_data["passport_number"][-4:], "found": [r.number for r in reports]},
        )
    context = {
        "form": form,
        "reports": [{"report": r, "found_form": FoundForm(auto_id=f"id_found_{r.pk}_%s")} for r in reports],
        "errors": error_summary(form) if form.is_bound else [],
    }
    return render(request, "applications/staff/lost_passports.html", context)


@staff_required
@require_POST
def record_found(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    _require_role(request)
    report = IssuedDocument.objects.filter(pk=document_id, kind=IssuedDocument.Kind.LOST_PASSPORT_REPORT).select_related("case").first()
    if report is None:
        raise PermissionDenied
    form = FoundForm(request.POST)
    back = f"{reverse('staff:lost_passports')}?passport_number={report.case.data.get('passport_number', '')}"
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect(back)
    try:
        b07.lost_passport_found_record(
            report=report, by=request.user, found_on=form.cleaned_data["found_on"], note=form.cleaned_data["note"]
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, gettext("Recorded: the passport was found; the report certificate is withdrawn."))
    return redirect(back)
