import datetime as dt

from hypothesis import assume, given
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


# The random part of a receipt, drawn by Hypothesis (so a failure reproduces).
BODY = st.text(alphabet=receipts.ALPHABET, min_size=8, max_size=8)


def _compact(body: str) -> str:
    number = "261124" + body
    return number + receipts.check_symbol(number)


@given(BODY, st.integers(min_value=6, max_value=14), st.sampled_from(receipts.ALPHABET))
def test_any_single_mistyped_symbol_is_caught(body, position, replacement):
    compact = _compact(body)
    assume(compact[position] != replacement)
    typo = compact[:position] + replacement + compact[position + 1 :]
    assert receipts.receipt_normalise(typo) is None


@given(BODY, st.integers(min_value=6, max_value=13))
def test_swapping_two_adjacent_symbols_is_caught_except_0_and_z(body, position):
    compact = _compact(body)
    pair = {compact[position], compact[position + 1]}
    assume(len(pair) == 2 and pair != {"0", "Z"})
    swapped = compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    assert receipts.receipt_normalise(swapped) is None


def test_the_one_swap_luhn_mod_32_cannot_see_is_0_and_z():
    """The symbols worth 0 and 31 swap unseen, as 0 and 9 do in the decimal Luhn check."""
    compact = _compact("AB0ZCDEF")
    swapped = compact[:8] + "Z0" + compact[10:]
    assert receipts.receipt_normalise(swapped) == receipts.format_receipt(swapped)


def test_garbage_is_not_a_receipt():
    assert receipts.receipt_normalise("") is None
    assert receipts.receipt_normalise("A123456789") is None
    assert receipts.receipt_normalise("261124-AAAA-AAAA-$") is None
