"""Factories of the online-forms tests: answers for the forms, filled-in forms, counter staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from immigo.applications.tests import factories as app_factories

from ..catalogue import form_spec_get
from ..models import FilledForm
from ..services import filled_form_create


def hk_extension_answers(today: dt.date, **overrides: Any) -> dict[str, Any]:
    """OF01 (A12-HK): a Hong Kong resident who entered 20 days ago, stay ending in 10 days."""
    data: dict[str, Any] = {
        "native_name": "陳美玲",
        "family_name": "CHAN",
        "given_names": "MEI LING",
        "sex": "F",
        "date_of_birth": "1979-08-30",
        "nationality": "HKG",
        "email": "meiling@example.test",
        "phone": "+85291234567",
        "passport_number": "K98765432",
        "passport_country": "HKG",
        "passport_expiry": (today + dt.timedelta(days=900)).isoformat(),
        "entry_permit_number": "HK2026001234",
        "entered_on": (today - dt.timedelta(days=20)).isoformat(),
        "stay_until": (today + dt.timedelta(days=10)).isoformat(),
        "extend_until": (today + dt.timedelta(days=40)).isoformat(),
        "reason": "illness",
        "reason_detail": "住院治療",
        "address": "臺北市中正區廣州街15號",
    }
    data.update(overrides)
    return data


def filled(code: str, answers: dict[str, Any], *, language: str = "en") -> FilledForm:
    spec = form_spec_get(code)
    form = spec.form_class(data=answers)
    assert form.is_valid(), form.errors
    return filled_form_create(spec=spec, data=form.cleaned_data, language=language)


a11_data = app_factories.a11_data
