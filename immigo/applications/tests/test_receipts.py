import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from immigo.applications import receipts


def test_a_receipt_carries_its_date_and_validates():
    number = receipts.receipt_generate(dt.date(2026, 11, 24))
    assert number.startswith("261124-")
    assert receipts.receipt_normalise(number) == number


def test_receipts_are_not_sequential():
    numbers = {receipts.receipt_generate(dt.date(2026, 11, 24)) for _ in range(500)}
    assert len(numbers) == 500


def test_typing_variants_are_accepted():
    number = receipts.receipt_generate(dt.date(2026, 11, 24))
    assert receipts.receipt_normalise(number.replace("-", " ").lower()) == number
    assert receipts.receipt_normalise(number.replace("0", "O").replace("1", "I")) == number


@given(st.integers(min_value=6, max_value=14), st.sampled_from(receipts.ALPHABET))
def test_any_single_mistyped_symbol_is_caught(position, replacement):
    number = receipts.receipt_generate(dt.date(2026, 11, 24))
    compact = number.replace("-", "")
    if compact[position] == replacement:
        return
    typo = compact[:position] + replacement + compact[position + 1 :]
    assert receipts.receipt_normalise(typo) is None


@given(st.integers(min_value=6, max_value=13))
def test_swapping_two_adjacent_symbols_is_caught(position):
    compact = receipts.receipt_generate(dt.date(2026, 11, 24)).replace("-", "")
    if compact[position] == compact[position + 1]:
        return
    swapped = compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    assert receipts.receipt_normalise(swapped) is None


def test_garbage_is_not_a_receipt():
    assert receipts.receipt_normalise("") is None
    assert receipts.receipt_normalise("A123456789") is None
    assert receipts.receipt_normalise("261124-AAAA-AAAA-$") is None
