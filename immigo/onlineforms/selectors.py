"""Reads of the online forms: the applicant's own form by its secret link, and a form an officer
scanned (audited)."""

from __future__ import annotations

from immigo.accounts import permissions
from immigo.accounts.models import User
from immigo.applications.selectors import STAFF_ROLES
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError

from . import codes
from .errors import FormCodeInvalidError
from .models import FilledForm


def filled_form_get_by_token(*, token: str) -> FilledForm:
    reference = codes.reference_from_token(token)
    form = FilledForm.objects.filter(reference=reference).first()
    if form is None:
        raise FormCodeInvalidError()
    return form


def filled_form_get_for_staff(*, user: User, code: str, purpose: str) -> FilledForm:
    """The form behind a scanned or typed code, for a counter officer; the look is audited."""
    if not permissions.has_role(user, STAFF_ROLES):
        raise PermissionDeniedError()
    reference = codes.reference_from_code(code)
    form = FilledForm.objects.select_related("case").filter(reference=reference).first()
    if form is None:
        raise FormCodeInvalidError()
    audit_record(actor=user, action="read", obj=form, purpose=purpose, details={"form": form.form_code})
    return form
