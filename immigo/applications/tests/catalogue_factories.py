"""Form data and helpers for the A08, A09, A11 (four services), B03, B05, B07, B09 and B11 tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from immigo.accounts.models import User
from immigo.applications import services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel
from immigo.core.models import County, Unit
from immigo.organisations.models import Membership, Organisation

from . import factories as f


def submit(service_code: str, data: dict[str, Any], *, by: User | None, channel: Channel = Channel.ONLINE, **kwargs: Any) -> Case:
    """Validates the data with the service's form and files it; a form error fails loudly."""
    service = service_get(service_code)
    form = service.form_class(data=data)
    assert form.is_valid(), form.errors
    files = kwargs.pop("files", None)
    if files is None:
        files = {doc.code: f.pdf(f"{doc.code}.pdf") for doc in service.required_documents(form.cleaned_data)}
    submission = services.Submission(
        service=service,
        data=form.cleaned_data,
        files=files,
        channel=channel,
        language=kwargs.pop("language", "en"),
        seen_at_counter=kwargs.pop("seen_at_counter", frozenset()),
    )
    return services.application_submit(submission=submission, by=by, **kwargs)


def hq_immigration() -> Unit:
    return Unit.objects.get_or_create(
        code="hq-immigration",
        defaults={
            "kind": Unit.Kind.HEADQUARTERS,
            "name_zh": "移民事務組",
            "name_en": "Immigration Affairs Division",
            "parent": f.hq_unit(),
        },
    )[0]


def second_station() -> Unit:
    """The Kaohsiung station, in another county than the Taipei one."""
    county = f.county("TW-KHH", "高雄市", "Kaohsiung City")
    return f.station("station-22-kaohsiung", county_obj=county, name_zh="高雄市服務站")


def sponsor(*, name: str = "台灣精密機械股份有限公司", business_number: str = "04595252", status: str = "active") -> Organisation:
    return Organisation.objects.create(kind=Organisation.Kind.SPONSOR_COMPANY, name=name, business_number=business_number, status=status)


def sponsor_login(organisation: Organisation, email: str = "travel.desk@sponsor.test") -> User:
    user = User.objects.create_user(email, "pw-for-tests-123", full_name="Travel Desk", kind=User.Kind.ORGANISATION)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMINISTRATOR)
    return user


def a08_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "",
        "family_name": "nguyen",
        "given_names": "van an",
        "sex": "M",
        "date_of_birth": "1990-04-12",
        "nationality": "VNM",
        "email": "an@example.test",
        "phone": "",
        "passport_number": "C1234567",
        "passport_expiry": (today + dt.timedelta(days=700)).isoformat(),
        "qualifying_issuer": "JPN",
        "qualifying_kind": "visa",
        "qualifying_number": "JP998877",
        "qualifying_valid_until": (today + dt.timedelta(days=60)).isoformat(),
        "worked_in_taiwan_as_migrant_worker": False,
        "arrival_date": (today + dt.timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def a09_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "",
        "family_name": "Schmidt",
        "given_names": "Anna",
        "sex": "F",
        "date_of_birth": "1979-08-30",
        "nationality": "DEU",
        "email": "anna.schmidt@example.test",
        "phone": "",
        "passport_number": "C01X00T47",
        "passport_country": "DEU",
        "passport_expiry": (today + dt.timedelta(days=4 * 365)).isoformat(),
        "employer_name": "Schmidt Maschinenbau GmbH",
        "relation": "partner",
        "position": "manager",
        "job_title": "Head of Procurement",
        "purpose": "Quarterly supplier audits and contract negotiations",
    }
    data.update(overrides)
    return data


