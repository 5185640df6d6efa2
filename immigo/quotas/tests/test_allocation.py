"""Allocation in receipt order, the waiting list, back-fill, the lapse job and quota settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from immigo.notifications.models import OutboxMessage
from immigo.organisations.errors import OrganisationAccessDeniedError, OrganisationLicenceLapsedError
from immigo.quotas import services
from immigo.quotas.errors import (
    GroupIssueOutOfOrderError,
    GroupSizeInvalidError,
    GroupTransitionNotAllowedError,
    QuotaBelowAllocatedError,
    QuotaNotDefinedError,
)
from immigo.quotas.models import Category, GroupApplication, QuotaChange, QuotaDay, QuotaPlace
from immigo.quotas.tasks import group_lapse_sweep

from . import factories as f
from .conftest import DAY, TODAY
from .invariants import day_invariants

Status = GroupApplication.Status


def _statuses(*apps: GroupApplication) -> list[str]:
    return [GroupApplication.objects.get(pk=a.pk).status for a in apps]


def test_groups_take_places_in_receipt_order_until_the_day_is_full(agency, agent):
    day = f.quota_day(DAY, total=20)
    a = f.group(by=agent, organisation=agency, day=DAY, size=8)
    b = f.group(by=agent, organisation=agency, day=DAY, size=8)
    c = f.group(by=agent, organisation=agency, day=DAY, size=8)  # 4 left: waits
    assert [a.receipt_seq, b.receipt_seq, c.receipt_seq] == [1, 2, 3]
    assert _statuses(a, b, c) == [Status.ALLOCATED, Status.ALLOCATED, Status.WAITING]
    assert list(QuotaPlace.objects.filter(application=a).values_list("number", flat=True)) == list(range(1, 9))
    assert list(QuotaPlace.objects.filter(application=b).values_list("number", flat=True)) == list(range(9, 17))
    assert day_invariants(day) == {"held": 16, "duplicates": 0, "waiting": 1, "received": 3}


def test_a_small_group_does_not_overtake_the_waiting_list(agency, agent):
    day = f.quota_day(DAY, total=12)
    f.group(by=agent, organisation=agency, day=DAY, size=10)
    big = f.group(by=agent, organisation=agency, day=DAY, size=10)
    small = f.group(by=agent, organisation=agency, day=DAY, size=5)  # 2 left, and the list is not empty
    assert _statuses(big, small) == [Status.WAITING, Status.WAITING]
    day_invariants(day)


def test_a_rejected_group_frees_its_places_for_the_next_groups_in_order(agency, agent, officer):
    day = f.quota_day(DAY, total=15)
    first = f.group(by=agent, organisation=agency, day=DAY, size=10)
    second = f.group(by=agent, organisation=agency, day=DAY, size=5)
    third = f.group(by=agent, organisation=agency, day=DAY, size=6)
    fourth = f.group(by=agent, organisation=agency, day=DAY, size=5)
    assert _statuses(third, fourth) == [Status.WAITING, Status.WAITING]
    services.group_review(application_id=first.pk, by=officer, to=Status.REJECTED, reason="forged documents")
    assert _statuses(first, second, third, fourth) == [Status.REJECTED, Status.ALLOCATED, Status.ALLOCATED, Status.WAITING]
    # The freed places got new numbers: no number is ever handed out twice.
    assert list(QuotaPlace.objects.filter(application=third).values_list("number", flat=True)) == list(range(16, 22))
    day.refresh_from_db()
    assert (day.used, day.waiting, day.remaining) == (11, 1, 4)
    day_invariants(day)


def test_places_freed_by_an_incomplete_group_go_to_the_next_group_after_the_deadline(agency, agent, officer, time_machine):
    day = f.quota_day(DAY, total=10)
    incomplete = f.group(by=agent, organisation=agency, day=DAY, size=10)
    next_group = f.group(by=agent, organisation=agency, day=DAY, size=7)
    services.group_review(application_id=incomplete.pk, by=officer, to=Status.INCOMPLETE, missing_items="Guarantee letter")
    incomplete.refresh_from_db()
    # 2 working days from Tuesday 2026-11-24, capped at the day of travel (Friday 11-27).
    assert incomplete.complete_by == dt.date(2026, 11, 26)
    assert services.group_lapse_due(today=dt.date(2026, 11, 26)) == []  # the deadline day itself still counts
    time_machine.move_to(dt.datetime(2026, 11, 27, 0, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert group_lapse_sweep.call() == [incomplete.pk]
    assert _statuses(incomplete, next_group) == [Status.LAPSED, Status.ALLOCATED]
    notice = OutboxMessage.objects.get(dedupe_key=f"quota-places-{next_group.pk}", channel=OutboxMessage.Channel.EMAIL)
    assert notice.recipient == agency.email
    assert group_lapse_sweep.call() == []  # idempotent
    day_invariants(day)


def test_documents_supplied_in_time_keep_the_places(agency, agent, officer):
    day = f.quota_day(DAY, total=10)
    group = f.group(by=agent, organisation=agency, day=DAY, size=10)
    services.group_review(application_id=group.pk, by=officer, to=Status.INCOMPLETE)
    services.group_documents_supplied(application_id=group.pk, by=agent)
    assert services.group_lapse_due(today=DAY) == []
    assert _statuses(group) == [Status.ALLOCATED]
    day_invariants(day)


def test_withdrawing_the_head_of_the_list_lets_the_next_group_in(agency, agent):
    day = f.quota_day(DAY, total=12)
    f.group(by=agent, organisation=agency, day=DAY, size=6)
    head = f.group(by=agent, organisation=agency, day=DAY, size=10)
    behind = f.group(by=agent, organisation=agency, day=DAY, size=6)
    services.group_withdraw(application_id=head.pk, by=agent)
    assert _statuses(head, behind) == [Status.WITHDRAWN, Status.ALLOCATED]
    day_invariants(day)


def test_permits_are_issued_in_receipt_order(agency, agent, officer):
    f.quota_day(DAY, total=40)
    first = f.group(by=agent, organisation=agency, day=DAY, size=5)
    second = f.group(by=agent, organisation=agency, day=DAY, size=5)
    with pytest.raises(GroupIssueOutOfOrderError):
        services.group_review(application_id=second.pk, by=officer, to=Status.ISSUED)
    services.group_review(application_id=first.pk, by=officer, to=Status.ISSUED)
    services.group_review(application_id=second.pk, by=officer, to=Status.ISSUED)
    assert _statuses(first, second) == [Status.ISSUED, Status.ISSUED]
    with pytest.raises(GroupTransitionNotAllowedError):
        services.group_withdraw(application_id=first.pk, by=agent)


def test_a_waiting_group_cannot_be_issued(agency, agent, officer):
    f.quota_day(DAY, total=5)
    f.group(by=agent, organisation=agency, day=DAY, size=5)
    waiting = f.group(by=agent, organisation=agency, day=DAY, size=5)
    with pytest.raises(GroupTransitionNotAllowedError):
        services.group_review(application_id=waiting.pk, by=officer, to=Status.ISSUED)


def test_quota_history_keeps_every_change_and_refuses_a_cut_below_the_places_given(agency, agent, officer):
    day = services.quota_set(by=officer, category=Category.GROUP, day=DAY, total=10, reason="2011 ceiling")
    f.group(by=agent, organisation=agency, day=DAY, size=8)
    waiting = f.group(by=agent, organisation=agency, day=DAY, size=5)
    with pytest.raises(QuotaBelowAllocatedError):
        services.quota_set(by=officer, category=Category.GROUP, day=DAY, total=7, reason="cut")
    services.quota_set(by=officer, category=Category.GROUP, day=DAY, total=13, reason="holiday uplift")
    assert _statuses(waiting) == [Status.ALLOCATED]  # the new places went to the list at once
    changes = list(QuotaChange.objects.filter(quota_day=day).order_by("id").values_list("before", "after", "reason", "changed_by"))
    assert changes == [(None, 10, "2011 ceiling", officer.pk), (10, 13, "holiday uplift", officer.pk)]
    day_invariants(day)


def test_only_headquarters_quota_officers_set_quotas(agent, db):
    from immigo.accounts.models import Role
    from immigo.core.errors import PermissionDeniedError
    from immigo.core.models import Unit

    station_officer = f.staff("q@station.test", Role.QUOTA_OFFICER, f.unit("station-01-taipei", Unit.Kind.SERVICE_STATION))
    for user in (agent, station_officer):
        with pytest.raises(PermissionDeniedError):
            services.quota_set(by=user, category=Category.GROUP, day=DAY, total=4000, reason="x")


def test_the_database_refuses_an_oversold_day_and_a_place_given_twice(agency, agent):
    day = f.quota_day(DAY, total=5)
    group = f.group(by=agent, organisation=agency, day=DAY, size=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaDay.objects.filter(pk=day.pk).update(used=6, granted=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaPlace.objects.create(quota_day=day, number=3, application=group)


def test_an_agency_files_only_for_itself_with_a_valid_licence(agency, agent, other_agency, db):
    f.quota_day(DAY, total=100)
    with pytest.raises(OrganisationAccessDeniedError):
        f.group(by=agent, organisation=other_agency, day=DAY)
    lapsed = f.agency("32345678", "丙旅行社", licence_until=TODAY)
    lapsed_agent = f.agency_login(lapsed, "agent3@agency3.test")
    with pytest.raises(OrganisationLicenceLapsedError):
        f.group(by=lapsed_agent, organisation=lapsed, day=DAY)
    assert not GroupApplication.objects.exists()


@pytest.mark.parametrize("size", [4, 41])
def test_a_category_1_group_has_5_to_40_travellers(agency, agent, size):
    f.quota_day(DAY, total=100)
    with pytest.raises(GroupSizeInvalidError):
        f.group(by=agent, organisation=agency, day=DAY, size=size)


def test_individual_travellers_take_one_place_each_from_their_own_quota(agency, agent):
    f.quota_day(DAY, total=4000)
    individual = f.quota_day(DAY, total=500, category=Category.INDIVIDUAL)
    f.group(by=agent, organisation=agency, day=DAY, size=2, category=Category.INDIVIDUAL)
    individual.refresh_from_db()
    assert individual.remaining == 498


def test_no_quota_no_application(agency, agent):
    with pytest.raises(QuotaNotDefinedError):
        f.group(by=agent, organisation=agency, day=DAY)


def test_a_filing_interrupted_before_its_receipt_is_received_by_the_sweep_once(agency, agent, time_machine):
    day = f.quota_day(DAY, total=10)
    stored = services._group_store(
        by=agent, organisation=agency, category=Category.GROUP, day=DAY, tour_name="t", travellers=f.travellers(5), port="any"
    )
    assert stored.status == Status.RECEIVED and stored.receipt_seq is None
    assert services.group_receive_pending() == []  # not yet: the filing may still be under way
    time_machine.move_to(dt.datetime(2026, 11, 24, 10, 1, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    from immigo.quotas.tasks import group_receive_sweep

    assert group_receive_sweep.call() == [stored.pk]
    assert group_receive_sweep.call() == []
    stored.refresh_from_db()
    assert (stored.status, stored.receipt_seq) == (Status.ALLOCATED, 1)
    day_invariants(day)
