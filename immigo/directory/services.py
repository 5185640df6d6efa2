"""Directory services: loading the townships and districts and the station jurisdiction.

`districts_load()` is idempotent: each district is keyed by its county and Chinese name and
updated in place, so it can run on every deployment, after `units_load()`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from immigo.core.errors import DomainError
from immigo.core.models import County, Unit

from .models import District

DISTRICTS_FILE = Path(__file__).with_name("data") / "districts.json"


class DistrictDataMissingError(DomainError):
    code = "district_data_missing"
    message = _("The counties and service stations must be loaded first (manage.py load_units).")
    status = 409


@cache
def districts_data() -> dict[str, Any]:
    return json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DistrictsLoadResult:
    created: int
    updated: int
    total: int


def _station_code(county: dict[str, Any], district: dict[str, Any]) -> str:
    # Counties with one station name it once; the three cities with two (Taichung, Tainan,
    # Kaohsiung) name it per district. Their split follows geography and is to verify against the
    # agency's published jurisdiction: the data file marks it so.
    return str(district.get("station") or county["station"])


@transaction.atomic
def districts_load() -> DistrictsLoadResult:
    """Creates or updates every township and district with its station. Guarantees: running it
    again creates nothing and leaves every row as the data file says; districts that are not in
    the file are left alone. Raises DistrictDataMissingError, and writes nothing, when a county or
    station the file names does not exist."""
    data = districts_data()
    counties = {c.code: c for c in County.objects.all()}
    stations = {u.code: u for u in Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION)}
    wanted_counties = {c["county"] for c in data["counties"]}
    wanted_stations = {_station_code(c, d) for c in data["counties"] for d in c["districts"]}
    missing = sorted((wanted_counties - counties.keys()) | (wanted_stations - stations.keys()))
    if missing:
        raise DistrictDataMissingError(details={"missing": missing})

    existing = {(d.county_id, d.name_zh): d for d in District.objects.all()}
    created = updated = total = 0
    for county_data in data["counties"]:
        county = counties[county_data["county"]]
        for row in county_data["districts"]:
            total += 1
            values = {"name_en": row["name_en"], "postcode": row["postcode"], "station_id": stations[_station_code(county_data, row)].pk}
            district = existing.get((county.pk, row["name_zh"]))
            if district is None:
                District.objects.create(county=county, name_zh=row["name_zh"], **values)
                created += 1
            elif any(getattr(district, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(district, field, value)
                district.save(update_fields=["name_en", "postcode", "station"])
                updated += 1
    return DistrictsLoadResult(created=created, updated=updated, total=total)
