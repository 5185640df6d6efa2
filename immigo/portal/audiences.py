"""Who the site serves (seed H10 and §1.3): six entry points, each with the services of the
catalogue that concern it. The catalogue says who may apply for a service (its applicant kinds);
an audience is the set of applicant kinds a visitor recognises themselves in."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from immigo.applications.catalogue import SERVICES
from immigo.applications.catalogue.base import ApplicantKind, Service
from immigo.core.errors import NotFoundError


@dataclass(frozen=True)
class Audience:
    slug: str
    title: Promise
    summary: Promise  # one line on the home page
    description: Promise  # who they are and what we handle for them
    kinds: frozenset[ApplicantKind]


AUDIENCES: tuple[Audience, ...] = (
    Audience(
        "citizens",
        _("Citizens with household registration in Taiwan"),
        _("You hold a national ID card."),
        _(
            "Certificates of your entry and exit dates, exit approval for men of conscription age and enrolment in "
            "automated border clearance (e-Gate)."
        ),
        frozenset({ApplicantKind.CITIZEN}),
    ),
    Audience(
        "nationals-without-registration",
        _("Nationals without household registration"),
        _("You hold a Republic of China passport but have no household registration in Taiwan."),
        _(
            "Entry permits, including the temporary entry permit at the border, residence and settlement, and a unified "
            "ID number for nationals living abroad, such as overseas Chinese."
        ),
        frozenset({ApplicantKind.NATIONAL_NO_REGISTRATION}),
    ),
    Audience(
        "hong-kong-macao",
        _("Residents of Hong Kong and Macao"),
        _("Visits, residence and settlement for residents of Hong Kong and Macao."),
        _("Entry permits, including the online permit for permanent residents, extensions of stay, residence and settlement."),
        frozenset({ApplicantKind.HK_MACAO_RESIDENT}),
    ),
    Audience(
        "mainland",
        _("People from mainland China, including spouses"),
        _("Visits, reunion, residence and settlement of people from mainland China."),
        _(
            "Reunion, dependent residence, long-term residence and settlement of mainland spouses, their interviews, "
            "and visits for tourism, exchanges and business."
        ),
        frozenset({ApplicantKind.MAINLAND_RESIDENT}),
    ),
    Audience(
        "foreign-nationals",
        _("Foreign nationals, including spouses"),
        _("Visits, residence and permanent residence of foreign nationals."),
        _(
            "Visitor stays, resident certificates (ARC), permanent residence (APRC), changes to your resident "
            "certificate and advice on living in Taiwan, for spouses, workers, students and professionals."
        ),
        frozenset({ApplicantKind.FOREIGN_RESIDENT, ApplicantKind.FOREIGN_VISITOR}),
    ),
    Audience(
        "children",
        _("Children"),
        _("For children and their parents, including children of new immigrants."),
        _(
            "A parent or guardian applies on a child's behalf: the services below accept an application filed for "
            "someone else with a letter of authorisation."
        ),
        frozenset({ApplicantKind.AGENT}),
    ),
)
BY_SLUG: dict[str, Audience] = {a.slug: a for a in AUDIENCES}


def audience_get(*, slug: str) -> Audience:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise NotFoundError(details={"audience": slug}) from None


def service_list_for_audience(*, audience: Audience) -> list[Service]:
    """The catalogue services any of the audience's applicant kinds may apply for, in catalogue order."""
    return [service for service in SERVICES.values() if service.applicant_kinds & audience.kinds]
