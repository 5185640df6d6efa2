# Traditional Chinese notices use full-width punctuation, which is exactly what these assertions check.
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from immigo.notifications.rendering import DATE_KEYS, EVENTS, notice_language, notice_render

from .factories import CONTEXTS, RECEIPT

CATALOGUE = Path(apps.get_app_config("notifications").path) / "locale" / "zh_Hant" / "LC_MESSAGES"
TEMPLATES = Path(apps.get_app_config("notifications").path) / "templates" / "notifications"


# The case events this app defines; other apps register their own (event_register) and are
# checked by the generic tests at the end of this module.
OWN_EVENTS = sorted(CONTEXTS)


def test_every_case_event_has_a_context_example_and_its_templates():
    assert set(CONTEXTS) <= set(EVENTS)
    for event in OWN_EVENTS:
        for name in ("email_subject.txt", "email_body.txt", "sms.txt"):
            assert (TEMPLATES / event / name).is_file(), f"{event}/{name}"


@pytest.mark.parametrize("event", OWN_EVENTS)
@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_every_event_renders_a_subject_a_body_and_a_one_line_sms(event, language):
    notice = notice_render(event=event, language=language, context=CONTEXTS[event])

    assert notice.language == language
    assert RECEIPT in notice.email_subject
    assert "\n" not in notice.email_subject
    assert RECEIPT in notice.email_body
    assert "\n" not in notice.sms_body
    assert notice.sms_body.startswith("【Immigo】" if language == "zh-hant" else "[Immigo]")
    assert RECEIPT in notice.sms_body
    url = CONTEXTS[event].get("status_url") or CONTEXTS[event].get("supplement_url")
    if url:
        assert notice.sms_body.endswith(url)
    assert len(notice.sms_body) <= 160


@pytest.mark.parametrize("event", OWN_EVENTS)
def test_traditional_chinese_notices_contain_no_untranslated_sentence(event):
    notice = notice_render(event=event, language="zh-hant", context=CONTEXTS[event])
    english_context = {str(value) for value in CONTEXTS[event].values()} | set(CONTEXTS[event].get("items", []))

    text = notice.email_subject + notice.email_body + notice.sms_body
    for value in english_context:
        text = text.replace(value, "")
    assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", text.replace("Immigo", "")), text


def test_optional_lines_are_left_out_when_empty():
    context = {**CONTEXTS["document_issued"], "pickup": "", "download_url": ""}

    notice = notice_render(event="document_issued", language="en", context=context)

    assert "Download it here" not in notice.email_body
    assert "How to collect it" not in notice.email_body
    assert "\n\n\n" not in notice.email_body


def test_document_download_link_is_shown_when_given():
    context = {**CONTEXTS["document_issued"], "download_url": "https://immigo.example/d/1"}

    notice = notice_render(event="document_issued", language="en", context=context)

    assert "Download it here: https://immigo.example/d/1" in notice.email_body


def test_working_days_are_counted_in_the_plural_form_of_the_language():
    one = notice_render(event="case_submitted", language="en", context={**CONTEXTS["case_submitted"], "working_days": 1})
    seven = notice_render(event="case_submitted", language="en", context=CONTEXTS["case_submitted"])
    chinese = notice_render(event="case_submitted", language="zh-hant", context=CONTEXTS["case_submitted"])

    assert "within 1 working day, by March 4, 2025." in one.email_body
    assert "within 7 working days, by March 4, 2025." in seven.email_body
    assert "預計於 7 個工作天內、2025年3月4日 前辦結。" in chinese.email_body


@pytest.mark.parametrize(
    ("requested", "used"),
    [
        ("zh-hant", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("zh-TW", "zh-hant"),
        ("en", "en"),
        ("en-US", "en"),
        ("fr", "zh-hant"),
        ("", "zh-hant"),
    ],
)
def test_notice_language(requested, used):
    assert notice_language(language=requested) == used


def _po_entries(text: str) -> list[tuple[str, list[str]]]:
    """(msgid, msgstrs) for every entry but the header; continuation lines are joined."""
    entries = []
    for block in text.strip().split("\n\n")[1:]:
        fields: dict[str, str] = {}
        keyword = ""
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                keyword = match.group(1)
                fields[keyword] = match.group(2)
            elif line.startswith('"') and keyword:
                fields[keyword] += line[1:-1]
        entries.append((fields["msgid"], [value for key, value in fields.items() if key.startswith("msgstr")]))
    return entries


def test_traditional_chinese_catalogue_is_complete_and_compiled():
    po = CATALOGUE / "django.po"
    mo = CATALOGUE / "django.mo"

    untranslated = [msgid for msgid, msgstrs in _po_entries(po.read_text(encoding="utf-8")) if not all(msgstrs)]
    assert untranslated == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")
    assert mo.is_file()


@pytest.mark.parametrize(
    ("language", "line"),
    [("zh-hant", "領件方式：至服務站領取"), ("en", "How to collect the result: Collect at the service station")],
)
def test_a_pickup_method_code_is_shown_as_its_label_in_the_language(language, line):
    notice = notice_render(event="case_submitted", language=language, context={**CONTEXTS["case_submitted"], "pickup": "counter"})

    assert f"\n{line}\n" in notice.email_body


@pytest.mark.parametrize("event", sorted(EVENTS))
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_registered_event_of_every_app_renders_in_every_language(event, language):
    """Events registered by other apps: their three templates exist and render with the
    required fields in each of the ten languages, with one-line subjects and SMS."""
    spec = EVENTS[event]
    context = CONTEXTS.get(event) or {name: _example(name) for name in spec.required}

    notice = notice_render(event=event, language=language, context=context)

    assert notice.language == notice_language(language=language)
    assert notice.email_subject.strip() and "\n" not in notice.email_subject
    assert notice.email_body.strip()
    assert notice.sms_body.strip() and "\n" not in notice.sms_body


def _example(name: str) -> object:
    if name in DATE_KEYS:
        return "2026-03-04"
    if name in {"working_days", "people", "officers"} or name.endswith(("_count", "places", "position", "ahead", "_days")):
        return 3
    if name == "items":
        return ["a passport photo"]
    return f"<{name}>"
