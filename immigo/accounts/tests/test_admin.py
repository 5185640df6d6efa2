"""The configuration admin (/config/): accounts and roles, and the core registry's pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.audit import audit_record
from immigo.core.models import AuditEntry, Closure, County, Person

from . import factories as f


@pytest.fixture
def superuser(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_superuser("root@example.test", f.PASSWORD, full_name="Administrator", kind=User.Kind.STAFF)


@pytest.fixture
def admin_client(client, superuser):  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    return client


@pytest.fixture
def person(db) -> Person:  # type: ignore[no-untyped-def]
    return Person.objects.create(
        ui_number="A800000014", family_name="NGUYEN", given_names="VAN AN", date_of_birth=dt.date(1990, 5, 17), nationality="VNM"
    )


def test_every_admin_list_opens(admin_client, person):  # type: ignore[no-untyped-def]
    for model in ("accounts/user", "accounts/staffrole", "core/county", "core/unit", "core/person", "core/closure", "core/auditentry"):
        assert admin_client.get(f"/config/{model}/").status_code == 200, model
    assert admin_client.get("/config/accounts/user/add/").status_code == 200


def test_a_user_added_in_the_admin_has_a_lower_case_unique_e_mail(admin_client):  # type: ignore[no-untyped-def]
    form = {
        "email": "New.Officer@Example.test",
        "full_name": "New Officer",
        "kind": "staff",
        "usable_password": "true",
        "password1": "a-long-enough-secret-2026",
        "password2": "a-long-enough-secret-2026",
    }
    form |= {"staff_roles-TOTAL_FORMS": "0", "staff_roles-INITIAL_FORMS": "0"}
    response = admin_client.post("/config/accounts/user/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert User.objects.filter(email="new.officer@example.test", kind="staff").exists()
    again = admin_client.post("/config/accounts/user/add/", form | {"email": "NEW.officer@example.test"})
    assert again.status_code == 200
    assert User.objects.filter(email__iexact="new.officer@example.test").count() == 1


def test_granting_a_role_is_audited(admin_client, superuser, public_user):  # type: ignore[no-untyped-def]
    unit = f.unit()
    response = admin_client.post(reverse("admin:accounts_staffrole_add"), {"user": public_user.pk, "role": Role.REVIEWER, "unit": unit.pk})
    assert response.status_code == 302
    assert StaffRole.objects.filter(user=public_user, role=Role.REVIEWER, unit=unit).exists()
    entry = AuditEntry.objects.get(purpose__contains="staff role granted")
    assert entry.actor == superuser
    assert entry.details["role"] == Role.REVIEWER


def test_people_are_for_superusers_only_and_read_only(client, admin_client, person):  # type: ignore[no-untyped-def]
    url = reverse("admin:core_person_change", args=[person.pk])
    assert admin_client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="read", object_type="core.person", person_id_ref=person.pk).exists()
    assert admin_client.post(url, {"family_name": "CHANGED"}).status_code == 403
    assert admin_client.get(reverse("admin:core_person_add")).status_code == 403
    person.refresh_from_db()
    assert person.family_name == "NGUYEN"

    officer = f.staff("clerk@example.test", is_staff=True)
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_person", "change_person"]))
    client.force_login(officer)
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:core_person_changelist")).status_code == 403


def test_a_person_search_is_audited(admin_client, person):  # type: ignore[no-untyped-def]
    response = admin_client.get(reverse("admin:core_person_changelist"), {"q": "A800000014"})
    assert response.status_code == 200
    assert person in response.context["cl"].result_list
    assert AuditEntry.objects.filter(action="search", object_type="core.person").exists()


def test_a_closure_records_who_added_it(admin_client, superuser):  # type: ignore[no-untyped-def]
    county = County.objects.create(code="TW-TPE", name_zh="臺北市", name_en="Taipei City")
    response = admin_client.post(reverse("admin:core_closure_add"), {"date": "2026-09-01", "county": county.pk, "reason": "颱風停班"})
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert closure.created_by == superuser
    assert closure.county == county


def test_the_audit_log_can_be_read_but_not_written(admin_client, superuser):  # type: ignore[no-untyped-def]
    entry = audit_record(actor=superuser, action="read", object_type="core.person", object_id=1, purpose="test")
    assert admin_client.get(reverse("admin:core_auditentry_change", args=[entry.pk])).status_code == 200
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert admin_client.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"purpose": "rewritten"}).status_code == 403
    assert admin_client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.purpose == "test"
