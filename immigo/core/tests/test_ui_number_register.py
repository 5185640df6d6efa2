"""The unified ID number register: new-format numbers with a valid check digit, never issued
twice, and old numbers converted for the same person (N04); the public check program."""

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.utils import IntegrityError

from immigo.core import identifiers
from immigo.core.models import AuditEntry, Person
from immigo.core.ui_number_models import UiCategory, UiNumberRecord, UiNumberSeries
from immigo.core.ui_numbers import (
    UiNumberAlreadyHeldError,
    UiNumberNotConvertibleError,
    UiNumberSeriesExhaustedError,
    UiNumberSexRequiredError,
    number_for_serial,
    ui_number_allocate,
    ui_number_convert,
    ui_number_issue,
)

VECTORS = json.loads((Path(__file__).parent / "data" / "id-numbers.json").read_text())
CHECK_URL = "/api/v1/identifiers/check"


def person(**kw) -> Person:
    defaults = {"family_name": "NGUYEN", "given_names": "VAN AN", "date_of_birth": dt.date(1990, 1, 1), "sex": "M", "nationality": "VNM"}
    defaults.update(kw)
    return Person.objects.create(**defaults)


def test_numbers_for_serials_are_valid_new_format_numbers_of_their_category():
    assert number_for_serial(letter="A", sex="F", category=UiCategory.FOREIGN, serial=1) == "A900000016"  # the government's example
    assert number_for_serial(letter="A", sex="M", category=UiCategory.FOREIGN, serial=1) == "A800000014"
    mainland = number_for_serial(letter="X", sex="F", category=UiCategory.MAINLAND, serial=0)
    assert mainland[:3] == "X99" and identifiers.classify(mainland).kind is identifiers.IdKind.NEW_UI
    assert number_for_serial(letter="W", sex="M", category=UiCategory.HK_MACAO, serial=5)[2] == "8"
    assert number_for_serial(letter="O", sex="F", category=UiCategory.NATIONAL_NO_REGISTRATION, serial=5)[2] == "7"
    assert number_for_serial(letter="Z", sex="M", category=UiCategory.FOREIGN, serial=6_999_999)[2] == "6"  # foreign: 0-6 only
    with pytest.raises(ValueError):
        number_for_serial(letter="Z", sex="M", category=UiCategory.FOREIGN, serial=7_000_000)


@pytest.mark.django_db(transaction=True)
def test_allocation_needs_a_transaction():
    with pytest.raises(RuntimeError):
        ui_number_allocate(letter="A", sex="M", category=UiCategory.FOREIGN)


@pytest.mark.django_db
def test_issued_numbers_follow_each_other_and_skip_numbers_already_held():
    person(ui_number="A800000023", family_name="HELD")  # serial 2 came from another register
    issued = [ui_number_issue(person=person(family_name=f"P{i}"), letter="A", by=None).number for i in range(3)]
    assert issued == ["A800000014", "A800000032", "A800000041"]
    assert all(identifiers.classify(n).valid for n in issued)
    assert UiNumberSeries.objects.get(letter="A", sex_digit="8", category=UiCategory.FOREIGN).next_serial == 5


@pytest.mark.django_db
def test_issuing_sets_the_number_on_the_person_and_audits_it():
    holder = person(sex="F", nationality="CHN")
    record = ui_number_issue(person=holder, letter="B", by=None, case_receipt="R-1")
    holder.refresh_from_db()
    assert holder.ui_number == record.number and record.number.startswith("B99")
    assert record.category == UiCategory.MAINLAND and record.reason == UiNumberRecord.Reason.NEW
    assert AuditEntry.objects.filter(object_type="core.person", object_id=str(holder.pk), action="update").exists()


@pytest.mark.django_db
def test_the_register_refuses_a_number_twice():
    holder = person()
    UiNumberRecord.objects.create(number="A800000014", person=holder, category=UiCategory.FOREIGN, reason="new")
    with pytest.raises(IntegrityError), transaction.atomic():
        UiNumberRecord.objects.create(number="A800000014", person=person(family_name="OTHER"), category=UiCategory.FOREIGN, reason="new")


@pytest.mark.django_db
def test_a_person_with_a_new_number_gets_no_second_one():
    holder = person(ui_number="A800000014")
    with pytest.raises(UiNumberAlreadyHeldError):
        ui_number_issue(person=holder, letter="A", by=None)


