"""Errors raised by the content services, each with a stable code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError


class ContentTransitionNotAllowedError(DomainError):
    code = "content_transition_not_allowed"
    message = _("This action is not possible in the version's current status.")
    status = 409


class ContentOwnWorkError(DomainError):
    code = "content_own_work"
    message = _("You wrote or submitted this revision, so another supervisor must review and publish it.")
    status = 409
