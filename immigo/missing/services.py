"""Services of the missing persons list. Every change by staff is audited (who, when, from where,
which fields; an ID number's value never goes into the audit details)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry, County

from . import permissions
from .errors import CaseNumberTakenError, MissingPersonTransitionNotAllowedError
from .models import MissingPerson
from .photos import photo_prepare
from .workflow import ALLOWED

PURPOSE = "maintaining the missing persons list"
# Fields whose values are personal data beyond what the public page shows: the audit records
# that they changed, not what they changed to.
SENSITIVE_FIELDS = frozenset({"id_number", "notes"})


@dataclass(frozen=True)
class MissingPersonData:
    """What staff enter for an entry. Give `birth_year`, or `age_when_missing` to derive it."""

    case_number: str
    name_zh: str
    sex: str
    origin_province: str
    year_missing: int
    place_last_seen: County
    reason: str
    name_roman: str = ""
    birth_year: int | None = None
    age_when_missing: int | None = None
    origin_city: str = ""
    description: str = ""
    source_agency: str = MissingPerson.SourceAgency.NIA
    notes: str = ""
    id_number: str = ""


def _require(user: User) -> None:
    if not permissions.can_maintain(user):
        raise PermissionDeniedError()


def _values(data: MissingPersonData) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(data) if f.name not in {"birth_year", "age_when_missing"}}
    values["case_number"] = data.case_number.strip().upper()
    values["id_number"] = data.id_number.strip().upper()
    if data.birth_year is not None:
        values["birth_year"], values["birth_year_estimated"] = data.birth_year, False
    elif data.age_when_missing is not None:
        values["birth_year"], values["birth_year_estimated"] = data.year_missing - data.age_when_missing, True
    else:
        raise ValueError("a year of birth or an age when missing is needed")
    return values


def _case_number_free(case_number: str, *, exclude: int | None = None) -> None:
    taken = MissingPerson.objects.filter(case_number=case_number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise CaseNumberTakenError(details={"fields": {"case_number": [CaseNumberTakenError.message]}})


def _audit(*, by: User, action: str, person: MissingPerson, details: dict[str, Any]) -> None:
    audit_record(actor=by, action=action, obj=person, purpose=PURPOSE, details={"case_number": person.case_number, **details})


@transaction.atomic
def missing_person_create(*, by: User, data: MissingPersonData, photo: UploadedFile | None = None) -> MissingPerson:
    """A new entry, unpublished until someone publishes it. Audited as a creation."""
    _require(by)
    values = _values(data)
    _case_number_free(values["case_number"])
    person = MissingPerson(**values, created_by=by, updated_by=by)
    if photo is not None:
        prepared = photo_prepare(photo)
        person.photo.save(prepared.name or "photo", prepared, save=False)
    person.save()
    _audit(by=by, action=AuditEntry.Action.CREATE, person=person, details={"fields": sorted(values)})
    return person


@transaction.atomic
def missing_person_update(
    *, person: MissingPerson, by: User, data: MissingPersonData, photo: UploadedFile | None = None, remove_photo: bool = False
) -> MissingPerson:
    """Changes the entry's details (not its status or publication). Audited with the names of the
    fields that changed; the old photo file is removed after commit when it is replaced."""
    _require(by)
    person = MissingPerson.objects.select_for_update().get(pk=person.pk)
    values = _values(data)
    _case_number_free(values["case_number"], exclude=person.pk)
    changed = sorted(name for name, value in values.items() if getattr(person, name) != value)
    for name, value in values.items():
        setattr(person, name, value)
    old_photo = person.photo.name if person.photo else ""
    if photo is not None:
        prepared = photo_prepare(photo)
        person.photo.save(prepared.name or "photo", prepared, save=False)
        changed.append("photo")
    elif remove_photo and old_photo:
        person.photo = ""  # type: ignore[assignment]
        changed.append("photo")
    person.updated_by = by
    person.save()
    if old_photo and "photo" in changed:
        storage = person.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    _audit(
        by=by,
        action=AuditEntry.Action.UPDATE,
        person=person,
        details={"fields": changed, "sensitive_fields_changed": sorted(SENSITIVE_FIELDS & set(changed))},
    )
    return person


@transaction.atomic
def missing_person_move(*, person: MissingPerson, to: MissingPerson.Status, by: User, reason: str = "") -> MissingPerson:
    """Marks the person found, withdraws the entry, or reopens it, as the transition table allows.
    A found or withdrawn person leaves the public list at once. Audited with the reason."""
    _require(by)
    person = MissingPerson.objects.select_for_update().get(pk=person.pk)
    before = MissingPerson.Status(person.status)
    if to not in ALLOWED[before]:
        raise MissingPersonTransitionNotAllowedError(details={"status": before.value, "requested": str(to)})
    person.status = to
    person.updated_by = by
    person.save(update_fields=["status", "updated_by", "updated_at"])
    _audit(by=by, action=AuditEntry.Action.TRANSITION, person=person, details={"before": before.value, "after": str(to), "reason": reason})
    return person


@transaction.atomic
def missing_person_publish(*, person: MissingPerson, by: User, published: bool) -> MissingPerson:
    """Shows the entry on the public list (while the person is missing) or takes it off. Audited."""
    _require(by)
    person = MissingPerson.objects.select_for_update().get(pk=person.pk)
    if person.is_published != published:
        person.is_published = published
        person.updated_by = by
        person.save(update_fields=["is_published", "updated_by", "updated_at"])
        _audit(by=by, action=AuditEntry.Action.UPDATE, person=person, details={"fields": ["is_published"], "published": published})
    return person
