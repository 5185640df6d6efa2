"""The unified business number (統一編號) check: weights 1,2,1,2,1,2,4,1; each product's digits
are added; the total must be divisible by 5 (the rule since 2023; 10 before, which is also
divisible by 5). When the seventh digit is 7 its product (28 → 10) may count as 1 or 0."""

from __future__ import annotations

WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)


def business_number_valid(value: str) -> bool:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        return False
    total = 0
    for digit, weight in zip(value, WEIGHTS, strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    if total % 5 == 0:
        return True
    return value[6] == "7" and (total + 1) % 5 == 0


def validate_business_number(value: str) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not business_number_valid(value):
        raise ValidationError(_("Enter a valid 8-digit unified business number."), code="invalid_business_number")
