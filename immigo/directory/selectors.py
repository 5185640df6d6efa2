"""Directory reads: the service stations, the counties and districts they serve, and which
station serves a given place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.utils.translation import get_language

from immigo.applications.catalogue import SERVICES
from immigo.applications.catalogue.base import Service
from immigo.applications.models import Channel
from immigo.core.errors import NotFoundError
from immigo.core.models import County, Unit

from .models import District

# Only these two stations serve foreign affairs and mainland affairs on separate floors; every
# other station runs one counter for everything (seed §1.5, C01).
SEPARATE_FLOOR_STATIONS = frozenset({"station-01-taipei", "station-17-kaohsiung-first"})


def uses_chinese() -> bool:
    """Place names have a Chinese and an English form; every language but Chinese reads English."""
    return (get_language() or "").startswith("zh")


def local_name(obj: Unit | County | District) -> str:
    return obj.name_zh if uses_chinese() else obj.name_en


def station_list() -> QuerySet[Unit]:
    """Every active service station, in the agency's order (north to south, then the islands)."""
    return Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, is_active=True).select_related("county").order_by("code")


def station_get(*, code: str) -> Unit:
    try:
        return station_list().get(code=code)
    except Unit.DoesNotExist:
        raise NotFoundError(details={"station": code}) from None


def county_list() -> QuerySet[County]:
    """The counties and cities that have a station, in the order of their first station."""
    first = Min("units__code", filter=Q(units__kind=Unit.Kind.SERVICE_STATION, units__is_active=True))
    return County.objects.annotate(first_station=first).filter(first_station__isnull=False).order_by("first_station")


def county_get(*, code: str) -> County:
    try:
        return county_list().get(code=code)
    except County.DoesNotExist:
        raise NotFoundError(details={"county": code}) from None


def district_list_for_county(*, county: County) -> QuerySet[District]:
    return District.objects.filter(county=county).order_by("postcode", "name_zh")


def district_list_for_station(*, station: Unit) -> QuerySet[District]:
    return District.objects.filter(station=station).select_related("county").order_by("postcode", "name_zh")


def district_list_for_postcode(*, postcode: str) -> QuerySet[District]:
    return District.objects.filter(postcode=postcode[:3]).select_related("county", "station", "station__county").order_by("name_zh")


def counter_services() -> list[Service]:
    """The catalogue services a station's counter accepts."""
    return [service for service in SERVICES.values() if service.offers(Channel.COUNTER)]


@dataclass(frozen=True)
class StationMatch:
    """The answer to "which station serves my address": the station, and what it was found from."""

    station: Unit
    county: County
    district: District | None = None


def station_for_county(*, county: County) -> Unit | None:
    """The county's station when it has exactly one (every county but Taichung, Tainan and
    Kaohsiung); None when the district decides."""
    stations = list(station_list().filter(county=county)[:2])
    return stations[0] if len(stations) == 1 else None


def station_match(*, county: County, district: District | None) -> StationMatch | None:
    """The station serving a district of the county, or the county's only station when no
    district is given; None when the county has two stations and no district was given."""
    if district is not None:
        return StationMatch(station=district.station, county=county, district=district)
    station = station_for_county(county=county)
    return StationMatch(station=station, county=county) if station else None
