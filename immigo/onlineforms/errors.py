from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, NotFoundError


class FormCodeInvalidError(NotFoundError):
    code = "form_code_invalid"
    message = _("This is not the code of a form filled in online. Check the code printed under the QR code.")


class FilledFormExpiredError(DomainError):
    code = "form_expired"
    status = 410
    message = _("This form has expired and its answers were erased. The applicant fills it in again, or the counter takes it in by hand.")


class FilledFormAlreadyFiledError(DomainError):
    code = "form_already_filed"
    status = 409
    message = _("This form has already been filed at a counter.")


class FilledFormTransitionError(DomainError):
    code = "form_transition_not_allowed"
    status = 409
    message = _("This step is not possible for the form in its current state.")
