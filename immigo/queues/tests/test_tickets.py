import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from immigo.accounts.models import Role
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry
from immigo.notifications.models import OutboxMessage
from immigo.queues import selectors, services
from immigo.queues.errors import (
    CounterBusyError,
    CounterCategoriesEmptyError,
    CounterTakenError,
    QueueEmptyError,
    TicketCategoryUnavailableError,
    TicketRateLimitedError,
    TicketTransitionNotAllowedError,
)
from immigo.queues.models import Category, PriorityReason, Ticket, TicketEvent
from immigo.queues.workflow import ALLOWED

from . import factories as f

pytestmark = pytest.mark.django_db
Status = Ticket.Status


# --- numbering ---------------------------------------------------------------------------------


def test_numbers_run_from_one_per_station_day_and_category(station, time_machine):
    f.counter(station, 1, [Category.GENERAL, Category.QUICK])
    kaohsiung = f.station(f.KAOHSIUNG)
    f.counter(kaohsiung, 1, [Category.GENERAL])

    general = [f.ticket(station).number for _ in range(3)]
    quick = f.ticket(station, Category.QUICK)
    elsewhere = f.ticket(kaohsiung)
    time_machine.move_to(dt.datetime(2026, 11, 25, 1, 0, tzinfo=dt.UTC), tick=False)
    next_day = f.ticket(station)

    assert general == [1, 2, 3]
    assert (quick.number, quick.display_number) == (1, "Q001")
    assert elsewhere.number == 1
    assert (next_day.service_day, next_day.number, next_day.display_number) == (dt.date(2026, 11, 25), 1, "A001")


def test_a_rolled_back_issue_leaves_no_gap(station):
    f.counter(station, 1)
    f.ticket(station)
    with pytest.raises(RuntimeError), transaction.atomic():
        f.ticket(station)
        raise RuntimeError("the kiosk crashed before commit")

    assert f.ticket(station).number == 2


def test_the_database_refuses_a_duplicate_number(station):
    f.counter(station, 1)
    first = f.ticket(station)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(station=station, service_day=first.service_day, category=first.category, number=1, channel="kiosk")


def test_a_station_gives_only_the_tickets_its_counters_serve(station):
    f.counter(station, 1, [Category.GENERAL])

    with pytest.raises(TicketCategoryUnavailableError):
        f.ticket(station, Category.PERMANENT_RESIDENCE)
    assert not Ticket.objects.exists()


def test_one_phone_may_take_six_tickets_an_hour(station):
    f.counter(station, 1)
    for _ in range(6):
        f.ticket(station, channel=Ticket.Channel.PHONE, client_key="203.0.113.9")

    with pytest.raises(TicketRateLimitedError):
        f.ticket(station, channel=Ticket.Channel.PHONE, client_key="203.0.113.9")
    f.ticket(station, channel=Ticket.Channel.KIOSK, client_key="203.0.113.9")  # the kiosk is shared by everyone
    f.ticket(station, channel=Ticket.Channel.PHONE, client_key="198.51.100.7")  # another phone


def test_a_kiosk_address_is_limited_too_but_far_higher(station, monkeypatch):
    f.counter(station, 1)
    monkeypatch.setattr(services, "KIOSK_TICKETS_PER_CLIENT_PER_HOUR", 3)
    for _ in range(3):
        f.ticket(station, client_key="192.0.2.1")

    with pytest.raises(TicketRateLimitedError):
        f.ticket(station, client_key="192.0.2.1")
    assert Ticket.objects.count() == 3


# --- calling -----------------------------------------------------------------------------------


def test_priority_tickets_are_called_first_then_in_the_order_taken(station, officer):
    at = f.opened(station, 1, officer, love=True)
    first = f.ticket(station)
    second = f.ticket(station)
    pregnant = f.ticket(station, priority_reason=PriorityReason.PREGNANT)

    order = []
    for _ in range(3):
        called = services.ticket_call_next(counter=at, by=officer)
        order.append(called.pk)
        services.ticket_finish(ticket=called, by=officer)

    assert order == [pregnant.pk, first.pk, second.pk]


def test_a_counter_calls_only_the_kinds_of_ticket_it_serves(station, officer, officer2):
    quick_counter = f.opened(station, 4, officer, [Category.QUICK])
    f.opened(station, 1, officer2, [Category.GENERAL])
    f.ticket(station)
    certificate = f.ticket(station, Category.QUICK)

    assert services.ticket_call_next(counter=quick_counter, by=officer).pk == certificate.pk
    services.ticket_finish(ticket=certificate, by=officer)
    with pytest.raises(QueueEmptyError):
        services.ticket_call_next(counter=quick_counter, by=officer)


