"""`manage.py border_demo`: demo data for the exit-ban register (A06), the conscripts' exit
approvals (A02), unified ID numbers (A05, N04) and the reunion-period computation (A16). Run
`demo_data` first (units and staff).

Every person is fictional; identity numbers use a block of zeros with the check digit computed,
so they pass validation without resembling anyone's number. Logins (password as for demo_data):
citizen@demo.immigo.tw (a citizen bound to his national ID, conscript age, with a tax exit ban),
spouse@demo.immigo.tw (a mainland spouse with an A16 request), visitor@demo.immigo.tw (a foreign
visitor with an A05 application). F04 is not in the demo: its checks only pass in the winter
break; the demo border officer can take one in at /staff/border/airport-exit/ then.

Idempotent: people by identity number, users by e-mail, cases by their demo key; a second run
writes nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from immigo.accounts.models import User
from immigo.applications import services as cases
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel
from immigo.core import identifiers
from immigo.core.calendar import local_today
from immigo.core.models import County, Person, Unit

from ...models import Crossing, ExitBan, ProxyAuthorisation
from ...services import exit_ban_register, proxy_authorisation_submit

PASSWORD = "immigo-demo-2026"  # noqa: S105 - published on purpose: demo logins only
KEEPER = "supervisor.hq@demo.immigo.tw"
PUBLIC = "public@demo.immigo.tw"
TAIPEI = dt.timezone(dt.timedelta(hours=8))
PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def demo_number(prefix: str) -> str:
    return prefix + identifiers.check_digit(prefix)


CITIZEN_ID = demo_number("Z10000001")
SISTER_ID = demo_number("Z20000002")
SPOUSE_UI = demo_number("Z99000001")
OLD_UI = demo_number("ZD0000001")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf")


def _person(**fields: Any) -> Person:
    key = {k: fields.pop(k) for k in ("national_id", "ui_number") if fields.get(k)}
    person, _created = Person.objects.get_or_create(**key, defaults=fields)
    return person


def _user(email: str, full_name: str, person: Person | None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, full_name=full_name, kind=User.Kind.PUBLIC, person=person)
    return user


def _submit(*, key: str, code: str, data: dict[str, Any], files: dict[str, SimpleUploadedFile], by: User) -> Case | None:
    if Case.objects.filter(data__demo_key=key).exists():
        return None
    service = service_get(code)
    form = service.form_class(data=data)
    if not form.is_valid():
        raise CommandError(f"demo {key}: {form.errors.as_json()}")
    return cases.application_submit(
        submission=cases.Submission(
            service=service, data={"demo_key": key, **form.cleaned_data}, files=files, channel=Channel.ONLINE, language="zh-hant"
        ),
        by=by,
    )


class Command(BaseCommand):
    help = "Loads demo exit bans, proxy requests and applications for A02, A05, N04 and A16 (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        keeper = User.objects.filter(email=KEEPER).first()
        taipei = County.objects.filter(code="TW-TPE").first()
        if keeper is None or taipei is None or not Unit.objects.filter(code="hq-entry-exit").exists():
            raise CommandError("Run `manage.py demo_data` first.")
        today = local_today()
        created: list[str] = []
        with transaction.atomic():
            citizen = _person(
                national_id=CITIZEN_ID,
                native_name="林志豪",
                family_name="LIN",
                given_names="CHIH HAO",
                date_of_birth=dt.date(today.year - 20, 3, 12),
                sex="M",
                nationality="TWN",
                email="citizen@demo.immigo.tw",
            )
            sister = _person(
                national_id=SISTER_ID,
                native_name="林美玲",
                family_name="LIN",
                given_names="MEI LING",
                date_of_birth=dt.date(today.year - 25, 9, 2),
                sex="F",
                nationality="TWN",
            )
            citizen_user = _user("citizen@demo.immigo.tw", "林志豪", citizen)
            if not ExitBan.objects.filter(person=citizen).exists():
                exit_ban_register(
                    by=keeper,
                    national_id=CITIZEN_ID,
                    authority_kind=ExitBan.Authority.TAX,
                    imposed_by="財政部臺北國稅局",
                    contact_authority="財政部臺北國稅局 法務一科",
                    contact_phone="(02)2311-3711",
                    contact_address="臺北市中正區中華路一段2號",
                    legal_basis="稅捐稽徵法第24條第3項",
                    reference="北區國稅法一字第0000000001號（示範）",
                    starts_on=today - dt.timedelta(days=40),
                    ends_on=None,
                )
                created.append("exit ban")
            public = User.objects.filter(email=PUBLIC).first()
            if public is not None and not ProxyAuthorisation.objects.filter(principal_national_id=SISTER_ID).exists():
                proxy_authorisation_submit(
                    proxy=public,
                    principal_national_id=SISTER_ID,
                    principal_date_of_birth=sister.date_of_birth,
                    principal_name="林美玲",
                    relationship="friend",
                    letter_signed_on=today - dt.timedelta(days=3),
                    letter=_pdf("authorisation"),
                )
                created.append("proxy request")

            # A02: a student's approval; the ban sends it to an officer, as the rules say.
            departure = today + dt.timedelta(days=10)
            a02 = {
                "native_name": "林志豪",
                "family_name": "LIN",
                "given_names": "CHIH HAO",
                "sex": "M",
                "date_of_birth": citizen.date_of_birth.isoformat(),
                "nationality": "TWN",
                "email": "citizen@demo.immigo.tw",
                "national_id": CITIZEN_ID,
                "destination": "JPN",
                "departure_date": departure.isoformat(),
                "school_name": "國立臺灣大學",
                "deferment_until": (today + dt.timedelta(days=400)).isoformat(),
                "return_date": (departure + dt.timedelta(days=20)).isoformat(),
                "purpose": "study tour",
            }
            if _submit(key="border-a02", code="A02", data=a02, files={}, by=citizen_user):
                created.append("A02 case")

            # A05: a visitor asks for a number.
            visitor = _user("visitor@demo.immigo.tw", "Emily CARTER", None)
            a05 = {
                "family_name": "CARTER",
                "given_names": "EMILY",
                "sex": "F",
                "date_of_birth": "1994-06-21",
                "nationality": "AUS",
                "email": "visitor@demo.immigo.tw",
                "passport_number": "PA0000001",
                "passport_country": "AUS",
                "passport_expiry": (today + dt.timedelta(days=1500)).isoformat(),
                "entered_on": (today - dt.timedelta(days=12)).isoformat(),
                "county": str(taipei.pk),
                "address": "臺北市大安區示範街10號",
                "purpose": "bank",
            }
            if _submit(
                key="border-a05", code="A05", data=a05, files={"passport": _pdf("passport"), "entry_document": _pdf("entry")}, by=visitor
            ):
                created.append("A05 case")

            # N04: a resident with an old-format number converts it (decided at once).
            converted = Person.objects.filter(previous_ui_number=OLD_UI).exists()
            if not converted:
                _person(
                    ui_number=OLD_UI,
                    native_name="",
                    family_name="SUKSAWAT",
                    given_names="MALEE",
                    date_of_birth=dt.date(1987, 11, 30),
                    sex="F",
                    nationality="THA",
                    county=taipei,
                )
            n04 = {
                "family_name": "SUKSAWAT",
                "given_names": "MALEE",
                "sex": "F",
                "date_of_birth": "1987-11-30",
                "nationality": "THA",
                "email": "visitor@demo.immigo.tw",
                "ui_number": OLD_UI,
            }
            if not converted and _submit(key="border-n04", code="N04", data=n04, files={}, by=visitor):
                created.append("N04 case")

            # A16: a mainland spouse's request, with her crossings since 2012.
            spouse = _person(
                ui_number=SPOUSE_UI,
                native_name="張麗華",
                family_name="ZHANG",
                given_names="LIHUA",
                date_of_birth=dt.date(1986, 4, 18),
                sex="F",
                nationality="CHN",
                county=taipei,
            )
            if not spouse.crossings.exists():
                trips = [(dt.date(2012, 3, 1), "entry"), (dt.date(2016, 1, 20), "exit"), (dt.date(2016, 2, 15), "entry")]
                trips += [(dt.date(2019, 7, 1), "exit"), (dt.date(2020, 3, 1), "entry")]
                Crossing.objects.bulk_create(
                    Crossing(person=spouse, direction=d, at=dt.datetime.combine(day, dt.time(9), tzinfo=TAIPEI), port="桃園國際機場")
                    for day, d in trips
                )
            spouse_user = _user("spouse@demo.immigo.tw", "張麗華", spouse)
            a16 = {
                "native_name": "張麗華",
                "family_name": "ZHANG",
                "given_names": "LIHUA",
                "sex": "F",
                "date_of_birth": "1986-04-18",
                "nationality": "CHN",
                "email": "spouse@demo.immigo.tw",
                "ui_number": SPOUSE_UI,
                "spouse_name": "陳志明",
                "spouse_national_id": demo_number("Z10000003"),
                "marriage_registered_on": "2012-02-14",
                "dependent_from": "2012-04-01",
                "long_term_from": "2016-04-01",
                "county": str(taipei.pk),
                "question": "我何時可以申請定居？",
            }
            if _submit(key="border-a16", code="A16", data=a16, files={}, by=spouse_user):
                created.append("A16 case")
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        self.stdout.write(f"border_demo {stamp}: " + (", ".join(created) if created else "nothing new"))
