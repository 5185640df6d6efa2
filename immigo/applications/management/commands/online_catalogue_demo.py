"""`manage.py online_catalogue_demo`: demo cases of A08, A09, the four A11 online applications,
B03 (a special extension forwarded to headquarters), B07 (a lost passport report) and B11 (a
residence certificate taken in at Taipei for a Kaohsiung resident).

Run after `demo_data` (units, demo staff) and `organisations_demo` (the sponsoring company).
Idempotent: each case carries a `demo_key` in its data and a second run writes nothing. Cases go
through the application services, so receipts, history, notices and documents are real.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from immigo.accounts.models import User
from immigo.applications import services
from immigo.applications.catalogue import a09_business_fast_track as a09
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel
from immigo.applications.services.forwarding import case_forward
from immigo.core.calendar import local_today
from immigo.core.models import County, Unit
from immigo.organisations.models import Organisation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TAIPEI_STATION = "station-01-taipei"


def _pdf(code: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{code}.pdf", PDF, content_type="application/pdf")


def _exists(key: str) -> bool:
    return Case.objects.filter(data__demo_key=key).exists()


def _clean(code: str, data: dict[str, Any]) -> dict[str, Any]:
    form = service_get(code).form_class(data=data)
    if not form.is_valid():
        raise ValueError(f"demo data for {code} is not valid: {form.errors.as_json()}")
    return form.cleaned_data


def _online(code: str, key: str, data: dict[str, Any], *, by: User | None = None, language: str = "en") -> Case:
    service = service_get(code)
    cleaned = {**_clean(code, data), "demo_key": key}
    files = {doc.code: _pdf(doc.code) for doc in service.required_documents(cleaned)}
    submission = services.Submission(service=service, data=cleaned, files=files, channel=Channel.ONLINE, language=language)
    return services.application_submit(submission=submission, by=by)


def _counter(code: str, key: str, data: dict[str, Any], *, by: User, unit: Unit, language: str = "zh-hant") -> Case:
    service = service_get(code)
    cleaned = {**_clean(code, data), "demo_key": key}
    seen = frozenset(doc.code for doc in service.required_documents(cleaned))
    submission = services.Submission(
        service=service, data=cleaned, files={}, channel=Channel.COUNTER, language=language, seen_at_counter=seen
    )
    return services.application_submit(submission=submission, by=by, counter_unit=unit)


def _decide(case: Case, *, reviewer: User, counter: User | None = None) -> None:
    services.case_start_review(case=case, by=reviewer)
    services.case_approve(case=case, by=reviewer)
    if case.fee_amount and counter is not None:
        services.case_record_payment(case=case, by=counter)
    services.case_issue(case=case, by=counter or reviewer)


class Command(BaseCommand):
    help = "Loads demo cases of A08, A09, A11 (four services), B03, B07 and B11."

    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        with transaction.atomic():
            for step in self._steps():
                if step():
                    created += 1
        if options["verbosity"] >= 2:
            self.stderr.write(f"online catalogue demo cases new: {created}")

    def _steps(self) -> list[Callable[[], bool]]:
        return [
            self._a08,
            self._a09,
            self._a11_residence,
            self._a11_professional,
            self._a11_matchmaking,
            self._a11_exit,
            self._b03,
            self._b07,
        ]

    # Each step returns True when it created its case.

    def _user(self, email: str) -> User | None:
        return User.objects.filter(email=email).first()

    def _a08(self) -> bool:
        key = "demo-a08"
        if _exists(key) or not Unit.objects.filter(code="hq-entry-exit").exists():
            return False
        today = local_today()
        data = {
            "family_name": "Sharma",
            "given_names": "Priya",
            "sex": "F",
            "date_of_birth": "1993-02-11",
            "nationality": "IND",
            "email": "priya.sharma@example.test",
            "passport_number": "Z4455667",
            "passport_expiry": (today + dt.timedelta(days=1500)).isoformat(),
            "qualifying_issuer": "USA",
            "qualifying_kind": "visa",
            "qualifying_number": "USV1234567",
            "qualifying_valid_until": (today + dt.timedelta(days=400)).isoformat(),
            "arrival_date": (today + dt.timedelta(days=12)).isoformat(),
        }
        _online("A08", key, data, language="hi")
        return True

    def _a09(self) -> bool:
        key = "demo-a09"
        organisation = Organisation.objects.filter(kind=Organisation.Kind.SPONSOR_COMPANY).order_by("pk").first()
        login = self._user("sponsor@demo.immigo.tw")
        reviewer = self._user("reviewer.hq@demo.immigo.tw")
        if _exists(key) or organisation is None or login is None or reviewer is None:
            return False
        today = local_today()
        base = {
            "sex": "M",
            "nationality": "JPN",
            "email": "travel@example.test",
            "passport_country": "JPN",
            "passport_expiry": (today + dt.timedelta(days=2000)).isoformat(),
            "employer_name": "Sakura Electronics K.K.",
            "relation": "partner",
            "position": "executive",
            "job_title": "Executive Director",
            "purpose": "Board meetings and supplier visits",
        }
        approved = {**base, "family_name": "Suzuki", "given_names": "Kenji", "date_of_birth": "1970-05-05", "passport_number": "TR1234567"}
        pending = {**base, "family_name": "Ito", "given_names": "Yuki", "date_of_birth": "1984-12-01", "passport_number": "TR7654321"}
        files = {"passport_copy": _pdf("passport"), "employment_proof": _pdf("employment"), "business_relation_proof": _pdf("relation")}
        case = a09.fast_track_submit(
            organisation=organisation, by=login, data={**_clean("A09", approved), "demo_key": key}, files=files, language="en"
        )
        _decide(case, reviewer=reviewer)
        files = {"passport_copy": _pdf("passport"), "employment_proof": _pdf("employment"), "business_relation_proof": _pdf("relation")}
        a09.fast_track_submit(
            organisation=organisation, by=login, data={**_clean("A09", pending), "demo_key": f"{key}-pending"}, files=files, language="en"
        )
        return True

    def _a11_residence(self) -> bool:
        """B11: a Kaohsiung resident asks at the Taipei counter; the case goes to Kaohsiung."""
        key = "demo-a11-rc"
        counter = self._user("counter.taipei@demo.immigo.tw")
        kaohsiung = County.objects.filter(code="TW-KHH").first()
        if _exists(key) or counter is None or kaohsiung is None:
            return False
        data = {
            "family_name": "SANTOS",
            "given_names": "MARIA",
            "sex": "F",
            "date_of_birth": "1988-02-14",
            "nationality": "PHL",
            "email": "maria.santos@example.test",
            "ui_number": "A900000025",
            "resident_certificate_expiry": (local_today() + dt.timedelta(days=300)).isoformat(),
            "passport_number": "P1234567A",
            "county": str(kaohsiung.pk),
            "address": "高雄市前金區成功一路436號",
            "period_from": "2024-01-01",
            "period_to": (local_today() - dt.timedelta(days=1)).isoformat(),
            "purpose": "bank",
            "copies": 1,
            "pickup": "counter",
        }
        _counter("A11-RC", key, data, by=counter, unit=Unit.objects.get(code=TAIPEI_STATION), language="en")
        return True

    def _a11_professional(self) -> bool:
        key = "demo-a11-ip"
        if _exists(key) or not Unit.objects.filter(code="hq-entry-exit").exists():
            return False
        data = {
            "native_name": "周家豪",
            "family_name": "CHOU",
            "given_names": "CHIA HAO",
            "sex": "M",
            "date_of_birth": "1982-10-10",
            "nationality": "TWN",
            "email": "chou@example.test",
            "national_id": "A234567893",
            "training_certificate_number": "MPT-115-0042",
            "training_completed_on": (local_today() - dt.timedelta(days=60)).isoformat(),
            "exam_passed_on": (local_today() - dt.timedelta(days=30)).isoformat(),
            "firm_name": "環球移民顧問股份有限公司",
            "postal_address": "臺北市中山區南京東路二段100號",
            "pickup": "post",
        }
        _online("A11-IP", key, data, language="zh-hant")
        return True

    def _a11_matchmaking(self) -> bool:
        key = "demo-a11-mm"
        if _exists(key) or not Unit.objects.filter(code="hq-entry-exit").exists():
            return False
        data = {
            "native_name": "陳美玲",
            "family_name": "CHEN",
            "given_names": "MEI LING",
            "sex": "F",
            "date_of_birth": "1970-03-03",
            "nationality": "TWN",
            "email": "chen@association.example.test",
            "national_id": "B223456782",
            "organisation_name": "社團法人台灣國際家庭互助協會",
            "entity_kind": "association",
            "registration_number": "台內社字第0990123456號",
            "organisation_address": "臺中市西區民權路200號",
            "countries": "Vietnam, Indonesia",
            "staff_count": 6,
        }
        _online("A11-MM", key, data, language="zh-hant")
        return True

    def _a11_exit(self) -> bool:
        key = "demo-a11-ex"
        reviewer = self._user("reviewer.taipei@demo.immigo.tw")
        taipei = County.objects.filter(code="TW-TPE").first()
        if _exists(key) or reviewer is None or taipei is None:
            return False
        today = local_today()
        data = {
            "family_name": "TANAKA",
            "given_names": "HIROSHI",
            "sex": "M",
            "date_of_birth": "1975-11-11",
            "nationality": "JPN",
            "email": "tanaka@example.test",
            "ui_number": "A800000023",
            "aprc_number": "PR0012345",
            "county": str(taipei.pk),
            "departure_date": (today + dt.timedelta(days=20)).isoformat(),
            "return_date": (today + dt.timedelta(days=385)).isoformat(),
            "reason": "medical",
            "reason_details": "Treatment at Osaka University Hospital",
            "address_abroad": "2-15 Yamadaoka, Suita, Osaka",
        }
        case = _online("A11-EX", key, data, language="ja")
        _decide(case, reviewer=reviewer)
        return True

    def _b03(self) -> bool:
        key = "demo-b03"
        counter = self._user("counter.taipei@demo.immigo.tw")
        if _exists(key) or counter is None or not Unit.objects.filter(code="hq-entry-exit").exists():
            return False
        today = local_today()
        data = {
            "native_name": "李小紅",
            "family_name": "LI",
            "given_names": "XIAOHONG",
            "sex": "F",
            "date_of_birth": "1991-09-09",
            "nationality": "CHN",
            "email": "li.xiaohong@example.test",
            "ui_number": "A900000016",
            "residence_kind": "mainland_spouse_dependent",
            "permit_number": "R10012345",
            "permit_expiry": (today + dt.timedelta(days=20)).isoformat(),
            "requested_until": (today + dt.timedelta(days=385)).isoformat(),
            "special_reason": "spouse_died",
            "special_details": "配偶於本年10月病逝，育有一子在臺就學。",
            "address": "臺北市萬華區西園路二段100號",
        }
        case = _counter("B03", key, data, by=counter, unit=Unit.objects.get(code=TAIPEI_STATION))
        case_forward(case=case, by=counter, reason="特延案件：臺灣配偶死亡")
        return True

    def _b07(self) -> bool:
        key = "demo-b07"
        counter = self._user("counter.taipei@demo.immigo.tw")
        if _exists(key) or counter is None:
            return False
        data = {
            "family_name": "MILLER",
            "given_names": "JAMES",
            "sex": "M",
            "date_of_birth": "1992-07-04",
            "nationality": "USA",
            "email": "james.miller@example.test",
            "passport_number": "561234987",
            "passport_country": "USA",
            "passport_expiry": "2030-05-01",
            "lost_on": (local_today() - dt.timedelta(days=2)).isoformat(),
            "lost_where": "taiwan",
            "circumstances": "Left in a taxi from Taipei Main Station",
            "address": "臺北市中正區忠孝西路一段1號",
        }
        _counter("B07", key, data, by=counter, unit=Unit.objects.get(code=TAIPEI_STATION), language="en")
        return True
