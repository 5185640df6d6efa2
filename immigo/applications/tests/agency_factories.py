"""Factories of the travel-agency tests (A13–A15): agencies with a login, mainland travellers'
identity numbers and form data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from immigo.accounts.models import User
from immigo.applications.catalogue.a13_mainland_independent_travel import mainland_id_check_character
from immigo.core.models import County, Unit
from immigo.organisations.models import Membership, Organisation

from . import factories as f


def mainland_id(region: str, born: dt.date, serial: str = "123") -> str:
    """A valid 18-character mainland identity number for a region code and date of birth."""
    first17 = f"{region}{born:%Y%m%d}{serial}"
    return first17 + mainland_id_check_character(first17)


def agency(
    *,
    business_number: str = "12345675",
    name: str = "示範旅行社",
    address: str = "臺北市中正區忠孝西路一段1號",
    licence_valid_until: dt.date = dt.date(2028, 12, 31),
    login: str = "clerk@agency.test",
) -> tuple[Organisation, User]:
    org = Organisation.objects.create(
        kind=Organisation.Kind.TRAVEL_AGENCY,
        name=name,
        business_number=business_number,
        licence_number="交觀甲 1234",
        licence_valid_until=licence_valid_until,
        address=address,
    )
    user = User.objects.create_user(login, "pw-for-tests-123", full_name="Agency Clerk", kind=User.Kind.ORGANISATION)
    Membership.objects.create(organisation=org, user=user)
    return org, user


def kinmen_station() -> Unit:
    county: County = f.county("TW-KIN", "金門縣", "Kinmen County")
    return f.station(code="station-23-kinmen", county_obj=county, name_zh="金門縣服務站")


def traveller(today: dt.date, *, region: str, born: dt.date = dt.date(1990, 4, 12), **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "native_name": "林小芳",
        "family_name": "LIN",
        "given_names": "XIAOFANG",
        "sex": "F",
        "date_of_birth": born.isoformat(),
        "nationality": "CHN",
        "email": "lin@example.test",
        "phone": "+8613800138000",
        "mainland_id": mainland_id(region, born),
        "passport_number": "T12345678",
        "passport_expiry": (today + dt.timedelta(days=2 * 365)).isoformat(),
        "arrival_date": (today + dt.timedelta(days=10)).isoformat(),
        "departure_date": (today + dt.timedelta(days=15)).isoformat(),
        "emergency_contact": "王旅行",
        "emergency_phone": "+886223456789",
    }
    data.update(overrides)
    return data


def a13_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = traveller(today, region="110101")  # Beijing, Dongcheng
    data.update({"household_city": "beijing", "basis": "savings", "lead_traveller_id": "", "itinerary": "臺北3晚、花蓮2晚"})
    data.update(overrides)
    return data


def a14_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = traveller(today, region="310101")  # Shanghai, Huangpu
    data.update(
        {
            "passport_number": "E12345678",
            "passport_expiry": (today + dt.timedelta(days=3 * 365)).isoformat(),
            "country_of_residence": "USA",
            "basis": "resident",
            "residence_document": "IOE0912345678",
            "residence_valid_until": (today + dt.timedelta(days=400)).isoformat(),
            "resident_since": (today - dt.timedelta(days=800)).isoformat(),
            "issuing_mission": "LAX",
            "lead_traveller_id": "",
        }
    )
    data.update(overrides)
    return data


def a15_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = traveller(today, region="350203")  # Fujian, Xiamen Siming
    data.update({"port": "kinmen", "arrival_date": (today + dt.timedelta(days=2)).isoformat()})
    data["departure_date"] = (today + dt.timedelta(days=5)).isoformat()
    data.update(overrides)
    return data
