"""Travel agencies filing for their customers (A13–A15): one application, or a customer list.

An agency acts only through an active login of a travel agency whose licence is valid on the
day; it sees only the cases it filed. Every filing and every look at a case is audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError, InvalidInputError, NotFoundError
from immigo.organisations.errors import OrganisationLicenceLapsedError
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import membership_get

from ..catalogue import SERVICES
from ..catalogue.a15_kinmen_matsu_quick_permit import SERVICE as QUICK_PERMIT
from ..catalogue.a15_kinmen_matsu_quick_permit import agency_may_file
from ..catalogue.base import Service
from ..models import Case, Channel
from .submission import Submission, application_submit

TRAVEL_AGENCY = Organisation.Kind.TRAVEL_AGENCY.value
# A customer list is filed in one go: at most this many rows per file.
BATCH_MAX_ROWS = 200
BATCH_MAX_BYTES = 512 * 1024
TRUE_WORDS = {"1", "true", "yes", "y", "是"}


class AgencyServiceNotOfferedError(DomainError):
    code = "agency_service_not_offered"
    status = 404
    message = _("Travel agencies cannot file this service.")


class AgencyNotEligibleError(DomainError):
    code = "agency_not_eligible"
    status = 403
    message = _("Only travel agencies registered in Kinmen or Matsu may file quick permits.")


class CaseNotAwaitingDocumentsError(DomainError):
    code = "case_not_awaiting_documents"
    status = 409
    message = _("No documents are awaited for this application.")


class CustomerListInvalidError(DomainError):
    code = "customer_list_invalid"
    status = 422
    message = _("The customer list could not be filed. Nothing was filed; correct the rows listed and upload it again.")


def agency_services() -> list[Service]:
    """The services a travel agency files for its customers, in catalogue order."""
    return [s for s in SERVICES.values() if TRAVEL_AGENCY in s.organisation_kinds]


def agency_service_get(code_or_slug: str) -> Service:
    for service in agency_services():
        if code_or_slug in (service.code, service.slug):
            return service
    raise AgencyServiceNotOfferedError()


def _check_may_file(*, organisation: Organisation, by: User, service: Service) -> None:
    membership_get(user=by, organisation=organisation, kinds={TRAVEL_AGENCY})
    if TRAVEL_AGENCY not in service.organisation_kinds:
        raise AgencyServiceNotOfferedError()
    if not organisation.licence_valid_on(calendar.local_today()):
        raise OrganisationLicenceLapsedError()
    if service.code == QUICK_PERMIT.code and not agency_may_file(organisation.address):
        raise AgencyNotEligibleError()


def _file_one(
    *, organisation: Organisation, by: User, service: Service, data: Mapping[str, Any], files: Mapping[str, UploadedFile], language: str
) -> Case:
    submission = Submission(
        service=service,
        data={**data, "agency_id": organisation.pk, "agency_name": organisation.name},
        files=files,
        channel=Channel.ONLINE,
        language=language,
    )
    case = application_submit(submission=submission, by=by)
    Case.objects.filter(pk=case.pk).update(organisation=organisation)
    case.organisation = organisation
    audit_record(
        actor=by,
        action="create",
        obj=case,
        person_id=case.applicant_id,
        purpose=f"agency filing {service.code} for a customer",
        details={"organisation": organisation.pk},
    )
    return case


@transaction.atomic
def agency_application_submit(
    *,
    organisation: Organisation,
    by: User,
    service: Service,
    data: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    language: str,
) -> Case:
    """Files one application for a customer. Guarantees: only an active login of a licensed
    travel agency files (A15: only an agency of Kinmen or Matsu); the case names the agency and
    the login; nothing is saved if anything fails; the filing is audited. A15 is decided and its
    permit issued at once."""
    _check_may_file(organisation=organisation, by=by, service=service)
    return _file_one(organisation=organisation, by=by, service=service, data=data, files=files or {}, language=language)


# --- customer lists (CSV) ---------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # 1 is the first customer, below the header
    messages: list[str]


@dataclass
class BatchResult:
    cases: list[Case] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def customer_list_columns(service: Service) -> list[str]:
    """The columns of a customer list: the service form's fields, in order."""
    return list(service.form_class.base_fields)


def customer_list_template(service: Service) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(customer_list_columns(service))
    return out.getvalue()


def _read_rows(service: Service, upload: UploadedFile) -> list[dict[str, str]]:
    if upload.size is not None and upload.size > BATCH_MAX_BYTES:
        raise CustomerListInvalidError(_("The file is larger than 512 KB."), code="customer_list_too_large")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CustomerListInvalidError(_("Save the list as CSV in UTF-8."), code="customer_list_encoding") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = customer_list_columns(service)
    header = [h.strip() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in columns]
    missing = [c for c in columns if c not in header and service.form_class.base_fields[c].required]
    if unknown or missing:
        raise CustomerListInvalidError(
            _("The first row must name the columns of the template."),
            code="customer_list_columns",
            details={"unknown": unknown, "missing": missing},
        )
    rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    rows = [row for row in rows if any(row.values())]
    if not rows:
        raise CustomerListInvalidError(_("The list has no customers."), code="customer_list_empty")
    if len(rows) > BATCH_MAX_ROWS:
        raise CustomerListInvalidError(_("File at most 200 customers at a time."), code="customer_list_too_long")
    return rows


