"""Core services: loading the organisation's reference data (counties and units).

`units_load()` is idempotent: every row is keyed by its natural key (a county's ISO 3166-2 code,
a unit's code) and updated in place, so it can run on every deployment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import County, Unit

STATIONS_FILE = Path(__file__).with_name("data") / "stations.json"

HQ_ADDRESS = "臺北市中正區廣州街15號"
HQ_POSTCODE = "100213"
HQ_PHONE = "(02)2388-9393"
# Stations keep a noon duty: the counters stay open over lunch.
STATION_HOURS = "週一至週五 08:00–17:00（中午不休息）"

# Approximate centroids of the town each station is in, keyed by municipality (second stations
# by their sequence number), until the stations are geocoded from their addresses. Good enough to
# list the nearest stations; not good enough to navigate by.
STATION_COORDINATES: dict[str, tuple[str, str]] = {
    "臺北市": ("25.032400", "121.518300"),  # 中正區
    "新北市": ("24.999400", "121.499000"),  # 中和區
    "基隆市": ("25.127600", "121.739200"),
    "桃園市": ("24.993700", "121.301000"),  # 桃園區
    "新竹市": ("24.813800", "120.967500"),
    "新竹縣": ("24.838700", "121.004500"),  # 竹北市
    "苗栗縣": ("24.560200", "120.821400"),  # 苗栗市
    "臺中市": ("24.138500", "120.643000"),  # 南屯區
    "彰化縣": ("24.075200", "120.544400"),  # 彰化市
    "南投縣": ("23.909600", "120.684700"),  # 南投市
    "雲林縣": ("23.711700", "120.541100"),  # 斗六市
    "嘉義市": ("23.480100", "120.449100"),
    "嘉義縣": ("23.464900", "120.247000"),  # 朴子市
    "臺南市": ("22.992500", "120.197000"),  # 中西區
    "高雄市": ("22.621700", "120.312000"),  # 苓雅區
    "屏東縣": ("22.672700", "120.488000"),  # 屏東市
    "宜蘭縣": ("24.757000", "121.753300"),  # 宜蘭市
    "花蓮縣": ("23.976900", "121.604400"),  # 花蓮市
    "臺東縣": ("22.758300", "121.144400"),  # 臺東市
    "金門縣": ("24.432500", "118.317100"),  # 金城鎮
    "連江縣": ("26.159700", "119.949600"),  # 南竿鄉
    "澎湖縣": ("23.565500", "119.579300"),  # 馬公市
}
SECOND_STATION_COORDINATES: dict[int, tuple[str, str]] = {
    9: ("24.252600", "120.718000"),  # 臺中市豐原區
    16: ("23.132200", "120.296700"),  # 臺南市善化區
    18: ("22.796800", "120.295000"),  # 高雄市岡山區
}


@dataclass(frozen=True)
class UnitSpec:
    code: str
    kind: Unit.Kind
    name_zh: str
    name_en: str
    parent: str | None = None
    county: str | None = None  # ISO 3166-2 code
    postcode: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    hours: str = ""
    latitude: str | None = None
    longitude: str | None = None

    def defaults(self, *, units: dict[str, Unit], counties: dict[str, County]) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "parent": units[self.parent] if self.parent else None,
            "county": counties[self.county] if self.county else None,
            "postcode": self.postcode,
            "address": self.address,
            "phone": self.phone,
            "fax": self.fax,
            "hours": self.hours,
            "latitude": Decimal(self.latitude) if self.latitude else None,
            "longitude": Decimal(self.longitude) if self.longitude else None,
            "is_active": True,
        }


def _headquarters(code: str, name_zh: str, name_en: str, parent: str | None = None) -> UnitSpec:
    lat, lon = STATION_COORDINATES["臺北市"]
    return UnitSpec(
        code,
        Unit.Kind.HEADQUARTERS,
        name_zh,
        name_en,
        parent=parent,
        county="TW-TPE",
        postcode=HQ_POSTCODE,
        address=HQ_ADDRESS,
        phone=HQ_PHONE,
        latitude=lat,
        longitude=lon,
    )


# The agency, and the headquarters divisions the seed names. The Entry-Exit Affairs Division also
# acts as the Service Affairs Brigade: the 25 service stations sit under it.
HEADQUARTERS: tuple[UnitSpec, ...] = (
    _headquarters("hq", "內政部移民署", "National Immigration Agency"),
    _headquarters("hq-entry-exit", "入出國事務組（兼服務事務大隊）", "Entry-Exit Affairs Division (Service Affairs Brigade)", "hq"),
    _headquarters("hq-immigration", "移民事務組（兼收容事務大隊）", "Immigration Affairs Division (Detention Affairs Brigade)", "hq"),
    _headquarters("hq-international", "國際事務組", "International Affairs Division", "hq"),
    _headquarters("hq-information", "移民資訊組", "Immigration Information Division", "hq"),
)

# The seed counts 25 special-operations teams, 13 in the 1st brigade and 12 in the 2nd, one per
# county or city plus a second team in each of the three cities with two stations. It does not
# say which brigade holds which team; this split (north, Taichung, east and the outlying islands
# in the 1st; the rest of the south-west in the 2nd) is our reading until the order is checked.
SPECIAL_OPS_BRIGADES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "special-ops-1": (
        "專勤事務第一大隊",
        "Special Operations 1st Brigade",
        ("TW-KEE", "TW-TPE", "TW-NWT", "TW-TAO", "TW-HSZ", "TW-HSQ", "TW-MIA", "TW-TXG", "TW-ILA", "TW-HUA", "TW-KIN", "TW-LIE"),
    ),
    "special-ops-2": (
        "專勤事務第二大隊",
        "Special Operations 2nd Brigade",
        ("TW-CHA", "TW-NAN", "TW-YUN", "TW-CYI", "TW-CYQ", "TW-TNN", "TW-KHH", "TW-PIF", "TW-TTT", "TW-PEN"),
    ),
}
TWO_TEAM_CITIES = frozenset({"TW-TXG", "TW-TNN", "TW-KHH"})

# The seed counts 16 border teams (國境隊) but names only these sites, so only these are created;
# the names say where the team works until the official team names are confirmed.
BORDER_TEAMS: tuple[tuple[str, str, str, str], ...] = (
    ("border-taoyuan-t1", "桃園國際機場第一航廈國境隊", "Taoyuan International Airport Terminal 1 Border Team", "TW-TAO"),
    ("border-taoyuan-t2", "桃園國際機場第二航廈國境隊", "Taoyuan International Airport Terminal 2 Border Team", "TW-TAO"),
    ("border-songshan-airport", "松山機場國境隊", "Taipei Songshan Airport Border Team", "TW-TPE"),
    ("border-kaohsiung-airport", "高雄小港機場國境隊", "Kaohsiung International Airport Border Team", "TW-KHH"),
    ("border-taichung-airport", "臺中機場國境隊", "Taichung International Airport Border Team", "TW-TXG"),
    ("border-keelung-port", "基隆港國境隊", "Port of Keelung Border Team", "TW-KEE"),
    ("border-taichung-port", "臺中港國境隊", "Port of Taichung Border Team", "TW-TXG"),
    ("border-kinmen-shuitou", "金門水頭港國境隊", "Kinmen Shuitou Port Border Team", "TW-KIN"),
    ("border-matsu-fuao", "馬祖福澳港國境隊", "Matsu Fuao Port Border Team", "TW-LIE"),
)

# The seed counts 6 detention centres (收容所); only these four names are certain, so only they
# are created. The Taipei centre is not inside Taipei City, so its county is left empty until
# its address is confirmed.
DETENTION_CENTRES: tuple[tuple[str, str, str, str | None], ...] = (
    ("detention-yilan", "宜蘭收容所", "Yilan Detention Center", "TW-ILA"),
    ("detention-taipei", "臺北收容所", "Taipei Detention Center", None),
    ("detention-nantou", "南投收容所", "Nantou Detention Center", "TW-NAN"),
    ("detention-kaohsiung", "高雄收容所", "Kaohsiung Detention Center", "TW-KHH"),
)


@cache
def stations_data() -> dict[str, Any]:
    return json.loads(STATIONS_FILE.read_text(encoding="utf-8"))


def station_slug(name_en: str) -> str:
    """'Taipei City Service Center' → 'taipei'; 'Hsinchu County Service Center' → 'hsinchu-county';
    'Taichung City First Service Center' → 'taichung-first'. A city drops the word 'City' (two
    counties share a city's name, so they keep 'County')."""
    name = re.sub(r"\(.*?\)", " ", name_en)
    name = re.sub(r"\bService Center\b", " ", name)
    name = re.sub(r"\bCity\b", " ", name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def station_code(seq: int, name_en: str) -> str:
    return f"station-{seq:02d}-{station_slug(name_en)}"


def _station_specs(counties_by_name: dict[str, str]) -> list[UnitSpec]:
    specs = []
    for station in stations_data()["service_stations"]:
        seq = int(station["seq"])
        lat, lon = SECOND_STATION_COORDINATES.get(seq) or STATION_COORDINATES[station["municipality"]]
        specs.append(
            UnitSpec(
                code=station_code(seq, station["name_en"]),
                kind=Unit.Kind.SERVICE_STATION,
                name_zh=station["name_zh"],
                name_en=station["name_en"],
                parent="hq-entry-exit",
                county=counties_by_name[station["municipality"]],
                postcode=station["postcode"],
                address=station["address"],
                phone=station["phone"],
                fax=station["fax"],
                hours=STATION_HOURS,
                latitude=lat,
                longitude=lon,
            )
        )
    return specs


def _special_ops_specs(county_names: dict[str, tuple[str, str]]) -> list[UnitSpec]:
    specs = []
    for brigade_code, (name_zh, name_en, county_codes) in SPECIAL_OPS_BRIGADES.items():
        specs.append(UnitSpec(brigade_code, Unit.Kind.SPECIAL_OPERATIONS, name_zh, name_en, parent="hq"))
        for iso in county_codes:
            county_zh, county_en = county_names[iso]
            county_en = re.sub(r"\s*\(.*?\)", "", county_en)
            suffix = iso.removeprefix("TW-").lower()
            if iso in TWO_TEAM_CITIES:
                for number, (ordinal_zh, ordinal_en) in enumerate((("第一", "First"), ("第二", "Second")), start=1):
                    specs.append(
                        UnitSpec(
                            f"special-ops-{suffix}-{number}",
                            Unit.Kind.SPECIAL_OPERATIONS,
                            f"{county_zh}{ordinal_zh}專勤隊",
                            f"{county_en} {ordinal_en} Special Operations Team",
                            parent=brigade_code,
                            county=iso,
                        )
                    )
            else:
                specs.append(
                    UnitSpec(
                        f"special-ops-{suffix}",
                        Unit.Kind.SPECIAL_OPERATIONS,
                        f"{county_zh}專勤隊",
                        f"{county_en} Special Operations Team",
                        parent=brigade_code,
                        county=iso,
                    )
                )
    return specs


def unit_specs() -> list[UnitSpec]:
    """Every unit, parents before children."""
    data = stations_data()
    counties_by_name = {m["name_zh"]: m["iso3166_2"] for m in data["municipalities"]}
    county_names = {m["iso3166_2"]: (m["name_zh"], m["name_en"]) for m in data["municipalities"]}
    specs = list(HEADQUARTERS)
    specs += _station_specs(counties_by_name)
    specs += _special_ops_specs(county_names)
    specs.append(UnitSpec("border-affairs", Unit.Kind.BORDER, "國境事務大隊", "Border Affairs Brigade", parent="hq"))
    specs += [UnitSpec(code, Unit.Kind.BORDER, zh, en, parent="border-affairs", county=iso) for code, zh, en, iso in BORDER_TEAMS]
    specs += [UnitSpec(code, Unit.Kind.DETENTION, zh, en, parent="hq-immigration", county=iso) for code, zh, en, iso in DETENTION_CENTRES]
    return specs


@dataclass(frozen=True)
class LoadResult:
    counties_created: int
    units_created: int
    units_total: int


@transaction.atomic
def units_load() -> LoadResult:
    """Creates or updates the 22 counties and cities and every organisational unit. Guarantees:
    running it again creates nothing new and leaves every row as the data says; units that are
    not in the data are left alone (an administrator may have added them)."""
    data = stations_data()
    counties: dict[str, County] = {}
    counties_created = 0
    for municipality in data["municipalities"]:
        county, created = County.objects.update_or_create(
            code=municipality["iso3166_2"],
            defaults={
                "moi_code": municipality["moi_code"],
                "name_zh": municipality["name_zh"],
                "name_en": municipality["name_en"],
                "id_letters": "".join(municipality["id_letters"]),
            },
        )
        counties[county.code] = county
        counties_created += created

    units: dict[str, Unit] = {}
    units_created = 0
    specs = unit_specs()
    for spec in specs:
        unit, created = Unit.objects.update_or_create(code=spec.code, defaults=spec.defaults(units=units, counties=counties))
        units[spec.code] = unit
        units_created += created
    return LoadResult(counties_created=counties_created, units_created=units_created, units_total=len(specs))
