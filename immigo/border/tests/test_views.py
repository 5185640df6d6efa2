"""The border pages through the Django test client: the exit-ban query with its second factor,
the proxy's request and the officer's review, the register, the airport approval (F04) and the
reunion-period computation page (A16)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.applications import services as case_services
from immigo.applications.catalogue import service_get
from immigo.applications.models import Case, Channel, Status
from immigo.border.models import ExitBan, ProxyAuthorisation, ReunionComputation
from immigo.core.models import AuditEntry
from immigo.notifications.models import OutboxMessage

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=f.TAIPEI)
HOME = reverse("applications:border:home")
CHECK = reverse("applications:border:check")
SECOND = reverse("applications:border:second_factor")
REGISTRY = reverse("staff:border:registry")
# Session, user, the keeper's role (units and the register's unit), the bans shown with their
# people and units, and the audit entry naming them: the same whatever the number of bans.
REGISTRY_QUERIES = 11


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _pass_second_factor(client, user, next_url):
    client.post(SECOND, {"action": "send", "next": next_url})
    body = OutboxMessage.objects.filter(recipient=user.email, event="exit_ban_code").latest("id").body
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", body).group(1)
    return client.post(SECOND, {"code": code, "next": next_url})


def test_the_entry_page_is_public_and_in_chinese_by_default(client):
    from django.test import Client

    assert "Am I banned from leaving the country?" in client.get(HOME).content.decode()
    response = Client().get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="zh-Hant-TW"' in page and "查詢是否被限制出國" in page


def test_the_query_needs_sign_in_then_a_second_factor(client):
    assert client.get(CHECK)["Location"].startswith(reverse("accounts:login"))
    user = f.public(person=f.citizen())
    client.force_login(user)
    response = client.get(CHECK)
    assert response.status_code == 302 and response["Location"].startswith(SECOND)


def test_the_person_checks_after_an_emailed_code_and_sees_only_whom_to_contact(client):
    keeper = f.staff("keeper@t.test", Role.SUPERVISOR, f.hq())
    person = f.citizen()
    f.ban(person, keeper)
    user = f.public(person=person)
    client.force_login(user)
    response = _pass_second_factor(client, user, CHECK)
    assert response.status_code == 302 and response["Location"] == CHECK
    assert client.get(CHECK).status_code == 200
    answer = client.post(CHECK)
    page = answer.content.decode()
    assert answer.status_code == 200 and "財政部臺北國稅局 法務科" in page and "02-2311-3711" in page
    assert "稅捐稽徵法" not in page and "1130000001" not in page  # no legal basis, no case reference
    assert answer["Cache-Control"].startswith("max-age=0") or "no-cache" in answer["Cache-Control"]


def test_a_wrong_code_is_refused_on_the_field(client):
    user = f.public(person=f.citizen())
    client.force_login(user)
    client.post(SECOND, {"action": "send", "next": CHECK})
    response = client.post(SECOND, {"code": "12345", "next": CHECK})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.content.decode()


def test_an_unbound_account_is_told_how_to_link_it(client):
    user = f.public()
    client.force_login(user)
    _pass_second_factor(client, user, CHECK)
    response = client.post(CHECK)
    assert response.status_code == 403 and "service station" in response.content.decode()


def test_proxy_request_review_and_answer(client):
    keeper = f.staff("keeper@t.test", Role.SUPERVISOR, f.hq())
    principal = f.citizen()
    f.ban(principal, keeper)
    proxy = f.public("proxy@example.test")
    client.force_login(proxy)
    new = reverse("applications:border:proxy_new")
    _pass_second_factor(client, proxy, new)
    response = client.post(
        new,
        {
            "principal_name": "王小明",
            "principal_national_id": "A123456789",
            "principal_date_of_birth": "1985-01-15",
            "relationship": "son",
            "letter_signed_on": "2026-11-20",
            "letter": f.pdf("letter.pdf"),
        },
    )
    auth = ProxyAuthorisation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("applications:border:proxy_detail", args=[auth.reference])
    assert "Read the answer" not in client.get(response["Location"]).content.decode()

    officer = f.staff("c@t.test", Role.COUNTER_OFFICER, f.station())
    client.force_login(officer)
    assert auth.reference in client.get(reverse("staff:border:proxy_queue")).content.decode()
    review = reverse("staff:border:proxy_review", args=[auth.pk])
    assert client.get(review).status_code == 200
    assert client.get(reverse("staff:border:proxy_letter", args=[auth.pk])).status_code == 200
    assert client.post(review, {"decision": "verify", "note": ""}).status_code == 302
    assert AuditEntry.objects.filter(object_type="border.proxyauthorisation", purpose="A06 proxy letter opened").exists()

    client.force_login(proxy)
    _pass_second_factor(client, proxy, reverse("applications:border:proxy_detail", args=[auth.reference]))
    answer = client.post(reverse("applications:border:proxy_answer", args=[auth.reference]))
    assert answer.status_code == 200 and "法務科" in answer.content.decode()
    again = client.post(reverse("applications:border:proxy_answer", args=[auth.reference]))
    assert again.status_code == 302  # read once


def test_a_proxy_cannot_open_someone_elses_request(client):
    proxy = f.public("proxy@example.test")
    auth = ProxyAuthorisation.objects.create(
        reference="PXAAAAAAAAAA",
        proxy=proxy,
        principal_national_id="A123456789",
        principal_date_of_birth=dt.date(1985, 1, 15),
        principal_name="X",
        relationship="son",
        letter_signed_on=dt.date(2026, 11, 1),
        letter="x.pdf",
        letter_sha256="0" * 64,
        letter_content_type="application/pdf",
    )
    client.force_login(f.public("other@example.test"))
    assert client.get(reverse("applications:border:proxy_detail", args=[auth.reference])).status_code == 404


def test_registry_page_for_keepers_only_with_pinned_queries(client, django_assert_num_queries):
    keeper = f.staff("keeper@t.test", Role.SUPERVISOR, f.hq())
    client.force_login(f.staff("r@t.test", Role.REVIEWER, f.station()))
    assert client.get(REGISTRY).status_code == 403
    client.force_login(keeper)
    for count, (i, national_id) in enumerate(enumerate(("A123456789", "B217559343", "C148101732")), start=1):
        f.ban(f.citizen(national_id, family_name=f"P{i}", sex="M" if national_id[1] == "1" else "F"), keeper)
        with django_assert_num_queries(REGISTRY_QUERIES):
            response = client.get(REGISTRY)
        assert response.status_code == 200 and response.content.decode().count('id="lift-reason-') == count


def test_registry_registers_and_lifts(client):
    keeper = f.staff("keeper@t.test", Role.SUPERVISOR, f.hq())
    f.citizen()
    client.force_login(keeper)
    data = {
        "national_id": "A123456789",
        "authority_kind": "customs",
        "imposed_by": "財政部關務署",
        "contact_authority": "臺北關",
        "contact_phone": "02-2550-5500",
        "contact_address": "",
        "legal_basis": "海關緝私條例第49條之1",
        "reference": "",
        "starts_on": "2026-11-01",
        "ends_on": "2026-10-01",
    }
    response = client.post(REGISTRY, data)
    assert response.status_code == 422 and ExitBan.objects.count() == 0  # ends before it starts
    assert client.post(REGISTRY, {**data, "ends_on": ""}).status_code == 302
    ban = ExitBan.objects.get()
    assert client.post(reverse("staff:border:registry_lift", args=[ban.pk]), {"reason": "duty paid"}).status_code == 302
    ban.refresh_from_db()
    assert ban.lifted_at is not None


@time_machine.travel(dt.datetime(2027, 1, 20, 9, 0, tzinfo=f.TAIPEI), tick=False)
def test_airport_officer_grants_and_prints(client):
    unit = f.border_unit()
    officer = f.staff("border@t.test", Role.BORDER_OFFICER, unit)
    client.force_login(officer)
    page = reverse("staff:border:airport_exit")
    assert client.get(page).status_code == 200
    data = f.conscript_data(
        date_of_birth="2008-06-01",
        departure_date="2027-01-20",
        flight="BR 198",
        return_date="2027-03-01",
        return_ticket_number="6952401234567",
        undertaking_signed="on",
        notify_by_sms="",
        unit=str(unit.pk),
    )
    missing = client.post(page, data)
    assert missing.status_code == 422 and Case.objects.count() == 0  # no scan of the undertaking
    response = client.post(page, {**data, "undertaking": f.pdf("undertaking.pdf")})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("staff:border:airport_case", args=[case.receipt_number])
    assert case.status == Status.ISSUED
    assert client.get(response["Location"]).status_code == 200
    pdf = client.get(reverse("staff:border:airport_approval_pdf", args=[case.receipt_number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.force_login(f.staff("c@t.test", Role.COUNTER_OFFICER, f.station()))
    assert client.get(page).status_code == 403


def test_reunion_page_previews_and_saves_the_computation(client):
    county = f.county()
    station = f.station()
    reviewer = f.staff("r@t.test", Role.REVIEWER, station)
    service = service_get("A16")
    form = service.form_class(
        data={
            "family_name": "ZHANG",
            "given_names": "LI",
            "sex": "F",
            "date_of_birth": "1982-08-08",
            "nationality": "CHN",
            "email": "zhang@example.test",
            "ui_number": "X997694995",
            "spouse_name": "陳志明",
            "spouse_national_id": "A123456789",
            "marriage_registered_on": "2015-05-01",
            "dependent_from": "2016-01-01",
            "county": str(county.pk),
        }
    )
    assert form.is_valid(), form.errors
    case = case_services.application_submit(
        submission=case_services.Submission(service=service, data=form.cleaned_data, files={}, channel=Channel.ONLINE, language="en"),
        by=f.public(),
    )
    f.crossing(case.applicant, dt.date(2015, 12, 1), "entry")
    client.force_login(reviewer)
    url = reverse("staff:border:reunion_compute", args=[case.receipt_number])
    case_page = client.get(reverse("staff:case", args=[case.receipt_number]), {"purpose": "case work"}).content.decode()
    assert url in case_page  # the case page leads the officer to the computation
    page = client.get(url, {"dependent_from": "2016-01-01", "as_of": "2026-11-24"})
    assert page.status_code == 200 and "366" in page.content.decode()  # 2016 was a leap year, all in Taiwan
    saved = client.post(url, {"dependent_from": "2016-01-01", "as_of": "2026-11-24"})
    assert saved.status_code == 302
    assert ReunionComputation.objects.get(case=case).result["dependent_years"] == 4
    client.force_login(f.staff("b@t.test", Role.BORDER_OFFICER, f.border_unit()))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "slug",
    [
        "conscript-student-exit",
        "overseas-chinese-conscript-exit",
        "conscript-study-abroad-exit",
        "ui-number",
        "ui-number-conversion",
        "reunion-period",
    ],
)
def test_online_services_have_their_application_form(client, slug):
    f.county()
    client.force_login(f.public())
    response = client.get(reverse("applications:apply", args=[slug]))
    assert response.status_code == 200 and 'name="date_of_birth"' in response.content.decode()


def test_the_airport_approval_is_not_offered_online(client):
    client.force_login(f.public())
    assert client.get(reverse("applications:apply", args=["conscript-airport-exit"])).status_code == 404


def test_the_catalogue_lists_the_new_services(client):
    page = client.get(reverse("applications:service_list")).content.decode()
    for name in (
        "Exit approval for conscript-age students with deferment",
        "Re-encoding an old-format unified ID number",
        "Reunion-period computation for mainland spouses",
    ):
        assert name in page


def test_the_check_program_is_in_the_api_description(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/identifiers/check" in schema["paths"]


def test_a_counter_officer_links_an_account_after_checking_the_id_card(client):
    person = f.citizen()
    user = f.public()
    client.force_login(f.staff("c@t.test", Role.COUNTER_OFFICER, f.station()))
    url = reverse("staff:border:account_bind")
    data = {"email": user.email, "national_id": "A123456789", "date_of_birth": "1985-01-16", "card_seen": "on"}
    assert client.post(url, data).status_code == 422  # wrong date of birth
    assert client.post(url, {**data, "date_of_birth": "1985-01-15"}).status_code == 302
    user.refresh_from_db()
    assert user.person == person
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk), person_id_ref=person.pk).exists()
    client.force_login(f.staff("b@t.test", Role.BORDER_OFFICER, f.border_unit()))
    assert client.get(url).status_code == 403


def test_a_student_applies_online_and_prints_the_signed_approval(client):
    f.hq()
    user = f.public()
    client.force_login(user)
    data = f.conscript_data(
        school_name="國立臺灣大學",
        deferment_until="2027-06-30",
        departure_date="2026-12-10",
        return_date="2027-03-10",
        purpose="family visit",
    )
    response = client.post(reverse("applications:apply", args=["conscript-student-exit"]), data)
    case = Case.objects.get()
    assert response.status_code == 302 and case.status == Status.ISSUED
    pdf = client.get(reverse("applications:case_document", args=[case.receipt_number]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_generic_counter_intake_leaves_the_airport_approval_to_its_own_page(client):
    client.force_login(f.staff("c@t.test", Role.COUNTER_OFFICER, f.station()))
    page = client.get(reverse("staff:intake")).content.decode()
    assert "conscript-airport-exit" not in page and "conscript-student-exit" in page
