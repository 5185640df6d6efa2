import datetime as dt

import pytest
from django.urls import reverse

from immigo.core.errors import PermissionDeniedError
from immigo.feedback import selectors, services
from immigo.feedback.errors import BallotNumberTakenError, BallotOfficerUnknownError
from immigo.feedback.models import Ballot, Level
from immigo.queues.tests import factories as qf

from . import factories as f

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def counters(station, officer, officer2):  # type: ignore[no-untyped-def]
    return qf.opened(station, 1, officer), qf.opened(station, 2, officer2)


def _ballot(station, officer, number, by, day=dt.date(2026, 11, 20)):  # type: ignore[no-untyped-def]
    return services.ballot_enter(station=station, ballot_number=number, officer=officer, cast_on=day, by=by)


def test_top_ratings_and_paper_ballots_are_votes_for_the_officer(
    station, officer, officer2, counters, volunteer, django_assert_num_queries
):
    one, two = counters
    for level in (5, 5, 4):
        f.rated(station, one, officer, level)
    f.rated(station, two, officer2, 5)
    for number in ("0001", "0002"):
        _ballot(station, officer2, number, volunteer)

    with django_assert_num_queries(3):
        tally = selectors.expert_tally(station=station, month=NOVEMBER)

    assert [(line.officer, line.rating_votes, line.ballot_votes, line.votes) for line in tally] == [(officer2, 1, 2, 3), (officer, 2, 0, 2)]
    assert selectors.expert_winner(station=station, month=NOVEMBER).officer == officer2
    assert selectors.expert_winner(station=station, month=dt.date(2026, 10, 1)) is None


def test_a_tie_goes_to_the_higher_satisfaction_rate(station, officer, officer2, counters):
    one, two = counters
    for level in (5, 5, 3):  # 2 votes, 66.67% satisfied
        f.rated(station, one, officer, level)
    for level in (5, 5, 4):  # 2 votes, 100% satisfied
        f.rated(station, two, officer2, level)

    tally = selectors.expert_tally(station=station, month=NOVEMBER)

    assert [line.officer for line in tally] == [officer2, officer]
    assert [line.votes for line in tally] == [2, 2]


def test_then_to_whoever_reached_the_total_first(station, officer, officer2, counters, time_machine):
    one, two = counters
    f.rated(station, two, officer2, 5)
    time_machine.shift(600)
    f.rated(station, one, officer, 5)

    assert selectors.expert_winner(station=station, month=NOVEMBER).officer == officer2


def test_a_ballot_number_counts_once_a_month(station, officer, volunteer):
    _ballot(station, officer, "b-0007", volunteer)

    with pytest.raises(BallotNumberTakenError):
        _ballot(station, officer, "B-0007", volunteer)
    _ballot(station, officer, "B-0007", volunteer, day=dt.date(2026, 10, 30))  # last month's numbering

    assert Ballot.objects.count() == 2


def test_ballots_are_entered_by_the_station_s_volunteers_for_its_officers(station, officer, other_officer, volunteer):
    with pytest.raises(PermissionDeniedError):
        _ballot(station, officer, "0001", other_officer)
    with pytest.raises(BallotOfficerUnknownError):
        _ballot(station, other_officer, "0001", volunteer)
    assert not Ballot.objects.exists()


def test_the_ballot_page_shows_a_second_entry_as_a_field_error(client, station, officer, volunteer):
    client.force_login(volunteer)
    url = reverse("feedback:ballots", args=[station.code])
    data = {"ballot_number": "0042", "officer": officer.pk, "cast_on": "2026-11-24"}

    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    future = client.post(url, {**data, "ballot_number": "0043", "cast_on": "2026-11-25"})

    assert again.status_code == 422 and "already been entered for this month" in again.content.decode()
    assert future.status_code == 422 and "cannot be in the future" in future.content.decode()
    assert Ballot.objects.count() == 1


def test_the_yearly_count_feeds_the_appraisal(client, station, officer, officer2, counters, supervisor, volunteer, time_machine):
    one, two = counters
    time_machine.move_to(dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC), tick=False)
    f.rated(station, two, officer2, 5)
    _ballot(station, officer, "0001", volunteer, day=dt.date(2026, 10, 13))
    _ballot(station, officer, "0002", volunteer, day=dt.date(2026, 10, 13))
    time_machine.move_to(dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC), tick=False)
    f.rated(station, one, officer, Level.VERY_SATISFIED)

    lines = selectors.expert_year(station=station, year=2026)

    assert [(line.officer, line.months_won, line.votes) for line in lines] == [
        (officer, [dt.date(2026, 10, 1), dt.date(2026, 11, 1)], 3),
        (officer2, [], 1),
    ]
    client.force_login(supervisor)
    csv = client.get(reverse("feedback:experts_year_csv", args=[station.code, 2026])).content.decode("utf-8-sig").splitlines()
    assert csv[1] == f"{station.code},2026,{officer.full_name},{officer.email},2026-10 2026-11,2,3"
    page = client.get(reverse("feedback:experts", args=[station.code]), {"month": "2026-10"}).content.decode()
    assert f"Service expert of 2026-10: {officer.full_name} – votes: 2" in page
