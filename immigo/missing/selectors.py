"""Read-only queries of the missing persons list: the public searches (standard and advanced) and
the staff reads, each staff read audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from immigo.accounts.models import User
from immigo.core import calendar
from immigo.core.audit import audit_record
from immigo.core.errors import NotFoundError, PermissionDeniedError
from immigo.core.models import AuditEntry, County
from immigo.core.throttle import throttle_hit

from . import permissions
from .errors import IdSearchRateLimitedError
from .models import MissingPerson
from .workflow import PUBLIC_STATUSES

PURPOSE = "maintaining the missing persons list"
ID_SEARCHES_PER_CLIENT_PER_HOUR = 20


@dataclass(frozen=True)
class PublicSearch:
    """The fields of the public searches; the standard search uses sex, ages and reason."""

    sex: str = ""
    age_min: int | None = None
    age_max: int | None = None
    reason: str = ""
    case_number: str = ""
    id_number: str = ""
    name: str = ""
    origin_province: str = ""
    origin_city: str = ""
    year_missing: int | None = None
    place: County | None = None


def missing_person_list_public() -> QuerySet[MissingPerson]:
    """Published entries of people still missing, most recent first."""
    return (
        MissingPerson.objects.filter(is_published=True, status__in=PUBLIC_STATUSES)
        .select_related("place_last_seen")
        .order_by("-year_missing", "case_number")
    )


def _throttle_id_search(client_key: str) -> None:
    # An ID number is a key, not a browsing tool: many tries from one client look like enumeration.
    limit = int(getattr(settings, "IMMIGO_MISSING_ID_SEARCHES_PER_CLIENT_PER_HOUR", ID_SEARCHES_PER_CLIENT_PER_HOUR))
    if throttle_hit(scope="missing-id-search", client_key=client_key, limit=limit, window_seconds=3600):
        raise IdSearchRateLimitedError()


def missing_person_search_public(*, search: PublicSearch, client_key: str = "") -> QuerySet[MissingPerson]:
    """The public list narrowed by `search`. The ages are approximate ages now (from the year of
    birth), since a searcher compares with a person seen today. The case number and the ID number
    match exactly (the ID number is never shown); the name matches part of the Chinese or
    romanised name. Raises IdSearchRateLimitedError when a client searches by ID number too often."""
    people = missing_person_list_public()
    this_year = calendar.local_today().year
    if search.sex:
        people = people.filter(sex=search.sex)
    if search.age_min is not None:
        people = people.filter(birth_year__lte=this_year - search.age_min)
    if search.age_max is not None:
        people = people.filter(birth_year__gte=this_year - search.age_max)
    if search.reason:
        people = people.filter(reason=search.reason)
    if search.case_number.strip():
        people = people.filter(case_number=search.case_number.strip().upper())
    if search.id_number.strip():
        _throttle_id_search(client_key)
        people = people.filter(id_number=search.id_number.strip().upper())
    name = search.name.strip()
    if name:
        people = people.filter(Q(name_zh__icontains=name) | Q(name_roman__icontains=name))
    if search.origin_province:
        people = people.filter(origin_province=search.origin_province)
    if search.origin_city.strip():
        people = people.filter(origin_city__icontains=search.origin_city.strip())
    if search.year_missing is not None:
        people = people.filter(year_missing=search.year_missing)
    if search.place is not None:
        people = people.filter(place_last_seen=search.place)
    return people


def missing_person_get_public(*, case_number: str) -> MissingPerson:
    person = missing_person_list_public().filter(case_number=case_number.upper()).first()
    if person is None:
        raise NotFoundError()
    return person


# --- staff ------------------------------------------------------------------------------------


def missing_person_list_for_staff(*, user: User, query: str = "", status: str = "") -> QuerySet[MissingPerson]:
    """Every entry, for those who keep the list. `query` matches the case number or part of a name."""
    if not permissions.can_maintain(user):
        raise PermissionDeniedError()
    people = MissingPerson.objects.select_related("place_last_seen").order_by("-updated_at", "-pk")
    if status in MissingPerson.Status.values:
        people = people.filter(status=status)
    text = query.strip()
    if text:
        people = people.filter(Q(case_number__iexact=text) | Q(name_zh__icontains=text) | Q(name_roman__icontains=text))
    return people


def missing_person_list_audit(*, user: User, person_ids: list[int], query: str = "") -> None:
    """Records that `user` saw these entries in the staff list (names and case numbers)."""
    if person_ids:
        audit_record(
            actor=user,
            action=AuditEntry.Action.SEARCH if query else AuditEntry.Action.READ,
            object_type="missing.missingperson",
            object_id="list",
            purpose=PURPOSE,
            details={"ids": person_ids, "query": bool(query)},
        )


def missing_person_get_for_staff(*, user: User, pk: int, purpose: str = PURPOSE) -> MissingPerson:
    """One entry with everything staff may see (ID number, notes). Every call is audited.
    Raises PermissionDeniedError or NotFoundError."""
    if not permissions.can_maintain(user):
        raise PermissionDeniedError()
    person = MissingPerson.objects.select_related("place_last_seen", "created_by", "updated_by").filter(pk=pk).first()
    if person is None:
        raise NotFoundError()
    audit_record(actor=user, action=AuditEntry.Action.READ, obj=person, purpose=purpose, details={"case_number": person.case_number})
    return person
