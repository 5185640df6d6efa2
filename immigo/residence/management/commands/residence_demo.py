"""`manage.py residence_demo`: demo residents of the Taipei station with permits expiring over the
next three months (and one overdue), the interpreters' languages, and today's reminder sweep, so
that the dashboard, the task list, the letters and the 3-month report have something to show
(run `demo_data` first).

Every resident is fictional: names were made up for the demo and the unified ID numbers come from
a block that resembles no real number (check digit computed). Dates are relative to today.

Idempotent: residents are matched by UI number and only missing ones are imported; the sweep
writes nothing the second time the same day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from immigo.accounts.models import User
from immigo.core import identifiers
from immigo.core.models import Unit
from immigo.residence.models import Resident, StaffLanguage
from immigo.residence.services import ladder_sweep, resident_flags_update, resident_import

STATION = "station-01-taipei"
LANGUAGES = {
    "interpreter.taipei@demo.immigo.tw": ("vi", "id", "th"),
    "counter.taipei@demo.immigo.tw": ("zh-hant", "en"),
}


def demo_ui(serial: int, *, sex: str) -> str:
    prefix = f"Y{'8' if sex == 'M' else '9'}2{serial:06d}"
    return prefix + identifiers.check_digit(prefix)


@dataclass(frozen=True)
class DemoResident:
    serial: int
    native_name: str
    family_name: str
    given_names: str
    sex: str
    nationality: str
    language: str
    expires_in: int
    email: str = ""
    phone: str = ""
    kind: str = "foreign_resident"
    flag: str = ""  # "protected", "departed" or "detained"


DEMO: tuple[DemoResident, ...] = (
    DemoResident(1, "阮氏蘭", "NGUYEN", "THI LAN", "F", "VNM", "vi", 15, "lan.nguyen@example.org", "+886912000001"),
    DemoResident(2, "", "SARI", "DEWI", "F", "IDN", "id", 15, "", "+886912000002"),
    DemoResident(3, "", "SOMCHAI", "PORNTIP", "F", "THA", "th", 15),
    DemoResident(4, "陳美玲", "CHEN", "MEILING", "F", "CHN", "zh-hant", 15, kind="mainland_dependent"),
    DemoResident(5, "黎文雄", "LE", "VAN HUNG", "M", "VNM", "vi", 7, "", "+886912000005"),
    DemoResident(6, "王秀英", "WANG", "XIUYING", "F", "CHN", "zh-hant", 6, "xiuying.wang@example.org", "", "mainland_dependent"),
    DemoResident(7, "", "SANTOS", "MARIA", "F", "PHL", "tl", 5, "maria.santos@example.org", "+886912000007"),
    DemoResident(8, "范氏梅", "PHAM", "THI MAI", "F", "VNM", "vi", 7, "mai.pham@example.org", "+886912000008", flag="protected"),
    DemoResident(9, "", "SOK", "CHANTHA", "F", "KHM", "km", 12, "", "+886912000009"),
    DemoResident(10, "", "TANAKA", "YUKI", "F", "JPN", "ja", 28, "yuki.tanaka@example.org"),
    DemoResident(11, "", "SHARMA", "PRIYA", "F", "IND", "hi", 41, "priya.sharma@example.org"),
    DemoResident(12, "", "AUNG", "MYA", "F", "MMR", "my", 55, "", "+886912000012"),
    DemoResident(13, "李曉華", "LI", "XIAOHUA", "F", "CHN", "zh-hant", 63, kind="mainland_long_term"),
    DemoResident(14, "", "BROWN", "JAMES", "M", "GBR", "en", 77, "james.brown@example.org"),
    DemoResident(15, "阮文安", "NGUYEN", "VAN AN", "M", "VNM", "vi", 88, "", "+886912000015"),
    DemoResident(16, "", "WIJAYA", "BUDI", "M", "IDN", "id", 10, "budi.wijaya@example.org", flag="departed"),
    DemoResident(17, "", "TRAN", "VAN BINH", "M", "VNM", "vi", 9, flag="detained"),
    DemoResident(18, "張麗珠", "CHEUNG", "LAI CHU", "F", "HKG", "zh-hant", 120, "laichu@example.org", kind="hk_macao"),
)

COLUMNS = (
    "ui_number",
    "native_name",
    "family_name",
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "email",
    "phone",
    "language",
    "address",
    "county",
    "station",
    "permit_number",
    "permit_kind",
    "issued_on",
    "expires_on",
)


def _row(entry: DemoResident, today: dt.date) -> dict[str, Any]:
    expires = today + dt.timedelta(days=entry.expires_in)
    return {
        "ui_number": demo_ui(entry.serial, sex=entry.sex),
        "native_name": entry.native_name,
        "family_name": entry.family_name,
        "given_names": entry.given_names,
        "sex": entry.sex,
        "date_of_birth": dt.date(1985 + entry.serial % 12, 1 + entry.serial % 12, 1 + entry.serial).isoformat(),
        "nationality": entry.nationality,
        "email": entry.email,
        "phone": entry.phone,
        "language": entry.language,
        "address": f"臺北市中正區示範路{entry.serial}號",
        "county": "TW-TPE",
        "station": STATION,
        "permit_number": f"DEMO-RP-{entry.serial:04d}",
        "permit_kind": entry.kind,
        "issued_on": (expires - dt.timedelta(days=365)).isoformat(),
        "expires_on": expires.isoformat(),
    }


class Command(BaseCommand):
    help = "Loads demo residents for the Taipei station and runs today's reminder sweep (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not Unit.objects.filter(code=STATION).exists():
            raise CommandError("Run `manage.py demo_data` first: the Taipei station is missing.")
        for email, languages in LANGUAGES.items():
            user = User.objects.filter(email=email).first()
            for language in languages if user else ():
                StaffLanguage.objects.get_or_create(user=user, language=language)
        today = timezone.localdate()
        known = set(Resident.objects.filter(ui_number__in=[demo_ui(e.serial, sex=e.sex) for e in DEMO]).values_list("ui_number", flat=True))
        missing = [entry for entry in DEMO if demo_ui(entry.serial, sex=entry.sex) not in known]
        created = 0
        if missing:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(_row(entry, today) for entry in missing)
            result = resident_import(stream=io.StringIO(out.getvalue()), by=None, source="residence_demo")
            if result.errors:
                raise CommandError(f"demo rows refused: {result.errors}")
            created = result.created
            chief = User.objects.filter(email="chief.taipei@demo.immigo.tw").first()
            for entry in missing:
                if not entry.flag or chief is None:
                    continue
                resident = Resident.objects.get(ui_number=demo_ui(entry.serial, sex=entry.sex))
                resident_flags_update(
                    resident=resident,
                    by=chief,
                    protected=entry.flag == "protected",
                    protected_email="",
                    protected_phone="+886933000008" if entry.flag == "protected" else "",
                    departed_on=today - dt.timedelta(days=20) if entry.flag == "departed" else None,
                    detained_since=today - dt.timedelta(days=3) if entry.flag == "detained" else None,
                    reason="demo data",
                )
        sweep = ladder_sweep(day=today)
        self.stdout.write(f"{created} demo residents added; today's sweep: {sweep.notices} notices, {sweep.calls} call tasks")
