from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, PermissionDeniedError


class OrganisationAccessDeniedError(PermissionDeniedError):
    code = "organisation_access_denied"
    status = 403
    message = _("Your account does not act for this organisation.")


class OrganisationLicenceLapsedError(DomainError):
    code = "organisation_licence_lapsed"
    status = 409
    message = _("The organisation's licence is not valid; it cannot file applications.")
