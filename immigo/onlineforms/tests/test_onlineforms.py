"""A12: fill a form in online, print it, and file it at the counter from its code without typing
it again; forms expire after 30 days; codes cannot be forged; every staff look is audited."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django import forms
from django.db import IntegrityError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from immigo.applications.catalogue import SERVICES
from immigo.applications.models import Case, Channel, Status
from immigo.core.models import AuditEntry

from .. import codes, services
from ..catalogue import FORM_VALID_DAYS, FORMS
from ..errors import FilledFormAlreadyFiledError, FilledFormExpiredError, FormCodeInvalidError
from ..models import FilledForm, FilledFormEvent
from ..printing import filled_form_pdf, printable_rows
from ..workflow import ALLOWED
from ..workflow import Status as FormStatus
from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Tuesday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_time():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


# --- the declarations -------------------------------------------------------------------------


def test_thirteen_forms_each_the_form_of_a_counter_service():
    assert len(FORMS) == 13
    assert len({s.code for s in FORMS}) == len({s.slug for s in FORMS}) == 13
    for spec in FORMS:
        assert spec.service_code in SERVICES, spec.code
        assert spec.service.offers(Channel.COUNTER), spec.code
        assert spec.form_class is SERVICES[spec.service_code].form_class
    assert sum(spec.named_in_seed for spec in FORMS) == 5


def test_every_form_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(FormStatus)


# --- codes -------------------------------------------------------------------------------------


def test_a_reference_is_80_random_bits_and_its_signed_token_round_trips():
    reference = codes.reference_new()
    assert re.fullmatch(r"[A-Z2-7]{16}", reference)
    assert codes.reference_from_code(codes.token_for(reference)) == reference
    assert codes.reference_from_code(codes.scan_url(reference)) == reference
    assert codes.reference_from_code(codes.reference_display(reference).lower()) == reference


def test_a_forged_or_mistyped_code_is_refused():
    reference = codes.reference_new()
    token = codes.token_for(reference)
    forged = f"{codes.reference_new()}:{token.split(':', 1)[1]}"
    for bad in (forged, token[:-1] + ("A" if token[-1] != "A" else "B"), "ABC", "9" * 16):
        with pytest.raises(FormCodeInvalidError):
            codes.reference_from_code(bad)


# --- filling in and printing ---------------------------------------------------------------------


def test_filling_in_keeps_the_answers_for_thirty_days(client):
    response = client.post(reverse("onlineforms:fill", args=["hk-macao-stay-extension"]), f.hk_extension_answers(TODAY))
    assert response.status_code == 302
    filled = FilledForm.objects.get()
    assert response["Location"] == reverse("onlineforms:filled", args=[codes.token_for(filled.reference)])
    assert filled.expires_at - filled.created_at == dt.timedelta(days=FORM_VALID_DAYS) == dt.timedelta(days=30)
    assert (filled.form_code, filled.service_code, filled.language) == ("OF01", "A12-HK", "en")
    assert filled.data["passport_number"] == "K98765432"
    assert filled.data["family_name"] == "CHAN"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert codes.reference_display(filled.reference) in page.text
    assert "2026-12-24" in page.text


def test_answers_are_checked_field_by_field_and_nothing_is_kept_on_error(client):
    answers = f.hk_extension_answers(TODAY, extend_until=(TODAY + dt.timedelta(days=200)).isoformat(), passport_number="K-1!")
    response = client.post(reverse("onlineforms:fill", args=["hk-macao-stay-extension"]), answers)
    assert response.status_code == 422
    assert "The stay may not exceed 6 months in all from the date of entry." in response.text
    assert 'href="#id_passport_number"' in response.text
    assert not FilledForm.objects.exists()


def test_extension_is_asked_within_fifteen_days_of_the_stay_ending(client):
    answers = f.hk_extension_answers(TODAY, stay_until=(TODAY + dt.timedelta(days=16)).isoformat())
    response = client.post(reverse("onlineforms:fill", args=["hk-macao-stay-extension"]), answers)
    assert response.status_code == 422
    assert "Apply within the 15 days before your stay ends." in response.text
    answers = f.hk_extension_answers(TODAY, stay_until=(TODAY + dt.timedelta(days=15)).isoformat())
    assert client.post(reverse("onlineforms:fill", args=["hk-macao-stay-extension"]), answers).status_code == 302


def test_the_form_page_speaks_the_applicants_language(client):
    text = client.get(reverse("onlineforms:fill", args=["hk-macao-stay-extension"]), headers={"Accept-Language": "zh-hant"}).text
    assert 'lang="zh-Hant' in text or 'lang="zh-hant' in text


class _ProbeForm(forms.Form):
    """Labels and choices from this app's own catalogue, so the test does not depend on others."""

    code = forms.CharField(label=_("Form code"))
    answer = forms.ChoiceField(label=_("Declaration"), choices=[("y", _("Yes")), ("n", _("No"))])
    expired = forms.BooleanField(label=_("Form kept for"), required=False)


