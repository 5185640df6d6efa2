"""The audit trail is append-only: the model, the manager and the database refuse changes."""

import pytest
from django.db import DatabaseError, connection, transaction

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.models import AuditEntry


@pytest.fixture
def officer(db):
    return User.objects.create_user("officer@example.test", "pw-123456789", full_name="Officer", kind="staff")


def test_an_entry_records_who_what_why(officer):
    entry = audit_record(actor=officer, action="read", object_type="core.person", object_id=7, person_id=7, purpose="case work")
    entry.refresh_from_db()
    assert entry.actor == officer
    assert entry.purpose == "case work"
    assert entry.object_id == "7"
    assert "officer@example.test" in entry.actor_label


def test_an_entry_without_a_purpose_is_refused(officer):
    with pytest.raises(ValueError):
        audit_record(actor=officer, action="read", object_type="core.person", object_id=1, purpose="")


def test_entries_cannot_be_changed_or_deleted_through_the_orm(officer):
    entry = audit_record(actor=officer, action="read", object_type="x", object_id=1, purpose="p")
    entry.purpose = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_a_raw_update(officer):
    entry = audit_record(actor=officer, action="read", object_type="x", object_id=1, purpose="p")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET purpose = 'rewritten' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.purpose == "p"


def test_the_request_address_is_recorded(officer, rf):
    from immigo.core.middleware import current_request

    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Counter-PC")
    token = current_request.set(request)
    try:
        entry = audit_record(actor=officer, action="read", object_type="x", object_id=1, purpose="p")
    finally:
        current_request.reset(token)
    assert entry.ip_address == "203.0.113.9"
    assert entry.user_agent == "Counter-PC"
