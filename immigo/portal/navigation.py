"""The site's sections: the header navigation and the sitemap read the same list.

Sections of other apps are addressed by their paths rather than reversed by name, so the portal
does not break while an app is being built or renamed; tests/browser/test_links.py checks that
every one of them answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def url_or_path(name: str, path: str) -> str:
    """The address of a named route, or its usual path where the active URLconf does not have it
    (tests render base.html under URLconfs that stand in for parts of the site)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return path


@dataclass(frozen=True)
class Section:
    label: Promise
    path: str
    description: Promise | str = ""


def main_sections() -> list[Section]:
    """The header navigation, in the order a visitor needs them."""
    return [
        Section(
            _("Services"),
            url_or_path("applications:service_list", "/services/"),
            _("What you can apply for, fees, time limits and documents."),
        ),
        Section(
            _("Application status"),
            url_or_path("applications:status_lookup", "/status/"),
            _("Follow an application with its receipt number."),
        ),
        Section(_("Appointments"), "/appointments/", _("Book, change or cancel a visit to a service station.")),
        Section(_("News"), "/news/", _("Announcements and news from the agency.")),
        Section(_("FAQ"), "/faq/", _("Answers to common questions, by topic.")),
        Section(_("Regulations"), "/regulations/", _("Laws, rules and interpretations we apply.")),
        Section(
            _("Service stations"),
            url_or_path("directory:station_list", "/stations/"),
            _("Addresses, opening hours and which station serves you."),
        ),
        Section(_("Newsletter"), "/newsletter/", _("Subscribe to news by e-mail.")),
    ]


def more_sections() -> list[Section]:
    """Public sections that are not in the header navigation."""
    return [
        Section(_("Search"), "/search/", _("Search the whole site.")),
        Section(
            _("Verify a document"), url_or_path("verify:verify", "/verify/"), _("Check a permit or certificate we issued with its QR code.")
        ),
        Section(_("Missing persons"), "/missing-persons/", _("Help us find people from mainland China whose whereabouts are unknown.")),
        Section(_("Online forms"), "/forms/", _("Fill in a form online and print it ready to hand in; the counter scans it.")),
        Section(_("Queue tickets"), "/queue/", _("Take a number for a service station and follow the queue on your phone.")),
        Section(_("Mobile service vans"), "/appointments/vans/", _("Where and when the vans visit, and what they offer.")),
        Section(_("Exit-ban query"), "/exit-ban/", _("Check whether you are banned from leaving the country.")),
        Section(_("Daily quota board"), "/quotas/", _("Remaining places for mainland group tourists, today and the coming days.")),
    ]


def about_sections() -> list[Section]:
    """The footer's links about the site itself."""
    return [
        Section(_("Accessibility"), url_or_path("portal:accessibility", "/accessibility/")),
        Section(_("Privacy"), url_or_path("portal:privacy", "/privacy/")),
        Section(_("Sitemap"), url_or_path("portal:sitemap", "/sitemap/")),
        Section(_("Display options"), url_or_path("portal:display_options", "/display/")),
    ]


def current_state(section_path: str, request_path: str) -> str:
    """The aria-current value of a link: "page" on the section's own page, "true" inside it."""
    if request_path == section_path:
        return "page"
    if section_path != "/" and request_path.startswith(section_path):
        return "true"
    return ""
