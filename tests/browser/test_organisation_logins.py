"""An organisation's administrator manages its logins in a real browser: the page and its error
state pass axe-core, a colleague is added, then deactivated with the button that names them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from immigo.accounts.models import User
from immigo.organisations.models import Membership, Organisation
from immigo.organisations.services import organisation_member_add

from .test_accessibility import AXE, _axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Formosa-Tours-2026"


@pytest.mark.parametrize("language", ["zh-hant", "my"])
def test_an_administrator_adds_and_deactivates_a_colleague_on_an_accessible_page(live_server, new_context, language):
    agency = Organisation.objects.create(
        kind=Organisation.Kind.TRAVEL_AGENCY,
        name="福爾摩沙旅行社",
        business_number="12345675",
        licence_number="交觀甲 9",
        licence_valid_until=dt.date(2099, 1, 1),
    )
    boss = User.objects.create_user("boss@formosa.test", PASSWORD, full_name="王經理", kind=User.Kind.ORGANISATION)
    organisation_member_add(organisation=agency, user=boss, role=Membership.Role.ADMINISTRATOR)

    context = new_context()
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/organisation/logins/")
    page.fill("input[name=username]", "boss@formosa.test")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisation/logins/")
    assert not _axe(page)

    with translation.override(language):
        add = translation.gettext("Add the login")
        deactivate = translation.gettext("Deactivate %(email)s") % {"email": "clerk@formosa.test"}
    page.get_by_role("button", name=add).click()
    assert page.locator(".error-summary, [role=alert]").first.is_visible()
    violations = _axe(page)
    assert not violations, violations

    page.fill("input[name=full_name]", "陳小姐")
    page.fill("input[name=email]", "clerk@formosa.test")
    page.get_by_role("button", name=add).click()
    page.wait_for_url("**/organisation/logins/")
    clerk = Membership.objects.get(organisation=agency, user__email="clerk@formosa.test")
    assert clerk.is_active and clerk.role == Membership.Role.MEMBER

    page.get_by_role("button", name=deactivate).click()
    page.wait_for_url("**/organisation/logins/")
    clerk.refresh_from_db()
    assert not clerk.is_active
    assert not _axe(page)
    context.close()
