"""Border services: the exit-ban register and its queries (A06), proxies' authorisations, the
public second factor, the airport approval for conscripts (F04) and the officer's reunion-period
computation (A16). Every write runs in a transaction and is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.calendar import local_today
from immigo.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from immigo.core.models import Person, Unit

from . import permissions, reunion
from .errors import (
    AirportApprovalUnitError,
    ExitBanLiftedError,
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
from .models import EmailCode, ExitBan, ExitBanQuery, ProxyAuthorisation, ProxyAuthorisationEvent, ReunionComputation
from .selectors import crossing_last_before, crossing_list_for_person, exit_ban_list_in_force
from .workflow import ALLOWED

if TYPE_CHECKING:
    from immigo.applications.models import Case

EMAIL_CODE_PURPOSE = "exit_ban_query"
EMAIL_CODE_MINUTES = 10
EMAIL_CODE_ATTEMPTS = 5
EMAIL_CODES_PER_HOUR = 5
QUERIES_PER_DAY = 5  # per account, the person's own queries
PROXY_REQUESTS_PER_DAY = 3  # per proxy account
PROXY_ANSWER_DAYS = 7  # a verified authorisation can be used within 7 days


# --- the second factor for members of the public ------------------------------------------------


def second_factor_method(user: User) -> str:
    """ "totp" when the account has a confirmed authenticator app, otherwise "email"."""
    return "totp" if TOTPDevice.objects.filter(user=user, confirmed=True).exists() else "email"


def _code_hash(*, user: User, purpose: str, code: str) -> str:
    message = f"{user.pk}|{purpose}|{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def email_code_send(*, user: User, purpose: str = EMAIL_CODE_PURPOSE) -> EmailCode:
    """E-mails a 6-digit code valid 10 minutes; earlier unused codes stop working. At most 5
    codes an hour per account (SecondFactorRateLimitedError). Only a keyed hash is stored."""
    from immigo.notifications.services import notification_enqueue

    now = timezone.now()
    recent = EmailCode.objects.filter(user=user, purpose=purpose, created_at__gte=now - dt.timedelta(hours=1)).count()
    if recent >= EMAIL_CODES_PER_HOUR:
        raise SecondFactorRateLimitedError()
    EmailCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    record = EmailCode.objects.create(
        user=user,
        purpose=purpose,
        code_hash=_code_hash(user=user, purpose=purpose, code=code),
        expires_at=now + dt.timedelta(minutes=EMAIL_CODE_MINUTES),
    )
    notification_enqueue(
        event="exit_ban_code",
        language=user.preferred_language,
        context={"code": code, "minutes": EMAIL_CODE_MINUTES},
        dedupe_key=f"border:code:{record.pk}",
        email=user.email,
    )
    return record


def second_factor_verify(*, user: User, code: str, purpose: str = EMAIL_CODE_PURPOSE) -> str:
    """The method that proved the code ("totp" or "email"); SecondFactorInvalidError otherwise.
    An e-mailed code works once, within 10 minutes, and 5 wrong tries end it."""
    code = "".join((code or "").split())
    if not code.isdigit() or len(code) != 6:
        raise SecondFactorInvalidError()
    if second_factor_method(user) == "totp":
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return "totp"
        raise SecondFactorInvalidError()
    with transaction.atomic():
        record = EmailCode.objects.select_for_update().filter(user=user, purpose=purpose, used_at__isnull=True).first()
        if record is None or record.expires_at < timezone.now() or record.attempts >= EMAIL_CODE_ATTEMPTS:
            raise SecondFactorInvalidError()
        if not hmac.compare_digest(record.code_hash, _code_hash(user=user, purpose=purpose, code=code)):
            record.attempts += 1
            record.save(update_fields=["attempts"])
        else:
            record.used_at = timezone.now()
            record.save(update_fields=["used_at"])
            return "email"
    raise SecondFactorInvalidError()


# --- the exit-ban register ------------------------------------------------------------------------


@dataclass(frozen=True)
class BanContact:
    authority_kind: str
    authority_kind_label: str
    contact_authority: str
    contact_phone: str
    contact_address: str


@dataclass(frozen=True)
class ExitBanAnswer:
    """What the person (or their proxy) is told: whether a ban is in force and whom to contact.
    Never the legal basis, the authority's reference or the dates."""

    banned: bool
    contacts: list[BanContact]
    on: dt.date


