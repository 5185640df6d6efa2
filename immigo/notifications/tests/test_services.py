# Traditional Chinese notices use full-width punctuation, which is exactly what these assertions check.
import datetime
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from immigo.notifications.delivery import outbox_deliver
from immigo.notifications.errors import (
    NotificationContextInvalidError,
    NotificationDedupeKeyInvalidError,
    NotificationEventUnknownError,
)
from immigo.notifications.models import OutboxMessage
from immigo.notifications.services import notification_enqueue

from .factories import CONTEXTS, RECEIPT, STATUS_URL, message_enqueue

pytestmark = pytest.mark.django_db

Channel = OutboxMessage.Channel


def test_enqueue_renders_traditional_chinese():
    (message,) = message_enqueue(language="zh-hant")

    assert message.language == "zh-hant"
    assert message.subject == f"【Immigo】案件 {RECEIPT} 已核准"
    assert message.body.startswith("申請人您好：\n")
    assert f"您申請的「Resident certificate」（收件編號 {RECEIPT}）已核准。" in message.body
    assert f"詳細內容及後續步驟：{STATUS_URL}" in message.body


def test_enqueue_renders_english():
    (message,) = message_enqueue(language="en")

    assert message.language == "en"
    assert message.subject == f"[Immigo] Application {RECEIPT} approved"
    assert f"Your application {RECEIPT} for Resident certificate has been approved." in message.body
    assert "申請人" not in message.body


def test_unknown_language_falls_back_to_traditional_chinese():
    (message,) = message_enqueue(language="fr")

    assert message.language == "zh-hant"
    assert message.subject == f"【Immigo】案件 {RECEIPT} 已核准"


def test_supported_language_without_a_catalogue_falls_back_to_traditional_chinese(settings):
    # Korean offered by the interface before anybody translated the notices.
    settings.LANGUAGES = [*settings.LANGUAGES, ("ko", "Korean")]

    (message,) = message_enqueue(language="ko")

    assert message.language == "zh-hant"


def test_every_portal_language_has_its_own_notices(settings):
    for code, _name in settings.LANGUAGES:
        (message,) = message_enqueue(language=code, dedupe_key=f"k:lang:{code}")
        assert message.language == code


def test_regional_variant_is_written_in_its_language():
    (english,) = message_enqueue(language="en-GB", dedupe_key="k:en-gb")
    (chinese,) = message_enqueue(language="zh-TW", dedupe_key="k:zh-tw")

    assert english.language == "en"
    assert chinese.language == "zh-hant"


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_supplement_notice_lists_every_item(language):
    items = CONTEXTS["supplement_requested"]["items"]

    (message,) = message_enqueue(event="supplement_requested", language=language, dedupe_key="case:1:supplement:1")

    for number, item in enumerate(items, start=1):
        assert f"\n{number}. {item}\n" in message.body
    assert f"\n{len(items) + 1}. " not in message.body


def test_supplement_notice_shows_the_deadline_as_a_date_in_the_language():
    (chinese,) = message_enqueue(event="supplement_requested", language="zh-hant", dedupe_key="s:zh")
    (english,) = message_enqueue(event="supplement_requested", language="en", dedupe_key="s:en")

    assert "請於 2025年4月1日 前補正。" in chinese.body
    assert "Please provide them by April 1, 2025." in english.body


def test_enqueue_creates_an_email_and_an_sms_when_both_are_asked_for():
    email, sms = message_enqueue(phone="+886 912 345 678", sms=True)

    assert (email.channel, email.recipient) == (Channel.EMAIL, "applicant@example.org")
    assert (sms.channel, sms.recipient) == (Channel.SMS, "+886912345678")
    assert sms.subject == ""
    assert sms.body == f"[Immigo] Application {RECEIPT} approved. Details: {STATUS_URL}"


@pytest.mark.parametrize(("phone", "sms"), [("", True), ("+886912345678", False)])
def test_sms_needs_both_the_flag_and_a_phone_number(phone, sms):
    messages = message_enqueue(phone=phone, sms=sms)

    assert [m.channel for m in messages] == [Channel.EMAIL]


def test_enqueue_without_any_recipient_creates_nothing():
    assert message_enqueue(email="", phone="+886912345678", sms=False) == []
    assert not OutboxMessage.objects.exists()


