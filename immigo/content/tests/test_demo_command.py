from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from immigo.accounts.models import Role
from immigo.content.models import Item, ItemTranslation, Kind, Revision

from . import factories as f


@pytest.fixture
def demo_staff(db):  # type: ignore[no-untyped-def]
    f.staff("editor@demo.immigo.tw", Role.CONTENT_EDITOR, f.hq_unit())
    f.staff("supervisor.hq@demo.immigo.tw", Role.SUPERVISOR, f.hq_unit())


def test_the_demo_content_is_published_through_the_workflow_and_only_once(demo_staff):
    call_command("content_demo", verbosity=0)
    items = Item.objects.count()
    assert items > 20
    assert not ItemTranslation.objects.filter(live_revision__isnull=True).exists()
    assert Item.objects.filter(kind=Kind.DISCLOSURE).count() == 10
    assert Item.objects.filter(kind=Kind.REGULATION).count() >= 2
    assert Item.objects.filter(kind=Kind.FAQ, category__audience="children").exists()
    faq_titles = list(
        Revision.objects.filter(translation__item__kind=Kind.FAQ, translation__language="zh-hant").values_list("title", "body")
    )
    assert any("延期" in title and "居留" in title and "30 日內" in body for title, body in faq_titles)
    guide = Item.objects.get(kind=Kind.GUIDE)
    revision = guide.translations.get(language="zh-hant").live_revision
    assert revision.document.read().startswith(b"%PDF-")
    assert revision.sample.read().startswith(b"%PDF-")
    assert ItemTranslation.objects.filter(language="en").exists()
    revisions = Revision.objects.count()
    call_command("content_demo", verbosity=0)
    assert Item.objects.count() == items
    assert Revision.objects.count() == revisions


def test_the_demo_shows_english_and_the_fallback(demo_staff):
    call_command("content_demo", verbosity=0)
    client = Client(headers={"Accept-Language": "en"})
    translated = client.get(reverse("content:news_detail", args=["hk-macao-online-entry-permit"]))
    assert "Online entry permits for Hong Kong and Macao residents" in translated.text
    fallback = client.get(reverse("content:news_detail", args=["residence-expiry-reminders"]))
    assert "It is shown in Traditional Chinese." in fallback.text
    regulation = client.get(reverse("content:regulation_detail", args=["immigration-act"]))
    assert "not the official text" in regulation.text


def test_the_demo_needs_the_demo_staff(db):
    with pytest.raises(CommandError):
        call_command("content_demo", verbosity=0)