def _answer(person: Person, on: dt.date) -> ExitBanAnswer:
    contacts: list[BanContact] = []
    seen: set[tuple[str, str]] = set()
    for ban in exit_ban_list_in_force(person_id=person.pk, on=on):
        key = (ban.contact_authority, ban.contact_phone)
        if key in seen:
            continue
        seen.add(key)
        contacts.append(
            BanContact(
                authority_kind=ban.authority_kind,
                authority_kind_label=str(ban.get_authority_kind_display()),
                contact_authority=ban.contact_authority,
                contact_phone=ban.contact_phone,
                contact_address=ban.contact_address,
            )
        )
    return ExitBanAnswer(banned=bool(contacts), contacts=contacts, on=on)


def _person_by_national_id(national_id: str) -> Person:
    person = Person.objects.filter(national_id=national_id).first()
    if person is None:
        raise InvalidInputError(details={"fields": {"national_id": [str(_("No one with this national ID number is in the register."))]}})
    return person


@transaction.atomic
def exit_ban_register(
    *,
    by: User,
    national_id: str,
    authority_kind: str,
    imposed_by: str,
    contact_authority: str,
    contact_phone: str,
    contact_address: str,
    legal_basis: str,
    reference: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
) -> ExitBan:
    """Records a ban another authority notified. Only the register's keepers (headquarters)."""
    if not permissions.may_keep_register(by):
        raise PermissionDeniedError()
    if authority_kind not in ExitBan.Authority.values:
        raise InvalidInputError(details={"fields": {"authority_kind": [str(_("Choose the kind of authority."))]}})
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInputError(details={"fields": {"ends_on": [str(_("The end cannot be before the start."))]}})
    person = _person_by_national_id(national_id)
    unit = Unit.objects.get(code=permissions.REGISTRY_UNIT)
    ban = ExitBan.objects.create(
        person=person,
        authority_kind=authority_kind,
        imposed_by=imposed_by,
        contact_authority=contact_authority,
        contact_phone=contact_phone,
        contact_address=contact_address,
        legal_basis=legal_basis,
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
        unit=unit,
        created_by=by,
    )
    audit_record(actor=by, action="create", obj=ban, person_id=person.pk, purpose="exit ban registered", unit_code=unit.code)
    return ban


@transaction.atomic
def exit_ban_lift(*, by: User, ban_id: int, reason: str) -> ExitBan:
    if not permissions.may_keep_register(by):
        raise PermissionDeniedError()
    if not reason.strip():
        raise InvalidInputError(details={"fields": {"reason": [str(_("Give the reason for lifting the ban."))]}})
    ban = ExitBan.objects.select_for_update().filter(pk=ban_id).first()
    if ban is None:
        raise NotFoundError()
    if ban.lifted_at is not None:
        raise ExitBanLiftedError()
    ban.lifted_at = timezone.now()
    ban.lifted_by = by
    ban.lift_reason = reason.strip()[:200]
    ban.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=by,
        action="update",
        obj=ban,
        person_id=ban.person_id,
        purpose=f"exit ban lifted: {ban.lift_reason}",
        unit_code=permissions.REGISTRY_UNIT,
    )
    return ban


def _start_of_today() -> dt.datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def exit_ban_query_self(*, user: User, second_factor: str) -> ExitBanAnswer:
    """A citizen asks about themselves. Guarantees: the account must be bound to a person with a
    national ID (IdentityNotBoundError) and have passed a second factor (the caller's proof,
    recorded); at most 5 queries a day; every query leaves an ExitBanQuery and an audit entry."""
    if user.kind != User.Kind.PUBLIC:
        raise PermissionDeniedError()
    person = Person.objects.filter(pk=user.person_id, national_id__isnull=False).first() if user.person_id else None
    if person is None:
        raise IdentityNotBoundError()
    if ExitBanQuery.objects.filter(asked_by=user, at__gte=_start_of_today()).count() >= QUERIES_PER_DAY:
        raise ExitBanQueryRateLimitedError()
    answer = _answer(person, local_today())
    query = ExitBanQuery.objects.create(
        asked_by=user, person=person, mode=ExitBanQuery.Mode.SELF, second_factor=second_factor, banned=answer.banned
    )
    audit_record(
        actor=user,
        action="read",
        obj=query,
        person_id=person.pk,
        purpose="A06 exit-ban query by the person",
        details={"second_factor": second_factor, "banned": answer.banned},
    )
    return answer


