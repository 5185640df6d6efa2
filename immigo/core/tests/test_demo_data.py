"""`manage.py demo_data` loads the units, the demo logins and the demo cases, and a second run
changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from immigo.accounts.models import Role, StaffRole, User
from immigo.applications.models import Case, IssuedDocument, Status
from immigo.core.management.commands.demo_data import DEMO_PASSWORD, DEMO_STAFF, PUBLIC_EMAIL
from immigo.core.models import County, Unit

pytestmark = pytest.mark.django_db

COUNTED_APPS = {"core", "accounts", "applications", "border", "notifications"}


def _run() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in COUNTED_APPS}


@pytest.fixture
def _loaded() -> dict[str, object]:
    """Runs the command twice, keeping what each run printed and the row counts after each."""
    first_output = _run()
    after_first = _counts()
    second_output = _run()
    return {"first": first_output, "second": second_output, "after_first": after_first, "after_second": _counts()}


def test_a_second_run_creates_nothing(_loaded) -> None:  # type: ignore[no-untyped-def]
    assert _loaded["after_first"] == _loaded["after_second"]
    assert _loaded["first"] == _loaded["second"]


def test_25_service_stations_with_addresses_and_coordinates(_loaded) -> None:  # type: ignore[no-untyped-def]
    stations = Unit.objects.filter(kind=Unit.Kind.SERVICE_STATION)
    assert stations.count() == 25
    assert set(stations.values_list("parent__code", flat=True)) == {"hq-entry-exit"}
    for station in stations:
        assert station.address and station.postcode and station.phone and station.county_id, station.code
        assert station.latitude is not None and station.longitude is not None, station.code
        assert 21.8 < station.latitude < 26.4 and 118.1 < station.longitude < 122.1, station.code
    taipei = Unit.objects.get(code="station-01-taipei")
    assert taipei.address == "臺北市中正區廣州街15號"
    assert taipei.hours == "週一至週五 08:00–17:00（中午不休息）"


def test_counties_and_the_other_units(_loaded) -> None:  # type: ignore[no-untyped-def]
    assert County.objects.count() == 22
    assert County.objects.get(code="TW-TXG").id_letters == "BL"
    assert Unit.objects.filter(parent__code__in=["special-ops-1", "special-ops-2"]).count() == 25
    assert Unit.objects.filter(parent__code="special-ops-1").count() == 13
    assert Unit.objects.filter(parent__code="special-ops-2").count() == 12
    # Every county has a special-operations team.
    assert set(Unit.objects.filter(kind=Unit.Kind.SPECIAL_OPERATIONS, county__isnull=False).values_list("county__code", flat=True)) == set(
        County.objects.values_list("code", flat=True)
    )
    assert Unit.objects.filter(parent__code="border-affairs", kind=Unit.Kind.BORDER).exists()
    assert set(Unit.objects.filter(kind=Unit.Kind.DETENTION).values_list("name_zh", flat=True)) == {
        "宜蘭收容所",
        "臺北收容所",
        "南投收容所",
        "高雄收容所",
    }
    hq = Unit.objects.get(code="hq-entry-exit")
    assert (hq.address, hq.phone) == ("臺北市中正區廣州街15號", "(02)2388-9393")


def test_the_demo_staff_hold_their_roles(_loaded) -> None:  # type: ignore[no-untyped-def]
    for spec in DEMO_STAFF:
        user = User.objects.get(email=spec.email)
        assert user.kind == User.Kind.STAFF
        assert user.check_password(DEMO_PASSWORD)
        assert StaffRole.objects.filter(user=user, role=spec.role, unit__code=spec.unit).exists(), spec.email
    admin = User.objects.get(email="admin@demo.immigo.tw")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(pk=admin.pk).exists()
    assert StaffRole.objects.filter(role=Role.COUNTER_OFFICER, unit__code="station-01-taipei").exists()


def test_the_demo_applicant_has_a_person_record_and_crossings(_loaded) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.get(email=PUBLIC_EMAIL)
    assert user.kind == User.Kind.PUBLIC
    assert user.person is not None
    assert user.person.ui_number == "A800000014"
    assert user.person.nationality == "VNM"
    assert user.person.crossings.count() >= 4


def test_the_demo_cases_exist_in_their_states(_loaded) -> None:  # type: ignore[no-untyped-def]
    cases = {case.data["demo_key"]: case for case in Case.objects.filter(data__has_key="demo_key")}
    assert cases["a07-awaiting-documents"].status == Status.AWAITING_SUPPLEMENT
    assert cases["a07-awaiting-documents"].supplements.count() == 1
    assert cases["a11-under-review"].status == Status.UNDER_REVIEW
    issued = cases["a11-issued"]
    assert issued.status == Status.ISSUED
    assert issued.fee_paid_at is not None
    assert IssuedDocument.objects.filter(case=issued).exists()
    assert cases["a01-issued"].status == Status.ISSUED
    assert cases["a01-issued"].unit.code == "hq-entry-exit"
    assert cases["a11-submitted-new-taipei"].unit.code == "station-02-new-taipei"
    for case in cases.values():
        assert case.events.exists()


def test_the_output_lists_the_logins_and_the_address(_loaded) -> None:  # type: ignore[no-untyped-def]
    output = _loaded["first"]
    for spec in DEMO_STAFF:
        assert spec.email in output
    assert PUBLIC_EMAIL in output
    assert DEMO_PASSWORD in output
    assert "/accounts/login/" in output


def test_it_refuses_production_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.IMMIGO_REQUIRE_STAFF_OTP = True
    with pytest.raises(CommandError):
        call_command("demo_data", stdout=StringIO())
    assert not User.objects.exists()
