"""Home pickup (C03) and the mobile service vans (L04)."""

from __future__ import annotations

import datetime as dt

import pytest

from immigo.applications.models import Case, Channel, Pickup
from immigo.core.errors import InvalidInputError
from immigo.core.models import Person
from immigo.notifications.models import OutboxMessage

from .. import selectors, services
from ..errors import PickupIneligibleError, VanIntakeCaseError
from ..models import HomePickup, VanVisit
from ..rules import VanService
from . import factories as f
from .conftest import TODAY, TOMORROW

pytestmark = pytest.mark.usefixtures("frozen")


def _pickup(station, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "station": station,
        "full_name": "Siti Rahayu",
        "identity_number": "AC01234567",
        "phone": "0912345678",
        "email": "siti@example.test",
        "language": "id",
        "address": "臺北市大安區和平東路一段1號",
        "reason": HomePickup.Reason.PREGNANCY,
        "what_for": "Residence certificate extension",
        "expected_delivery": TODAY + dt.timedelta(weeks=8),
    }
    values.update(overrides)
    return services.PickupRequest(**values)


def test_from_the_8th_month_of_pregnancy(station, person):
    # 8 weeks before the expected delivery is the 32nd week: eligible; a day earlier is not.
    pickup = services.home_pickup_request(by=person, request=_pickup(station))
    assert pickup.status == HomePickup.Status.REQUESTED and pickup.holder_key == "AC01234567"
    with pytest.raises(PickupIneligibleError) as caught:
        services.home_pickup_request(by=person, request=_pickup(station, expected_delivery=TODAY + dt.timedelta(weeks=8, days=1)))
    assert "expected_delivery" in caught.value.details["fields"]


def test_within_2_months_after_giving_birth(station, person):
    services.home_pickup_request(
        by=person, request=_pickup(station, reason=HomePickup.Reason.AFTER_BIRTH, expected_delivery=None, birth_date=dt.date(2026, 1, 2))
    )
    with pytest.raises(PickupIneligibleError):
        services.home_pickup_request(
            by=person,
            request=_pickup(station, reason=HomePickup.Reason.AFTER_BIRTH, expected_delivery=None, birth_date=dt.date(2026, 1, 1)),
        )


def test_month_arithmetic_keeps_month_ends():
    assert services.months_after(dt.date(2025, 12, 31), 2) == dt.date(2026, 2, 28)
    assert services.months_after(dt.date(2026, 1, 2), 2) == dt.date(2026, 3, 2)


def test_illness_needs_a_description(station, person):
    with pytest.raises(PickupIneligibleError):
        services.home_pickup_request(by=person, request=_pickup(station, reason=HomePickup.Reason.ILLNESS, expected_delivery=None))
    services.home_pickup_request(
        by=person, request=_pickup(station, reason=HomePickup.Reason.ILLNESS, expected_delivery=None, illness="Bedridden after a stroke")
    )


def test_the_station_schedules_the_visit_and_the_requester_is_told(station, person, supervisor, counter_officer):
    pickup = services.home_pickup_request(by=person, request=_pickup(station))
    scheduled = services.home_pickup_schedule(
        pickup=pickup, by=supervisor, day=TOMORROW, start=dt.time(14, 0), end=dt.time(15, 0), officers=[counter_officer]
    )
    assert scheduled.status == HomePickup.Status.SCHEDULED
    messages = OutboxMessage.objects.filter(event="home_pickup_scheduled")
    assert {m.channel for m in messages} == {"email", "sms"}
    assert all(m.language == "id" for m in messages)
    plan = selectors.station_day_plan(user=supervisor, station=station, day=TOMORROW)
    assert plan.pickups == [scheduled]


def test_a_visit_after_the_2_months_is_refused(station, person, supervisor, counter_officer):
    pickup = services.home_pickup_request(
        by=person, request=_pickup(station, reason=HomePickup.Reason.AFTER_BIRTH, expected_delivery=None, birth_date=dt.date(2026, 1, 5))
    )
    with pytest.raises(InvalidInputError) as caught:
        services.home_pickup_schedule(
            pickup=pickup, by=supervisor, day=dt.date(2026, 3, 6), start=dt.time(9), end=dt.time(10), officers=[counter_officer]
        )
    assert "day" in caught.value.details["fields"]


def test_declining_tells_the_requester_why(station, person, supervisor):
    pickup = services.home_pickup_request(by=person, request=_pickup(station))
    services.home_pickup_decline(pickup=pickup, by=supervisor, note="Please use the family's agent instead.")
    notice = OutboxMessage.objects.get(event="home_pickup_declined", channel="email")
    assert "family's agent" in notice.body


def _plan(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "day": dt.date(2026, 3, 5),
        "start": dt.time(9, 30),
        "end": dt.time(12, 0),
        "place": "Wanhua District Office",
        "address": "臺北市萬華區和平西路三段120號",
        "services": [VanService.CONSULTATION, VanService.INTAKE],
        "interpreter_languages": "Vietnamese, Indonesian",
    }
    values.update(overrides)
    return services.VisitPlan(**values)


def test_a_van_visit_is_public_only_once_published(station, supervisor, counter_officer):
    visit = services.van_visit_plan(station=station, by=supervisor, plan=_plan(), officers=[counter_officer])
    assert list(selectors.van_visit_list_public(from_day=TODAY)) == []
    services.van_visit_publish(visit=visit, by=supervisor)
    assert list(selectors.van_visit_list_public(from_day=TODAY)) == [visit]
    with pytest.raises(InvalidInputError):  # the same start time twice
        services.van_visit_plan(station=station, by=supervisor, plan=_plan(), officers=[counter_officer])


def test_a_van_needs_services_and_a_crew_of_the_station(station, other_station, supervisor):
    from immigo.accounts.models import Role

    outsider = f.staff("outsider@immigo.test", Role.COUNTER_OFFICER, other_station)
    with pytest.raises(InvalidInputError) as caught:
        services.van_visit_plan(station=station, by=supervisor, plan=_plan(services=[]), officers=[outsider])
    assert set(caught.value.details["fields"]) == {"services", "officers"}


def test_an_application_taken_in_at_the_van_is_linked_to_the_visit(station, supervisor, counter_officer):
    visit = services.van_visit_plan(station=station, by=supervisor, plan=_plan(day=TOMORROW), officers=[counter_officer])
    visit = services.van_visit_publish(visit=visit, by=supervisor)
    applicant = Person.objects.create(family_name="NGUYEN", given_names="THI LAN", date_of_birth=dt.date(1990, 1, 1), nationality="VNM")

    def case(receipt: str, day: dt.date) -> Case:
        return Case.objects.create(
            receipt_number=receipt, service_code="A07", applicant=applicant, channel=Channel.COUNTER, unit=station, data={},
            pickup=Pickup.COUNTER, submitted_on=day, time_limit_days=5, due_date=day + dt.timedelta(days=7),
        )  # fmt: skip

    on_the_day = case("R20260303000001", TOMORROW)
    another_day = case("R20260302000001", TODAY)
    intake = services.van_intake_record(visit=visit, receipt_number=on_the_day.receipt_number.lower(), by=counter_officer)
    assert intake.case == on_the_day and on_the_day.van_intake == intake
    with pytest.raises(VanIntakeCaseError):
        services.van_intake_record(visit=visit, receipt_number=another_day.receipt_number, by=counter_officer)
    with pytest.raises(InvalidInputError):
        services.van_intake_record(visit=visit, receipt_number=on_the_day.receipt_number, by=counter_officer)
    assert VanVisit.objects.get(pk=visit.pk).intakes.count() == 1
