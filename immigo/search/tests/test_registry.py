"""The provider registry and `manage.py search_reindex`."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from immigo.search import registry
from immigo.search.models import SearchDocument

from .factories import index_document

pytestmark = pytest.mark.django_db

KIND = "search-test"
SUPPLIED: list[dict[str, Any]] = []


def _test_documents() -> Iterator[dict[str, Any]]:
    yield from SUPPLIED


@pytest.fixture
def supplied() -> Iterator[list[dict[str, Any]]]:
    SUPPLIED[:] = [
        {"key": "1", "language": "zh-hant", "title": "居留延期問答", "body": "", "url": "/test/1/"},
        {"key": "1", "language": "en", "title": "Extending residence", "body": "", "url": "/en/test/1/"},
        {"kind": KIND, "key": "2", "language": "zh-hant", "title": "入國問答", "body": "", "url": "/test/2/"},
    ]
    registry.register_provider(KIND, _test_documents, label="Test pages", value_labels={"category": {"stay": "Staying"}})
    yield SUPPLIED
    registry.unregister_provider(KIND)


def test_reindex_indexes_what_the_providers_supply(supplied):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("search_reindex", stdout=out)
    indexed = set(SearchDocument.objects.filter(kind=KIND).values_list("key", "language"))
    assert indexed == {("1", "zh-hant"), ("1", "en"), ("2", "zh-hant")}
    assert f"{KIND}: 3 supplied, 0 removed" in out.getvalue()


def test_reindex_removes_documents_a_provider_no_longer_supplies(supplied):  # type: ignore[no-untyped-def]
    index_document("gone", "已刪除", "", kind=KIND)
    index_document("kept", "別的種類", "", kind="unregistered")
    call_command("search_reindex", kind=[KIND], stdout=StringIO())
    assert not SearchDocument.objects.filter(kind=KIND, key="gone").exists()
    assert SearchDocument.objects.filter(kind="unregistered", key="kept").exists()


def test_reindex_reports_invalid_documents_and_keeps_their_earlier_version(supplied):  # type: ignore[no-untyped-def]
    index_document("2", "入國問答", "", kind=KIND)
    supplied[2] = {**supplied[2], "title": ""}
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("search_reindex", kind=[KIND], stdout=StringIO(), stderr=err)
    assert f"{KIND}:2" in err.getvalue()
    assert SearchDocument.objects.filter(kind=KIND, key="2").exists()


def test_reindex_refuses_an_unknown_kind():
    with pytest.raises(CommandError):
        call_command("search_reindex", kind=["nothing"], stdout=StringIO())


def test_a_second_provider_for_a_kind_is_a_configuration_error(supplied):  # type: ignore[no-untyped-def]
    registry.register_provider(KIND, _test_documents)  # the same one again is fine
    with pytest.raises(ImproperlyConfigured):
        registry.register_provider(KIND, lambda: [])


def test_labels_come_from_the_registration(supplied):  # type: ignore[no-untyped-def]
    assert registry.kind_label(KIND) == "Test pages"
    assert registry.value_label(KIND, "category", "stay") == "Staying"
    assert registry.kind_label("unregistered") == "unregistered"
