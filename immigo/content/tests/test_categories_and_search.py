from __future__ import annotations

from django.urls import reverse

from immigo.content.indexing import PROVIDERS, CategoryNames
from immigo.content.models import Category, Kind
from immigo.search.registry import provider_list, value_label

from . import factories as f


def test_the_seeded_categories_follow_the_seed(db):
    faq = Category.objects.filter(scheme=Category.Scheme.FAQ)
    assert faq.filter(audience=Category.Audience.GENERAL).count() == 9
    assert faq.filter(audience=Category.Audience.CHILDREN).count() == 12
    assert Category.objects.filter(scheme=Category.Scheme.REGULATION).count() == 6
    assert Category.objects.filter(scheme=Category.Scheme.GUIDE).count() == 9
    named = {c.names["zh-hant"] for c in faq}
    assert {
        "入出國及移民法",
        "入出境與役政",
        "大陸地區人民入出境",
        "外籍人士入出國",
        "外籍配偶照顧輔導",
        "跨國境婚姻媒合",
        "居住臺灣地區人民受歧視申訴",
        "其他",
    } <= named


def test_a_category_name_falls_back_to_chinese(db):
    category = Category.objects.get(scheme=Category.Scheme.FAQ, code="foreigners")
    assert category.name_in("en") == ("Entry and exit of foreign nationals", "en")
    assert category.name_in("vi") == ("外籍人士入出國", "zh-hant")
    assert category.name_in("vi").lang == "zh-Hant-TW"


def test_every_content_kind_has_a_search_provider():
    registered = {entry.kind for entry in provider_list()}
    assert set(PROVIDERS) <= registered
    assert set(PROVIDERS) == {"news", "faq", "regulation", "guide", "publication", "disclosure"}


def test_the_search_provider_supplies_every_published_version(editor, supervisor):
    item = f.published(editor, supervisor, kind=Kind.FAQ, title="居留證如何延期？")
    f.translate(item, editor, supervisor, title="How to extend")
    f.draft(editor, kind=Kind.FAQ, title="草稿")
    documents = list(PROVIDERS["faq"]())
    assert sorted((d["language"], d["title"]) for d in documents) == [("en", "How to extend"), ("zh-hant", "居留證如何延期？")]
    assert {d["kind"] for d in documents} == {"faq"}


def test_the_search_names_category_codes_in_the_visitors_language(db):
    from django.utils import translation

    with translation.override("en"):
        assert value_label("faq", "category", "foreigners") == "Entry and exit of foreign nationals"
        assert value_label("regulation", "reg_kind", "law") == "Law"
    assert "foreigners" in CategoryNames(Category.Scheme.FAQ)


def test_an_administrator_names_a_category_in_another_language(admin_client):
    category = Category.objects.get(scheme=Category.Scheme.FAQ, code="foreigners")
    url = reverse("admin:content_category_change", args=[category.pk])
    assert admin_client.get(url).status_code == 200
    data = {
        "scheme": "faq",
        "audience": "general",
        "code": "foreigners",
        "position": "5",
        "name_zh_hant": "外籍人士入出國",
        "name_vi": "Người nước ngoài",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.names == {"zh-hant": "外籍人士入出國", "vi": "Người nước ngoài"}
