"""`manage.py onlineforms_demo`: three forms filled in online, ready to scan at a counter (their
links are printed). Idempotent: the demo forms have fixed references, so a second run writes
nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from immigo.applications.catalogue.base import serialise

from ... import codes
from ...catalogue import FORM_VALID_DAYS, form_spec_get
from ...models import FilledForm, FilledFormEvent
from ...workflow import Status


def _answers(today: dt.date) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (
            "DEMOFORMAHKEXTAA",
            "OF01",
            "en",
            {
                "native_name": "陳美玲",
                "family_name": "CHAN",
                "given_names": "MEI LING",
                "sex": "F",
                "date_of_birth": "1979-08-30",
                "nationality": "HKG",
                "email": "meiling.chan@example.com",
                "phone": "+85291234567",
                "passport_number": "K98765432",
                "passport_country": "HKG",
                "passport_expiry": (today + dt.timedelta(days=900)).isoformat(),
                "entry_permit_number": "HK2026001234",
                "entered_on": (today - dt.timedelta(days=20)).isoformat(),
                "stay_until": (today + dt.timedelta(days=10)).isoformat(),
                "extend_until": (today + dt.timedelta(days=40)).isoformat(),
                "reason": "illness",
                "reason_detail": "Hospital treatment after a fracture; discharge expected next month.",
                "address": "臺北市中正區廣州街15號",
            },
        ),
        (
            "DEMOFORMCSPOUSEA",
            "OF03",
            "vi",
            {
                "native_name": "",
                "family_name": "TRAN",
                "given_names": "THI HOA",
                "sex": "F",
                "date_of_birth": "1991-02-14",
                "nationality": "VNM",
                "email": "hoa.tran@example.com",
                "phone": "+84912345678",
                "passport_number": "C1234567",
                "passport_country": "VNM",
                "passport_expiry": (today + dt.timedelta(days=2000)).isoformat(),
                "spouse_ui_number": "A800000014",
                "spouse_employer": "示範精密工業股份有限公司",
                "married_on": "2024-06-01",
                "entered_on": (today - dt.timedelta(days=12)).isoformat(),
                "address": "新北市板橋區中山路一段161號",
            },
        ),
        (
            "DEMOFORMESTUDENT",
            "OF05",
            "id",
            {
                "native_name": "林志明",
                "family_name": "LIM",
                "given_names": "CHI MING",
                "sex": "M",
                "date_of_birth": "2005-09-09",
                "nationality": "IDN",
                "email": "chiming.lim@example.com",
                "phone": "+6281234567890",
                "passport_number": "B7654321",
                "passport_country": "IDN",
                "passport_expiry": (today + dt.timedelta(days=1500)).isoformat(),
                "school": "國立臺灣師範大學僑生先修部",
                "student_number": "11312345",
                "residence_certificate_number": "",
                "departure_date": (today + dt.timedelta(days=20)).isoformat(),
                "return_date": (today + dt.timedelta(days=45)).isoformat(),
                "address": "新北市林口區仁愛路一段5號",
            },
        ),
    ]


class Command(BaseCommand):
    help = "Loads three demo forms filled in online, ready to scan at a counter."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = timezone.localdate()
        for reference, code, language, answers in _answers(today):
            spec = form_spec_get(code)
            if not FilledForm.objects.filter(reference=reference).exists():
                form = spec.form_class(data=answers)
                if not form.is_valid():
                    raise ValueError(f"demo answers of {code} are not valid: {form.errors.as_json()}")
                filled = FilledForm.objects.create(
                    reference=reference,
                    form_code=code,
                    service_code=spec.service_code,
                    language=language,
                    data=serialise(form.cleaned_data),
                    created_at=now,
                    expires_at=now + dt.timedelta(days=FORM_VALID_DAYS),
                )
                FilledFormEvent.objects.create(form=filled, after=Status.READY, note="demo")
            token = codes.token_for(reference)
            link = f"{settings.IMMIGO_PUBLIC_URL}{reverse('onlineforms:filled', args=[token])}"
            self.stdout.write(f"{code} {codes.reference_display(reference)} ({language}): {link}")
