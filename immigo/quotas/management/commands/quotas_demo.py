"""`manage.py quotas_demo`: the daily quotas of the next 14 days, set by the demo quota officer
(category 1 group tourism 4,000 a day and individual travel 500 a day, the 2011 figures of
service-rules §4), and group applications filed by the two demo travel agencies: a few on
ordinary days, and one day whose (demo-reduced) quota is full, with groups on the waiting list
and one group whose documents are missing (when its deadline passes, the lapse job gives its
places to the list in order). Run `demo_data` and `organisations_demo` first.

Every traveller is fictional. Idempotent: a quota already at its figure is left alone and a group
is identified by its agency, day and tour name; a second run the same day writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import organisation_for_user
from immigo.quotas import services
from immigo.quotas.models import Category, GroupApplication, QuotaDay

QUOTA_OFFICER = "quota.hq@demo.immigo.tw"
AGENCIES = ("agency@demo.immigo.tw", "agency2@demo.immigo.tw")
DAYS = 14
GROUP_QUOTA = 4000  # 2011-01-01 onwards (service-rules §4)
INDIVIDUAL_QUOTA = 500  # pilot cap of individual travel, 2011-06-28 (service-rules §4)
# The day shown full: its group quota is cut to a demo figure so a few groups fill it.
FULL_DAY_OFFSET = 3
FULL_DAY_QUOTA = 60

SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何林高羅"
PINYIN = [
    "WANG",
    "LI",
    "ZHANG",
    "LIU",
    "CHEN",
    "YANG",
    "HUANG",
    "ZHAO",
    "WU",
    "ZHOU",
    "XU",
    "SUN",
    "MA",
    "ZHU",
    "HU",
    "GUO",
    "HE",
    "LIN",
    "GAO",
    "LUO",
]
GIVEN = [
    ("偉", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("靜", "Jing"),
    ("強", "Qiang"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("艷", "Yan"),
    ("勇", "Yong"),
]

# (agency index, day offset, tour name, travellers)
GROUPS: tuple[tuple[int, int, str, int], ...] = (
    (0, 1, "寶島環島八日遊", 32),
    (1, 1, "阿里山日月潭五日遊", 28),
    (0, 2, "花東縱谷六日遊", 25),
    (0, FULL_DAY_OFFSET, "台北故宮文化四日遊", 20),
    (1, FULL_DAY_OFFSET, "墾丁海岸五日遊", 25),
    (0, FULL_DAY_OFFSET, "太魯閣秘境六日遊", 15),  # fills the day
    (1, FULL_DAY_OFFSET, "高雄台南古都五日遊", 12),  # waits
    (0, FULL_DAY_OFFSET, "金門小三通三日遊", 8),  # waits
)
INCOMPLETE_TOUR = "墾丁海岸五日遊"


def _travellers(seed: int, count: int) -> list[services.TravellerData]:
    out = []
    for i in range(count):
        n = seed * 100 + i
        given, given_pinyin = GIVEN[n % len(GIVEN)]
        out.append(
            services.TravellerData(
                name_zh=SURNAMES[n % len(SURNAMES)] + given,
                name_roman=f"{PINYIN[n % len(PINYIN)]} {given_pinyin}",
                sex="F" if n % 2 else "M",
                date_of_birth=dt.date(1955, 1, 1) + dt.timedelta(days=(n * 379) % 18000),
                permit_number=f"T{90000000 + n:08d}",
            )
        )
    return out


class Command(BaseCommand):
    help = "Loads demo quotas for the next 14 days and group applications of the demo travel agencies."

    def handle(self, *args: Any, **options: Any) -> None:
        officer = User.objects.filter(email=QUOTA_OFFICER).first()
        if officer is None:
            raise CommandError(f"{QUOTA_OFFICER} is missing: run `manage.py demo_data` first.")
        if not User.objects.filter(email=AGENCIES[0]).exists():
            call_command("organisations_demo", stdout=self.stdout)
        today = calendar.local_today()
        written = 0
        for offset in range(DAYS):
            day = today + dt.timedelta(days=offset)
            group_total = FULL_DAY_QUOTA if offset == FULL_DAY_OFFSET else GROUP_QUOTA
            reason = (
                "Demo: quota cut to show a full day and its waiting list" if offset == FULL_DAY_OFFSET else "Daily quota since 2011-01-01"
            )
            for category, total, why in (
                (Category.GROUP, group_total, reason),
                (Category.INDIVIDUAL, INDIVIDUAL_QUOTA, "Pilot cap of individual travel"),
            ):
                current = QuotaDay.objects.filter(category=category, day=day).values_list("total", flat=True).first()
                if current != total:
                    services.quota_set(by=officer, category=category, day=day, total=total, reason=why)
                    written += 1
        agents = [User.objects.get(email=email) for email in AGENCIES]
        for seed, (agent_index, offset, tour, size) in enumerate(GROUPS):
            agent = agents[agent_index]
            organisation = organisation_for_user(agent, kinds={Organisation.Kind.TRAVEL_AGENCY})
            if organisation is None:
                raise CommandError(f"{agent.email} acts for no travel agency: run `manage.py organisations_demo` first.")
            day = today + dt.timedelta(days=offset)
            if GroupApplication.objects.filter(organisation=organisation, quota_day__day=day, tour_name=tour).exists():
                continue
            application = services.group_application_submit(
                by=agent, organisation=organisation, category=Category.GROUP, day=day, tour_name=tour, travellers=_travellers(seed, size)
            )
            written += 1
            if tour == INCOMPLETE_TOUR and application.status == GroupApplication.Status.ALLOCATED:
                services.group_review(
                    application_id=application.pk,
                    by=officer,
                    to=GroupApplication.Status.INCOMPLETE,
                    missing_items="旅行社保證金證明 (guarantee of the travel agency)",
                )
        self.stdout.write(f"quotas_demo: {written} new quota settings and groups.")