def residence_certificate_data(county: County, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "",
        "family_name": "SANTOS",
        "given_names": "MARIA",
        "sex": "F",
        "date_of_birth": "1988-02-14",
        "nationality": "PHL",
        "email": "maria@example.test",
        "phone": "",
        "ui_number": "A800000014",
        "resident_certificate_expiry": "2027-06-30",
        "passport_number": "P1234567A",
        "county": str(county.pk),
        "address": "高雄市前金區成功一路436號",
        "period_from": "2024-01-01",
        "period_to": "2026-10-31",
        "purpose": "bank",
        "copies": 2,
        "pickup": "counter",
    }
    data.update(overrides)
    return data


def professional_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "林志明",
        "family_name": "LIN",
        "given_names": "CHIH MING",
        "sex": "M",
        "date_of_birth": "1980-06-01",
        "nationality": "TWN",
        "email": "lin@example.test",
        "phone": "",
        "national_id": "A123456789",
        "training_certificate_number": "MPT-100-0123",
        "training_completed_on": "2026-09-30",
        "exam_passed_on": "2026-10-20",
        "firm_name": "環球移民顧問股份有限公司",
        "postal_address": "臺北市中山區南京東路二段100號",
        "pickup": "post",
    }
    data.update(overrides)
    return data


def matchmaking_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "陳美玲",
        "family_name": "CHEN",
        "given_names": "MEI LING",
        "sex": "F",
        "date_of_birth": "1970-03-03",
        "nationality": "TWN",
        "email": "chen@association.test",
        "phone": "",
        "national_id": "B223456782",
        "organisation_name": "社團法人台灣國際家庭互助協會",
        "entity_kind": "association",
        "registration_number": "台內社字第0990123456號",
        "organisation_address": "臺中市西區民權路200號",
        "countries": "Vietnam, Indonesia",
        "charges_remuneration": False,
        "advertises": False,
        "staff_count": 6,
    }
    data.update(overrides)
    return data


def aprc_exit_data(county: County, today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "",
        "family_name": "TANAKA",
        "given_names": "HIROSHI",
        "sex": "M",
        "date_of_birth": "1975-11-11",
        "nationality": "JPN",
        "email": "tanaka@example.test",
        "phone": "",
        "ui_number": "A800000014",
        "aprc_number": "PR0012345",
        "county": str(county.pk),
        "departure_date": (today + dt.timedelta(days=20)).isoformat(),
        "return_date": (today + dt.timedelta(days=20 + 365)).isoformat(),
        "reason": "medical",
        "reason_details": "Treatment at Osaka University Hospital",
        "address_abroad": "2-15 Yamadaoka, Suita, Osaka",
    }
    data.update(overrides)
    return data


def lost_passport_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "",
        "family_name": "MILLER",
        "given_names": "JAMES",
        "sex": "M",
        "date_of_birth": "1992-07-04",
        "nationality": "USA",
        "email": "james@example.test",
        "phone": "",
        "passport_number": "561234987",
        "passport_country": "USA",
        "passport_expiry": "2030-05-01",
        "lost_on": "2026-11-22",
        "lost_where": "taiwan",
        "circumstances": "Left in a taxi from Taipei Main Station",
        "police_report_number": "",
        "address": "臺北市中正區忠孝西路一段1號 (hostel)",
    }
    data.update(overrides)
    return data


def extension_data(today: dt.date, **overrides: Any) -> dict[str, Any]:
    data = {
        "native_name": "李小紅",
        "family_name": "LI",
        "given_names": "XIAOHONG",
        "sex": "F",
        "date_of_birth": "1991-09-09",
        "nationality": "CHN",
        "email": "li@example.test",
        "phone": "",
        "ui_number": "A900000016",
        "residence_kind": "mainland_spouse_dependent",
        "permit_number": "R10012345",
        "permit_expiry": (today + dt.timedelta(days=20)).isoformat(),
        "requested_until": (today + dt.timedelta(days=20 + 365)).isoformat(),
        "special_reason": "",
        "special_details": "",
        "address": "新北市板橋區中山路一段161號",
        "declared_earlier_visit": False,
        "earlier_receipt_number": "",
        "declaration_signed_by": "",
    }
    data.update(overrides)
    return data
