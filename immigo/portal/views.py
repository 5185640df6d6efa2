"""Public portal pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from immigo.applications.catalogue import SERVICES
from immigo.applications.catalogue.base import ApplicantKind
from immigo.applications.models import Channel

# Who the services are for, in the order the home page lists them.
AUDIENCES = [
    (ApplicantKind.HK_MACAO_RESIDENT, _("Residents of Hong Kong and Macao")),
    (ApplicantKind.FOREIGN_RESIDENT, _("Foreign nationals living in Taiwan")),
    (ApplicantKind.MAINLAND_RESIDENT, _("Residents from mainland China living in Taiwan")),
    (ApplicantKind.CITIZEN, _("Citizens with household registration in Taiwan")),
    (ApplicantKind.NATIONAL_NO_REGISTRATION, _("Nationals without household registration")),
    (ApplicantKind.FOREIGN_VISITOR, _("Visitors from abroad")),
    (ApplicantKind.AGENT, _("People applying on someone else's behalf")),
]


def home(request: HttpRequest) -> HttpResponse:
    audiences = [
        {
            "label": label,
            "services": [
                {"service": service, "online": service.offers(Channel.ONLINE)}
                for service in SERVICES.values()
                if kind in service.applicant_kinds
            ],
        }
        for kind, label in AUDIENCES
    ]
    context = {"audiences": [a for a in audiences if a["services"]], "services": list(SERVICES.values())}
    return render(request, "portal/home.html", context)
