"""B09: waiver of the kinship notarial certificate on a repeat application
(大陸地區人民再申請來臺減免親屬關係公證書).

Rule (seed B09, from 2011-10-05): the authenticated notarial certificate of kinship
(親屬關係公證書) may be used many times. A repeat applicant (or their agent) writes 「曾經來臺」
("has been to Taiwan before") on the form and signs next to it. The case is accepted first; once
the station has verified the identity or the earlier record, the certificate is waived.

Services that require the certificate declare :data:`KINSHIP_CERTIFICATE` (required unless the
applicant declares an earlier visit), add :class:`EarlierVisitFields` to their form and
:func:`check_earlier_record` to their automatic checks. The check looks for an earlier case of
the same person with the certificate on file (uploaded, or its original seen at a counter) and
records the case it found; when there is none it refers the case to the officer, who verifies
the record or asks for the certificate with the one-time notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import CheckContext, CheckResult, DocumentRequirement, Verdict

WAIVER_FROM = dt.date(2011, 10, 5)
KINSHIP_CERTIFICATE_CODE = "kinship_certificate"


def kinship_certificate_needed(data: Mapping[str, Any]) -> bool:
    return not data.get("declared_earlier_visit")


KINSHIP_CERTIFICATE = DocumentRequirement(
    KINSHIP_CERTIFICATE_CODE,
    _("Notarial certificate of kinship (親屬關係公證書), authenticated by the Straits Exchange Foundation"),
    help=_("Not needed if you have been to Taiwan before and declare it on the form (曾經來臺): the station verifies it."),
    condition=kinship_certificate_needed,
)


class EarlierVisitFields(forms.Form):
    """The declaration 「曾經來臺」 and the signature beside it (a mixin for a service's form)."""

    declared_earlier_visit = forms.BooleanField(
        label=_("曾經來臺 — I have been to Taiwan before and my notarial certificate of kinship is on file"), required=False
    )
    earlier_receipt_number = forms.CharField(
        label=_("Receipt or permit number of the earlier visit, if you have it"), max_length=40, required=False
    )
    declaration_signed_by = forms.CharField(label=_("Signed by (the applicant or the agent)"), max_length=120, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("declared_earlier_visit") and not (data.get("declaration_signed_by") or "").strip():
            self.add_error("declaration_signed_by", _("Sign the declaration with your name."))
        return data


def earlier_case_with_certificate(*, person_id: int, before: dt.date) -> str | None:
    """The receipt number of the latest earlier case of this person with the kinship certificate on
    file, or None."""
    from ..models import CaseDocument

    document = (
        CaseDocument.objects.filter(case__applicant_id=person_id, requirement_code=KINSHIP_CERTIFICATE_CODE, case__submitted_on__lte=before)
        .select_related("case")
        .order_by("-case__submitted_on", "-id")
        .first()
    )
    return document.case.receipt_number if document else None


def check_earlier_record(ctx: CheckContext) -> CheckResult:
    """PASS with nothing to verify when no earlier visit is declared (the certificate is then
    required); PASS when the declared earlier record is found; REFER to the officer otherwise."""
    if not ctx.data.get("declared_earlier_visit"):
        return CheckResult("kinship_earlier_record", Verdict.PASS)
    if ctx.today < WAIVER_FROM:
        return CheckResult("kinship_earlier_record", Verdict.REFER, _("The waiver applies from 2011-10-05."))
    found = earlier_case_with_certificate(person_id=ctx.person.pk, before=ctx.today) if ctx.person is not None else None
    if found:
        return CheckResult("kinship_earlier_record", Verdict.PASS, found)
    return CheckResult(
        "kinship_earlier_record",
        Verdict.REFER,
        _("No earlier case with the certificate was found: verify the identity or record, or ask for the certificate."),
    )
