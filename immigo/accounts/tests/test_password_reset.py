"""A member of the public who forgot their password recovers access by e-mail."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

RESET = reverse("accounts:password_reset")


def test_the_reset_link_lets_the_user_choose_a_new_password(client, public_user):  # type: ignore[no-untyped-def]
    assert 'autocomplete="email"' in client.get(RESET).content.decode()
    response = client.post(RESET, {"email": "Applicant@Example.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert client.get(response["Location"]).status_code == 200

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [public_user.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", message.body)
    assert link, message.body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    assert 'autocomplete="new-password"' in form_page.content.decode()

    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "a-brand-new-secret-2026", "new_password2": "a-brand-new-secret-2026"})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    public_user.refresh_from_db()
    assert public_user.check_password("a-brand-new-secret-2026")

    # The link works once.
    assert not client.get(link.group(1), follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, db):  # type: ignore[no-untyped-def]
    response = client.post(RESET, {"email": "nobody@example.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