def _form_data(service: Service, row: Mapping[str, str]) -> dict[str, Any]:
    from django import forms

    data: dict[str, Any] = {}
    for name, value in row.items():
        form_field = service.form_class.base_fields.get(name)
        if isinstance(form_field, forms.BooleanField):
            if value.lower() in TRUE_WORDS:
                data[name] = "on"
        else:
            data[name] = value
    return data


def _row_messages(form: Any, fields: Mapping[str, Any]) -> list[str]:
    """Each message with its column name and the field's label, so the agency finds the cell."""
    out = []
    for name, messages in fields.items():
        field = form.fields.get(name)
        where = f"{name} ({field.label})" if field is not None else ""
        out += [f"{where}: {message}" if where else str(message) for message in messages]
    return out


def agency_batch_submit(*, organisation: Organisation, by: User, service: Service, upload: UploadedFile, language: str) -> BatchResult:
    """Files every customer of a CSV list, or none: each row is validated like the form and
    checked like a single application; any row in error leaves nothing filed and the result lists
    every row's errors. Only services that need no documents can be filed from a list."""
    _check_may_file(organisation=organisation, by=by, service=service)
    rows = _read_rows(service, upload)
    result = BatchResult()
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            form = service.form_class(data=_form_data(service, row))
            if not form.is_valid():
                result.errors.append(RowError(number, _row_messages(form, form.errors)))
                continue
            if service.required_documents(form.cleaned_data):
                result.errors.append(RowError(number, [str(_("This application needs documents: file it on its own page."))]))
                continue
            try:
                with transaction.atomic():
                    result.cases.append(
                        _file_one(organisation=organisation, by=by, service=service, data=form.cleaned_data, files={}, language=language)
                    )
            except DomainError as exc:
                messages = _row_messages(form, exc.details.get("fields") or {})
                result.errors.append(RowError(number, messages or [str(exc.message)]))
        if result.errors:
            transaction.set_rollback(True)
            result.cases = []
    if not result.errors:
        audit_record(
            actor=by,
            action="create",
            object_type="applications.case",
            purpose=f"agency customer list {service.code}",
            details={"organisation": organisation.pk, "receipts": [c.receipt_number for c in result.cases]},
        )
    return result


# --- one-time notices -------------------------------------------------------------------------


@transaction.atomic
def agency_supplement_send(*, organisation: Organisation, by: User, case: Case, files: Mapping[str, UploadedFile]) -> Case:
    """The agency sends the documents a one-time notice asked for, for its own customer's case.
    Guarantees: only the agency that filed the case; every listed item that can be uploaded is
    there, or nothing is saved; the clock restarts through the case workflow; audited with the
    agency's login (the case history records the step as received online)."""
    from .actions import case_supplement_receive

    membership_get(user=by, organisation=organisation, kinds={TRAVEL_AGENCY})
    if case.organisation_id != organisation.pk:
        raise NotFoundError()
    supplement = case.supplements.filter(fulfilled_at__isnull=True).first()
    if supplement is None:
        raise CaseNotAwaitingDocumentsError()
    wanted = {str(item.get("code")) for item in supplement.items if item.get("code")}
    missing = sorted(wanted - set(files))
    if missing:
        raise InvalidInputError(details={"fields": {code: [str(_("This document is required."))] for code in missing}})
    # The workflow's own authorisation knows applicants and officers; the agency was checked above.
    case = case_supplement_receive(case=case, by=None, files=files)
    audit_record(
        actor=by,
        action="update",
        obj=case,
        person_id=case.applicant_id,
        purpose="agency customer service: documents for a one-time notice",
        details={"organisation": organisation.pk, "items": sorted(files)},
    )
    return case


# --- reads ------------------------------------------------------------------------------------


def case_list_for_organisation(*, organisation: Organisation) -> QuerySet[Case]:
    return Case.objects.filter(organisation=organisation).select_related("applicant").order_by("-submitted_at", "-id")


def case_get_for_organisation(*, organisation: Organisation, by: User, receipt_number: str, purpose: str) -> Case:
    """One of the agency's own cases, audited; another agency's case is simply not found."""
    membership_get(user=by, organisation=organisation, kinds={TRAVEL_AGENCY})
    case = (
        Case.objects.select_related("applicant", "unit", "organisation")
        .filter(organisation=organisation, receipt_number=receipt_number)
        .first()
    )
    if case is None:
        raise NotFoundError()
    audit_record(actor=by, action="read", obj=case, person_id=case.applicant_id, purpose=purpose, details={"organisation": organisation.pk})
    return case
