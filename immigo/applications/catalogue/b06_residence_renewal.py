"""B06: renewal (extension) of a residence permit (居留延期), the service the expiry-reminder
ladder leads to.

Residents apply within the 30 days before their permit expires (service-rules §8). The notice sent
15 days before expiry carries a signed link that opens this application with the registry's
details filled in. The case is reviewed by the station that holds the permit; on approval the
registry extends the permit (same validity as before, at most 3 years) and the remaining reminder
tasks are cancelled. The renewed certificate is collected at the station. The form, the registry
check and the approval hook live with the registry (immigo.residence.renewal).
"""

from __future__ import annotations

from immigo.residence import renewal

from ..models import Channel, Pickup
from .base import ApplicantKind, DocumentRequirement, Service

SERVICE = Service(
    code="B06",
    slug="residence-renewal",
    name=renewal.NAME,
    summary=renewal.SUMMARY,
    form_class=renewal.ResidenceRenewalForm,
    applicant_kinds=frozenset({ApplicantKind.FOREIGN_RESIDENT, ApplicantKind.MAINLAND_RESIDENT, ApplicantKind.HK_MACAO_RESIDENT}),
    channels=frozenset({Channel.ONLINE, Channel.COUNTER}),
    pickups=(Pickup.COUNTER,),
    # The seed gives no fee or time limit for a renewal: no fee is taken online (it is collected at
    # the counter with the certificate), and the station decides within 7 working days.
    fee=0,
    time_limit_working_days=7,
    documents=tuple(DocumentRequirement(code, label) for code, label in renewal.DOCUMENTS),
    auto_checks=(renewal.check_registry_permit,),
    route=renewal.route,
    on_approved=renewal.extend_permit,
    legal_basis=renewal.LEGAL_BASIS,
)