def test_enqueue_twice_with_the_same_key_returns_the_existing_rows(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as first_callbacks:
        first = message_enqueue(phone="+886912345678", sms=True)
    with django_capture_on_commit_callbacks() as second_callbacks:
        second = message_enqueue(phone="+886912345678", sms=True, language="zh-hant")

    assert [m.pk for m in second] == [m.pk for m in first]
    assert [m.language for m in second] == ["en", "en"]
    assert OutboxMessage.objects.count() == 2
    assert len(first_callbacks) == 2
    assert second_callbacks == []


def test_enqueue_with_the_same_key_adds_only_the_missing_channel(django_capture_on_commit_callbacks):
    (email,) = message_enqueue()
    with django_capture_on_commit_callbacks() as callbacks:
        again_email, sms = message_enqueue(phone="+886912345678", sms=True)

    assert again_email.pk == email.pk
    assert sms.channel == Channel.SMS
    assert len(callbacks) == 1


def test_nothing_is_enqueued_when_the_surrounding_transaction_rolls_back(django_capture_on_commit_callbacks):
    class CaseSaveFailed(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(CaseSaveFailed), transaction.atomic():
        message_enqueue(phone="+886912345678", sms=True)
        raise CaseSaveFailed

    assert not OutboxMessage.objects.exists()
    assert callbacks == []
    assert not DBTaskResult.objects.exists()


def test_the_delivery_task_is_queued_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        (message,) = message_enqueue()
        assert not DBTaskResult.objects.exists()

    for callback in callbacks:
        callback()

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "immigo.notifications.tasks.outbox_deliver_task"
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}


def test_the_context_is_stored_with_the_message():
    (message,) = message_enqueue(event="supplement_requested", dedupe_key="case:1:supplement:1")

    message.refresh_from_db()
    assert message.context == CONTEXTS["supplement_requested"]
    assert message.event == "supplement_requested"
    assert message.dedupe_key == "case:1:supplement:1"
    assert message.status == OutboxMessage.Status.PENDING


def test_a_queued_message_is_sent_as_rendered_at_enqueue_time(settings, monkeypatch):
    (message,) = message_enqueue()

    def template_changed(*args, **kwargs):
        raise AssertionError("delivery must not render again")

    monkeypatch.setattr("immigo.notifications.rendering.render_to_string", template_changed)
    outbox_deliver(message_id=message.pk)

    (written,) = (Path(settings.IMMIGO_OUTBOX_DIR) / "email").iterdir()
    assert f"Subject: [Immigo] Application {RECEIPT} approved" in written.read_text()


def test_values_are_written_as_given_not_html_escaped():
    (message,) = message_enqueue(service_name="R&D <work> permit")

    assert "R&D <work> permit" in message.body


def test_unknown_event_is_refused():
    with pytest.raises(NotificationEventUnknownError):
        notification_enqueue(event="case_teleported", language="en", context={}, dedupe_key="k:1", email="a@example.org")
    assert not OutboxMessage.objects.exists()


def test_missing_context_key_is_refused():
    context = dict(CONTEXTS["case_rejected"])
    del context["reason"]

    with pytest.raises(NotificationContextInvalidError) as raised:
        notification_enqueue(event="case_rejected", language="en", context=context, dedupe_key="k:1", email="a@example.org")
    assert raised.value.details["missing"] == ["reason"]


def test_supplement_without_items_is_refused():
    with pytest.raises(NotificationContextInvalidError):
        message_enqueue(event="supplement_requested", items=[])


def test_context_that_is_not_json_safe_is_refused():
    with pytest.raises(NotificationContextInvalidError):
        message_enqueue(event="case_submitted", due_date=datetime.date(2025, 3, 4))


@pytest.mark.parametrize("dedupe_key", ["", "has space", "案件:1", "x" * 201])
def test_dedupe_key_that_cannot_travel_to_a_provider_is_refused(dedupe_key):
    with pytest.raises(NotificationDedupeKeyInvalidError):
        message_enqueue(dedupe_key=dedupe_key)


def test_extra_context_keys_are_kept_but_do_not_change_the_notice():
    (plain,) = message_enqueue(dedupe_key="k:plain")
    (extra,) = message_enqueue(dedupe_key="k:extra", dedupe="17")

    assert extra.context["dedupe"] == "17"
    assert extra.body == plain.body