@pytest.mark.django_db
def test_the_number_encodes_female_or_male():
    with pytest.raises(UiNumberSexRequiredError):
        ui_number_issue(person=person(sex="X"), letter="A", by=None)


@pytest.mark.django_db
def test_an_exhausted_series_is_refused():
    UiNumberSeries.objects.create(letter="Y", sex_digit="9", category=UiCategory.MAINLAND, next_serial=1_000_000)
    with pytest.raises(UiNumberSeriesExhaustedError):
        ui_number_issue(person=person(sex="F", nationality="CHN"), letter="Y", by=None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "nationality", "prefix"),
    [
        ("EC83597323", "USA", "E8"),  # C: male foreign national
        ("FD78164477", "THA", "F9"),  # D: female foreign national
        ("CA50590505", "HKG", "C88"),  # A: male, Hong Kong resident
        ("DB71931821", "CHN", "D99"),  # B: female, mainland resident
    ],
)
def test_conversion_keeps_the_area_letter_and_takes_the_sex_from_the_old_second_letter(old, nationality, prefix):
    holder = person(ui_number=old, nationality=nationality, sex="X")
    record = ui_number_convert(person=holder, by=None)
    holder.refresh_from_db()
    assert record.number.startswith(prefix) and identifiers.classify(record.number).valid
    assert holder.ui_number == record.number and holder.previous_ui_number == old
    assert record.replaces == old and record.reason == UiNumberRecord.Reason.CONVERSION


@pytest.mark.django_db
def test_converting_again_gives_the_same_number():
    holder = person(ui_number="EC83597323")
    first = ui_number_convert(person=holder, by=None)
    again = ui_number_convert(person=holder, by=None)
    assert again.pk == first.pk and UiNumberRecord.objects.count() == 1


@pytest.mark.django_db
def test_only_an_old_format_number_converts():
    with pytest.raises(UiNumberNotConvertibleError):
        ui_number_convert(person=person(ui_number=None), by=None)


@pytest.mark.django_db
def test_issuing_to_an_old_number_holder_converts_it():
    holder = person(ui_number="EC83597323")
    record = ui_number_issue(person=holder, letter="A", by=None)
    assert record.replaces == "EC83597323" and record.number.startswith("E8")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent transactions need a server database")
def test_concurrent_allocations_never_share_a_number():
    people = [person(family_name=f"C{i}") for i in range(12)]
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(people))

    def issue(p: Person) -> None:
        try:
            barrier.wait()
            numbers.append(ui_number_issue(person=p, letter="K", by=None).number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(numbers) == len(set(numbers)) == 12


# --- the public check program -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["national_id", "old_ui", "new_ui"])
def test_the_check_program_accepts_every_valid_vector_and_names_its_kind(client, kind):
    for vector in VECTORS[kind]["valid"]:
        body = client.get(CHECK_URL, {"number": vector["value"]}).json()
        assert body["valid"] is True and body["kind"] == kind and body["reason_code"] is None, vector["value"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["national_id", "old_ui", "new_ui"])
def test_the_check_program_refuses_every_invalid_vector_with_its_reason(client, kind):
    for vector in VECTORS[kind]["invalid"]:
        body = client.get(CHECK_URL, {"number": vector["value"]}).json()
        if vector["reason_code"] == "wrong_kind":  # a valid number of another kind: the program names that kind
            assert body["kind"] != kind, vector["value"]
            continue
        assert body["valid"] is False and body["message"], vector["value"]
        # The vectors' "checksum_wrong_letter_table" is a checksum mismatch too.
        assert body["reason_code"] == vector["reason_code"].removesuffix("_wrong_letter_table"), vector["value"]


@pytest.mark.django_db
def test_the_check_program_reveals_nothing_about_holders(client):
    holder = person(ui_number="A800000014", family_name="SECRET")
    body = client.get(CHECK_URL, {"number": holder.ui_number}).json()
    assert body == {"valid": True, "kind": "new_ui", "reason_code": None, "message": "", "sex": "M"}
    unheld = client.get(CHECK_URL, {"number": "A800000023"}).json()
    assert unheld == body  # nobody holds it: the same answer


@pytest.mark.django_db
def test_the_check_program_is_rate_limited_per_client(client, settings):
    from django.core.cache import cache

    cache.clear()
    for _ in range(30):
        assert client.get(CHECK_URL, {"number": "A123456789"}).status_code == 200
    response = client.get(CHECK_URL, {"number": "A123456789"})
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    cache.clear()
