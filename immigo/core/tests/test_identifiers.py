"""Every vector in shared/data/id-numbers.json is a test: valid ones accepted, invalid ones
refused with the published reason and a clear message."""

import json
from pathlib import Path

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from immigo.applications.catalogue.base import IdentityNumberField
from immigo.core import identifiers
from immigo.core.identifiers import IdKind, IdProblem

# A copy of shared/data/id-numbers.json, kept with the tests so a clone runs them alone.
VECTORS = json.loads((Path(__file__).parent / "data" / "id-numbers.json").read_text(encoding="utf-8"))

KIND_OF = {"national_id": IdKind.NATIONAL_ID, "old_ui": IdKind.OLD_UI, "new_ui": IdKind.NEW_UI}


def _cases(validity: str) -> list[tuple[str, dict]]:
    return [(kind, v) for kind in KIND_OF for v in VECTORS[kind][validity]]


@pytest.mark.parametrize(("kind", "vector"), _cases("valid"), ids=lambda x: x if isinstance(x, str) else x["value"])
def test_every_valid_vector_is_accepted_as_its_kind(kind, vector):
    result = identifiers.validate(vector["value"], kinds={KIND_OF[kind]})
    assert result.valid, result.problem
    assert result.kind == KIND_OF[kind]


@pytest.mark.parametrize(("kind", "vector"), _cases("invalid"), ids=lambda x: x if isinstance(x, str) else repr(x["value"]))
def test_every_invalid_vector_is_refused_with_its_reason(kind, vector):
    result = identifiers.validate(vector["value"], kinds={KIND_OF[kind]})
    assert not result.valid
    expected = vector["reason_code"]
    if expected == "checksum_wrong_letter_table":
        expected = "checksum"
    assert result.problem == IdProblem(expected)
    assert result.message  # a clear, human sentence


@pytest.mark.parametrize(("kind", "vector"), _cases("invalid"), ids=lambda x: x if isinstance(x, str) else repr(x["value"]))
def test_the_form_field_refuses_every_invalid_vector_with_a_message(kind, vector):
    field = IdentityNumberField(kinds=frozenset({KIND_OF[kind]}), label="id", required=True)
    with pytest.raises(forms.ValidationError) as err:
        field.clean(vector["value"])
    assert err.value.messages[0]


def test_sex_is_read_from_the_second_character():
    assert identifiers.classify("A123456789").sex == "M"
    assert identifiers.classify("A900000016").sex == "F"
    assert identifiers.classify("HD12345678").sex is None


def test_check_digit_completes_a_prefix():
    assert identifiers.check_digit("A12345678") == "9"
    assert identifiers.check_digit("A90000001") == "6"


@given(st.sampled_from(sorted(identifiers.LETTER_VALUES)), st.sampled_from("1289"), st.text("0123456789", min_size=7, max_size=7))
def test_a_generated_number_is_valid_and_any_other_last_digit_is_not(letter, second, serial):
    prefix = letter + second + serial
    number = prefix + identifiers.check_digit(prefix)
    assert identifiers.classify(number).valid
    for digit in "0123456789":
        if digit != number[-1]:
            assert identifiers.classify(prefix + digit).problem == IdProblem.CHECKSUM


def test_old_number_converts_to_a_valid_new_number_keeping_the_area_letter():
    new = identifiers.new_ui_from_old(old_ui="HD12345678", sex="F", serial="1234567")
    result = identifiers.validate(new, kinds={IdKind.NEW_UI})
    assert result.valid
    assert new.startswith("H9")
    assert result.sex == "F"


def test_converting_an_invalid_old_number_is_refused():
    with pytest.raises(ValueError):
        identifiers.new_ui_from_old(old_ui="AC12345678", sex="M", serial="1234567")