def test_two_counters_never_get_the_same_ticket(station, officer, officer2):
    one, two = f.opened(station, 1, officer), f.opened(station, 2, officer2)
    tickets = {f.ticket(station).pk, f.ticket(station).pk}

    called = {services.ticket_call_next(counter=one, by=officer).pk, services.ticket_call_next(counter=two, by=officer2).pk}

    assert called == tickets
    with pytest.raises(CounterTakenError):
        services.ticket_call_next(counter=one, by=officer2)  # and nobody calls at another's counter
    events = TicketEvent.objects.filter(action="call")
    assert events.count() == 2 and {e.counter_id for e in events} == {one.pk, two.pk}


def test_a_ticket_claimed_meanwhile_is_skipped(station, officer, officer2, monkeypatch):
    """Between finding the next ticket and claiming it, another counter may take it: the
    conditional update fails for that ticket and the next one is claimed instead."""
    at, other = f.opened(station, 1, officer), f.opened(station, 2, officer2)
    taken, free = f.ticket(station), f.ticket(station)
    real = services._claim

    def raced(*, ticket_id, counter, by):  # type: ignore[no-untyped-def]
        if ticket_id == taken.pk:
            assert real(ticket_id=ticket_id, counter=other, by=officer2)  # the other counter wins it
        return real(ticket_id=ticket_id, counter=counter, by=by)

    monkeypatch.setattr(services, "_claim", raced)

    assert services.ticket_call_next(counter=at, by=officer).pk == free.pk
    taken.refresh_from_db()
    assert taken.counter == other


def test_the_database_refuses_two_tickets_at_one_counter(station, officer):
    at = f.opened(station, 1, officer)
    f.ticket(station)
    second = f.ticket(station)
    services.ticket_call_next(counter=at, by=officer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=second.pk).update(status=Status.CALLED, counter=at)


def test_a_busy_counter_finishes_before_calling_again(station, officer):
    at = f.opened(station, 1, officer)
    f.ticket(station)
    f.ticket(station)
    services.ticket_call_next(counter=at, by=officer)

    with pytest.raises(CounterBusyError):
        services.ticket_call_next(counter=at, by=officer)


def test_recall_start_and_finish(station, officer):
    at = f.opened(station, 1, officer)
    f.ticket(station)
    called = services.ticket_call_next(counter=at, by=officer)

    services.ticket_recall(ticket=called, by=officer)
    services.ticket_start(ticket=called, by=officer)
    done = services.ticket_finish(ticket=called, by=officer)

    done.refresh_from_db()
    assert done.status == Status.SERVED and done.recall_count == 1 and done.officer == officer and done.finished_at is not None
    assert list(done.events.values_list("action", flat=True)) == ["issue", "call", "recall", "start", "finish"]
    actions = (
        AuditEntry.objects.filter(object_type="queues.ticket", object_id=str(done.pk))
        .order_by("id")
        .values_list("details__action", flat=True)
    )
    assert list(actions) == ["call", "recall", "start", "finish"]


def test_a_no_show_can_wait_again_with_its_number(station, officer):
    at = f.opened(station, 1, officer)
    late = f.ticket(station)
    f.ticket(station)
    services.ticket_call_next(counter=at, by=officer)
    services.ticket_no_show(ticket=late, by=officer)

    back = services.ticket_requeue(ticket=late, by=officer)

    assert (back.status, back.number, back.counter) == (Status.WAITING, 1, None)
    assert services.ticket_call_next(counter=at, by=officer).pk == late.pk  # still ahead of number 2


def test_a_served_ticket_cannot_be_called_back(station, officer):
    at = f.opened(station, 1, officer)
    f.ticket(station)
    done = services.ticket_finish(ticket=services.ticket_call_next(counter=at, by=officer), by=officer)

    with pytest.raises(TicketTransitionNotAllowedError):
        services.ticket_no_show(ticket=done, by=officer)


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(Status)


# --- counters ----------------------------------------------------------------------------------


def test_only_the_station_s_counter_staff_open_its_counters(station, other_officer, volunteer):
    counter = f.counter(station, 1)

    for user in (other_officer, volunteer):
        with pytest.raises(PermissionDeniedError):
            services.counter_open(counter=counter, by=user, categories=[Category.GENERAL])


def test_one_officer_per_counter_and_one_counter_per_officer(station, officer, officer2):
    first = f.opened(station, 1, officer)
    second = f.counter(station, 2)

    with pytest.raises(CounterTakenError):
        services.counter_open(counter=first, by=officer2, categories=[Category.GENERAL])
    with pytest.raises(CounterTakenError):
        services.counter_open(counter=second, by=officer, categories=[Category.GENERAL])
    with pytest.raises(CounterCategoriesEmptyError):
        services.counter_open(counter=second, by=officer2, categories=[])


