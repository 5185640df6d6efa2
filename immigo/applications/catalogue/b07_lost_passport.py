"""B07: lost (and found) foreign passports (外國護照遺失（尋獲）案件).

Rules (seed B07): the unit that takes the report enters it itself, so a report taken at a counter
is recorded and its certificate issued at once; the holder takes the certificate to their
embassy for a new passport. On consecutive holidays and at Lunar New Year the report may be made
at any county special-operations team. When the passport is found, the unit records it: the
report certificate is withdrawn (revoked, with the date found), and the register shows the
passport as found. A passport once reported lost stays reported to the issuing country; the
found passport is handed to its embassy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from immigo.accounts import permissions
from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.calendar import local_today
from immigo.core.errors import DomainError, InvalidInputError, PermissionDeniedError

from ..documents.fields import mask_number
from ..models import Case, Channel, IssuedDocument, Pickup
from .base import ApplicantForm, ApplicantKind, DateInput, DocumentRequirement, Service

# Who takes a report and records a found passport: the case-work roles of a station, and the
# special-operations teams (reports on consecutive holidays and at Lunar New Year).
FOUND_ROLES = frozenset({"counter_officer", "reviewer", "supervisor", "station_chief", "special_operations"})

PLACE_CHOICES = [
    ("taiwan", _("In Taiwan")),
    ("abroad", _("Abroad, before arriving")),
]


class LostPassportForm(ApplicantForm):
    passport_number = forms.CharField(label=_("Number of the lost passport"), max_length=20)
    passport_country = forms.CharField(label=_("Passport issued by (3-letter code)"), max_length=3, min_length=3)
    passport_expiry = forms.DateField(label=_("Passport valid until"), widget=DateInput())
    lost_on = forms.DateField(label=_("Date the passport was lost"), widget=DateInput())
    lost_where = forms.ChoiceField(label=_("Where it was lost"), choices=PLACE_CHOICES)
    circumstances = forms.CharField(label=_("How it was lost"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    police_report_number = forms.CharField(label=_("Police report number, if reported to the police"), max_length=40, required=False)
    address = forms.CharField(label=_("Address or lodging in Taiwan"), max_length=200)

    def clean_passport_number(self) -> str:
        value = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean_passport_country(self) -> str:
        return self.cleaned_data["passport_country"].strip().upper()

    def clean_lost_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["lost_on"]
        if value > local_today():
            raise forms.ValidationError(_("The date of loss cannot be in the future."))
        return value


def report_payload(case: Case, today: dt.date) -> tuple[dict[str, Any], dt.date | None, dt.date | None]:
    data, person = case.data, case.applicant
    payload = {
        "t": IssuedDocument.Kind.LOST_PASSPORT_REPORT.value,
        "nm": person.display_name,
        "dob": person.date_of_birth.isoformat(),
        "sx": person.sex,
        "na": person.nationality,
        "pp": f"{data['passport_country']} {mask_number(data['passport_number'])}",
        "ld": data["lost_on"],
        "vf": today.isoformat(),
    }
    return payload, today, None


SERVICE = Service(
    code="B07",
    slug="lost-foreign-passport",
    name=_("Report of a lost foreign passport"),
    summary=_(
        "Foreigners report a lost passport at any service station (on long holidays, at any special-operations team). "
        "The certificate of the report is issued at once, free of charge, for the embassy."
    ),
    form_class=LostPassportForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_RESIDENT, ApplicantKind.FOREIGN_VISITOR}),
    channels=frozenset({Channel.COUNTER}),
    pickups=(Pickup.COUNTER,),
    fee=0,
    time_limit_working_days=1,
    documents=(
        DocumentRequirement("identity_proof", _("Another proof of identity (resident certificate, ID card or a copy of the passport)")),
        DocumentRequirement("photo", _("Recent colour photo (2 inch)")),
        DocumentRequirement(
            "police_report",
            _("Police report of the loss"),
            condition=lambda d: bool(d.get("police_report_number")),
        ),
    ),
    decides_automatically=True,
    # On long holidays the county special-operations teams take reports too.
    intake_roles=FOUND_ROLES,
    issues=IssuedDocument.Kind.LOST_PASSPORT_REPORT,
    legal_basis=_("Immigration Act; rules on the handling of lost foreign passports"),
    document_payload=report_payload,
)

# --- found passports ------------------------------------------------------------------------


class LostPassportReportNotOpenError(DomainError):
    code = "lost_passport_report_not_open"
    message = _("This report is not open: the passport was already recorded as found, or the report was not issued.")
    status = 409


def lost_passport_report_list(*, passport_number: str, country: str = "") -> QuerySet[IssuedDocument]:
    """The reports of a passport number (of one issuing country, if given), newest first."""
    number = "".join(passport_number.split()).upper()
    qs = IssuedDocument.objects.filter(kind=IssuedDocument.Kind.LOST_PASSPORT_REPORT, case__data__passport_number=number)
    if country:
        qs = qs.filter(case__data__passport_country=country.strip().upper())
    return qs.select_related("case", "holder", "case__unit").order_by("-issued_at")


@transaction.atomic
def lost_passport_found_record(*, report: IssuedDocument, by: User, found_on: dt.date, note: str = "") -> IssuedDocument:
    """Records that a reported passport was found: the report certificate is revoked with the date
    found (the verification page shows it), the case history and the audit log say who and when."""
    from ..services.history import history_add
    from ..workflow import Action

    if not permissions.has_role(by, FOUND_ROLES):
        raise PermissionDeniedError()
    report = IssuedDocument.objects.select_for_update().select_related("case", "case__unit").get(pk=report.pk)
    if report.kind != IssuedDocument.Kind.LOST_PASSPORT_REPORT or report.revoked_at is not None:
        raise LostPassportReportNotOpenError()
    if found_on > local_today() or found_on < dt.date.fromisoformat(report.case.data["lost_on"]):
        raise InvalidInputError(details={"fields": {"found_on": [str(_("The date found must be between the loss and today."))]}})
    report.revoked_at = timezone.now()
    report.revocation_reason = f"passport found {found_on.isoformat()}"
    report.save(update_fields=["revoked_at", "revocation_reason"])
    case = report.case
    history_add(
        case,
        action=Action.PASSPORT_FOUND,
        by=by,
        reason=note,
        details={"passport_found_on": found_on.isoformat(), "document": report.number},
    )
    audit_record(
        actor=by,
        action="update",
        obj=report,
        person_id=report.holder_id,
        purpose=f"B07 passport found, report {report.number}",
        details={"found_on": found_on.isoformat(), "note": note[:200]},
    )
    return report
