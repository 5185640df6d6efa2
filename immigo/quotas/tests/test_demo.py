"""The demo command: quotas for 14 days, groups of both demo agencies, one full day with a
waiting list; a second run writes nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from immigo.quotas.management.commands.quotas_demo import AGENCIES, QUOTA_OFFICER
from immigo.quotas.models import Category, GroupApplication, QuotaChange, QuotaDay

from . import factories as f
from .conftest import TODAY

Status = GroupApplication.Status


def test_the_demo_loads_14_days_and_a_full_day_with_a_waiting_list_once(db):
    f.quota_officer(QUOTA_OFFICER)
    for business_number, email in zip(("12345675", "22345675"), AGENCIES, strict=True):
        f.agency_login(f.agency(business_number, email), email)
    call_command("quotas_demo", stdout=StringIO())
    assert QuotaDay.objects.filter(category=Category.GROUP).count() == 14
    assert QuotaDay.objects.filter(category=Category.INDIVIDUAL, total=500).count() == 14
    full = QuotaDay.objects.get(category=Category.GROUP, total=60)
    assert (full.used, full.waiting) == (60, 2)
    assert GroupApplication.objects.filter(quota_day=full, status=Status.INCOMPLETE).count() == 1
    assert QuotaDay.objects.get(category=Category.GROUP, day=TODAY).total == 4000
    counts = (QuotaDay.objects.count(), QuotaChange.objects.count(), GroupApplication.objects.count())
    call_command("quotas_demo", stdout=StringIO())
    assert (QuotaDay.objects.count(), QuotaChange.objects.count(), GroupApplication.objects.count()) == counts
