"""The `online_catalogue_demo` command loads its cases once; a second run writes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from immigo.accounts.models import Role
from immigo.applications.models import Case, IssuedDocument, Status
from immigo.core.models import Unit
from immigo.core.services import units_load

from . import catalogue_factories as cf
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@time_machine.travel(NOW, tick=False)
def test_demo_loads_every_service_once():
    units_load()
    taipei = Unit.objects.get(code="station-01-taipei")
    hq = Unit.objects.get(code="hq-entry-exit")
    f.staff("counter.taipei@demo.immigo.tw", Role.COUNTER_OFFICER, taipei)
    f.staff("reviewer.taipei@demo.immigo.tw", Role.REVIEWER, taipei)
    f.staff("reviewer.hq@demo.immigo.tw", Role.REVIEWER, hq)
    cf.sponsor_login(cf.sponsor(), email="sponsor@demo.immigo.tw")
    call_command("online_catalogue_demo", stdout=io.StringIO())
    codes = sorted(Case.objects.values_list("service_code", flat=True))
    assert codes == sorted(["A08", "A09", "A09", "A11-RC", "A11-IP", "A11-MM", "A11-EX", "B03", "B07"])
    assert Case.objects.get(service_code="A11-RC").unit.code == "station-17-kaohsiung-first"  # B11: the first station of a city with two
    assert Case.objects.get(service_code="B03").unit == hq  # forwarded
    assert Case.objects.get(service_code="A08").status == Status.ISSUED
    counts = (Case.objects.count(), IssuedDocument.objects.count())
    call_command("online_catalogue_demo", stdout=io.StringIO())
    assert (Case.objects.count(), IssuedDocument.objects.count()) == counts