def test_a_counter_closes_only_with_nobody_at_the_window(station, officer):
    at = f.opened(station, 1, officer)
    f.ticket(station)
    called = services.ticket_call_next(counter=at, by=officer)

    with pytest.raises(CounterBusyError):
        services.counter_close(counter=at, by=officer)
    services.ticket_finish(ticket=called, by=officer)
    closed = services.counter_close(counter=at, by=officer)

    assert closed.officer is None and closed.categories == []


def test_a_supervisor_may_step_in_at_a_counter(station, supervisor):
    at = f.opened(station, 1, supervisor)
    f.ticket(station)

    assert services.ticket_call_next(counter=at, by=supervisor).officer == supervisor


# --- place in the queue and the "almost your turn" notice ---------------------------------------


def test_places_ahead_count_priority_tickets_first(station):
    f.counter(station, 1)
    one, two = f.ticket(station), f.ticket(station)
    child = f.ticket(station, priority_reason=PriorityReason.CHILD_UNDER_3)
    three = f.ticket(station)

    assert [selectors.ticket_places_ahead(t) for t in (one, two, child, three)] == [1, 2, 0, 3]


def test_a_person_is_told_once_when_within_their_places(station, officer):
    at = f.opened(station, 1, officer)
    for _ in range(4):
        f.ticket(station)
    mine = f.ticket(station, channel=Ticket.Channel.PHONE, phone="0912 345 678", email="p@example.test", notify_places=2, language="vi")
    silent = f.ticket(station, notify_places=1)  # no contact: told on the page only

    services.ticket_finish(ticket=services.ticket_call_next(counter=at, by=officer), by=officer)
    assert not OutboxMessage.objects.exists()  # three ahead: not yet
    services.ticket_finish(ticket=services.ticket_call_next(counter=at, by=officer), by=officer)
    services.ticket_finish(ticket=services.ticket_call_next(counter=at, by=officer), by=officer)

    messages = OutboxMessage.objects.filter(event="queue_ticket_near")
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "sms"]
    sms = messages.get(channel="sms")
    assert sms.recipient == "0912345678" and sms.language == "vi" and sms.context["places"] == 2
    assert sms.context["ticket_number"] == "A005" and mine.token in sms.context["ticket_url"]
    mine.refresh_from_db()
    silent.refresh_from_db()
    assert mine.near_notified_at is not None and silent.near_notified_at is None


# --- booking check-in ---------------------------------------------------------------------------


class FakeSlot:
    counter = "permanent_residence"


class FakeAppointment:
    reference = "AB12CD34"
    slot = FakeSlot()
    phone = "0912000111"
    notify_by_sms = True
    email = "booked@example.test"
    language = "th"


def test_check_in_issues_one_ticket_of_the_booked_counter_s_series(station, monkeypatch):
    f.counter(station, 1, [Category.GENERAL, Category.APPOINTMENT])
    f.counter(station, 5, [Category.PERMANENT_RESIDENCE])
    checked = []
    monkeypatch.setattr(
        services,
        "_appointment_interface",
        lambda: (
            lambda *, reference, unit_code: FakeAppointment() if reference == "AB12CD34" else None,
            lambda *, appointment, by: checked.append(by),
        ),
    )

    ticket = services.ticket_check_in(station=station, reference=" ab12cd34 ")
    again = services.ticket_check_in(station=station, reference="AB12CD34")

    assert ticket.pk == again.pk and len(checked) == 1
    assert (ticket.category, ticket.channel, ticket.appointment_reference) == (Category.PERMANENT_RESIDENCE, "check_in", "AB12CD34")
    assert (ticket.phone, ticket.email, ticket.language) == ("0912000111", "booked@example.test", "th")


def test_check_in_with_an_unknown_reference_issues_nothing(station, monkeypatch):
    from immigo.queues.errors import CheckInReferenceUnknownError

    f.counter(station, 1, [Category.GENERAL, Category.APPOINTMENT])
    monkeypatch.setattr(services, "_appointment_interface", lambda: (lambda **kw: None, lambda **kw: None))

    with pytest.raises(CheckInReferenceUnknownError):
        services.ticket_check_in(station=station, reference="ZZ99ZZ99")
    assert not Ticket.objects.exists()


def test_staff_check_in_is_audited(station, officer, monkeypatch):
    f.counter(station, 1, [Category.GENERAL, Category.APPOINTMENT])
    monkeypatch.setattr(services, "_appointment_interface", lambda: (lambda **kw: FakeAppointment(), lambda **kw: None))

    ticket = services.ticket_check_in(station=station, reference="AB12CD34", by=officer)

    entry = AuditEntry.objects.get(object_id=str(ticket.pk), purpose__startswith="checking in")
    assert entry.actor == officer and entry.details["reference"] == "AB12CD34"
    assert ticket.category == Category.APPOINTMENT  # no permanent-residence counter here today
    assert Role.COUNTER_OFFICER in {r.role for r in officer.staff_roles.all()}
