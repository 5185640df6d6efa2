from types import SimpleNamespace

import pytest
from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from immigo.accounts.models import Role, User
from immigo.core.models import AuditEntry
from immigo.newsletter import delivery as delivery_module
from immigo.newsletter import services
from immigo.newsletter import tasks as tasks_module
from immigo.newsletter.delivery import batches, deliveries_send, issue_audience_build
from immigo.newsletter.errors import IssueIncompleteError, IssueNotEditableError, IssueTransitionNotAllowedError
from immigo.newsletter.models import Delivery, Issue, IssueEvent, Subscriber
from immigo.newsletter.tasks import deliveries_batch_send, issue_send, newsletter_sweep
from immigo.newsletter.workflow import ISSUE_ACTIONS, ISSUE_ACTORS, ISSUE_ALLOWED, IssueAction

from . import factories as f

pytestmark = pytest.mark.django_db

BILINGUAL = {
    "zh-hant": ("颱風季節", [("颱風停班", "留意停班停課公告。")]),
    "en": ("Typhoon season", [("Office closures", "Follow the news.")]),
}


def _in_review(by: User, **kwargs: object) -> Issue:
    return f.issue(by=by, status=Issue.Status.IN_REVIEW, **kwargs)  # type: ignore[arg-type]


# --- who publishes ---------------------------------------------------------------------------


def test_an_editor_cannot_publish_an_issue_they_wrote_even_as_a_headquarters_supervisor(editor: User):
    both = f.staff("both@immigo.test", (Role.CONTENT_EDITOR, f.hq()), (Role.SUPERVISOR, f.hq()))
    issue = f.issue(by=both)
    services.issue_move(issue=issue, action=IssueAction.SUBMIT, by=both)

    with pytest.raises(IssueTransitionNotAllowedError):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=both)

    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW


def test_a_content_editor_cannot_publish(editor: User):
    other = f.staff("other.editor@immigo.test", (Role.CONTENT_EDITOR, f.hq()))
    issue = _in_review(other)

    with pytest.raises(IssueTransitionNotAllowedError):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=editor)


def test_a_station_supervisor_cannot_publish(editor: User, station_supervisor: User):
    issue = _in_review(editor)

    with pytest.raises(IssueTransitionNotAllowedError):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=station_supervisor)


def test_a_headquarters_administrator_may_publish(editor: User):
    admin = f.staff("admin@immigo.test", (Role.ADMINISTRATOR, f.hq()))
    issue = _in_review(editor)

    services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=admin)

    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED


def test_publishing_records_history_and_an_audit_entry(editor: User, publisher: User):
    issue = f.issue(by=editor)
    services.issue_move(issue=issue, action=IssueAction.SUBMIT, by=editor)

    services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher, note="ok")

    issue.refresh_from_db()
    assert (issue.status, issue.published_by, issue.submitted_by) == (Issue.Status.PUBLISHED, publisher, editor)
    assert issue.published_at is not None
    assert list(IssueEvent.objects.filter(issue=issue).values_list("before", "after", "actor")) == [
        ("draft", "in_review", editor.pk),
        ("in_review", "published", publisher.pk),
    ]
    entry = AuditEntry.objects.filter(object_type="newsletter.issue", object_id=str(issue.pk), action=AuditEntry.Action.TRANSITION).first()
    assert entry is not None and entry.actor == publisher and entry.details["action"] == "publish"


def test_an_issue_without_a_chinese_article_cannot_go_to_review(editor: User):
    issue = f.issue(by=editor, versions={"zh-hant": ("空白", []), "en": ("English only", [("Article", "Text")])})

    with pytest.raises(IssueIncompleteError):
        services.issue_move(issue=issue, action=IssueAction.SUBMIT, by=editor)


def test_a_published_issue_can_no_longer_be_changed(editor: User, publisher: User):
    issue = _in_review(editor)
    services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)
    version = issue.versions.get()

    with pytest.raises(IssueNotEditableError):
        services.article_save(version=version, by=editor, title="Late", body="Too late")
    with pytest.raises(IssueTransitionNotAllowedError):
        services.issue_move(issue=issue, action=IssueAction.RETURN, by=publisher)


def test_a_reviewer_may_return_an_issue_to_draft(editor: User, publisher: User):
    issue = _in_review(editor)

    services.issue_move(issue=issue, action=IssueAction.RETURN, by=publisher, note="fix the title")

    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_every_issue_status_has_a_row_and_every_action_follows_the_table():
    assert set(ISSUE_ALLOWED) == set(Issue.Status)
    assert set(ISSUE_ACTORS) == set(ISSUE_ACTIONS) == set(IssueAction)
    for before, after in ISSUE_ACTIONS.values():
        assert after in ISSUE_ALLOWED[before]


