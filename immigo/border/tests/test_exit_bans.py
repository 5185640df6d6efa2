"""A06: the exit-ban register, the person's own query after a second factor, and the proxy's
query with a signed authorisation that an officer verified. Every query is recorded and audited;
the answer names the authority to contact, never the case."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from immigo.accounts.models import Role
from immigo.border import services
from immigo.border.errors import (
    ExitBanQueryRateLimitedError,
    IdentityNotBoundError,
    ProxyAuthorisationNotUsableError,
    ProxyPrincipalMismatchError,
    ProxyRequestLimitError,
    ProxyRequestOpenError,
    ProxyTransitionNotAllowedError,
    SecondFactorInvalidError,
    SecondFactorRateLimitedError,
)
from immigo.border.models import EmailCode, ExitBan, ExitBanQuery, ProxyAuthorisation
from immigo.border.workflow import ALLOWED
from immigo.core.errors import NotFoundError, PermissionDeniedError
from immigo.core.models import AuditEntry
from immigo.notifications.models import OutboxMessage

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=f.TAIPEI)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def keeper():  # type: ignore[no-untyped-def]
    return f.staff("keeper@t.test", Role.SUPERVISOR, f.hq())


def _register(keeper, person, **kw):
    data = {
        "national_id": person.national_id,
        "authority_kind": ExitBan.Authority.COURT,
        "imposed_by": "臺灣臺北地方法院",
        "contact_authority": "臺灣臺北地方法院 民事執行處",
        "contact_phone": "02-2314-6871",
        "contact_address": "臺北市中正區博愛路131號",
        "legal_basis": "強制執行法第22條",
        "reference": "113年度司執字第12345號",
        "starts_on": dt.date(2026, 10, 1),
        "ends_on": None,
    }
    data.update(kw)
    return services.exit_ban_register(by=keeper, **data)


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(ProxyAuthorisation.Status.values)


def test_only_the_registers_keepers_register_and_lift(keeper):
    person = f.citizen()
    station_reviewer = f.staff("r@t.test", Role.REVIEWER, f.station())
    with pytest.raises(PermissionDeniedError):
        _register(station_reviewer, person)
    ban = _register(keeper, person)
    assert AuditEntry.objects.filter(object_type="border.exitban", object_id=str(ban.pk), action="create").exists()
    with pytest.raises(PermissionDeniedError):
        services.exit_ban_lift(by=station_reviewer, ban_id=ban.pk, reason="paid")
    services.exit_ban_lift(by=keeper, ban_id=ban.pk, reason="tax paid in full")
    ban.refresh_from_db()
    assert ban.lifted_by == keeper and ban.lift_reason == "tax paid in full"


def test_the_database_refuses_a_ban_that_ends_before_it_starts(keeper):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ban(f.citizen(), keeper, starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 30))


def test_self_query_needs_an_account_bound_to_a_national_id():
    with pytest.raises(IdentityNotBoundError):
        services.exit_ban_query_self(user=f.public(), second_factor="email")


def test_self_query_names_the_authority_to_contact_and_nothing_of_the_case(keeper):
    person = f.citizen()
    user = f.public(person=person)
    _register(keeper, person)
    _register(
        keeper,
        person,
        authority_kind=ExitBan.Authority.TAX,
        imposed_by="國稅局",
        contact_authority="財政部臺北國稅局",
        contact_phone="02-2311-3711",
        legal_basis="稅捐稽徵法第24條",
    )
    answer = services.exit_ban_query_self(user=user, second_factor="email")
    assert answer.banned
    assert [c.contact_authority for c in answer.contacts] == ["臺灣臺北地方法院 民事執行處", "財政部臺北國稅局"]
    shown = repr(answer)
    assert "強制執行法" not in shown and "司執字" not in shown and "2026-10-01" not in shown
    query = ExitBanQuery.objects.get()
    assert query.mode == ExitBanQuery.Mode.SELF and query.banned and query.second_factor == "email"
    assert AuditEntry.objects.filter(object_type="border.exitbanquery", person_id_ref=person.pk, action="read").exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "lifted", "banned"),
    [
        (dt.date(2026, 11, 24), None, False, True),  # starts today
        (dt.date(2026, 11, 25), None, False, False),  # starts tomorrow
        (dt.date(2026, 1, 1), dt.date(2026, 11, 24), False, True),  # ends today
        (dt.date(2026, 1, 1), dt.date(2026, 11, 23), False, False),  # ended yesterday
        (dt.date(2026, 1, 1), None, True, False),  # lifted
    ],
)
def test_only_bans_in_force_today_count(keeper, starts_on, ends_on, lifted, banned):
    person = f.citizen()
    ban = _register(keeper, person, starts_on=starts_on, ends_on=ends_on)
    if lifted:
        services.exit_ban_lift(by=keeper, ban_id=ban.pk, reason="lifted by the court")
    assert services.exit_ban_query_self(user=f.public(person=person), second_factor="totp").banned is banned


def test_self_queries_are_limited_to_five_a_day():
    user = f.public(person=f.citizen())
    for _ in range(5):
        services.exit_ban_query_self(user=user, second_factor="email")
    with pytest.raises(ExitBanQueryRateLimitedError):
        services.exit_ban_query_self(user=user, second_factor="email")
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        services.exit_ban_query_self(user=user, second_factor="email")


# --- the second factor ---------------------------------------------------------------------------


def _mailed_code(user) -> str:
    body = OutboxMessage.objects.filter(recipient=user.email, event="exit_ban_code").order_by("-id").first().body
    return re.search(r"(?<!\d)(\d{6})(?!\d)", body).group(1)


def test_an_emailed_code_works_once_within_ten_minutes():
    user = f.public()
    assert services.second_factor_method(user) == "email"
    services.email_code_send(user=user)
    code = _mailed_code(user)
    assert EmailCode.objects.get().code_hash != code  # only a keyed hash is kept
    assert services.second_factor_verify(user=user, code=code) == "email"
    with pytest.raises(SecondFactorInvalidError):
        services.second_factor_verify(user=user, code=code)


def test_an_emailed_code_expires_and_five_wrong_tries_end_it():
    user = f.public()
    services.email_code_send(user=user)
    code = _mailed_code(user)
    with time_machine.travel(NOW + dt.timedelta(minutes=10, seconds=1), tick=False), pytest.raises(SecondFactorInvalidError):
        services.second_factor_verify(user=user, code=code)
    services.email_code_send(user=user)
    code = _mailed_code(user)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(SecondFactorInvalidError):
            services.second_factor_verify(user=user, code=wrong)
    with pytest.raises(SecondFactorInvalidError):
        services.second_factor_verify(user=user, code=code)


def test_a_new_code_cancels_the_previous_one_and_five_an_hour_at_most():
    user = f.public()
    services.email_code_send(user=user)
    first = _mailed_code(user)
    services.email_code_send(user=user)
    if first != _mailed_code(user):
        with pytest.raises(SecondFactorInvalidError):
            services.second_factor_verify(user=user, code=first)
    for _ in range(3):
        services.email_code_send(user=user)
    with pytest.raises(SecondFactorRateLimitedError):
        services.email_code_send(user=user)


def test_an_account_with_an_authenticator_app_uses_it():
    user = f.public()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert services.second_factor_method(user) == "totp"
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert services.second_factor_verify(user=user, code=token) == "totp"
    with pytest.raises(SecondFactorInvalidError):
        services.second_factor_verify(user=user, code="000000" if token != "000000" else "111111")


# --- proxies ---------------------------------------------------------------------------------------


def _proxy_request(proxy, principal, **kw):
    data = {
        "principal_national_id": principal.national_id,
        "principal_date_of_birth": principal.date_of_birth,
        "principal_name": principal.native_name,
        "relationship": "son",
        "letter_signed_on": dt.date(2026, 11, 20),
        "letter": f.pdf("letter.pdf"),
    }
    data.update(kw)
    return services.proxy_authorisation_submit(proxy=proxy, **data)


def test_a_verified_authorisation_gives_the_proxy_the_answer_once(keeper):
    principal = f.citizen()
    _register(keeper, principal)
    proxy = f.public("proxy@example.test")
    officer = f.staff("c@t.test", Role.COUNTER_OFFICER, f.station())
    auth = _proxy_request(proxy, principal)
    assert auth.status == ProxyAuthorisation.Status.PENDING and len(auth.letter_sha256) == 64
    with pytest.raises(ProxyAuthorisationNotUsableError):
        services.proxy_authorisation_answer(proxy=proxy, auth_id=auth.pk, second_factor="email")
    services.proxy_authorisation_verify(by=officer, auth_id=auth.pk)
    answer = services.proxy_authorisation_answer(proxy=proxy, auth_id=auth.pk, second_factor="email")
    assert answer.banned and answer.contacts[0].contact_phone == "02-2314-6871"
    query = ExitBanQuery.objects.get()
    assert query.mode == ExitBanQuery.Mode.PROXY and query.authorisation_id == auth.pk and query.person_id == principal.pk
    with pytest.raises(ProxyAuthorisationNotUsableError):
        services.proxy_authorisation_answer(proxy=proxy, auth_id=auth.pk, second_factor="email")
    assert list(auth.events.values_list("after", flat=True)) == ["pending", "verified", "answered"]


def test_details_that_match_no_one_cannot_be_verified():
    principal = f.citizen()
    proxy = f.public("proxy@example.test")
    officer = f.staff("c@t.test", Role.COUNTER_OFFICER, f.station())
    auth = _proxy_request(proxy, principal, principal_date_of_birth=dt.date(1985, 1, 16))
    with pytest.raises(ProxyPrincipalMismatchError):
        services.proxy_authorisation_verify(by=officer, auth_id=auth.pk)
    services.proxy_authorisation_reject(by=officer, auth_id=auth.pk, note="The date of birth does not match the letter.")
    auth.refresh_from_db()
    assert auth.status == ProxyAuthorisation.Status.REJECTED
    with pytest.raises(ProxyTransitionNotAllowedError):
        services.proxy_authorisation_move(auth, to=ProxyAuthorisation.Status.VERIFIED, by=officer)


def test_a_proxy_cannot_fish(keeper):
    principal = f.citizen()
    proxy = f.public("proxy@example.test")
    _proxy_request(proxy, principal)
    with pytest.raises(ProxyRequestOpenError):
        _proxy_request(proxy, principal)  # one open request per person
    _proxy_request(proxy, f.citizen("B217559343", family_name="LIN", sex="F"))
    _proxy_request(proxy, f.citizen("C148101732", family_name="HUANG"))
    with pytest.raises(ProxyRequestLimitError):
        _proxy_request(proxy, f.citizen("D211804449", family_name="HSU", sex="F"))  # 3 a day
    other = f.public("other@example.test")
    auth = ProxyAuthorisation.objects.first()
    with pytest.raises(NotFoundError):
        services.proxy_authorisation_answer(proxy=other, auth_id=auth.pk, second_factor="email")


def test_an_unread_verified_answer_expires_after_seven_days():
    principal = f.citizen()
    proxy = f.public("proxy@example.test")
    officer = f.staff("c@t.test", Role.COUNTER_OFFICER, f.station())
    auth = _proxy_request(proxy, principal)
    services.proxy_authorisation_verify(by=officer, auth_id=auth.pk)
    auth.refresh_from_db()
    assert auth.answer_until == dt.date(2026, 12, 1)
    with time_machine.travel(NOW + dt.timedelta(days=8), tick=False), pytest.raises(ProxyAuthorisationNotUsableError):
        services.proxy_authorisation_answer(proxy=proxy, auth_id=auth.pk, second_factor="email")
    auth.refresh_from_db()
    assert auth.status == ProxyAuthorisation.Status.EXPIRED


def test_only_case_officers_review_letters():
    auth = _proxy_request(f.public("proxy@example.test"), f.citizen())
    border = f.staff("b@t.test", Role.BORDER_OFFICER, f.border_unit())
    with pytest.raises(PermissionDeniedError):
        services.proxy_authorisation_verify(by=border, auth_id=auth.pk)


def test_the_proxy_is_told_the_decision_and_the_principal_that_the_answer_was_read():
    principal = f.citizen(email="wang@example.test")
    proxy = f.public("proxy@example.test")
    officer = f.staff("c@t.test", Role.COUNTER_OFFICER, f.station())
    auth = _proxy_request(proxy, principal)
    services.proxy_authorisation_verify(by=officer, auth_id=auth.pk)
    reviewed = OutboxMessage.objects.get(event="exit_ban_proxy_reviewed")
    assert reviewed.recipient == "proxy@example.test" and auth.reference in reviewed.body
    assert not OutboxMessage.objects.filter(event="exit_ban_proxy_answered").exists()
    services.proxy_authorisation_answer(proxy=proxy, auth_id=auth.pk, second_factor="email")
    told = OutboxMessage.objects.get(event="exit_ban_proxy_answered")
    assert told.recipient == "wang@example.test" and "Citizen" in told.body


def test_a_refused_proxy_is_told_why():
    proxy = f.public("proxy@example.test")
    officer = f.staff("c@t.test", Role.COUNTER_OFFICER, f.station())
    auth = _proxy_request(proxy, f.citizen())
    services.proxy_authorisation_reject(by=officer, auth_id=auth.pk, note="Unsigned letter")
    assert "Unsigned letter" in OutboxMessage.objects.get(event="exit_ban_proxy_reviewed").body
