"""`manage.py organisations_demo`: a travel agency, a school, an employer and a sponsoring company,
each with an administrator login (password: the demo password). Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from immigo.accounts.models import User

from ...models import Membership, Organisation
from ...services import organisation_member_add

DEMO_ORGANISATIONS: tuple[dict[str, Any], ...] = (
    {
        "kind": Organisation.Kind.TRAVEL_AGENCY,
        "name": "示範旅行社股份有限公司",
        "name_en": "Demo Travel Service Co., Ltd.",
        "business_number": "12345675",
        "licence_number": "交觀甲 9999",
        "licence_valid_until": dt.date(2028, 12, 31),
        "login": ("agency@demo.immigo.tw", "王旅行"),
    },
    {
        "kind": Organisation.Kind.TRAVEL_AGENCY,
        "name": "範例國際旅行社",
        "name_en": "Example International Travel",
        "business_number": "22345675",
        "licence_number": "交觀甲 8888",
        "licence_valid_until": dt.date(2028, 6, 30),
        "login": ("agency2@demo.immigo.tw", "趙導遊"),
    },
    {
        "kind": Organisation.Kind.SCHOOL,
        "name": "示範科技大學",
        "name_en": "Demo University of Technology",
        "business_number": "32345678",
        "login": ("school@demo.immigo.tw", "周國際"),
    },
    {
        "kind": Organisation.Kind.EMPLOYER,
        "name": "示範精密工業股份有限公司",
        "name_en": "Demo Precision Industries",
        "business_number": "42345673",
        "login": ("employer@demo.immigo.tw", "孫人資"),
    },
    {
        "kind": Organisation.Kind.SPONSOR_COMPANY,
        "name": "示範半導體股份有限公司",
        "name_en": "Demo Semiconductor Corp.",
        "business_number": "52345676",
        "login": ("sponsor@demo.immigo.tw", "錢商務"),
    },
)


class Command(BaseCommand):
    help = "Loads demo organisations (travel agencies, a school, an employer, a sponsor) with one login each."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        from immigo.core.management.commands.demo_data import DEMO_PASSWORD

        for spec in DEMO_ORGANISATIONS:
            spec = dict(spec)
            email, full_name = spec.pop("login")
            org, _ = Organisation.objects.update_or_create(business_number=spec["business_number"], defaults=spec)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, kind=User.Kind.ORGANISATION)
            if not Membership.objects.filter(organisation=org, user=user).exists():
                organisation_member_add(organisation=org, user=user, role=Membership.Role.ADMINISTRATOR)
            self.stdout.write(f"{org.get_kind_display()}: {org.name} — {email}")
