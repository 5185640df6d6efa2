"""Public pages of the station directory: the list (with a map when tiles are configured), each
station, the "which station serves my address" finder and the stations as JSON for the map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from immigo.core.errors import NotFoundError
from immigo.core.models import Unit
from immigo.core.services import STATION_HOURS

from . import selectors
from .forms import PostcodeForm, StationFinderForm
from .models import District


@dataclass(frozen=True)
class StationCard:
    """What a page shows of a station, in the visitor's language."""

    code: str
    name: str
    name_zh: str  # shown beside the English name to readers of other languages
    county: str
    postcode: str
    address: str
    phone: str
    fax: str
    hours: str
    hours_lang: str  # the language of `hours` when it is not the page's ("zh-Hant-TW")
    url: str
    latitude: float | None
    longitude: float | None
    separate_floors: bool


def _hours(unit: Unit) -> tuple[str, str]:
    if unit.hours == STATION_HOURS:
        return _("Monday to Friday, 08:00–17:00; the counters stay open over lunch."), ""
    return unit.hours, "" if selectors.uses_chinese() else "zh-Hant-TW"


def station_card(unit: Unit) -> StationCard:
    hours, hours_lang = _hours(unit)
    chinese = selectors.uses_chinese()
    return StationCard(
        code=unit.code,
        name=selectors.local_name(unit),
        name_zh="" if chinese else unit.name_zh,
        county=selectors.local_name(unit.county) if unit.county else "",
        postcode=unit.postcode,
        address=unit.address,
        phone=unit.phone,
        fax=unit.fax,
        hours=hours,
        hours_lang=hours_lang,
        url=reverse("directory:station_detail", args=[unit.code]),
        latitude=float(unit.latitude) if unit.latitude is not None else None,
        longitude=float(unit.longitude) if unit.longitude is not None else None,
        separate_floors=unit.code in selectors.SEPARATE_FLOOR_STATIONS,
    )


def _map_context() -> dict[str, Any]:
    tile_url = settings.IMMIGO_MAP_TILE_URL
    return {"map_tile_url": tile_url, "map_attribution": settings.IMMIGO_MAP_ATTRIBUTION if tile_url else ""}


@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    stations = [station_card(unit) for unit in selectors.station_list()]
    context = {
        "stations": stations,
        "finder": StationFinderForm(),
        "postcode_form": PostcodeForm(),
        "counter_services": selectors.counter_services(),
        **_map_context(),
    }
    return render(request, "directory/station_list.html", context)


@require_GET
def station_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        unit = selectors.station_get(code=code)
    except NotFoundError:
        raise Http404 from None
    districts = list(selectors.district_list_for_station(station=unit))
    sole_station = unit.county is not None and selectors.station_for_county(county=unit.county) is not None
    context = {
        "station": station_card(unit),
        "districts": [selectors.local_name(d) for d in districts],
        "serves_whole_county": sole_station,
        "counter_services": selectors.counter_services(),
    }
    return render(request, "directory/station_detail.html", context)


@require_GET
def station_find(request: HttpRequest) -> HttpResponse:
    """GET only, so the answer has an address that can be bookmarked and shared."""
    match = None
    needs_district = False
    errors: list[dict[str, str]] = []
    postcode_matches: list[District] = []
    finder = StationFinderForm(request.GET if "county" in request.GET else None)
    postcode_form = PostcodeForm(request.GET if "postcode" in request.GET else None)
    status = 200
    if finder.is_bound:
        county = finder.county_obj if finder.is_valid() else None
        if county is not None:
            match = selectors.station_match(county=county, district=finder.cleaned_data["district"])
            needs_district = match is None
        else:
            errors += _error_list(finder)
            status = 422
    elif postcode_form.is_bound:
        if postcode_form.is_valid():
            postcode = postcode_form.cleaned_data["postcode"]
            postcode_matches = list(selectors.district_list_for_postcode(postcode=postcode))
            if not postcode_matches:
                postcode_form.add_error(
                    "postcode", _("No township or district has the postcode %(code)s. Check the first 3 digits.") % {"code": postcode}
                )
        if not postcode_form.is_valid():
            errors += _error_list(postcode_form)
            status = 422
    stations = {d.station_id: d.station for d in postcode_matches}
    context = {
        "finder": finder,
        "postcode_form": postcode_form,
        "errors": errors,
        "match": match,
        "match_station": station_card(match.station) if match else None,
        "match_place": _match_place(match),
        "needs_district": needs_district,
        "needs_district_county": selectors.local_name(finder.county_obj) if needs_district and finder.county_obj else "",
        "postcode_districts": [selectors.local_name(d) for d in postcode_matches],
        "postcode_stations": [station_card(unit) for unit in stations.values()],
    }
    return render(request, "directory/station_find.html", context, status=status)


def _match_place(match: selectors.StationMatch | None) -> str:
    if match is None:
        return ""
    if match.district is None:
        return selectors.local_name(match.county)
    if selectors.uses_chinese():
        return f"{match.county.name_zh}{match.district.name_zh}"
    return f"{match.district.name_en}, {match.county.name_en}"


def _error_list(form: StationFinderForm | PostcodeForm) -> list[dict[str, str]]:
    """Each error with the anchor of its input, for the error summary at the top of the page."""
    errors = [{"href": "", "label": "", "message": str(message)} for message in form.non_field_errors()]
    for bound in form:
        errors += [{"href": f"#{bound.id_for_label}", "label": str(bound.label), "message": str(message)} for message in bound.errors]
    return errors


@require_GET
def stations_json(request: HttpRequest) -> JsonResponse:
    """The stations for the map, in the visitor's language."""
    stations = [
        {
            "code": card.code,
            "name": card.name,
            "address": card.address,
            "phone": card.phone,
            "latitude": card.latitude,
            "longitude": card.longitude,
            "url": card.url,
        }
        for card in map(station_card, selectors.station_list())
    ]
    return JsonResponse({"stations": stations}, json_dumps_params={"ensure_ascii": False})