@transaction.atomic
def account_identity_bind(*, by: User, email: str, national_id: str, date_of_birth: dt.date) -> User:
    """A counter officer links a member of the public's account to their national ID number after
    checking the ID card in person (the online query then answers for that person). Guarantees:
    only case officers; the person must be in the register with that date of birth; an account
    bound to someone else is not rebound; the binding is audited."""
    if not permissions.may_review_proxies(by):
        raise PermissionDeniedError()
    account = User.objects.select_for_update().filter(email__iexact=email.strip(), kind=User.Kind.PUBLIC).first()
    if account is None:
        raise InvalidInputError(details={"fields": {"email": [str(_("No public account uses this e-mail address."))]}})
    person = Person.objects.filter(national_id=national_id, date_of_birth=date_of_birth).first()
    if person is None:
        raise InvalidInputError(
            details={"fields": {"national_id": [str(_("No one with this national ID number and date of birth is in the register."))]}}
        )
    if account.person_id is not None and account.person_id != person.pk:
        raise InvalidInputError(details={"fields": {"email": [str(_("This account is already linked to another person."))]}})
    User.objects.filter(pk=account.pk).update(person=person)
    account.person = person
    audit_record(
        actor=by,
        action="update",
        object_type="accounts.user",
        object_id=account.pk,
        person_id=person.pk,
        purpose="account linked to the national ID after an ID card check at the counter",
    )
    return account


# --- proxies ----------------------------------------------------------------------------------------


def proxy_authorisation_move(auth: ProxyAuthorisation, *, to: str, by: User | None, note: str = "") -> ProxyAuthorisation:
    """The one place that writes an authorisation's status: checks the table, records the event."""
    before = auth.status
    if to not in ALLOWED[before]:
        raise ProxyTransitionNotAllowedError(details={"status": before, "requested": to})
    auth.status = to
    auth.save(update_fields=["status"])
    ProxyAuthorisationEvent.objects.create(authorisation=auth, actor=by, before=before, after=to, note=note[:300])
    return auth


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "PX" + "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def proxy_authorisation_submit(
    *,
    proxy: User,
    principal_national_id: str,
    principal_date_of_birth: dt.date,
    principal_name: str,
    relationship: str,
    letter_signed_on: dt.date,
    letter: UploadedFile,
) -> ProxyAuthorisation:
    """A proxy files the principal's signed letter. Guarantees: nothing about the principal is
    revealed at this step (the same answer whether or not the details match anyone); at most 3
    requests a day per proxy and one open request per principal; the letter is stored with its
    SHA-256; the request is audited."""
    from immigo.applications.services.uploads import ALLOWED_UPLOAD_TYPES, upload_check

    if proxy.kind != User.Kind.PUBLIC:
        raise PermissionDeniedError()
    if ProxyAuthorisation.objects.filter(proxy=proxy, submitted_at__gte=_start_of_today()).count() >= PROXY_REQUESTS_PER_DAY:
        raise ProxyRequestLimitError()
    if proxy.person_id and Person.objects.filter(pk=proxy.person_id, national_id=principal_national_id).exists():
        raise InvalidInputError(details={"fields": {"principal_national_id": [str(_("To ask about yourself, use your own query."))]}})
    upload_check("letter", letter)
    digest = hashlib.sha256()
    for chunk in letter.chunks():
        digest.update(chunk)
    letter.seek(0)
    head = letter.read(8)
    letter.seek(0)
    content_type = next(t for t, magic in ALLOWED_UPLOAD_TYPES.items() if head.startswith(magic))
    auth = ProxyAuthorisation(
        reference=_reference(),
        proxy=proxy,
        principal_national_id=principal_national_id,
        principal_date_of_birth=principal_date_of_birth,
        principal_name=principal_name.strip(),
        relationship=relationship.strip(),
        letter_signed_on=letter_signed_on,
        letter_sha256=digest.hexdigest(),
        letter_content_type=content_type,
    )
    auth.letter.save(f"{auth.reference}", letter, save=False)
    try:
        with transaction.atomic():
            auth.save()
    except IntegrityError:
        raise ProxyRequestOpenError() from None
    ProxyAuthorisationEvent.objects.create(authorisation=auth, actor=proxy, before="", after=auth.status)
    audit_record(
        actor=proxy,
        action="create",
        obj=auth,
        purpose="A06 proxy query: signed authorisation filed",
        details={"letter_sha256": auth.letter_sha256},
    )
    return auth


def _locked_auth(auth_id: int) -> ProxyAuthorisation:
    auth = ProxyAuthorisation.objects.select_for_update().filter(pk=auth_id).first()
    if auth is None:
        raise NotFoundError()
    return auth