def test_printed_rows_carry_traditional_chinese_and_the_applicants_language():
    spec = SimpleNamespace(form_class=_ProbeForm)
    rows = printable_rows(spec, {"code": "OF01", "answer": "y", "expired": False}, "vi")  # type: ignore[arg-type]
    assert [(r["label_zh"], r["label"]) for r in rows] == [
        ("表單代碼", "Mã biểu mẫu"),
        ("申請人聲明", "Cam kết"),
        ("表單保存期間", "Biểu mẫu được lưu trong"),
    ]
    assert [(r["value_zh"], r["value"]) for r in rows] == [("OF01", "OF01"), ("是", "Có"), ("否", "Không")]
    only_chinese = printable_rows(spec, {"code": "OF01"}, "zh-hant")  # type: ignore[arg-type]
    assert "label" not in only_chinese[0]


def test_printed_form_is_a_pdf(client, station):
    filled = f.filled("OF08", f.a11_data(station), language="en")
    pdf = client.get(reverse("onlineforms:filled_pdf", args=[codes.token_for(filled.reference)]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert filled_form_pdf(filled).startswith(b"%PDF")


def test_a_wrong_link_is_not_found(client):
    assert client.get(reverse("onlineforms:filled", args=["ABCDEFGHIJKLMNOP:forged"])).status_code == 404


def test_an_expired_form_is_erased_and_says_so(client):
    filled = f.filled("OF01", f.hk_extension_answers(TODAY))
    with time_machine.travel(NOW + dt.timedelta(days=30), tick=False):
        assert services.filled_forms_expire() == 1
        filled.refresh_from_db()
        assert (filled.status, filled.data) == (FormStatus.EXPIRED, {})
        page = client.get(reverse("onlineforms:filled", args=[codes.token_for(filled.reference)]))
        assert page.status_code == 410
        assert client.get(reverse("onlineforms:filled_pdf", args=[codes.token_for(filled.reference)])).status_code == 404
    assert list(FilledFormEvent.objects.filter(form=filled).values_list("after", flat=True)) == ["ready", "expired"]


def test_a_form_one_minute_before_its_thirtieth_day_is_still_valid():
    filled = f.filled("OF01", f.hk_extension_answers(TODAY))
    with time_machine.travel(NOW + dt.timedelta(days=30) - dt.timedelta(minutes=1), tick=False):
        assert services.filled_forms_expire() == 0
        assert not services.filled_form_is_expired(filled)


def test_the_database_refuses_a_filed_form_without_its_case():
    filled = f.filled("OF01", f.hk_extension_answers(TODAY))
    with pytest.raises(IntegrityError):
        FilledForm.objects.filter(pk=filled.pk).update(status=FormStatus.FILED)


# --- the counter -------------------------------------------------------------------------------


def _scan(client, filled):  # type: ignore[no-untyped-def]
    url = codes.scan_url(filled.reference)
    query = parse_qs(urlsplit(url).query)
    return client.get(reverse("onlineforms:staff_scan"), {"code": query["code"][0]})


def test_scanning_the_code_opens_the_counter_intake_prefilled(client, counter_officer):
    filled = f.filled("OF08", f.a11_data(counter_officer.staff_roles.first().unit))
    client.force_login(counter_officer)
    response = _scan(client, filled)
    assert response.status_code == 302
    assert response["Location"] == reverse("onlineforms:staff_intake", args=[filled.reference])
    page = client.get(response["Location"]).text
    assert 'value="WANG"' in page
    assert 'value="A123456789"' in page
    assert 'value="2024-01-01"' in page
    assert AuditEntry.objects.filter(actor=counter_officer, action="read", object_id=str(filled.pk)).count() == 2


def test_typing_the_printed_reference_works_too(client, counter_officer):
    filled = f.filled("OF01", f.hk_extension_answers(TODAY))
    client.force_login(counter_officer)
    response = client.get(reverse("onlineforms:staff_scan"), {"code": codes.reference_display(filled.reference).lower()})
    assert response.status_code == 302


def test_an_unknown_code_shows_the_error_at_the_field(client, counter_officer):
    client.force_login(counter_officer)
    response = client.get(reverse("onlineforms:staff_scan"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 404
    assert "This is not the code of a form filled in online." in response.text


def test_filing_from_the_form_creates_the_case_once_and_erases_the_answers(client, counter_officer, station):
    filled = f.filled("OF08", f.a11_data(station))
    client.force_login(counter_officer)
    intake = reverse("onlineforms:staff_intake", args=[filled.reference])
    answers = {k: ("on" if v is True else "" if v is False else v) for k, v in f.a11_data(station).items()}
    response = client.post(intake, {**answers, "language": "en", "seen_identity_document": "on"})
    assert response.status_code == 302, response.text[:3000]
    case = Case.objects.get()
    assert (case.service_code, case.channel, case.status) == ("A11", Channel.COUNTER, Status.SUBMITTED)
    filled.refresh_from_db()
    assert (filled.status, filled.case, filled.filed_by, filled.data) == (FormStatus.FILED, case, counter_officer, {})
    assert AuditEntry.objects.filter(actor=counter_officer, action="update", object_id=str(filled.pk)).exists()
    again = client.get(intake)
    assert again.status_code == 302
    assert case.receipt_number in again["Location"]


def test_the_service_refuses_a_second_filing_and_an_expired_form(counter_officer, station):
    from immigo.applications.catalogue import service_get
    from immigo.applications.services import Submission

    service = service_get("A11")
    form = service.form_class(data=f.a11_data(station))
    assert form.is_valid()
    submission = Submission(service=service, data=form.cleaned_data, files={}, channel=Channel.COUNTER, language="en")
    filled = f.filled("OF08", f.a11_data(station))
    services.filled_form_file(form=filled, submission=submission, by=counter_officer, counter_unit=station)
    with pytest.raises(FilledFormAlreadyFiledError):
        services.filled_form_file(form=filled, submission=submission, by=counter_officer, counter_unit=station)
    late = f.filled("OF08", f.a11_data(station))
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False), pytest.raises(FilledFormExpiredError):
        services.filled_form_file(form=late, submission=submission, by=counter_officer, counter_unit=station)
    assert Case.objects.count() == 1


def test_the_public_cannot_open_the_counter_pages(client, public_user):
    filled = f.filled("OF01", f.hk_extension_answers(TODAY))
    client.force_login(public_user)
    assert client.get(reverse("onlineforms:staff_scan")).status_code == 403
    assert client.get(reverse("onlineforms:staff_intake", args=[filled.reference])).status_code == 403


# --- the API -----------------------------------------------------------------------------------


def test_api_lists_the_thirteen_forms_with_their_fields(client):
    body = client.get("/api/v1/forms/").json()
    assert [item["code"] for item in body] == [f"OF{n:02d}" for n in range(1, 14)]
    assert any(field["name"] == "extend_until" and field["type"] == "date" for field in body[0]["fields"])


def test_api_fills_in_a_form_or_names_the_fields_in_error(client):
    response = client.post(
        "/api/v1/forms/hk-macao-stay-extension/filled", {"answers": f.hk_extension_answers(TODAY)}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["form_code"] == "OF01"
    assert client.get(body["pdf_url"]).status_code == 200
    bad = client.post(
        "/api/v1/forms/hk-macao-stay-extension/filled",
        {"answers": f.hk_extension_answers(TODAY, reason="other", reason_detail="")},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert list(bad.json()["details"]["fields"]) == ["reason_detail"]


def test_api_scan_is_for_staff_and_audited(client, counter_officer, public_user):
    filled = f.filled("OF01", f.hk_extension_answers(TODAY))
    url = f"/api/v1/forms/staff/scanned?code={codes.token_for(filled.reference)}"
    client.force_login(public_user)
    assert client.get(url).status_code == 401
    client.force_login(counter_officer)
    body = client.get(url).json()
    assert body["answers"]["extend_until"] == (TODAY + dt.timedelta(days=40)).isoformat()
    assert AuditEntry.objects.filter(actor=counter_officer, object_id=str(filled.pk)).exists()


def test_demo_forms_load_twice_without_duplicates():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("onlineforms_demo", stdout=out)
    call_command("onlineforms_demo", stdout=StringIO())
    assert FilledForm.objects.count() == 3
    assert FilledFormEvent.objects.count() == 3
    assert "DEMO-FORM-AHKE-XTAA" in out.getvalue()


def test_the_nightly_task_expires_forms_nobody_handed_in():
    from ..tasks import filled_forms_expire_task

    f.filled("OF01", f.hk_extension_answers(TODAY))
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        assert filled_forms_expire_task.call() == 1
        assert filled_forms_expire_task.call() == 0
    assert FilledForm.objects.get().status == FormStatus.EXPIRED


def test_a_service_finds_its_online_form():
    from ..catalogue import form_spec_for_service

    assert form_spec_for_service("A11").code == "OF08"  # type: ignore[union-attr]
    assert form_spec_for_service("A01") is None
