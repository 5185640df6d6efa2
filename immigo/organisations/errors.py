from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError, NotFoundError, PermissionDeniedError


class OrganisationAccessDeniedError(PermissionDeniedError):
    code = "organisation_access_denied"
    status = 403
    message = _("Your account does not act for this organisation.")


class OrganisationLicenceLapsedError(DomainError):
    code = "organisation_licence_lapsed"
    status = 409
    message = _("The organisation's licence is not valid; it cannot file applications.")


class OrganisationLoginNotFoundError(NotFoundError):
    code = "organisation_login_not_found"
    message = _("This login does not belong to your organisation.")


class OrganisationLoginEmailInUseError(DomainError):
    code = "organisation_login_email_in_use"
    status = 409
    message = _("This address belongs to a personal or staff account. Use the person's work address.")


class OrganisationLoginExistsError(DomainError):
    code = "organisation_login_exists"
    status = 409
    message = _("This address is already a login of your organisation.")


class OrganisationAdministratorRequiredError(DomainError):
    code = "organisation_administrator_required"
    status = 409
    message = _("An organisation keeps at least one active administrator, and you cannot take your own rights away.")
