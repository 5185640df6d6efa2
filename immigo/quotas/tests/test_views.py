"""The pages: an agency files groups and watches the board count down; a place freed by an
incomplete group goes to the next group on the list and the agency is told; staff set quotas and
review groups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from immigo.core.models import AuditEntry
from immigo.quotas import services
from immigo.quotas.models import Category, GroupApplication, QuotaChange, QuotaDay, Traveller

from . import factories as f
from .conftest import DAY, TODAY

Status = GroupApplication.Status
BOARD = reverse("quotas:board_json")


def _upload(text: str, name: str = "customers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _file(client, *, day: dt.date = DAY, size: int = 5, csv: str | None = None, tour: str = "阿里山五日遊"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("quotas:agency_file"),
        {
            "category": "group",
            "port": "any",
            "day": day.isoformat(),
            "tour_name": tour,
            "customer_list": _upload(csv or f.csv_text(count=size)),
        },
    )


def _remaining(client, day: dt.date = DAY, category: str = "group") -> int:  # type: ignore[no-untyped-def]
    board = client.get(BOARD).json()
    column = [c["category"] for c in board["columns"]].index(category)
    row = next(d for d in board["days"] if d["day"] == day.isoformat())
    return row["cells"][column]["remaining"]


def test_an_agency_files_groups_watches_the_board_and_gets_a_place_freed_by_an_incomplete_group(
    client, agency, agent, officer, time_machine, django_capture_on_commit_callbacks
):
    def committed(action):  # type: ignore[no-untyped-def]
        """Runs the action and then its on-commit work (the board's invalidation), as a real commit does."""
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    f.quota_day(TODAY, total=4000)
    f.quota_day(DAY, total=12)
    client.force_login(agent)
    assert _remaining(client) == 12

    first = committed(lambda: _file(client, size=6))
    assert first.status_code == 302
    assert _remaining(client) == 6  # counted down at once, not a second later
    committed(lambda: _file(client, size=6))
    assert _remaining(client) == 0
    third = committed(lambda: _file(client, size=5))
    waiting = GroupApplication.objects.get(pk=int(third["Location"].rstrip("/").split("/")[-1]))
    assert waiting.status == Status.WAITING
    page = client.get(reverse("quotas:agency_list"))
    assert page.context["page"][0].waiting_position == 1

    incomplete = GroupApplication.objects.filter(status=Status.ALLOCATED).order_by("receipt_seq").first()
    committed(lambda: services.group_review(application_id=incomplete.pk, by=officer, to=Status.INCOMPLETE, missing_items="Bank statement"))
    time_machine.move_to(dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    committed(services.group_lapse_due)
    client.force_login(agent)  # three days later: a new session
    waiting.refresh_from_db()
    assert waiting.status == Status.ALLOCATED
    assert _remaining(client) == 1  # 6 freed, 5 given to the next group on the list
    page = client.get(reverse("quotas:agency_list"))
    assert f"Group {waiting.reference} for" in page.content.decode()
    detail = client.get(reverse("quotas:agency_detail", args=[waiting.pk]))
    assert "places came free" in detail.content.decode()


def test_a_customer_list_with_bad_rows_is_refused_row_by_row_and_nothing_is_saved(client, agency, agent):
    f.quota_day(DAY, total=100)
    client.force_login(agent)
    rows = [
        ["王小明", "WANG Xiaoming", "M", "1985-03-21", "T12345678"],
        ["", "LI Meiling", "X", "1990-13-02", "T12345678"],
        ["張三", "ZHANG San", "M", "2030-01-01", "12"],
        ["李四", "LI Si", "F", "1970-01-01", "T12345678"],
        ["趙五", "ZHAO Wu", "F", "1971-01-01", "T99999999"],
    ]
    response = _file(client, csv=f.csv_text(rows))
    assert response.status_code == 422
    problems = [(e["row"], e["message"]) for e in response.context["row_errors"]]
    assert problems == [
        (2, "Enter the name in Chinese characters (at most 60)."),
        (2, "Enter F or M."),
        (2, "Enter the date as YYYY-MM-DD, e.g. 1985-03-21."),
        (2, "The same permit number is on row 1."),
        (3, "The date of birth must be in the past."),
        (3, "Enter the travel permit number: 8 to 12 letters or digits."),
        (4, "The same permit number is on row 1."),
    ]
    assert not GroupApplication.objects.exists() and not Traveller.objects.exists()
    assert QuotaDay.objects.get().received == 0


def test_a_group_too_small_for_category_1_gets_a_field_error(client, agency, agent):
    f.quota_day(DAY, total=100)
    client.force_login(agent)
    response = _file(client, size=3)
    assert response.status_code == 422
    assert "The number of travellers is outside what this category allows." in response.content.decode()


def test_an_agency_sees_only_its_own_groups(client, agency, agent, other_agency, other_agent):
    f.quota_day(DAY, total=100)
    mine = f.group(by=agent, organisation=agency, day=DAY)
    theirs = f.group(by=other_agent, organisation=other_agency, day=DAY)
    client.force_login(agent)
    listed = [a.pk for a in client.get(reverse("quotas:agency_list")).context["page"]]
    assert listed == [mine.pk]
    assert client.get(reverse("quotas:agency_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("quotas:agency_withdraw", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("quotas:agency_detail", args=[mine.pk])).status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.READ, object_id=str(mine.pk), actor=agent).exists()


def test_the_agency_list_has_a_fixed_number_of_queries(client, agency, agent, django_assert_num_queries):
    f.quota_day(DAY, total=10)
    for _ in range(4):
        f.group(by=agent, organisation=agency, day=DAY, size=5)
    client.force_login(agent)
    client.get(reverse("quotas:agency_list"))
    # session and user, the agency, the membership, notices, count, the page (positions by one
    # subquery), and the session's rolling expiry (savepoint, update, release)
    with django_assert_num_queries(10):
        client.get(reverse("quotas:agency_list"))


def test_the_public_board_and_its_api_show_the_same_figures_without_javascript(client, agency, agent, django_assert_num_queries):
    f.quota_day(TODAY, total=4000)
    f.quota_day(TODAY, total=500, category=Category.INDIVIDUAL)
    f.group(by=agent, organisation=agency, day=TODAY, size=7)
    page = client.get(reverse("quotas:board")).content.decode()
    assert 'data-remaining class="quota-num">3993<' not in page  # the class comes first
    assert '<span class="quota-num" data-remaining>3993</span>' in page
    assert '<span class="quota-num" data-remaining>500</span>' in page
    api = client.get("/api/v1/quotas/board").json()
    assert [c["remaining"] for c in api["days"][0]["cells"]] == [3993, 500]
    assert len(api["days"]) == 14
    assert [c["set"] for c in api["days"][1]["cells"]] == [False, False]  # tomorrow: no quota set yet
    assert api["generated_at"].endswith("+08:00")  # Taipei time on the screens
    counter = client.get(reverse("quotas:counter")).content.decode()
    assert '<span class="quota-today__num" data-remaining>3993</span>' in counter
    with django_assert_num_queries(0):  # cached for a second
        client.get(BOARD)


def test_staff_set_a_quota_for_several_days_with_a_reason(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("quotas:staff_quotas"),
        {"category": "group", "port": "any", "day": DAY.isoformat(), "days": "3", "total": "4000", "reason": "MAC decision 2011-01-01"},
    )
    assert response.status_code == 302
    assert list(QuotaDay.objects.order_by("day").values_list("day", "total")) == [(DAY + dt.timedelta(days=i), 4000) for i in range(3)]
    assert QuotaChange.objects.filter(reason="MAC decision 2011-01-01", changed_by=officer).count() == 3


def test_a_quota_cut_below_the_places_given_is_refused_on_the_form(client, officer, agency, agent):
    f.quota_day(DAY, total=10)
    f.group(by=agent, organisation=agency, day=DAY, size=8)
    client.force_login(officer)
    response = client.post(
        reverse("quotas:staff_quotas"),
        {"category": "group", "port": "any", "day": DAY.isoformat(), "days": "1", "total": "5", "reason": "cut"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["total"] == ["The quota cannot be cut below the places already given."]
    assert QuotaDay.objects.get().total == 10


def test_a_quota_officer_marks_documents_missing_and_the_agency_supplies_them(client, officer, agency, agent):
    f.quota_day(DAY, total=10)
    group = f.group(by=agent, organisation=agency, day=DAY, size=5)
    client.force_login(officer)
    assert client.get(reverse("quotas:staff_day", args=[group.quota_day_id])).status_code == 200
    response = client.post(reverse("quotas:staff_group", args=[group.pk]), {"to": "incomplete", "missing_items": "Guarantee letter"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.status, group.complete_by) == (Status.INCOMPLETE, dt.date(2026, 11, 26))
    client.force_login(agent)
    assert "Guarantee letter" in client.get(reverse("quotas:agency_detail", args=[group.pk])).content.decode()
    client.post(reverse("quotas:agency_supplied", args=[group.pk]))
    group.refresh_from_db()
    assert group.status == Status.ALLOCATED


@pytest.mark.parametrize("url", ["quotas:staff_quotas"])
def test_staff_pages_are_for_headquarters_quota_officers(client, url, agent, db):
    from immigo.accounts.models import Role
    from immigo.core.models import Unit

    counter = f.staff("counter@station.test", Role.COUNTER_OFFICER, f.unit("station-01-taipei", Unit.Kind.SERVICE_STATION))
    client.force_login(counter)
    assert client.get(reverse(url)).status_code == 403
    client.force_login(agent)
    assert client.get(reverse(url)).status_code == 403


def test_the_agency_portal_is_for_travel_agency_logins(client, officer):
    assert client.get(reverse("quotas:agency_list")).status_code == 302  # to sign in
    client.force_login(officer)
    assert client.get(reverse("quotas:agency_list")).status_code == 403


def test_the_board_speaks_traditional_chinese_by_default(db):
    from django.test import Client

    f.quota_day(TODAY, total=4000)
    page = Client().get(reverse("quotas:board")).content.decode()
    assert "大陸旅客每日配額：剩餘名額" in page
    assert "團體觀光（第一類）" in page


def test_the_staff_day_page_has_a_fixed_number_of_queries(client, officer, agency, agent, django_assert_num_queries):
    f.quota_day(DAY, total=20)
    groups = [f.group(by=agent, organisation=agency, day=DAY, size=5) for _ in range(6)]
    client.force_login(officer)
    url = reverse("quotas:staff_day", args=[groups[0].quota_day_id])
    client.get(url)
    # session and user, the officer's role checked by the page and by the selector (3 each), the
    # day, the applications with their agencies and positions (one query), its history, and the
    # session's rolling expiry (3)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert [a.waiting_position for a in response.context["applications"]] == [0, 0, 0, 0, 1, 2]
