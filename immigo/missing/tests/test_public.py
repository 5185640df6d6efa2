import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from immigo.core.models import AuditEntry
from immigo.missing.models import MissingPerson, Province
from immigo.missing.views.public import HOTLINE, PER_PAGE

from . import factories as f

pytestmark = pytest.mark.django_db

SEARCH = reverse("missing:search")
ADVANCED = reverse("missing:advanced")
TAIPEI_NOON = dt.datetime(2026, 6, 1, 4, 0, tzinfo=dt.UTC)


def _cases(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [person.case_number for person in response.context["page"]]


@pytest.fixture
def people() -> dict[str, MissingPerson]:
    taipei = f.county("TW-TPE", "臺北市", "Taipei City")
    return {
        "fisher": f.person("NIA-112-0007", birth_year=1990, id_number=f.ID_NUMBER),
        "tourist": f.person(
            "NIA-113-0002",
            name_zh="張麗華",
            name_roman="ZHANG Lihua",
            sex=MissingPerson.Sex.FEMALE,
            birth_year=1972,
            origin_province=Province.SICHUAN,
            origin_city="成都市",
            year_missing=2024,
            place_last_seen=taipei,
            reason=MissingPerson.Reason.TOUR_GROUP,
        ),
        "visitor": f.person(
            "NIA-112-0040",
            name_zh="王秀英",
            name_roman="WANG Xiuying",
            sex=MissingPerson.Sex.FEMALE,
            birth_year=1985,
            origin_province=Province.GUANGDONG,
            origin_city="汕頭市",
            reason="overstayed",
        ),
        "unpublished": f.person("NIA-113-0099", name_zh="林未公開", is_published=False),
        "found": f.person("NIA-111-0001", name_zh="林已尋獲", status=MissingPerson.Status.FOUND),
        "withdrawn": f.person("NIA-110-0001", name_zh="林已撤銷", status=MissingPerson.Status.WITHDRAWN),
    }


# --- the standard search -------------------------------------------------------------------------


def test_the_list_shows_only_published_people_still_missing(client, people):
    response = client.get(SEARCH)

    assert response.status_code == 200
    assert _cases(response) == ["NIA-113-0002", "NIA-112-0007", "NIA-112-0040"]
    html = response.content.decode()
    for hidden in ("林未公開", "林已尋獲", "林已撤銷"):
        assert hidden not in html


@pytest.mark.parametrize("case", ["NIA-113-0099", "NIA-111-0001", "NIA-110-0001"])
def test_unpublished_found_and_withdrawn_entries_have_no_public_page(client, people, case):
    assert client.get(reverse("missing:detail", args=[case])).status_code == 404
    assert client.get(reverse("missing:photo", args=[case])).status_code == 404


def test_the_standard_search_filters_by_sex_and_reason(client, people):
    assert _cases(client.get(SEARCH, {"sex": "F"})) == ["NIA-113-0002", "NIA-112-0040"]
    assert _cases(client.get(SEARCH, {"sex": "F", "reason": "tour_group"})) == ["NIA-113-0002"]
    assert _cases(client.get(SEARCH, {"reason": "fishing_crew"})) == ["NIA-112-0007"]


@time_machine.travel(TAIPEI_NOON)
def test_the_age_range_is_the_approximate_age_now(client, people):
    # In 2026: born 1990 → 36, born 1985 → 41, born 1972 → 54.
    assert _cases(client.get(SEARCH, {"age_min": 35, "age_max": 41})) == ["NIA-112-0007", "NIA-112-0040"]
    assert _cases(client.get(SEARCH, {"age_min": 50})) == ["NIA-113-0002"]
    assert _cases(client.get(SEARCH, {"age_max": 36})) == ["NIA-112-0007"]


def test_a_reversed_age_range_is_explained(client, people):
    response = client.get(SEARCH, {"age_min": 50, "age_max": 20})

    assert response.status_code == 422
    assert "The upper age must not be lower than the lower age." in response.content.decode()


def test_the_list_is_paginated_with_a_fixed_number_of_queries(client, django_assert_num_queries):
    place = f.county()
    for n in range(PER_PAGE + 2):
        f.person(f"NIA-113-{n:04d}", place_last_seen=place)

    with django_assert_num_queries(2):
        response = client.get(SEARCH, {"page": 2})

    assert len(response.context["page"]) == 2


def test_every_public_page_shows_the_hotline(client, people):
    for url in (SEARCH, ADVANCED, reverse("missing:detail", args=["NIA-112-0007"])):
        html = client.get(url).content.decode()
        assert HOTLINE == "02-2375-7372"
        assert HOTLINE in html and 'href="tel:+886223757372"' in html


def test_photos_have_a_text_alternative_naming_the_person(client, people, settings):
    fisher = people["fisher"]
    fisher.photo.save("x.png", f.image(), save=True)

    html = client.get(SEARCH).content.decode()

    assert 'alt="Photo of 林海生 (LIN Haisheng)"' in html
    response = client.get(reverse("missing:photo", args=[fisher.case_number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "No photo" in html  # the others have none


def test_the_public_pages_never_show_an_id_number(client, people):
    pages = [
        client.get(SEARCH),
        client.get(reverse("missing:detail", args=["NIA-112-0007"])),
        client.post(ADVANCED, {"name": "林"}),
    ]

    for response in pages:
        assert response.status_code == 200
        assert f.ID_NUMBER not in response.content.decode()


def test_the_default_page_language_is_traditional_chinese(people):
    html = Client().get(SEARCH).content.decode()

    assert "02-2375-7372" in html
    assert 'lang="zh-Hant-TW"' in html
    assert "協尋在臺行方不明之大陸人士" in html
    assert "福建省莆田市" in html


# --- the advanced search ---------------------------------------------------------------------


def test_the_advanced_search_asks_before_it_shows_results(client, people):
    response = client.get(ADVANCED)

    assert response.status_code == 200
    assert response.context["page"] is None
    empty = client.post(ADVANCED, {})
    assert empty.status_code == 422
    assert "Fill in at least one field to search." in empty.content.decode()


def test_the_id_number_finds_a_person_by_exact_match_only_and_is_not_echoed(client, people):
    found = client.post(ADVANCED, {"id_number": f.ID_NUMBER.lower()})

    assert _cases(found) == ["NIA-112-0007"]
    assert f.ID_NUMBER not in found.content.decode()
    assert f.ID_NUMBER.lower() not in found.content.decode()
    for partial in (f.ID_NUMBER[:-1], f.ID_NUMBER[1:], "A8000"):
        assert _cases(client.post(ADVANCED, {"id_number": partial})) == []


def test_the_id_number_of_an_unpublished_entry_finds_nothing(client, people):
    f.person("NIA-113-0500", is_published=False, id_number="A900000018")

    assert _cases(client.post(ADVANCED, {"id_number": "A900000018"})) == []


def test_searches_by_id_number_are_limited_per_client(client, people, settings):
    settings.IMMIGO_MISSING_ID_SEARCHES_PER_CLIENT_PER_HOUR = 2
    for _ in range(2):
        assert client.post(ADVANCED, {"id_number": "A123456789"}).status_code == 200

    assert client.post(ADVANCED, {"id_number": f.ID_NUMBER}).status_code == 429
    # Searches without an ID number go on.
    assert client.post(ADVANCED, {"name": "林"}).status_code == 200


def test_the_case_number_matches_exactly(client, people):
    assert _cases(client.post(ADVANCED, {"case_number": "nia-112-0007"})) == ["NIA-112-0007"]
    assert _cases(client.post(ADVANCED, {"case_number": "NIA-112"})) == []


@pytest.mark.parametrize(("name", "expected"), [("麗華", ["NIA-113-0002"]), ("zhang", ["NIA-113-0002"]), ("林", ["NIA-112-0007"])])
def test_the_name_matches_part_of_the_chinese_or_romanised_name(client, people, name, expected):
    assert _cases(client.post(ADVANCED, {"name": name})) == expected


def test_the_advanced_search_filters_origin_year_and_place(client, people):
    taipei = people["tourist"].place_last_seen

    assert _cases(client.post(ADVANCED, {"origin_province": "sichuan"})) == ["NIA-113-0002"]
    assert _cases(client.post(ADVANCED, {"origin_city": "莆田"})) == ["NIA-112-0007"]
    assert _cases(client.post(ADVANCED, {"year_missing": 2023})) == ["NIA-112-0007", "NIA-112-0040"]
    assert _cases(client.post(ADVANCED, {"place": taipei.pk})) == ["NIA-113-0002"]
    assert _cases(client.post(ADVANCED, {"sex": "F", "year_missing": 2023})) == ["NIA-112-0040"]


def test_the_advanced_results_page_with_buttons_of_the_same_form(client):
    for n in range(PER_PAGE + 1):
        f.person(f"NIA-113-{n:04d}")

    first = client.post(ADVANCED, {"name": "林"})
    html = first.content.decode()
    assert re.search(r'<button type="submit" name="page" value="2"', html)
    second = client.post(ADVANCED, {"name": "林", "page": 2})
    assert len(second.context["page"]) == 1


def test_public_searches_leave_no_audit_entries(client, people):
    client.get(SEARCH)
    client.post(ADVANCED, {"name": "林"})

    assert not AuditEntry.objects.exists()
