"""`manage.py agency_demo`: a Kinmen travel agency with its login, and applications filed by
travel agencies for their customers: an A15 quick permit (issued at once), an A13 independent
traveller and an A14 overseas resident (awaiting review). Run after `demo_data` (units, staff) and
`organisations_demo` (the Taipei demo agency). Idempotent: a second run writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.management.commands.demo_data import DEMO_PASSWORD, _demo_pdf
from immigo.organisations.models import Membership, Organisation

from ...catalogue import service_get
from ...catalogue.a13_mainland_independent_travel import mainland_id_check_character
from ...models import Case
from ...services.agency import agency_application_submit

KINMEN_AGENCY: dict[str, Any] = {
    "kind": Organisation.Kind.TRAVEL_AGENCY,
    "name": "金門示範旅行社",
    "name_en": "Kinmen Demo Travel",
    "business_number": "82345673",
    "licence_number": "交觀乙 7001",
    "licence_valid_until": dt.date(2028, 12, 31),
    "address": "金門縣金城鎮民生路32號",
    "phone": "082-325-000",
}
KINMEN_LOGIN = ("kinmen.agency@demo.immigo.tw", "陳金門")
TAIPEI_AGENCY_NUMBER = "12345675"  # organisations_demo's 示範旅行社


def _mainland_id(region: str, born: dt.date, serial: str) -> str:
    first17 = f"{region}{born:%Y%m%d}{serial}"
    return first17 + mainland_id_check_character(first17)


def _traveller(
    today: dt.date, *, native: str, family: str, given: str, sex: str, born: dt.date, region: str, serial: str
) -> dict[str, Any]:
    return {
        "native_name": native,
        "family_name": family,
        "given_names": given,
        "sex": sex,
        "date_of_birth": born.isoformat(),
        "nationality": "CHN",
        "email": f"{given.lower().replace(' ', '')}@example.cn",
        "phone": "+8613800138000",
        "mainland_id": _mainland_id(region, born, serial),
        "passport_number": f"T{born:%y%m%d}{serial[:2]}",
        "passport_expiry": (today + dt.timedelta(days=700)).isoformat(),
        "arrival_date": (today + dt.timedelta(days=7)).isoformat(),
        "departure_date": (today + dt.timedelta(days=12)).isoformat(),
        "emergency_contact": "王旅行",
        "emergency_phone": "+886223456789",
    }


def _files(*codes: str) -> dict[str, SimpleUploadedFile]:
    return {
        code: SimpleUploadedFile(
            f"{code}.pdf", _demo_pdf(f"Immigo demo document: {code.replace('_', ' ')}"), content_type="application/pdf"
        )
        for code in codes
    }


class Command(BaseCommand):
    help = "Loads a Kinmen travel agency and applications filed by travel agencies (A13–A15)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        kinmen, _ = Organisation.objects.update_or_create(business_number=KINMEN_AGENCY["business_number"], defaults=KINMEN_AGENCY)
        user = User.objects.filter(email=KINMEN_LOGIN[0]).first()
        if user is None:
            user = User.objects.create_user(KINMEN_LOGIN[0], DEMO_PASSWORD, full_name=KINMEN_LOGIN[1], kind=User.Kind.ORGANISATION)
        membership, new_login = Membership.objects.get_or_create(
            organisation=kinmen, user=user, defaults={"role": Membership.Role.ADMINISTRATOR}
        )
        if new_login:
            audit_record(actor=None, action="create", obj=membership, purpose="demo data: travel agency login")
        taipei = Organisation.objects.filter(business_number=TAIPEI_AGENCY_NUMBER).first()
        taipei_login = taipei.memberships.filter(is_active=True).select_related("user").first() if taipei else None
        if taipei is None or taipei_login is None:
            raise CommandError("Run organisations_demo first.")
        today = calendar.local_today()
        demo: list[tuple[str, Organisation, User, str, dict[str, Any], dict[str, SimpleUploadedFile]]] = [
            (
                "agency-a15-issued",
                kinmen,
                user,
                "A15",
                {
                    **_traveller(
                        today,
                        native="黃海燕",
                        family="HUANG",
                        given="HAIYAN",
                        sex="F",
                        born=dt.date(1986, 3, 8),
                        region="350203",
                        serial="026",
                    ),
                    "port": "kinmen",
                },
                {},
            ),
            (
                "agency-a13-submitted",
                taipei,
                taipei_login.user,
                "A13",
                {
                    **_traveller(
                        today, native="張偉", family="ZHANG", given="WEI", sex="M", born=dt.date(1982, 7, 19), region="110105", serial="031"
                    ),
                    "household_city": "beijing",
                    "basis": "savings",
                    "lead_traveller_id": "",
                    "itinerary": "臺北3晚、日月潭1晚、高雄1晚",
                },
                _files("travel_permit", "resident_id", "photo", "savings_proof", "insurance"),
            ),
            (
                "agency-a14-submitted",
                taipei,
                taipei_login.user,
                "A14",
                {
                    **_traveller(
                        today, native="李娜", family="LI", given="NA", sex="F", born=dt.date(1990, 11, 2), region="310104", serial="048"
                    ),
                    "passport_number": "E56781234",
                    "passport_expiry": (today + dt.timedelta(days=1500)).isoformat(),
                    "country_of_residence": "USA",
                    "basis": "permanent",
                    "residence_document": "IOE0987654321",
                    "residence_valid_until": (today + dt.timedelta(days=3000)).isoformat(),
                    "resident_since": "2015-08-20",
                    "issuing_mission": "LAX",
                    "lead_traveller_id": "",
                },
                _files("passport", "resident_id", "photo", "residence_proof"),
            ),
        ]
        created = 0
        for key, organisation, login, code, answers, files in demo:
            if Case.objects.filter(data__demo_key=key).exists():
                continue
            service = service_get(code)
            form = service.form_class(data=answers)
            if not form.is_valid():
                raise CommandError(f"demo answers of {code} are not valid: {form.errors.as_json()}")
            agency_application_submit(
                organisation=organisation,
                by=login,
                service=service,
                data={"demo_key": key, **form.cleaned_data},
                files=files,
                language="zh-hant",
            )
            created += 1
        self.stdout.write(f"{kinmen.name}: {KINMEN_LOGIN[0]}; {created} agency applications created")
