"""`manage.py border_demo` loads its people, bans and cases once; a second run writes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from immigo.accounts.models import Role, User
from immigo.applications.models import Case, Status
from immigo.border.models import ExitBan, ProxyAuthorisation
from immigo.core.models import Person

from . import factories as f

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in {"core", "accounts", "applications", "border"}
    }


def test_border_demo_needs_the_base_demo_data():
    with pytest.raises(CommandError):
        call_command("border_demo", stdout=StringIO())


def test_border_demo_is_idempotent():
    f.station()
    f.staff("supervisor.hq@demo.immigo.tw", Role.SUPERVISOR, f.hq())
    f.public("public@demo.immigo.tw")
    out = StringIO()
    call_command("border_demo", stdout=out)
    assert "A16 case" in out.getvalue()
    first = _counts()
    call_command("border_demo", stdout=(second := StringIO()))
    assert "nothing new" in second.getvalue()
    assert _counts() == first
    citizen = User.objects.get(email="citizen@demo.immigo.tw")
    assert citizen.person.national_id and ExitBan.objects.filter(person=citizen.person).exists()
    assert ProxyAuthorisation.objects.filter(status="pending").count() == 1
    assert Case.objects.get(service_code="N04").status == Status.ISSUED
    assert Person.objects.filter(previous_ui_number__startswith="ZD").exists()
    assert Case.objects.get(service_code="A02").status == Status.SUBMITTED  # the ban sends it to an officer
