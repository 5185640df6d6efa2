"""Contexts for every event and a shortcut to an outbox message, for the notifications tests."""

from __future__ import annotations

from typing import Any

from immigo.notifications.models import OutboxMessage
from immigo.notifications.services import notification_enqueue

RECEIPT = "A-2025-000123"
STATUS_URL = f"https://immigo.example/status/{RECEIPT}"

CONTEXTS: dict[str, dict[str, Any]] = {
    "case_submitted": {
        "receipt_number": RECEIPT,
        "service_name": "Resident certificate",
        "due_date": "2025-03-04",
        "working_days": 7,
        "pickup": "Counter 3, Taipei service station",
        "status_url": STATUS_URL,
    },
    "supplement_requested": {
        "receipt_number": RECEIPT,
        "service_name": "Resident certificate",
        "items": ["Passport copy (all pages)", "Recent photo", "Proof of address", "Health certificate"],
        "respond_by": "2025-04-01",
        "note": "Photos must be taken within the last 6 months.",
        "supplement_url": f"https://immigo.example/supplement/{RECEIPT}",
    },
    "case_approved": {"receipt_number": RECEIPT, "service_name": "Resident certificate", "status_url": STATUS_URL},
    "case_rejected": {
        "receipt_number": RECEIPT,
        "service_name": "Resident certificate",
        "reason": "The sponsor's income is below the required minimum.",
        "status_url": STATUS_URL,
    },
    "document_issued": {
        "receipt_number": RECEIPT,
        "service_name": "Resident certificate",
        "document_name": "Alien Resident Certificate",
        "pickup": "Counter 3, Taipei service station",
        "download_url": "",
        "status_url": STATUS_URL,
    },
    "case_withdrawn": {"receipt_number": RECEIPT, "service_name": "Resident certificate"},
}


def message_enqueue(
    *,
    event: str = "case_approved",
    language: str = "en",
    dedupe_key: str = f"case:{RECEIPT}:approved",
    email: str = "applicant@example.org",
    phone: str = "",
    sms: bool = False,
    **context: Any,
) -> list[OutboxMessage]:
    """Enqueues a notice the way another app would; context values override the event's defaults."""
    return notification_enqueue(
        event=event,
        language=language,
        context={**CONTEXTS[event], **context},
        dedupe_key=dedupe_key,
        email=email,
        phone=phone,
        sms=sms,
    )
