import pytest
from django.urls import reverse

from .factories import message_enqueue

pytestmark = pytest.mark.django_db


def test_the_outbox_is_listed_read_only_in_the_admin(admin_client):
    (message,) = message_enqueue()

    listing = admin_client.get(reverse("admin:notifications_outboxmessage_changelist"))
    detail = admin_client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))

    assert listing.status_code == 200
    assert message.recipient in listing.text
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert admin_client.get(reverse("admin:notifications_outboxmessage_add")).status_code == 403
    assert admin_client.post(reverse("admin:notifications_outboxmessage_delete", args=[message.pk])).status_code == 403
