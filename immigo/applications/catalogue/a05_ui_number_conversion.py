"""N04: re-encoding an old-format unified ID number in the new format (統一證號新式編碼).

Rules (seed N04; /work/shared/data/id-numbers.json): the old number is a letter, a second letter
A-D and 8 digits; the new one keeps the first letter, has 8 (male) or 9 (female) as its second
character, 7 digits and the check digit. One person keeps one number for ever: the old number
stays linked to the new one (Person.previous_ui_number, UiNumberRecord.replaces), and converting
the same old number again gives the same new number. The holder's identity (the old number and
the date of birth on file) is the only check, so the conversion is decided and the notice issued
at once. Free of charge.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.core import identifiers
from immigo.core.ui_numbers import ui_number_convert, ui_number_record_for_old

from ..models import Case, Channel, IssuedDocument, Pickup
from .a05_ui_number import ui_notice_payload
from .base import ApplicantForm, ApplicantKind, CheckContext, CheckResult, IdentityNumberField, Service


class UiNumberConversionForm(ApplicantForm):
    ui_number = IdentityNumberField(
        kinds=frozenset({identifiers.IdKind.OLD_UI}),
        label=_("Your old-format unified ID number (two letters and eight digits)"),
    )


def check_holder_on_file(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        ctx.person is not None,
        code="holder_on_file",
        field="ui_number",
        message=_("We hold no resident record with this number. Please bring your resident certificate to a service station."),
    )


def check_not_converted(ctx: CheckContext) -> CheckResult:
    return CheckResult.passes_if(
        ui_number_record_for_old(old_number=str(ctx.data["ui_number"])) is None,
        code="not_converted",
        field="ui_number",
        message=_("This number has already been converted. Print the notice again from your applications."),
    )


def convert_number(case: Case) -> None:
    ui_number_convert(person=case.applicant, by=None, case_receipt=case.receipt_number)


SERVICE = Service(
    code="N04",
    slug="ui-number-conversion",
    name=_("Re-encoding an old-format unified ID number"),
    summary=_(
        "Holders of a resident certificate number with two letters get the new-format number (a letter, 8 or 9 and "
        "eight digits) at once. The old number stays linked to you. Free of charge."
    ),
    form_class=UiNumberConversionForm,
    applicant_kinds=frozenset(
        {
            ApplicantKind.FOREIGN_RESIDENT,
            ApplicantKind.NATIONAL_NO_REGISTRATION,
            ApplicantKind.HK_MACAO_RESIDENT,
            ApplicantKind.MAINLAND_RESIDENT,
        }
    ),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.DOWNLOAD,),
    fee=0,
    time_limit_working_days=1,
    auto_checks=(check_holder_on_file, check_not_converted),
    decides_automatically=True,
    issues=IssuedDocument.Kind.UI_NUMBER_NOTICE,
    legal_basis=_("Principles of encoding the unified ID number and the check program (2021 format)"),
    document_payload=ui_notice_payload,
    on_approved=convert_number,
)
