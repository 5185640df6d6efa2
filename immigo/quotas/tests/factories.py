"""Plain factories for the quota tests: agencies with logins, quota officers, quota days, groups."""

from __future__ import annotations

import datetime as dt
import itertools

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit
from immigo.organisations.models import Membership, Organisation
from immigo.quotas.models import Category, GroupApplication, Port, QuotaDay
from immigo.quotas.services import TravellerData, group_application_submit

PASSWORD = "pw-for-tests-123"
_numbers = itertools.count(1)


def unit(code: str, kind: Unit.Kind) -> Unit:
    return Unit.objects.get_or_create(code=code, defaults={"kind": kind, "name_zh": code, "name_en": code})[0]


def staff(email: str, role: Role, where: Unit) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0], kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, unit=where)
    return user


def quota_officer(email: str = "quota@immigo.test") -> User:
    return staff(email, Role.QUOTA_OFFICER, unit("hq-entry-exit", Unit.Kind.HEADQUARTERS))


def agency(
    business_number: str = "12345675", name: str = "甲旅行社", *, licence_until: dt.date = dt.date(2028, 12, 31), email: str = ""
) -> Organisation:
    return Organisation.objects.create(
        kind=Organisation.Kind.TRAVEL_AGENCY,
        name=name,
        business_number=business_number,
        licence_number="交觀甲 1",
        licence_valid_until=licence_until,
        email=email or f"office-{business_number}@agency.test",
    )


def agency_login(organisation: Organisation, email: str, role: str = Membership.Role.ADMINISTRATOR) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0], kind=User.Kind.ORGANISATION)
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def quota_day(day: dt.date, total: int, category: str = Category.GROUP, port: str = Port.ANY) -> QuotaDay:
    return QuotaDay.objects.create(category=category, port=port, day=day, total=total)


def travellers(count: int) -> list[TravellerData]:
    out = []
    for i in range(count):
        n = next(_numbers)
        out.append(
            TravellerData(
                name_zh=f"旅客{n}",
                name_roman=f"LU Ke{n}",
                sex="F" if i % 2 else "M",
                date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=n),
                permit_number=f"T{n:08d}",
            )
        )
    return out


def group(
    *, by: User, organisation: Organisation, day: dt.date, size: int = 5, category: str = Category.GROUP, tour_name: str = "環島八日遊"
) -> GroupApplication:
    return group_application_submit(
        by=by, organisation=organisation, category=category, day=day, tour_name=tour_name, travellers=travellers(size)
    )


def csv_text(rows: list[list[str]] | None = None, count: int = 5) -> str:
    header = "name_zh,name_roman,sex,date_of_birth,permit_number"
    if rows is None:
        rows = [[t.name_zh, t.name_roman, t.sex, t.date_of_birth.isoformat(), t.permit_number] for t in travellers(count)]
    return "\n".join([header, *(",".join(r) for r in rows)]) + "\n"