@transaction.atomic
def proxy_authorisation_verify(*, by: User, auth_id: int, note: str = "") -> ProxyAuthorisation:
    """An officer has checked the signed letter. Guarantees: the principal's ID number and date of
    birth match one person in the register (ProxyPrincipalMismatchError otherwise: refuse it); the
    proxy may then read the answer once within 7 days."""
    if not permissions.may_review_proxies(by):
        raise PermissionDeniedError()
    auth = _locked_auth(auth_id)
    person = Person.objects.filter(national_id=auth.principal_national_id, date_of_birth=auth.principal_date_of_birth).first()
    if person is None:
        raise ProxyPrincipalMismatchError()
    auth.person = person
    auth.reviewed_by = by
    auth.reviewed_at = timezone.now()
    auth.review_note = note[:300]
    auth.answer_until = local_today() + dt.timedelta(days=PROXY_ANSWER_DAYS)
    auth.save(update_fields=["person", "reviewed_by", "reviewed_at", "review_note", "answer_until"])
    proxy_authorisation_move(auth, to=ProxyAuthorisation.Status.VERIFIED, by=by, note=note)
    audit_record(actor=by, action="update", obj=auth, person_id=person.pk, purpose="A06 proxy authorisation verified")
    _proxy_notice(auth, verified=True)
    return auth


@transaction.atomic
def proxy_authorisation_reject(*, by: User, auth_id: int, note: str) -> ProxyAuthorisation:
    if not permissions.may_review_proxies(by):
        raise PermissionDeniedError()
    if not note.strip():
        raise InvalidInputError(details={"fields": {"note": [str(_("Tell the proxy why the authorisation is refused."))]}})
    auth = _locked_auth(auth_id)
    auth.reviewed_by = by
    auth.reviewed_at = timezone.now()
    auth.review_note = note[:300]
    auth.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    proxy_authorisation_move(auth, to=ProxyAuthorisation.Status.REJECTED, by=by, note=note)
    audit_record(actor=by, action="update", obj=auth, purpose="A06 proxy authorisation refused")
    _proxy_notice(auth, verified=False)
    return auth


def _proxy_notice(auth: ProxyAuthorisation, *, verified: bool) -> None:
    """Tells the proxy the officer's decision (queued with the transaction)."""
    from django.urls import reverse

    from immigo.notifications.services import notification_enqueue

    proxy = auth.proxy
    notification_enqueue(
        event="exit_ban_proxy_reviewed",
        language=proxy.preferred_language,
        context={
            "reference": auth.reference,
            "verified": verified,
            "detail_url": settings.IMMIGO_PUBLIC_URL + reverse("applications:border:proxy_detail", args=[auth.reference]),
            "answer_until": auth.answer_until.isoformat() if auth.answer_until else "",
            "note": auth.review_note,
        },
        dedupe_key=f"border:proxy:{auth.pk}:reviewed",
        email=proxy.email,
    )


def _principal_notice(auth: ProxyAuthorisation) -> None:
    """Tells the principal, at the e-mail address on file, that a proxy read the answer."""
    from immigo.notifications.services import notification_enqueue

    person = auth.person
    if person is None or not person.email:
        return
    notification_enqueue(
        event="exit_ban_proxy_answered",
        language=person.preferred_language,
        context={
            "reference": auth.reference,
            "proxy_name": auth.proxy.full_name,
            "relationship": auth.relationship,
            "answered_on": local_today().isoformat(),
        },
        dedupe_key=f"border:proxy:{auth.pk}:answered",
        email=person.email,
    )


def proxy_authorisation_answer(*, proxy: User, auth_id: int, second_factor: str) -> ExitBanAnswer:
    """The proxy reads the answer: once, within 7 days of verification, after a second factor.
    Guarantees an ExitBanQuery (mode proxy, naming the authorisation) and an audit entry; a
    verified authorisation not read in time is recorded as expired."""
    expired = False
    with transaction.atomic():
        auth = _locked_auth(auth_id)
        if auth.proxy_id != proxy.pk:
            raise NotFoundError()
        today = local_today()
        if auth.status == ProxyAuthorisation.Status.VERIFIED and auth.answer_until is not None and auth.answer_until < today:
            proxy_authorisation_move(auth, to=ProxyAuthorisation.Status.EXPIRED, by=None, note="answer not read in time")
            expired = True
        elif auth.status == ProxyAuthorisation.Status.VERIFIED and auth.person is not None:
            answer = _answer(auth.person, today)
            query = ExitBanQuery.objects.create(
                asked_by=proxy,
                person=auth.person,
                mode=ExitBanQuery.Mode.PROXY,
                authorisation=auth,
                second_factor=second_factor,
                banned=answer.banned,
            )
            auth.answered_at = timezone.now()
            auth.save(update_fields=["answered_at"])
            proxy_authorisation_move(auth, to=ProxyAuthorisation.Status.ANSWERED, by=proxy)
            _principal_notice(auth)
            audit_record(
                actor=proxy,
                action="read",
                obj=query,
                person_id=auth.person_id,
                purpose=f"A06 exit-ban query by proxy, authorisation {auth.reference}",
                details={"second_factor": second_factor, "banned": answer.banned},
            )
            return answer
    if expired:
        raise ProxyAuthorisationNotUsableError(details={"reason": "expired"})
    raise ProxyAuthorisationNotUsableError()


