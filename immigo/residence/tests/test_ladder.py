"""The B06 ladder: the notice 15 days before expiry, the call task 7 days before, the field visit
after a failed call; the flags; running the sweep twice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.notifications.models import OutboxMessage
from immigo.residence.models import LadderStep, LetterBatch, Permit
from immigo.residence.services import ladder_step_close, ladder_sweep, permit_renew
from immigo.residence.services.letters import letter_batch_pdf
from immigo.residence.workflow import ALLOWED, OUTCOMES

from . import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
Step = LadderStep.Step
Status = LadderStep.Status


def in_days(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(LadderStep.Status)
    assert set(OUTCOMES) == set(LadderStep.Step)


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_permit_expiring_in_15_days_gets_the_notice_in_the_residents_language_with_a_working_renewal_link(station, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    resident = f.resident(expires_on=in_days(15), station_obj=station, language="vi", email="hoa@example.org", phone="+886912345678")

    result = ladder_sweep(day=TODAY)

    assert (result.notices, result.calls, result.messages) == (1, 0, 2)
    step = LadderStep.objects.get()
    assert (step.step, step.channel, step.status, step.expires_on) == (Step.NOTICE, "message", Status.DONE, in_days(15))
    email = OutboxMessage.objects.get(channel="email")
    sms = OutboxMessage.objects.get(channel="sms")
    assert email.recipient == "hoa@example.org" and sms.recipient == "+886912345678"
    assert email.language == "vi"
    assert "Giấy phép cư trú" in email.body or "giấy phép cư trú" in email.body.lower()
    assert "/appointments/book/?station=station-01-taipei&service=B06" in email.body
    link = re.search(r"https?://\S+/residence/renew/\S+/", email.body)
    assert link is not None
    assert link.group(0) in sms.body

    # The link opens the renewal application with the registry's details filled in.
    client.force_login(_public_user())
    page = client.get(link.group(0).replace("http://testserver", ""))
    assert page.status_code == 200
    html = page.content.decode()
    assert resident.permits.get().number in html
    assert resident.ui_number in html
    assert 'value="NGUYEN"' in html


def _public_user():  # type: ignore[no-untyped-def]
    from immigo.accounts.models import User

    return User.objects.create_user("hoa@example.org", "pw-for-tests-123", full_name="Hoa", kind=User.Kind.PUBLIC)


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_an_altered_renewal_link_is_refused(station, client):
    client.force_login(_public_user())
    response = client.get(reverse("residence:renew", kwargs={"token": "WzEsIjIwMjYtMDMtMTcXXX:abc"}))
    assert response.status_code == 404


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_at_7_days_the_station_officer_who_speaks_the_language_sees_the_call_task(station, interpreter, counter_officer, client):
    f.resident(expires_on=in_days(7), station_obj=station, language="vi")

    result = ladder_sweep(day=TODAY)

    assert (result.notices, result.calls) == (1, 1)  # a late import still gets its notice
    call = LadderStep.objects.get(step=Step.CALL)
    assert call.assigned_to == interpreter
    assert call.unit == station
    client.force_login(interpreter)
    page = client.get(reverse("residence:tasks") + "?mine=1")
    assert page.status_code == 200
    assert reverse("residence:task", args=[call.pk]) in page.content.decode()


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_call_tasks_are_assigned_by_language_and_spread_over_the_callers(station, interpreter, counter_officer):
    second = f.staff("interpreter2@immigo.test", Role.INTERPRETER, station, languages=("vi",))
    for _ in range(4):
        f.resident(expires_on=in_days(6), station_obj=station, language="vi")
    f.resident(expires_on=in_days(6), station_obj=station, language="zh-hant")
    f.resident(expires_on=in_days(6), station_obj=station, language="km")

    ladder_sweep(day=TODAY)

    calls = LadderStep.objects.filter(step=Step.CALL)
    vi = [c.assigned_to_id for c in calls if c.language == "vi"]
    assert sorted(vi) == sorted([interpreter.pk, interpreter.pk, second.pk, second.pk])
    assert calls.get(language="zh-hant").assigned_to == counter_officer
    assert calls.get(language="km").assigned_to is None  # nobody speaks Khmer: the station's pool


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_failed_call_refers_a_field_visit_to_the_countys_special_operations_team(station, team, interpreter, special_ops_officer, client):
    f.resident(expires_on=in_days(7), station_obj=station)
    ladder_sweep(day=TODAY)
    call = LadderStep.objects.get(step=Step.CALL)

    client.force_login(interpreter)
    response = client.post(reverse("residence:task", args=[call.pk]), {"outcome": "no_answer", "note": "Rang three times"})

    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.outcome, call.closed_by) == (Status.FAILED, "no_answer", interpreter)
    visit = LadderStep.objects.get(step=Step.VISIT)
    assert (visit.unit, visit.status, visit.expires_on) == (team, Status.OPEN, in_days(7))
    assert call.events.get().after == Status.FAILED
    client.force_login(special_ops_officer)
    assert reverse("residence:task", args=[visit.pk]) in client.get(reverse("residence:tasks")).content.decode()


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_closed_task_cannot_be_closed_again(station, interpreter):
    from immigo.residence.errors import LadderStepTransitionNotAllowedError

    f.resident(expires_on=in_days(7), station_obj=station)
    ladder_sweep(day=TODAY)
    call = LadderStep.objects.get(step=Step.CALL)
    ladder_step_close(step=call, outcome="reached", by=interpreter)
    with pytest.raises(LadderStepTransitionNotAllowedError):
        ladder_step_close(step=call, outcome="no_answer", by=interpreter)
    assert not LadderStep.objects.filter(step=Step.VISIT).exists()


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_running_the_sweep_twice_the_same_day_creates_nothing_more(station, interpreter):
    for days in (3, 7, 10, 15, 16, 40):
        f.resident(expires_on=in_days(days), station_obj=station)

    first = ladder_sweep(day=TODAY)
    second = ladder_sweep(day=TODAY)

    assert (first.notices, first.calls) == (4, 2)
    assert (second.selected, second.created, second.messages) == (0, 0, 0)
    assert LadderStep.objects.count() == 6
    assert OutboxMessage.objects.count() == 8


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_the_next_day_catches_up_what_the_window_still_covers(station):
    f.resident(expires_on=in_days(16), station_obj=station)
    assert ladder_sweep(day=TODAY).notices == 0
    # The sweep did not run on the 15th day before expiry; the next day still sends the notice.
    assert ladder_sweep(day=in_days(2)).notices == 1


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_residents_who_left_the_country_get_no_ladder(station):
    f.resident(expires_on=in_days(7), station_obj=station, departed_on=in_days(-30))
    result = ladder_sweep(day=TODAY)
    assert (result.selected, LadderStep.objects.count(), OutboxMessage.objects.count()) == (0, 0, 0)


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_protected_resident_is_reached_only_through_the_protected_channel_and_never_visited(station, team, interpreter):
    f.resident(
        expires_on=in_days(7),
        station_obj=station,
        email="home@example.org",
        phone="+886911111111",
        protected=True,
        protected_phone="+886922222222",
    )
    ladder_sweep(day=TODAY)

    notice = LadderStep.objects.get(step=Step.NOTICE)
    assert notice.channel == "protected"
    assert list(OutboxMessage.objects.values_list("channel", "recipient")) == [("sms", "+886922222222")]
    call = LadderStep.objects.get(step=Step.CALL)
    assert call.channel == "protected"
    assert ladder_step_close(step=call, outcome="no_answer", by=interpreter).visit is None
    assert not LadderStep.objects.filter(step=Step.VISIT).exists()


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_protected_resident_without_a_protected_channel_is_contacted_by_the_station_not_by_letter(station):
    f.resident(expires_on=in_days(15), station_obj=station, email="", phone="", protected=True)
    result = ladder_sweep(day=TODAY)
    notice = LadderStep.objects.get()
    assert (notice.channel, notice.status, notice.letter_batch) == ("station", Status.OPEN, None)
    assert (result.letters, result.station_tasks, OutboxMessage.objects.count()) == (0, 1, 0)


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_detained_resident_is_contacted_by_the_station_and_gets_no_call(station):
    f.resident(expires_on=in_days(5), station_obj=station, detained_since=in_days(-10))
    ladder_sweep(day=TODAY)
    assert list(LadderStep.objects.values_list("step", "channel")) == [("notice", "station")]
    assert OutboxMessage.objects.count() == 0


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_residents_without_email_or_mobile_get_a_letter_in_the_stations_batch_pdf(station, counter_officer):
    f.resident(expires_on=in_days(15), station_obj=station, email="", phone="", language="ja")
    f.resident(expires_on=in_days(15), station_obj=station, email="", phone="", language="zh-hant")
    ladder_sweep(day=TODAY)
    ladder_sweep(day=TODAY)

    batch = LetterBatch.objects.get()
    assert (batch.station, batch.day, batch.steps.count()) == (station, TODAY, 2)
    pdf = letter_batch_pdf(batch=batch, by=counter_officer)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page/") >= 0


@time_machine.travel("2026-03-02 07:00 +08:00", tick=False)
def test_a_renewal_stops_the_ladder_and_cancels_its_open_tasks(station, interpreter):
    resident = f.resident(expires_on=in_days(7), station_obj=station, issued_on=in_days(7) - dt.timedelta(days=730))
    ladder_sweep(day=TODAY)
    old = resident.permits.get()

    renewal = permit_renew(permit_number=old.number, receipt_number="B-2026-000001")

    old.refresh_from_db()
    assert old.status == Permit.Status.RENEWED
    # The same validity as before (2 years), counted on from the old expiry.
    assert renewal.new.expires_on == in_days(7) + dt.timedelta(days=730)
    call = LadderStep.objects.get(step=Step.CALL)
    assert (call.status, call.outcome) == (Status.CANCELLED, "renewed")
    assert ladder_sweep(day=TODAY).selected == 0


def test_a_renewal_never_runs_past_3_years():
    from immigo.residence.services import renewal_expiry

    permit = Permit(issued_on=dt.date(2020, 1, 1), expires_on=dt.date(2025, 1, 1))
    assert renewal_expiry(permit=permit) == dt.date(2028, 1, 1)


@pytest.mark.parametrize("language", ["zh-hant", "en", "vi", "id", "th", "km", "my", "ja", "hi", "tl"])
def test_the_notice_is_written_in_each_of_the_ten_languages_with_its_links(language):
    from immigo.notifications.rendering import notice_render

    context = {
        "name": "阮氏花",
        "due_date": "2026-03-17",
        "renewal_url": "https://immigo.example/residence/renew/abc/",
        "booking_url": "https://immigo.example/appointments/book/?station=station-01-taipei&service=B06",
        "station_name": "臺北市服務站",
        "station_phone": "02-2388-5185",
    }
    notice = notice_render(event="residence_expiry_notice", language=language, context=context)

    assert notice.language == language
    assert context["renewal_url"] in notice.email_body and context["renewal_url"] in notice.sms_body
    assert context["booking_url"] in notice.email_body
    assert "\n" not in notice.sms_body and "\n" not in notice.email_subject
    if language != "en":
        assert "Your residence permit expires" not in notice.email_body
    if language == "zh-hant":
        assert notice.sms_body.startswith("【Immigo】")
        assert "2026年3月17日" in notice.email_body


def test_the_sweep_is_scheduled_every_morning_and_retried_hourly_until_evening():
    from apscheduler.triggers.cron import CronTrigger
    from crontask import scheduler

    from immigo.residence.tasks import residence_ladder_sweep

    (job,) = [job for job in scheduler.get_jobs() if job.name == residence_ladder_sweep.name]
    assert isinstance(job.trigger, CronTrigger)
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["minute"], fields["hour"]) == ("0", "6-20")
    assert job.func == residence_ladder_sweep.enqueue
