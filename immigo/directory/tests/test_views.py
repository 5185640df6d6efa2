"""The station pages: the list (with and without the map), a station, the finder and the JSON
the map reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from immigo.directory.models import District

pytestmark = pytest.mark.django_db

LEAFLET = Path(settings.BASE_DIR) / "static" / "immigo" / "vendor" / "leaflet"


def _district(county: str, name_zh: str) -> District:
    return District.objects.get(county__code=county, name_zh=name_zh)


def test_the_list_shows_every_station_with_its_contact_details(client, station_directory):
    response = client.get("/stations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card" id="station-') == 25
    assert "Kaohsiung City Second Service Center" in html
    assert "高雄市岡山區岡山路115號" in html
    assert 'href="tel:+88676212143"' in html  # 07-621-2143
    assert "07-623-6334" in html  # fax
    assert "Monday to Friday, 08:00–17:00" in html
    # The counter services of the catalogue, and the two counters every station runs.
    assert "Certificate of entry/exit dates" in html
    assert "Change of address on a residence document" in html
    assert "Mainland affairs counter" in html


def test_the_list_works_without_a_map(client, station_directory, settings):
    settings.IMMIGO_MAP_TILE_URL = ""
    html = client.get("/stations/").content.decode()
    assert "The map is not available." in html
    assert "leaflet" not in html
    assert 'id="station-map"' not in html


def test_the_list_draws_a_map_when_tiles_are_configured(client, station_directory, settings):
    settings.IMMIGO_MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    settings.IMMIGO_MAP_ATTRIBUTION = "© Example"
    html = client.get("/stations/").content.decode()
    assert 'data-tiles="https://tiles.example.test/{z}/{x}/{y}.png"' in html
    assert 'data-source="/stations/stations.json"' in html
    assert "immigo/vendor/leaflet/leaflet.js" in html
    assert "immigo/station-map.js" in html
    # The list is still all there.
    assert html.count('class="card" id="station-') == 25


def test_the_list_page_reads_a_fixed_number_of_queries(client, station_directory):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/stations/").status_code == 200
    assert len([q for q in queries if "core_unit" in q["sql"] or "core_county" in q["sql"]]) == 2


def test_a_station_page_lists_the_districts_it_serves(client, station_directory):
    html = client.get("/stations/station-09-taichung-second/").content.decode()
    assert "Taichung City Second Service Center" in html
    assert "Fengyuan District" in html
    assert "Nantun District" not in html
    assert "Certificate of entry/exit dates" in html


def test_a_station_of_a_one_station_county_serves_the_whole_county(client, station_directory):
    html = client.get("/stations/station-25-penghu-county/").content.decode()
    assert "Everyone who lives in Penghu County." in html
    assert "Magong City" in html


def test_the_page_of_a_unit_that_is_not_a_station_does_not_exist(client, station_directory):
    assert client.get("/stations/hq/").status_code == 404
    assert client.get("/stations/station-99-nowhere/").status_code == 404


@pytest.mark.parametrize(
    ("county", "district", "station"),
    [
        # 臺中市豐原區中山路280號 and 臺中市西屯區臺灣大道三段99號
        ("TW-TXG", "豐原區", "Taichung City Second Service Center"),
        ("TW-TXG", "西屯區", "Taichung City First Service Center"),
        # 臺南市善化區中山路353號 and 臺南市東區大學路1號
        ("TW-TNN", "善化區", "Tainan City Second Service Center"),
        ("TW-TNN", "東區", "Tainan City First Service Center"),
        # 高雄市岡山區岡山路115號 and 高雄市苓雅區四維三路2號
        ("TW-KHH", "岡山區", "Kaohsiung City Second Service Center"),
        ("TW-KHH", "苓雅區", "Kaohsiung City First Service Center"),
    ],
)
def test_the_finder_names_the_station_of_a_district_in_a_two_station_city(client, station_directory, county, district, station):
    response = client.get("/stations/find/", {"county": county, "district": _district(county, district).pk})
    assert response.status_code == 200
    assert response.context["match"].station.name_en == station
    assert f"<strong>{station}</strong>" in response.content.decode()


def test_the_finder_answers_from_the_county_alone_where_it_has_one_station(client, station_directory):
    response = client.get("/stations/find/", {"county": "TW-HUA"})
    assert response.context["match"].station.code == "station-21-hualien-county"
    assert "Hualien County is served by:" in response.content.decode()


def test_the_finder_asks_for_the_district_where_the_county_has_two_stations(client, station_directory):
    response = client.get("/stations/find/", {"county": "TW-KHH"})
    assert response.status_code == 200
    assert response.context["match"] is None
    html = response.content.decode()
    assert "Kaohsiung City has two service stations." in html
    # The second step offers the city's 38 districts and nothing else.
    assert html.count('<option value="') - html.count('<option value="" ') >= 38
    assert "Gangshan District" in html and "Banqiao District" not in html


def test_a_district_left_from_another_county_is_dropped_and_the_county_decides(client, station_directory):
    # The visitor chose 中正區 of Taipei, then changed the county without JavaScript to refresh the list.
    taipei_district = _district("TW-TPE", "中正區").pk
    response = client.get("/stations/find/", {"county": "TW-KHH", "district": taipei_district})
    assert response.status_code == 200
    assert response.context["needs_district"] is True
    response = client.get("/stations/find/", {"county": "TW-PEN", "district": taipei_district})
    assert response.context["match"].station.code == "station-25-penghu-county"


def test_the_finder_refuses_an_unknown_county(client, station_directory):
    response = client.get("/stations/find/", {"county": "TW-XXX"})
    assert response.status_code == 422


def test_the_finder_takes_a_postcode(client, station_directory):
    response = client.get("/stations/find/", {"postcode": "74142"})
    assert response.status_code == 200
    assert [card.code for card in response.context["postcode_stations"]] == ["station-16-tainan-second"]
    assert "Shanhua District" in response.content.decode()


def test_a_shared_postcode_names_every_district_and_their_one_station(client, station_directory):
    response = client.get("/stations/find/", {"postcode": "300"})
    assert [card.code for card in response.context["postcode_stations"]] == ["station-05-hsinchu"]
    assert len(response.context["postcode_districts"]) == 3


@pytest.mark.parametrize("postcode", ["999", "12", "abc"])
def test_the_finder_refuses_an_unknown_or_malformed_postcode(client, station_directory, postcode):
    response = client.get("/stations/find/", {"postcode": postcode})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_finder_speaks_chinese_to_chinese_readers(station_directory):
    from django.test import Client

    response = Client().get("/stations/find/", {"county": "TW-TNN", "district": _district("TW-TNN", "善化區").pk})
    html = response.content.decode()
    assert "臺南市善化區" in html
    assert "臺南市第二服務站" in html


def test_the_json_for_the_map_has_every_station_with_coordinates(client, station_directory):
    response = client.get("/stations/stations.json")
    assert response["Content-Type"] == "application/json"
    stations = json.loads(response.content)["stations"]
    assert len(stations) == 25
    assert all(isinstance(s["latitude"], float) and isinstance(s["longitude"], float) for s in stations)
    assert stations[0] == {
        "code": "station-01-taipei",
        "name": "Taipei City Service Center",
        "address": "臺北市中正區廣州街15號",
        "phone": "02-2388-5185",
        "latitude": 25.0324,
        "longitude": 121.5183,
        "url": "/stations/station-01-taipei/",
    }


def test_the_vendored_leaflet_matches_the_locked_version():
    installed = Path(settings.BASE_DIR) / "node_modules" / "leaflet" / "package.json"
    vendored = (LEAFLET / "VERSION").read_text().strip()
    assert (LEAFLET / "leaflet.js").read_text(encoding="utf-8").startswith(f"/* @preserve\n * Leaflet {vendored},")
    if not installed.exists():
        pytest.skip("node_modules is not installed (make install)")
    assert json.loads(installed.read_text())["version"] == vendored