# --- sending ---------------------------------------------------------------------------------


def test_publishing_mails_each_active_subscriber_once_even_when_the_tasks_run_twice(
    editor: User, publisher: User, immediate_tasks, django_capture_on_commit_callbacks
):
    for n in range(3):
        f.subscriber(f"reader{n}@example.test")
    issue = _in_review(editor)

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)
    assert sorted(m.to[0] for m in mail.outbox) == ["reader0@example.test", "reader1@example.test", "reader2@example.test"]

    # The worker runs the publication task and every batch again (a retry after a crash).
    assert issue_send.call(issue.pk) == 0
    deliveries_batch_send.call(list(Delivery.objects.values_list("pk", flat=True)))
    newsletter_sweep.call()

    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(issue=issue).count() == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_an_issue_reaches_only_confirmed_subscribers(editor: User, publisher: User, immediate_tasks, django_capture_on_commit_callbacks):
    f.subscriber("active@example.test")
    f.subscriber("pending@example.test", status=Subscriber.Status.PENDING)
    f.subscriber("gone@example.test", status=Subscriber.Status.UNSUBSCRIBED)
    issue = _in_review(editor)

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)

    assert [m.to for m in mail.outbox] == [["active@example.test"]]


def test_each_subscriber_gets_their_language_or_traditional_chinese(
    editor: User, publisher: User, immediate_tasks, django_capture_on_commit_callbacks
):
    f.subscriber("en@example.test", language="en")
    f.subscriber("vi@example.test", language="vi")
    f.subscriber("zh@example.test", language="zh-hant")
    issue = _in_review(editor, versions=BILINGUAL)

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Typhoon season" in by_address["en@example.test"].subject
    assert by_address["en@example.test"].extra_headers["Content-Language"] == "en"
    for address in ("vi@example.test", "zh@example.test"):
        assert "颱風季節" in by_address[address].subject
        assert "留意停班停課公告" in by_address[address].body
        assert by_address[address].extra_headers["Content-Language"] == "zh-hant"


def test_a_failed_send_is_retried_later_and_not_repeated_once_sent(editor: User, publisher: User, settings):
    f.subscriber()
    issue = _in_review(editor)
    services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)
    (delivery_id,) = issue_audience_build(issue_id=issue.pk)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}

    assert deliveries_send(delivery_ids=[delivery_id]) == {"sent": 0, "failed": 1, "skipped": 0}
    failed = Delivery.objects.get(pk=delivery_id)
    assert (failed.status, failed.attempts) == (Delivery.Status.PENDING, 1)
    assert failed.next_attempt_at > failed.created_at

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=failed.created_at)
    assert deliveries_send(delivery_ids=[delivery_id]) == {"sent": 1, "failed": 0, "skipped": 0}
    assert deliveries_send(delivery_ids=[delivery_id]) == {"sent": 0, "failed": 0, "skipped": 1}
    assert len(mail.outbox) == 1


def test_the_mails_of_an_issue_go_out_in_batches(
    editor: User, publisher: User, immediate_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(delivery_module, "BATCH_SIZE", 2)
    for n in range(5):
        f.subscriber(f"reader{n}@example.test")
    issue = _in_review(editor)
    seen: list[list[int]] = []

    def enqueue(ids: list[int]) -> object:
        seen.append(ids)
        return deliveries_batch_send.enqueue(ids)

    monkeypatch.setattr(tasks_module, "deliveries_batch_send", SimpleNamespace(enqueue=enqueue))

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)

    assert [len(batch) for batch in seen] == [2, 2, 1]
    assert len(mail.outbox) == 5


def test_batches_split_ids_in_order():
    assert list(batches(range(5), size=2)) == [[0, 1], [2, 3], [4]]
    assert list(batches([], size=2)) == []


def test_the_sweep_lists_the_recipients_of_an_issue_whose_task_was_lost(editor: User, publisher: User):
    f.subscriber()
    issue = _in_review(editor)
    services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher)  # no on-commit: the task is "lost"

    assert newsletter_sweep.call() == {"sent": 1, "failed": 0, "skipped": 0, "given_up": 0}
    assert len(mail.outbox) == 1


def test_the_sweep_is_scheduled_every_five_minutes():
    (job,) = [job for job in scheduler.get_jobs() if job.name == newsletter_sweep.name]

    assert isinstance(job.trigger, CronTrigger)
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert fields["minute"] == "*/5"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("smtp down")
