"""`manage.py missing_demo`: twelve published demo entries for the missing mainland persons search
(seed H13), entered by the demo content editor (run `demo_data` first).

Every entry is fictional: the names, case numbers and ID numbers were made up for the demo and
describe no real person. The ID numbers are valid-looking unified ID numbers from a block of zeros
(check digit computed), so they pass validation without resembling anyone's real number.

Idempotent: an entry is identified by its case number; a second run finds all of them and writes
nothing. Entries go through the services, so each creation is audited like a real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from immigo.accounts.models import User
from immigo.core import identifiers
from immigo.core.models import County
from immigo.core.services import units_load
from immigo.missing import permissions, services
from immigo.missing.models import MissingPerson, Province

DEFAULT_EDITOR = "editor@demo.immigo.tw"

Reason = MissingPerson.Reason
Agency = MissingPerson.SourceAgency


def demo_id_number(serial: int, *, sex: str) -> str:
    """A fictional new-format unified ID number: Z, 8 (male) or 9 (female), 0000 and a serial."""
    prefix = f"Z{'8' if sex == 'M' else '9'}0000{serial:03d}"
    return prefix + identifiers.check_digit(prefix)


@dataclass(frozen=True)
class DemoEntry:
    case_number: str
    name_zh: str
    name_roman: str
    sex: str
    province: Province
    city: str
    year_missing: int
    county: str  # ISO 3166-2 code of the place last seen
    reason: MissingPerson.Reason
    agency: MissingPerson.SourceAgency
    description: str = ""
    birth_year: int | None = None
    age_when_missing: int | None = None


DEMO_ENTRIES: tuple[DemoEntry, ...] = (
    DemoEntry(
        "NIA-112-0007",
        "林海生",
        "LIN Haisheng",
        "M",
        Province.FUJIAN,
        "莆田市",
        2023,
        "TW-KHH",
        Reason.FISHING_CREW,
        Agency.FISHERIES,
        description="身高約170公分，左手背有舊傷疤。",
        birth_year=1988,
    ),
    DemoEntry(
        "NIA-112-0015",
        "陳志遠",
        "CHEN Zhiyuan",
        "M",
        Province.FUJIAN,
        "福州市",
        2023,
        "TW-PIF",
        Reason.FISHING_CREW,
        Agency.FISHERIES,
        description="身材偏瘦，短髮。",
        age_when_missing=34,
    ),
    DemoEntry(
        "NIA-111-0031",
        "吳德明",
        "WU Deming",
        "M",
        Province.ZHEJIANG,
        "溫州市",
        2022,
        "TW-ILA",
        Reason.FISHING_CREW,
        Agency.FISHERIES,
        description="身高約165公分，說閩南語。",
        birth_year=1979,
    ),
    DemoEntry(
        "NIA-113-0002",
        "張麗華",
        "ZHANG Lihua",
        "F",
        Province.SICHUAN,
        "成都市",
        2024,
        "TW-NAN",
        Reason.TOUR_GROUP,
        Agency.NIA,
        description="於日月潭行程中離團，戴眼鏡。",
        birth_year=1972,
    ),
    DemoEntry(
        "NIA-113-0009",
        "劉建軍",
        "LIU Jianjun",
        "M",
        Province.HENAN,
        "鄭州市",
        2024,
        "TW-HUA",
        Reason.TOUR_GROUP,
        Agency.NIA,
        description="於太魯閣行程中離團。",
        age_when_missing=52,
    ),
    DemoEntry(
        "NIA-112-0040",
        "王秀英",
        "WANG Xiuying",
        "F",
        Province.GUANGDONG,
        "汕頭市",
        2023,
        "TW-TPE",
        Reason.OVERSTAYED,
        Agency.NIA,
        description="探親停留逾期，長髮。",
        birth_year=1985,
    ),
    DemoEntry(
        "NIA-110-0018",
        "黃國強",
        "HUANG Guoqiang",
        "M",
        Province.GUANGXI,
        "北海市",
        2021,
        "TW-KEE",
        Reason.FISHING_CREW,
        Agency.FISHERIES,
        description="右前臂有刺青。",
        birth_year=1990,
    ),
    DemoEntry(
        "NIA-113-0021",
        "趙雪梅",
        "ZHAO Xuemei",
        "F",
        Province.HUNAN,
        "長沙市",
        2024,
        "TW-TXG",
        Reason.OVERSTAYED,
        Agency.NIA,
        description="",
        age_when_missing=29,
    ),
    DemoEntry(
        "NIA-111-0044",
        "周明輝",
        "ZHOU Minghui",
        "M",
        Province.SHANDONG,
        "青島市",
        2022,
        "TW-PEN",
        Reason.FISHING_CREW,
        Agency.FISHERIES,
        description="身高約175公分，體型壯碩。",
        birth_year=1968,
    ),
    DemoEntry(
        "NIA-112-0052",
        "徐文傑",
        "XU Wenjie",
        "M",
        Province.JIANGSU,
        "南京市",
        2023,
        "TW-NWT",
        Reason.OTHER,
        Agency.NIA,
        description="專業交流停留期間失聯。",
        birth_year=1995,
    ),
    DemoEntry(
        "NIA-113-0030",
        "孫美玲",
        "SUN Meiling",
        "F",
        Province.HUBEI,
        "武漢市",
        2024,
        "TW-KHH",
        Reason.TOUR_GROUP,
        Agency.NIA,
        description="於夜市行程中離團。",
        birth_year=1981,
    ),
    DemoEntry(
        "NIA-110-0027",
        "鄭阿水",
        "ZHENG Ashui",
        "M",
        Province.FUJIAN,
        "漳州市",
        2021,
        "TW-PIF",
        Reason.FISHING_CREW,
        Agency.FISHERIES,
        description="說閩南語，左耳有痣。",
        age_when_missing=41,
    ),
)


class Command(BaseCommand):
    help = "Creates twelve fictional, published entries for the missing persons search. Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--editor", default=DEFAULT_EDITOR, help="e-mail of the content editor who enters them")

    def handle(self, *args: Any, **options: Any) -> None:
        editor = User.objects.filter(email=options["editor"].lower()).first()
        if editor is None or not permissions.can_maintain(editor):
            raise CommandError(f"{options['editor']} must exist and be a content editor; run `manage.py demo_data` first")
        codes = {entry.county for entry in DEMO_ENTRIES}
        if County.objects.filter(code__in=codes).count() < len(codes):
            units_load()
        counties = {county.code: county for county in County.objects.filter(code__in=codes)}
        created = 0
        for serial, entry in enumerate(DEMO_ENTRIES, start=1):
            if MissingPerson.objects.filter(case_number=entry.case_number).exists():
                continue
            _create(serial, entry, counties=counties, editor=editor)
            created += 1
        self.stdout.write(f"missing persons demo: {created} entr(y/ies) created, {len(DEMO_ENTRIES) - created} already there")


@transaction.atomic
def _create(serial: int, entry: DemoEntry, *, counties: dict[str, County], editor: User) -> MissingPerson:
    data = services.MissingPersonData(
        case_number=entry.case_number,
        name_zh=entry.name_zh,
        name_roman=entry.name_roman,
        sex=entry.sex,
        birth_year=entry.birth_year,
        age_when_missing=entry.age_when_missing,
        origin_province=entry.province,
        origin_city=entry.city,
        year_missing=entry.year_missing,
        place_last_seen=counties[entry.county],
        reason=entry.reason,
        source_agency=entry.agency,
        description=entry.description,
        notes="Demo entry: fictional person.",
        id_number=demo_id_number(serial, sex=entry.sex),
    )
    person = services.missing_person_create(by=editor, data=data)
    return services.missing_person_publish(person=person, by=editor, published=True)
