"""Errors raised when a notice cannot be enqueued. They are raised in the caller's transaction, so a
caller's mistake surfaces at once instead of as a message that can never be rendered."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError


class NotificationEventUnknownError(DomainError):
    code = "notification_event_unknown"
    message = _("There is no notice for this event.")


class NotificationContextInvalidError(DomainError):
    code = "notification_context_invalid"
    message = _("The notice is missing details or holds values that cannot be stored.")


class NotificationDedupeKeyInvalidError(DomainError):
    code = "notification_dedupe_key_invalid"
    message = _("The notice needs a deduplication key of up to 200 letters, digits and . _ : / @ + = -")
