"""B05: the residence document's annotation 「持證人工作不須申請工作許可」 ("the holder does not need to
apply for a work permit to work").

Rule (seed B05, service-rules.md §5): foreign and mainland spouses with residence rights may work
without a work permit. From 2011-09-16 the agency prints the annotation on their residence
certificates, because employers kept asking for ID cards. Mainland spouses qualify with
dependent residence (依親居留) or long-term residence (長期居留); foreign spouses of citizens with
residence as a spouse (依親居留).

Services that issue a residence document ask for the basis of residence with
:data:`RESIDENCE_BASIS_CHOICES` and put ``wp`` in the signed payload when
:func:`work_annotation_applies` holds; the printed document then carries the annotation.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

ANNOTATION_FROM = dt.date(2011, 9, 16)
ANNOTATION_ZH = "持證人工作不須申請工作許可"
ANNOTATION_EN = "The holder does not need to apply for a work permit to work."

SPOUSE_OF_CITIZEN = "spouse_of_citizen"
MAINLAND_SPOUSE_DEPENDENT = "mainland_spouse_dependent"
MAINLAND_SPOUSE_LONG_TERM = "mainland_spouse_long_term"

RESIDENCE_BASIS_CHOICES = [
    ("", _("Other or not stated")),
    (SPOUSE_OF_CITIZEN, _("Spouse of a citizen (residence as a spouse)")),
    (MAINLAND_SPOUSE_DEPENDENT, _("Mainland spouse of a citizen, dependent residence")),
    (MAINLAND_SPOUSE_LONG_TERM, _("Mainland spouse of a citizen, long-term residence")),
    ("employment", _("Employment")),
    ("study", _("Study")),
    ("investment", _("Investment")),
    ("dependant_of_foreigner", _("Family member of a foreign resident")),
]

QUALIFYING_BASES = frozenset({SPOUSE_OF_CITIZEN, MAINLAND_SPOUSE_DEPENDENT, MAINLAND_SPOUSE_LONG_TERM})


def work_annotation_applies(*, basis: str, issued_on: dt.date) -> bool:
    """Whether a residence document issued on `issued_on` for this basis carries the annotation."""
    return basis in QUALIFYING_BASES and issued_on >= ANNOTATION_FROM
