"""The district data: every county has its townships and districts, each served by a station of
its own county, and loading is idempotent."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from immigo.core.models import County, Unit
from immigo.directory.models import District
from immigo.directory.services import DISTRICTS_FILE, DistrictDataMissingError, districts_load

pytestmark = pytest.mark.django_db

# Townships and districts per county (鄉鎮市區), 368 in all.
EXPECTED_PER_COUNTY = {
    "TW-TPE": 12, "TW-NWT": 29, "TW-TAO": 13, "TW-TXG": 29, "TW-TNN": 37, "TW-KHH": 38,
    "TW-KEE": 7, "TW-HSZ": 3, "TW-CYI": 2, "TW-HSQ": 13, "TW-MIA": 18, "TW-CHA": 26,
    "TW-NAN": 13, "TW-YUN": 20, "TW-CYQ": 18, "TW-PIF": 33, "TW-ILA": 12, "TW-HUA": 13,
    "TW-TTT": 16, "TW-PEN": 6, "TW-KIN": 6, "TW-LIE": 4,
}  # fmt: skip
TWO_STATION_CITIES = {"TW-TXG", "TW-TNN", "TW-KHH"}


def test_every_county_has_its_districts(station_directory):
    counts = Counter(District.objects.values_list("county__code", flat=True))
    assert counts == EXPECTED_PER_COUNTY
    assert sum(counts.values()) == 368 == station_directory.total
    assert set(counts) == set(County.objects.values_list("code", flat=True))


def test_every_district_is_served_by_a_station_of_its_own_county(station_directory):
    mismatched = [
        str(d)
        for d in District.objects.select_related("station", "county")
        if d.station.county_id != d.county_id or d.station.kind != Unit.Kind.SERVICE_STATION
    ]
    assert mismatched == []


def test_every_station_serves_at_least_one_district(station_directory):
    idle = Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION, districts__isnull=True)
    assert list(idle) == []
    assert District.objects.values("station").distinct().count() == 25


def test_the_three_cities_with_two_stations_split_their_districts(station_directory):
    for code in TWO_STATION_CITIES:
        per_station = Counter(District.objects.filter(county__code=code).values_list("station__code", flat=True))
        assert len(per_station) == 2, code
        assert min(per_station.values()) >= 10, (code, per_station)


def test_postcodes_have_three_digits_and_lie_in_their_county_range(station_directory):
    for district in District.objects.select_related("county"):
        assert len(district.postcode) == 3 and district.postcode.isdigit(), district
    # Postcodes are shared only inside Hsinchu City (300) and Chiayi City (600).
    shared = {pc for pc, n in Counter(District.objects.values_list("postcode", flat=True)).items() if n > 1}
    assert shared == {"300", "600"}


def test_every_district_has_an_english_name(station_directory):
    for district in District.objects.all():
        assert district.name_en.endswith((" District", " City", " Township")), district.name_en


def test_the_data_file_marks_the_two_station_split_as_to_verify():
    data = json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))
    split = {c["county"]: c for c in data["counties"] if "stations" in c}
    assert set(split) == TWO_STATION_CITIES
    for county in split.values():
        assert county["jurisdiction"] == "to verify against the agency's published jurisdiction"


def test_loading_twice_changes_nothing(station_directory):
    before = list(District.objects.order_by("pk").values())
    again = districts_load()
    assert (again.created, again.updated) == (0, 0)
    assert list(District.objects.order_by("pk").values()) == before


def test_loading_puts_back_a_changed_station(station_directory):
    fengyuan = District.objects.get(county__code="TW-TXG", name_zh="豐原區")
    fengyuan.station = Unit.objects.get(code="station-08-taichung-first")
    fengyuan.save()
    assert districts_load().updated == 1
    fengyuan.refresh_from_db()
    assert fengyuan.station.code == "station-09-taichung-second"


def test_loading_before_the_units_refuses_and_writes_nothing():
    with pytest.raises(DistrictDataMissingError):
        districts_load()
    assert District.objects.count() == 0


def test_the_command_reports_what_it_loaded(station_directory, capsys):
    call_command("load_districts")
    assert "368 districts (0 new, 0 updated)" in capsys.readouterr().out


def test_the_command_says_to_load_the_units_first():
    with pytest.raises(CommandError, match="load_units"):
        call_command("load_districts")
