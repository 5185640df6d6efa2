"""Staff pages: the dashboards (chart and table), the 3-month expiry report (page and CSV), the
task list, letters; roles in units; audited reads; pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.core.models import AuditEntry
from immigo.residence.models import LetterBatch
from immigo.residence.services import ladder_sweep

from . import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
NOW = "2026-03-02 10:00 +08:00"


def in_days(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


@pytest.fixture
def chief(station):  # type: ignore[no-untyped-def]
    return f.staff("chief@immigo.test", Role.STATION_CHIEF, station)


@time_machine.travel(NOW, tick=False)
def test_the_national_dashboard_shows_every_station_with_a_chart_and_the_same_figures_as_a_table(
    station, hq_supervisor, client, django_assert_num_queries
):
    south = f.station("station-20-kaohsiung-1", county_obj=f.county("TW-KHH", "高雄市", "Kaohsiung"), name_zh="高雄市第一服務站")
    for days in (3, 10, 20, 60, -2):
        f.resident(expires_on=in_days(days), station_obj=station)
    f.resident(expires_on=in_days(80), station_obj=south)
    client.force_login(hq_supervisor)

    with django_assert_num_queries(16):
        response = client.get(reverse("residence:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "national expiry dashboard" in html
    assert "<svg" in html and 'role="img"' in html
    rows = {figures.label: figures for figures in response.context["rows"]}
    taipei, kaohsiung = rows["臺北市服務站"], rows["高雄市第一服務站"]
    assert (taipei.expiring_15, taipei.expiring_30, taipei.expiring_90, taipei.overdue) == (2, 3, 4, 1)
    assert (kaohsiung.expiring_90, kaohsiung.overdue) == (1, 0)
    assert response.context["total"].expiring_90 == 5


@time_machine.travel(NOW, tick=False)
def test_a_station_dashboard_counts_open_tasks_and_renewals(station, chief, interpreter, client):
    f.resident(expires_on=in_days(5), station_obj=station)
    ladder_sweep(day=TODAY)
    client.force_login(chief)

    response = client.get(reverse("residence:station", args=[station.code]))

    figures = response.context["figures"]
    assert (figures.open_calls, figures.open_visits, figures.expiring_15) == (1, 0, 1)
    assert sum(count for _start, count in response.context["weeks"]) == 1


@time_machine.travel(NOW, tick=False)
def test_another_stations_dashboard_is_not_found(station, chief, client):
    f.station("station-20-kaohsiung-1", county_obj=f.county("TW-KHH", "高雄市", "Kaohsiung"))
    client.force_login(chief)
    assert client.get(reverse("residence:station", args=["station-20-kaohsiung-1"])).status_code == 404


def test_public_accounts_cannot_see_the_dashboard(client, station):
    from immigo.accounts.models import User

    client.force_login(User.objects.create_user("p@example.org", "pw-for-tests-123", kind=User.Kind.PUBLIC))
    assert client.get(reverse("residence:dashboard")).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_3_month_report_lists_permits_expiring_within_92_days_and_exports_csv(
    station, counter_officer, client, django_assert_num_queries
):
    for days in (1, 45, 92, 93):
        f.resident(expires_on=in_days(days), station_obj=station)
    f.resident(expires_on=in_days(30), station_obj=station, departed_on=in_days(-5))
    client.force_login(counter_officer)

    with django_assert_num_queries(13):
        page = client.get(reverse("residence:van_report", args=[station.code]))
    assert [p.expires_on for p in page.context["page"]] == [in_days(1), in_days(45), in_days(92)]

    export = client.get(reverse("residence:van_report_csv", args=[station.code]))
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("expires_on,permit_number")
    assert len(lines) == 4
    assert AuditEntry.objects.filter(object_type="residence.vanreport", action="export").count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_task_list_is_pinned_in_queries_and_audited(station, interpreter, client, django_assert_num_queries):
    for _ in range(5):
        f.resident(expires_on=in_days(6), station_obj=station)
    ladder_sweep(day=TODAY)
    client.force_login(interpreter)

    with django_assert_num_queries(12):
        response = client.get(reverse("residence:tasks"))

    assert response.context["page"].paginator.count == 5
    assert AuditEntry.objects.filter(object_type="residence.ladderstep", action="read").exists()


@time_machine.travel(NOW, tick=False)
def test_a_task_of_another_unit_is_not_found(station, interpreter, client):
    other = f.station("station-20-kaohsiung-1", county_obj=f.county("TW-KHH", "高雄市", "Kaohsiung"))
    f.staff("interp.khh@immigo.test", Role.INTERPRETER, other, languages=("vi",))
    f.resident(expires_on=in_days(6), station_obj=other)
    ladder_sweep(day=TODAY)
    from immigo.residence.models import LadderStep

    call = LadderStep.objects.get(step="call")
    client.force_login(interpreter)
    assert client.get(reverse("residence:task", args=[call.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_an_invalid_outcome_gets_a_field_error_and_changes_nothing(station, interpreter, client):
    f.resident(expires_on=in_days(6), station_obj=station)
    ladder_sweep(day=TODAY)
    from immigo.residence.models import LadderStep

    call = LadderStep.objects.get(step="call")
    client.force_login(interpreter)
    response = client.post(reverse("residence:task", args=[call.pk]), {"outcome": "met"})
    assert response.status_code == 422
    call.refresh_from_db()
    assert call.status == "open"


@time_machine.travel(NOW, tick=False)
def test_letters_are_printed_and_marked_posted_by_the_station(station, counter_officer, client):
    f.resident(expires_on=in_days(15), station_obj=station, email="", phone="")
    ladder_sweep(day=TODAY)
    batch = LetterBatch.objects.get()
    client.force_login(counter_officer)

    assert client.get(reverse("residence:letters")).status_code == 200
    pdf = client.get(reverse("residence:letter_pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(reverse("residence:letter_posted", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.posted_at is not None
    assert list(batch.steps.values_list("status", "outcome")) == [("done", "posted")]


@time_machine.travel(NOW, tick=False)
def test_marking_departure_on_the_resident_page_cancels_the_ladder(station, counter_officer, interpreter, client):
    resident = f.resident(expires_on=in_days(6), station_obj=station)
    ladder_sweep(day=TODAY)
    client.force_login(counter_officer)

    response = client.post(
        reverse("residence:resident", args=[resident.pk]),
        {"departed_on": "2026-02-20", "reason": "Exit record of 2026-02-20", "protected_email": "", "protected_phone": ""},
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.departed_on == dt.date(2026, 2, 20)
    assert not resident.ladder_steps.filter(status="open").exists()
