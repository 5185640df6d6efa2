"""The tools a signed-in staff member or organisation login can open, by role and kind. Each
page checks its own permissions; this list only saves people from knowing the addresses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import Role, User
from immigo.accounts.permissions import roles_anywhere
from immigo.organisations.models import Organisation
from immigo.organisations.selectors import organisation_administered, organisation_list_for_user

from .navigation import Section

COUNTER = {Role.COUNTER_OFFICER, Role.REVIEWER, Role.SUPERVISOR, Role.STATION_CHIEF}
MANAGERS = {Role.SUPERVISOR, Role.STATION_CHIEF}

# (roles that see it, the section)
STAFF_TOOLS: tuple[tuple[frozenset[str], Section], ...] = (
    (frozenset(COUNTER), Section(_("Work queue"), "/staff/", _("Cases of your unit by due date; counter intake."))),
    (
        frozenset(COUNTER),
        Section(_("Appointments"), "/appointments/staff/", _("The station's day plan, phone bookings, groups, home pickups, vans.")),
    ),
    (frozenset(COUNTER), Section(_("Queue counters"), "/queue/staff/", _("Open a counter and call the next ticket."))),
    (
        frozenset(COUNTER),
        Section(_("Scan an online form"), "/forms/staff/scan/", _("Open a counter intake pre-filled from a printed form.")),
    ),
    (
        frozenset(COUNTER),
        Section(_("Lost passports"), "/staff/lost-passports/", _("Reports of lost foreign passports and passports found.")),
    ),
    (
        frozenset(COUNTER),
        Section(_("Residence permits"), "/residence/staff/", _("Expiring permits, the reminder ladder and van planning.")),
    ),
    (
        frozenset({*COUNTER, Role.INTERPRETER, Role.SPECIAL_OPERATIONS}),
        Section(_("Reminder tasks"), "/residence/staff/tasks/", _("Phone calls and field visits before a permit expires.")),
    ),
    (
        frozenset({*MANAGERS, Role.VOLUNTEER}),
        Section(_("Satisfaction"), "/feedback/staff/", _("Ratings, alerts, statistics and the service expert of the month.")),
    ),
    (
        frozenset({Role.REVIEWER, Role.SUPERVISOR}),
        Section(_("Exit-ban register"), "/staff/border/exit-bans/", _("Register and lift exit bans.")),
    ),
    (
        frozenset({Role.REVIEWER, Role.SUPERVISOR}),
        Section(_("Exit-ban proxy requests"), "/staff/border/proxy-requests/", _("Check proxies' authorisations.")),
    ),
    (
        frozenset({Role.COUNTER_OFFICER}),
        Section(_("Link an account to an ID"), "/staff/border/link-account/", _("After checking the ID card in person.")),
    ),
    (
        frozenset({Role.BORDER_OFFICER}),
        Section(_("Airport exit approvals"), "/staff/border/airport-exit/", _("On-the-spot approvals for conscript-age men (F04).")),
    ),
    (
        frozenset({Role.QUOTA_OFFICER, Role.ADMINISTRATOR}),
        Section(_("Daily quotas"), "/quotas/staff/", _("Set quotas and follow allocation.")),
    ),
    (frozenset({Role.CONTENT_EDITOR, Role.SUPERVISOR}), Section(_("Web content"), "/editor/", _("Draft, translate, review and publish."))),
    (
        frozenset({Role.CONTENT_EDITOR, Role.SUPERVISOR}),
        Section(_("Newsletter"), "/newsletter/editor/", _("Issues, articles and reader questions.")),
    ),
    (
        frozenset({Role.CONTENT_EDITOR, Role.SUPERVISOR}),
        Section(_("Missing persons"), "/missing-persons/editor/", _("Keep the public list.")),
    ),
)

ORGANISATION_TOOLS: dict[str, tuple[Section, ...]] = {
    Organisation.Kind.TRAVEL_AGENCY: (
        Section(_("Applications for customers"), "/agency/", _("File and follow your customers' applications.")),
        Section(_("Group tourist quotas"), "/quotas/agency/", _("File groups and follow allocation and the waiting list.")),
    ),
    Organisation.Kind.SCHOOL: (Section(_("Group sessions"), "/appointments/organisation/", _("Book a session for your students.")),),
    Organisation.Kind.EMPLOYER: (Section(_("Group sessions"), "/appointments/organisation/", _("Book a session for your workers.")),),
    Organisation.Kind.SPONSOR_COMPANY: (
        Section(_("Business fast-track"), "/sponsor/fast-track/", _("Apply for your travellers and download approvals.")),
    ),
}

# For an organisation's administrators, whatever its kind.
LOGINS = Section(_("Your organisation's logins"), "/organisation/logins/", _("Add colleagues, change their roles, deactivate logins."))


def tool_list_for_user(user: User) -> list[Section]:
    if not user.is_authenticated:
        return []
    if user.kind == User.Kind.STAFF:
        held = roles_anywhere(user)
        return [section for roles, section in STAFF_TOOLS if roles & held]
    if user.kind == User.Kind.ORGANISATION:
        kinds = {organisation.kind for organisation in organisation_list_for_user(user)}
        seen: dict[str, Section] = {}
        for kind in sorted(kinds):
            for section in ORGANISATION_TOOLS.get(kind, ()):
                seen.setdefault(section.path, section)
        if organisation_administered(user) is not None:
            seen.setdefault(LOGINS.path, LOGINS)
        return list(seen.values())
    return []
