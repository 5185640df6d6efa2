"""`manage.py appointments_demo`: slots for the next three weeks at four stations, a few online
and phone bookings, a school's group session with a list of 50 foreign students (confirmed, with
its officers), a home pickup, and each station's weekly van visits, published. Idempotent: a
second run the same day writes nothing new. Run after demo_data and organisations_demo."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.models import Unit
from immigo.organisations.models import Organisation

from ... import services
from ...models import Appointment, GroupSession, HomePickup, Slot, VanVisit
from ...permissions import crew_candidates
from ...rules import Counter, VanService

STATIONS = ("station-01-taipei", "station-02-new-taipei", "station-11-nantou-county", "station-21-hualien-county")
WEEKS = 3
PUBLIC_EMAIL = "public@demo.immigo.tw"
COUNTER_EMAIL = "counter.taipei@demo.immigo.tw"
SUPERVISOR_EMAIL = "supervisor.taipei@demo.immigo.tw"
SCHOOL_EMAIL = "school@demo.immigo.tw"
GROUP_NOTE = "Start of term: residence certificates of new foreign students."
NATIONALITIES = ("VNM", "IDN", "THA", "MYS", "JPN", "IND", "PHL", "MNG", "KOR", "USA")
CALLERS = (
    ("DEMOPH0001", "Tran Thi Mai", Counter.GENERAL, "vi", 1),
    ("DEMOPH0002", "Somchai Prasert", Counter.PERMANENT_RESIDENCE, "th", 1),
    ("42345673", "示範精密工業股份有限公司", Counter.EMPLOYER, "zh-hant", 8),
)
VAN_PLACES = {
    "station-01-taipei": ("萬華區公所 Wanhua District Office", "臺北市萬華區和平西路三段120號", "Vietnamese, Indonesian"),
    "station-02-new-taipei": ("中和區公所 Zhonghe District Office", "新北市中和區中和路400號", "Vietnamese, Thai"),
    "station-11-nantou-county": ("埔里鎮公所 Puli Township Office", "南投縣埔里鎮中山路二段195號", "Vietnamese"),
    "station-21-hualien-county": ("吉安鄉公所 Ji'an Township Office", "花蓮縣吉安鄉吉安路二段116號", "Indonesian"),
}


class Command(BaseCommand):
    help = "Loads demo slots, bookings, a school group of 50, a home pickup and van schedules (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        stations = list(Unit.objects.filter(code__in=STATIONS, kind=Unit.Kind.SERVICE_STATION))
        if not stations:
            self.stdout.write("No service stations yet: run demo_data first.")
            return
        today = calendar.local_today()
        created = 0
        for station in stations:
            created += services.slot_open_days(station=station, start=today, end=today + dt.timedelta(weeks=WEEKS))
        self.stdout.write(f"slots opened: {created}")
        users = {u.email: u for u in User.objects.filter(email__in=[PUBLIC_EMAIL, COUNTER_EMAIL, SUPERVISOR_EMAIL, SCHOOL_EMAIL])}
        taipei = next((s for s in stations if s.code == STATIONS[0]), None)
        if taipei is None or len(users) < 4:
            self.stdout.write("Demo logins missing: run demo_data and organisations_demo first.")
            return
        with transaction.atomic():
            self._bookings(taipei, users, today)
            self._group(taipei, users, today)
            self._pickup(taipei, users, today)
            for station in stations:
                self._vans(station, users, today)

    def _first_free(self, station: Unit, counter: str, day: dt.date) -> Slot | None:
        slots = Slot.objects.filter(station=station, counter=counter, day__gte=day, start__gte=dt.time(9, 0)).order_by("day", "start")
        return next((s for s in slots.select_related("station")[:50] if s.free > 0), None)

    def _bookings(self, station: Unit, users: dict[str, User], today: dt.date) -> None:
        public, officer = users[PUBLIC_EMAIL], users[COUNTER_EMAIL]
        active = Appointment.Status.BOOKED, Appointment.Status.ARRIVED
        first_day = calendar.add_working_days(today, 2, county_id=station.county_id)
        if not Appointment.objects.filter(account=public, status__in=active).exists():
            slot = self._first_free(station, Counter.GENERAL, first_day)
            if slot is not None:
                holder = services.Holder(full_name="陳小明", identity_number="A123456789", email=public.email, language="zh-hant")
                services.appointment_book(slot=slot, service_code=Counter.GENERAL, holder=holder, by=public)
        for number, name, counter, language, cases in CALLERS:
            if Appointment.objects.filter(holder_key=number, status__in=active).exists():
                continue
            slot = self._first_free(station, counter, first_day)
            if slot is None:
                continue
            holder = services.Holder(full_name=name, identity_number=number, phone="0912345678", notify_by_sms=True, language=language)
            services.appointment_book(
                slot=slot, service_code=counter, holder=holder, by=officer, via=Appointment.Via.PHONE, case_count=cases
            )

    def _group(self, station: Unit, users: dict[str, User], today: dt.date) -> None:
        school_login = users[SCHOOL_EMAIL]
        school = Organisation.objects.filter(memberships__user=school_login, kind=Organisation.Kind.SCHOOL).first()
        if school is None or GroupSession.objects.filter(organisation=school, note=GROUP_NOTE).exists():
            return
        day = calendar.add_working_days(today, 5, county_id=station.county_id)
        session = services.group_session_request(
            organisation=school,
            by=school_login,
            request=services.SessionRequest(
                station=station,
                kind=GroupSession.Kind.AT_STATION,
                day=day,
                start=dt.time(9, 0),
                end=dt.time(12, 0),
                place="",
                contact_name=school_login.full_name,
                contact_phone="02-2771-2171",
                contact_email=school_login.email,
                language="zh-hant",
                note=GROUP_NOTE,
            ),
        )
        lines = ["name,document_number,nationality,date_of_birth,service"]
        for n in range(1, 51):
            nationality = NATIONALITIES[n % len(NATIONALITIES)]
            lines.append(
                f"Student {n:02d},{nationality[0]}{n:08d},{nationality},2005-{(n % 12) + 1:02d}-{(n % 27) + 1:02d},residence_certificate"
            )
        services.group_members_upload(session=session, by=school_login, content=("\n".join(lines) + "\n").encode())
        crew = crew_candidates(station)
        needed = services.staff_needed(session)
        if len(crew) >= needed:
            services.group_session_confirm(session=session, by=users[SUPERVISOR_EMAIL], officers=crew[:needed])

    def _pickup(self, station: Unit, users: dict[str, User], today: dt.date) -> None:
        public = users[PUBLIC_EMAIL]
        if HomePickup.objects.filter(account=public).exists():
            return
        pickup = services.home_pickup_request(
            by=public,
            request=services.PickupRequest(
                station=station,
                full_name="Nguyen Thi Hoa",
                identity_number="FC00000011",
                phone="0912000111",
                email=public.email,
                language="vi",
                address="臺北市萬華區西園路二段1號",
                reason=HomePickup.Reason.AFTER_BIRTH,
                what_for="Residence certificate extension",
                birth_date=today - dt.timedelta(days=20),
            ),
        )
        day = calendar.add_working_days(today, 3, county_id=station.county_id)
        services.home_pickup_schedule(
            pickup=pickup, by=users[SUPERVISOR_EMAIL], day=day, start=dt.time(14, 0), end=dt.time(15, 0), officers=[users[COUNTER_EMAIL]]
        )

    def _vans(self, station: Unit, users: dict[str, User], today: dt.date) -> None:
        place, address, languages = VAN_PLACES[station.code]
        planner = users[SUPERVISOR_EMAIL] if station.code == STATIONS[0] else None
        crew = crew_candidates(station)
        for week in range(1, WEEKS + 2):
            # One outing a week (L04), on the week's Wednesday or the next working day.
            day = today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7 * (week - 1))
            day = calendar.add_working_days(day, 0, county_id=station.county_id)
            if day <= today or VanVisit.objects.filter(station=station, day=day).exists():
                continue
            plan = services.VisitPlan(
                day=day,
                start=dt.time(9, 30),
                end=dt.time(12, 0),
                place=place,
                address=address,
                services=[VanService.CONSULTATION, VanService.CASE_ENQUIRY, VanService.INTAKE, VanService.PERMIT_DELIVERY],
                interpreter_languages=languages,
                county=station.county,
            )
            if planner is not None and crew:
                visit = services.van_visit_plan(station=station, by=planner, plan=plan, officers=crew[:2])
                services.van_visit_publish(visit=visit, by=planner)
            else:  # stations without demo staff: the schedule as their planner would publish it
                VanVisit.objects.create(
                    station=station, day=day, start=plan.start, end=plan.end, place=place, address=address, county=station.county,
                    services=list(plan.services), interpreter_languages=languages, status=VanVisit.Status.PUBLISHED,
                )  # fmt: skip
