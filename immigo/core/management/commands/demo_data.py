"""`manage.py demo_data`: the organisation's units plus demo logins, a demo applicant and a few
demo cases, so a fresh checkout shows a working agency.

Idempotent: every row has a natural key (an e-mail address, an identity number, a unit code, a
`demo_key` kept in the case data), and a second run finds them all and writes nothing. Demo cases
go through the application services, so their history, receipts, notices and issued documents
are the real thing.

Refuses to run where a production configuration is detected (DEBUG off and the staff second
factor required), because it creates accounts with a published password.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from immigo.accounts.models import Role, StaffRole, User
from immigo.applications import services as cases
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel
from immigo.border.models import Crossing
from immigo.core.calendar import local_today
from immigo.core.models import County, Passport, Person, Unit
from immigo.core.services import units_load

DEMO_PASSWORD = "immigo-demo-2026"  # noqa: S105 - published on purpose: demo logins only
TAIPEI = ZoneInfo("Asia/Taipei")
TAIPEI_STATION = "station-01-taipei"
NEW_TAIPEI_STATION = "station-02-new-taipei"


@dataclass(frozen=True)
class DemoStaff:
    email: str
    full_name: str
    role: Role
    unit: str
    superuser: bool = False


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("counter.taipei@demo.immigo.tw", "陳怡君", Role.COUNTER_OFFICER, TAIPEI_STATION),
    DemoStaff("reviewer.taipei@demo.immigo.tw", "林志明", Role.REVIEWER, TAIPEI_STATION),
    DemoStaff("supervisor.taipei@demo.immigo.tw", "黃淑芬", Role.SUPERVISOR, TAIPEI_STATION),
    DemoStaff("chief.taipei@demo.immigo.tw", "張建國", Role.STATION_CHIEF, TAIPEI_STATION),
    DemoStaff("reviewer.newtaipei@demo.immigo.tw", "李佳穎", Role.REVIEWER, NEW_TAIPEI_STATION),
    # Headquarters' Entry-Exit Affairs Division handles online A01 permits an automatic check
    # referred to an officer.
    DemoStaff("reviewer.hq@demo.immigo.tw", "吳俊賢", Role.REVIEWER, "hq-entry-exit"),
    DemoStaff("supervisor.hq@demo.immigo.tw", "劉雅婷", Role.SUPERVISOR, "hq-entry-exit"),
    DemoStaff("editor@demo.immigo.tw", "蔡明哲", Role.CONTENT_EDITOR, "hq"),
    DemoStaff("interpreter.taipei@demo.immigo.tw", "Nguyen Thi Lan", Role.INTERPRETER, TAIPEI_STATION),
    DemoStaff("volunteer.taipei@demo.immigo.tw", "許志工", Role.VOLUNTEER, TAIPEI_STATION),
    DemoStaff("specialops.taipei@demo.immigo.tw", "鄭專勤", Role.SPECIAL_OPERATIONS, "special-ops-tpe"),
    DemoStaff("border.taoyuan@demo.immigo.tw", "馮國境", Role.BORDER_OFFICER, "border-taoyuan-t1"),
    DemoStaff("quota.hq@demo.immigo.tw", "楊配額", Role.QUOTA_OFFICER, "hq-entry-exit"),
    # Also a superuser, for the configuration admin at /config/.
    DemoStaff("admin@demo.immigo.tw", "系統管理員", Role.ADMINISTRATOR, "hq", superuser=True),
)

PUBLIC_EMAIL = "public@demo.immigo.tw"
# A foreign resident with a new-format unified ID number from the published test vectors.
RESIDENT = {
    "ui_number": "A800000014",
    "native_name": "阮文安",
    "family_name": "NGUYEN",
    "given_names": "VAN AN",
    "date_of_birth": dt.date(1990, 5, 17),
    "sex": Person.Sex.MALE,  # the 8 after the letter: a man
    "nationality": "VNM",
    "email": PUBLIC_EMAIL,
    "phone": "+886912345678",
    "address": "臺北市中正區示範路一段1號5樓",  # a made-up street
}
RESIDENT_PASSPORT = "C1234567"
AIRPORT = "桃園國際機場"
# Days before the first run, direction, flight: a resident who travels home twice a year.
CROSSINGS: tuple[tuple[int, str, str], ...] = (
    (700, Crossing.Direction.ENTRY, "VN 576"),
    (520, Crossing.Direction.EXIT, "VN 577"),
    (505, Crossing.Direction.ENTRY, "VN 576"),
    (330, Crossing.Direction.EXIT, "BR 397"),
    (312, Crossing.Direction.ENTRY, "BR 398"),
    (130, Crossing.Direction.EXIT, "VN 577"),
    (118, Crossing.Direction.ENTRY, "VN 576"),
)


# Each app's own demo command (idempotent), in this order; the search index last, over all of it.
APP_DEMO_COMMANDS = (
    "load_districts",
    "content_demo",
    "newsletter_demo",
    "missing_demo",
    "organisations_demo",
    "online_catalogue_demo",
    "agency_demo",
    "onlineforms_demo",
    "appointments_demo",
    "border_demo",
    "queues_demo",
    "feedback_demo",
    "quotas_demo",
    "residence_demo",
    "search_reindex",
)


class Command(BaseCommand):
    help = "Loads the organisational units and the demo logins, applicant and cases (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even where the settings look like production (creates accounts with a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and settings.IMMIGO_REQUIRE_STAFF_OTP and not options["allow_production"]:
            raise CommandError(
                "These settings look like production: demo accounts with a published password would be created. "
                "Use --allow-production to do it anyway."
            )
        with transaction.atomic():
            loaded = units_load()
            staff = {spec.email: _staff_user(spec) for spec in DEMO_STAFF}
            public = _public_user()
            created_cases = _demo_cases(staff=staff, public=public)
        # The portal's demo content: station districts, pages, newsletter issues, missing persons,
        # then the search index over all of it. Each command is idempotent.
        for command in APP_DEMO_COMMANDS:
            call_command(command, verbosity=0, stdout=io.StringIO())
        if options["verbosity"] >= 2:
            self.stderr.write(
                f"units: {loaded.units_total} ({loaded.units_created} new); counties new: {loaded.counties_created}; "
                f"demo cases new: {created_cases}"
            )
        self._print_logins(staff=staff, public=public)

    def _print_logins(self, *, staff: dict[str, User], public: User) -> None:
        units = {u.code: u for u in Unit.objects.filter(code__in={spec.unit for spec in DEMO_STAFF})}
        rows = [(str(spec.role.label), str(units[spec.unit]), spec.email, DEMO_PASSWORD) for spec in DEMO_STAFF]
        rows.append((str(User.Kind.PUBLIC.label), "—", public.email, DEMO_PASSWORD))
        from immigo.organisations.models import Membership

        for membership in Membership.objects.select_related("organisation", "user").filter(user__email__endswith="@demo.immigo.tw"):
            rows.append(
                (str(membership.organisation.get_kind_display()), membership.organisation.name, membership.user.email, DEMO_PASSWORD)
            )
        # The column names are the models' own (translated) field names.
        header = tuple(
            capfirst(str(label))
            for label in (
                StaffRole._meta.get_field("role").verbose_name,
                StaffRole._meta.get_field("unit").verbose_name,
                User._meta.get_field("email").verbose_name,
                User._meta.get_field("password").verbose_name,
            )
        )
        widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
        lines = [
            _("Demo sign-ins (every demo account uses the same password):"),
            ("  " + "  ".join(_pad(text, width) for text, width in zip(header, widths, strict=True))).rstrip(),
            "  " + "  ".join("-" * width for width in widths),
        ]
        lines += ["  " + "  ".join(_pad(text, width) for text, width in zip(row, widths, strict=True)).rstrip() for row in rows]
        base = settings.IMMIGO_PUBLIC_URL
        lines += ["", _("Open %(url)s and sign in at %(login)s") % {"url": base, "login": f"{base}/accounts/login/"}]
        self.stdout.write("\n".join(lines))


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


# --- people and accounts --------------------------------------------------------------------


def _staff_user(spec: DemoStaff) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            spec.email,
            DEMO_PASSWORD,
            full_name=spec.full_name,
            kind=User.Kind.STAFF,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
    StaffRole.objects.get_or_create(user=user, role=spec.role, unit=Unit.objects.get(code=spec.unit))
    return user


def _resident() -> Person:
    county = County.objects.get(code="TW-TPE")
    person, _created = Person.objects.get_or_create(ui_number=RESIDENT["ui_number"], defaults={**RESIDENT, "county": county})
    Passport.objects.get_or_create(
        issuing_country="VNM",
        number=RESIDENT_PASSPORT,
        defaults={"person": person, "kind": "Passport", "issued_on": dt.date(2022, 3, 1), "expires_on": dt.date(2032, 2, 28)},
    )
    if not person.crossings.exists():
        now = timezone.now().astimezone(TAIPEI)
        Crossing.objects.bulk_create(
            Crossing(
                person=person,
                direction=direction,
                at=(now - dt.timedelta(days=days_ago)).replace(hour=8 + index, minute=5 * index, second=0, microsecond=0),
                port=AIRPORT,
                flight=flight,
                document_number=RESIDENT_PASSPORT,
            )
            for index, (days_ago, direction, flight) in enumerate(CROSSINGS)
        )
    return person


def _public_user() -> User:
    person = _resident()
    user = User.objects.filter(email=PUBLIC_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            PUBLIC_EMAIL,
            DEMO_PASSWORD,
            full_name=person.display_name,
            kind=User.Kind.PUBLIC,
            person=person,
        )
    return user


# --- cases ----------------------------------------------------------------------------------


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF that says what it stands for (uploads must be real PDF, JPEG or PNG)."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _files(*codes: str) -> dict[str, SimpleUploadedFile]:
    return {
        code: SimpleUploadedFile(
            f"{code}.pdf", _demo_pdf(f"Immigo demo document: {code.replace('_', ' ')}"), content_type="application/pdf"
        )
        for code in codes
    }


def _resident_details() -> dict[str, Any]:
    keys = ("native_name", "family_name", "given_names", "sex", "date_of_birth", "nationality", "email", "phone")
    return {key: RESIDENT[key] for key in keys} | {"notify_by_sms": False}


def _submit(*, key: str, code: str, data: dict[str, Any], files: dict[str, SimpleUploadedFile], by: User | None) -> Case:
    return cases.application_submit(
        submission=cases.Submission(
            service=service_get(code),
            data={"demo_key": key, **data},
            files=files,
            channel=Channel.ONLINE,
            language="zh-hant",
        ),
        by=by,
    )


def _a11_data(*, station: Unit, start: dt.date, end: dt.date, copies: int, purpose: str) -> dict[str, Any]:
    return _resident_details() | {
        "id_kind": "ui_number",
        "national_id": "",
        "ui_number": RESIDENT["ui_number"],
        "passport_number": "",
        "passport_country": "",
        "period_from": start,
        "period_to": end,
        "copies": copies,
        "purpose": purpose,
        "filed_by_agent": False,
        "agent_name": "",
        "pickup": "counter",
        "station": station.pk,
        "postal_address": "",
    }


def _a07_awaiting_documents(*, key: str, staff: dict[str, User], public: User) -> None:
    """A07 at the Taipei station: the lease lacks its signature page, so a one-time notice asks
    for it and the clock is paused."""
    today = local_today()
    data = _resident_details() | {
        "ui_number": RESIDENT["ui_number"],
        "county": County.objects.get(code="TW-TPE").pk,
        "new_address": "臺北市大安區示範路二段8號3樓",
        "moved_on": today - dt.timedelta(days=12),
        "housing": "rented",
    }
    case = _submit(key=key, code="A07", data=data, files=_files("resident_certificate", "lease"), by=public)
    reviewer = staff["reviewer.taipei@demo.immigo.tw"]
    cases.case_start_review(case=case, by=reviewer)
    cases.case_request_supplement(
        case=case,
        by=reviewer,
        items=[{"code": "lease", "label": "租賃契約（含出租人簽名頁）", "note": "上傳的契約缺少出租人簽名頁，請補上完整影本。"}],
        note="補件後即恢復審查。",
    )


def _a11_under_review(*, key: str, staff: dict[str, User], public: User) -> None:
    today = local_today()
    station = Unit.objects.get(code=TAIPEI_STATION)
    data = _a11_data(station=station, start=today - dt.timedelta(days=730), end=today, copies=2, purpose="申請工作簽證")
    case = _submit(key=key, code="A11", data=data, files=_files("identity_document"), by=public)
    cases.case_start_review(case=case, by=staff["reviewer.taipei@demo.immigo.tw"])


def _a11_issued(*, key: str, staff: dict[str, User], public: User) -> None:
    """Approved by the reviewer, paid and issued at the counter."""
    today = local_today()
    station = Unit.objects.get(code=TAIPEI_STATION)
    data = _a11_data(station=station, start=dt.date(today.year - 1, 1, 1), end=dt.date(today.year - 1, 12, 31), copies=1, purpose="報稅")
    case = _submit(key=key, code="A11", data=data, files=_files("identity_document"), by=public)
    reviewer, counter = staff["reviewer.taipei@demo.immigo.tw"], staff["counter.taipei@demo.immigo.tw"]
    cases.case_start_review(case=case, by=reviewer)
    cases.case_approve(case=case, by=reviewer, reason="入出國紀錄查核無誤。")
    cases.case_record_payment(case=case, by=counter)
    cases.case_issue(case=case, by=counter)


def _a11_submitted_new_taipei(*, key: str, staff: dict[str, User], public: User) -> None:
    """A citizen's request, filed without an account, waiting in the New Taipei station's queue."""
    today = local_today()
    data = {
        "native_name": "王小明",
        "family_name": "WANG",
        "given_names": "HSIAO MING",
        "sex": Person.Sex.MALE,
        "date_of_birth": dt.date(1988, 11, 2),
        "nationality": "TWN",
        "email": "citizen@demo.immigo.tw",
        "phone": "",
        "notify_by_sms": False,
        "id_kind": "national_id",
        # The textbook sample number (published test vectors), not a real person's.
        "national_id": "A123456789",
        "ui_number": "",
        "passport_number": "",
        "passport_country": "",
        "period_from": today - dt.timedelta(days=365),
        "period_to": today,
        "copies": 1,
        "purpose": "申請海外留學",
        "filed_by_agent": False,
        "agent_name": "",
        "pickup": "counter",
        "station": Unit.objects.get(code=NEW_TAIPEI_STATION).pk,
        "postal_address": "",
    }
    _submit(key=key, code="A11", data=data, files=_files("identity_document"), by=None)


def _a01_issued(*, key: str, staff: dict[str, User], public: User) -> None:
    """A Hong Kong permanent resident's online entry permit: every automatic check passes, so it
    is approved and issued at once."""
    today = local_today()
    data = {
        "native_name": "陳大文",
        "family_name": "CHAN",
        "given_names": "TAI MAN",
        "sex": Person.Sex.MALE,
        "date_of_birth": dt.date(1985, 3, 8),
        "nationality": "HKG",
        "email": "hk.resident@demo.immigo.tw",
        "phone": "",
        "notify_by_sms": False,
        "residence": "HKG",
        "permanent_resident": True,
        "place_of_birth": "HKG",
        "entered_taiwan_after_1983": False,
        "previous_permit_number": "",
        "previous_permit_valid_until": None,
        "passport_type": "HKSAR",
        "passport_number": "K00000001",
        "passport_expiry": dt.date(today.year + 6, 1, 31),
        "holds_other_passport": False,
        "arrival_date": today + dt.timedelta(days=14),
        "stay_days": 7,
    }
    _submit(key=key, code="A01", data=data, files={}, by=None)


DemoCase = Callable[..., None]
DEMO_CASES: dict[str, DemoCase] = {
    "a07-awaiting-documents": _a07_awaiting_documents,
    "a11-under-review": _a11_under_review,
    "a11-issued": _a11_issued,
    "a11-submitted-new-taipei": _a11_submitted_new_taipei,
    "a01-issued": _a01_issued,
}


def _demo_cases(*, staff: dict[str, User], public: User) -> int:
    created = 0
    for key, build in DEMO_CASES.items():
        if Case.objects.filter(data__demo_key=key).exists():
            continue
        build(key=key, staff=staff, public=public)
        created += 1
    return created
