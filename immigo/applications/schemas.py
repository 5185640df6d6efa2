"""API schemas: separate input and output shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


class RequirementOut(Schema):
    code: str
    label: str
    conditional: bool


class FieldOut(Schema):
    name: str
    label: str
    required: bool
    type: str
    choices: list[list[str]] = []


class ServiceOut(Schema):
    code: str
    slug: str
    name: str
    summary: str
    fee: int
    fee_per: str
    time_limit_working_days: int
    channels: list[str]
    pickups: list[str]
    decides_automatically: bool
    documents: list[RequirementOut]
    fields: list[FieldOut]


class CaseOut(Schema):
    receipt_number: str
    service_code: str
    status: str
    status_label: str
    channel: str
    submitted_on: dt.date
    due_date: dt.date
    time_limit_working_days: int
    pickup: str
    fee: int
    fee_paid: bool
    unit: str
    document_number: str | None = None


class QueueItemOut(Schema):
    receipt_number: str
    service_code: str
    status: str
    due_date: dt.date
    overdue: bool
    unit: str
    submitted_on: dt.date


class StatusLookupIn(Schema):
    reference: str
    date_of_birth: dt.date


class HistoryOut(Schema):
    at: dt.datetime
    event: str


class StatusOut(Schema):
    receipt_number: str
    service_code: str
    status: str
    status_label: str
    submitted_on: dt.date
    due_date: dt.date
    pickup: str
    awaiting_items: list[str]
    respond_by: dt.date | None
    history: list[HistoryOut]


class ItemIn(Schema):
    code: str = ""
    label: str
    note: str = ""


class ActionIn(Schema):
    reason: str = ""
    note: str = ""
    items: list[ItemIn] = []
    seen_at_counter: list[str] = []


class VerificationOut(Schema):
    authentic: bool
    status: str
    payload: dict[str, Any]
