"""Writes of the online forms: keeping a filled-in form, filing it at a counter (once), and
expiring forms nobody handed in. Each runs in a transaction and leaves a history row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from immigo.accounts.models import User
from immigo.applications.catalogue.base import serialise
from immigo.applications.models import Case
from immigo.applications.services import Submission, application_submit
from immigo.core.audit import audit_record
from immigo.core.errors import DomainError
from immigo.core.models import Unit

from . import codes
from .catalogue import FORM_VALID_DAYS, FormSpec
from .errors import FilledFormAlreadyFiledError, FilledFormExpiredError, FilledFormTransitionError
from .models import FilledForm, FilledFormEvent
from .workflow import ALLOWED, Status


def filled_form_move(form: FilledForm, *, to: Status, by: User | None, note: str = "", fields: tuple[str, ...] = ()) -> FilledForm:
    """The one place that writes a form's status: checks the table and records the step."""
    before = Status(form.status)
    if to not in ALLOWED[before]:
        raise FilledFormTransitionError(details={"status": before.value, "requested": to.value})
    form.status = to
    form.save(update_fields=["status", *fields])
    FilledFormEvent.objects.create(form=form, actor=by, before=before, after=to, note=note[:200])
    return form


def filled_form_create(*, spec: FormSpec, data: Mapping[str, Any], language: str, account: User | None = None) -> FilledForm:
    """Keeps the answers of a validated form for FORM_VALID_DAYS under a new random reference.
    Guarantees: the reference is unique (drawn again on the rare collision); a history row."""
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                form = FilledForm.objects.create(
                    reference=codes.reference_new(),
                    form_code=spec.code,
                    service_code=spec.service_code,
                    language=language,
                    data=serialise(data),
                    account=account if account is not None and account.is_authenticated else None,
                    created_at=now,
                    expires_at=now + dt.timedelta(days=FORM_VALID_DAYS),
                )
                FilledFormEvent.objects.create(form=form, actor=form.account, after=Status.READY)
                return form
        except IntegrityError as exc:
            if "reference" not in str(exc):
                raise
    raise DomainError(code="retry")


def filled_form_is_expired(form: FilledForm, now: dt.datetime | None = None) -> bool:
    return form.status == Status.EXPIRED or (form.status == Status.READY and form.expires_at <= (now or timezone.now()))


@transaction.atomic
def filled_form_file(*, form: FilledForm, submission: Submission, by: User, counter_unit: Unit) -> Case:
    """Files the application at the counter from a filled-in form. Guarantees: a form is filed
    once (row lock; a second officer gets FilledFormAlreadyFiledError); an expired form is
    refused; the case and the form are linked in the same transaction as the case itself; the
    answers are erased from the form (the case holds them now); audited."""
    locked = FilledForm.objects.select_for_update().get(pk=form.pk)
    if locked.status == Status.FILED:
        raise FilledFormAlreadyFiledError(details={"case": locked.case.receipt_number if locked.case else ""})
    if filled_form_is_expired(locked):
        raise FilledFormExpiredError()
    case = application_submit(submission=submission, by=by, counter_unit=counter_unit)
    locked.case = case
    locked.filed_at = timezone.now()
    locked.filed_by = by
    locked.data = {}
    filled_form_move(locked, to=Status.FILED, by=by, note=case.receipt_number, fields=("case", "filed_at", "filed_by", "data"))
    audit_record(
        actor=by,
        action="update",
        obj=locked,
        person_id=case.applicant_id,
        purpose=f"counter intake from online form {locked.form_code}",
        unit_code=counter_unit.code,
        details={"case": case.receipt_number},
    )
    form.status, form.case = locked.status, case
    return case


def filled_forms_expire(*, now: dt.datetime | None = None) -> int:
    """Expires every form past its date that nobody handed in, and erases its answers."""
    now = now or timezone.now()
    expired = 0
    for pk in FilledForm.objects.filter(status=Status.READY, expires_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            form = FilledForm.objects.select_for_update().get(pk=pk)
            if form.status != Status.READY:
                continue
            form.data = {}
            filled_form_move(form, to=Status.EXPIRED, by=None, note="expired unused", fields=("data",))
            expired += 1
    return expired