# --- F04: the airport approval ----------------------------------------------------------------------


def airport_approval_grant(*, officer: User, unit: Unit, data: dict, undertaking: UploadedFile) -> Case:
    """A border officer takes in F04 at the airport. Guarantees: only a border officer of that
    border unit (AirportApprovalUnitError); the signed undertaking is scanned onto the case and
    the return ticket recorded as seen; the case engine checks the rules and, when they pass,
    approves and issues the printable approval in the same transaction."""
    from immigo.applications import services as case_services
    from immigo.applications.catalogue import service_get
    from immigo.applications.models import Channel

    if unit.kind != Unit.Kind.BORDER or unit.pk not in {u.pk for u in permissions.border_units(officer)}:
        raise AirportApprovalUnitError()
    submission = case_services.Submission(
        service=service_get("F04"),
        data=data,
        files={"undertaking": undertaking},
        channel=Channel.COUNTER,
        language=officer.preferred_language or "zh-hant",
        seen_at_counter=frozenset({"return_ticket"}),
    )
    return case_services.application_submit(submission=submission, by=officer, counter_unit=unit)


# --- A16: the officer's computation -------------------------------------------------------------------


def reunion_periods_from_data(data: dict) -> list[reunion.StatusPeriod]:
    """The status periods the spouse declared: each runs until the next one starts."""
    starts = [
        (reunion.Stage.REUNION, data.get("reunion_from")),
        (reunion.Stage.DEPENDENT, data.get("dependent_from")),
        (reunion.Stage.LONG_TERM, data.get("long_term_from")),
    ]
    given = [(stage, dt.date.fromisoformat(str(day))) for stage, day in starts if day]
    periods = []
    for i, (stage, start) in enumerate(given):
        end = given[i + 1][1] - dt.timedelta(days=1) if i + 1 < len(given) else None
        periods.append(reunion.StatusPeriod(stage=stage, start=start, end=end))
    return periods


def reunion_compute_preview(*, person_id: int, periods: list[reunion.StatusPeriod], as_of: dt.date) -> reunion.Computation:
    """The computation from the crossing records, without saving it."""
    from zoneinfo import ZoneInfo

    taipei = ZoneInfo("Asia/Taipei")
    start = min((p.start for p in periods), default=as_of)
    # The last crossing before the first period says whether the person was in Taiwan when it began.
    before = crossing_last_before(person_id=person_id, day=start)
    window = list(crossing_list_for_person(person_id=person_id, start=start, end=as_of))
    crossings = [
        reunion.CrossingRecord(day=timezone.localtime(c.at, taipei).date(), direction=c.direction)
        for c in ([before] if before is not None else []) + window
    ]
    return reunion.reunion_period_compute(periods=periods, crossings=crossings, as_of=as_of)


def computation_as_json(computation: reunion.Computation) -> dict:
    def plain(value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    out = plain(asdict(computation))
    assert isinstance(out, dict)
    return out


@transaction.atomic
def reunion_computation_save(*, by: User, case_id: int, periods: list[reunion.StatusPeriod], as_of: dt.date) -> ReunionComputation:
    """The officer's answer to an A16 request, kept with the periods it used. Only case officers of
    the case's unit; audited."""
    from immigo.accounts import permissions as account_permissions
    from immigo.applications.models import Case

    case = Case.objects.select_related("unit").filter(pk=case_id, service_code="A16").first()
    if case is None:
        raise NotFoundError()
    if not account_permissions.has_role(by, permissions.CASEWORK_ROLES, unit_id=case.unit_id):
        raise PermissionDeniedError()
    if not periods:
        raise InvalidInputError(details={"fields": {"dependent_from": [str(_("Give the start of at least one permit."))]}})
    computation = reunion_compute_preview(person_id=case.applicant_id, periods=periods, as_of=as_of)
    record = ReunionComputation.objects.create(
        case=case,
        computed_by=by,
        as_of=as_of,
        periods=[{"stage": p.stage.value, "start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None} for p in periods],
        result=computation_as_json(computation),
    )
    audit_record(
        actor=by,
        action="create",
        obj=record,
        person_id=case.applicant_id,
        purpose=f"A16 reunion period computed, case {case.receipt_number}",
        unit_code=case.unit.code,
    )
    return record
