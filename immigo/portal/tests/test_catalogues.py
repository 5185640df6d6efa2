"""Every catalogue is complete in every language and compiled as it stands.

The catalogues are discovered (catalogues.po_files): the project's (settings.LOCALE_PATHS, which
includes the Filipino catalogue of Django's own strings) and every app's immigo/<app>/locale, so
an app's catalogue is checked from the day it is added. A compiled catalogue (.mo) is compared with
what its .po says, message by message, rather than by file date: a checkout gives both files the
same date, and a stale .mo is exactly what a date cannot show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from .catalogues import Entry, locale_directories, mo_catalogue, po_as_catalogue, po_entries, po_files

BASE = Path(settings.BASE_DIR)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _placeholders(text: str) -> set[str]:
    return {named or braced for named, braced in PLACEHOLDER.findall(text)}


def _name(path: Path) -> str:
    return str(path.relative_to(BASE))


def _untranslated(entries: list[Entry]) -> list[str]:
    problems = []
    for entry in entries:
        if not entry.msgid or entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label}")
        elif not entry.msgstr or not all(entry.msgstr):
            problems.append(f"untranslated: {entry.label}")
    return problems


def _bad_placeholders(entries: list[Entry]) -> list[str]:
    """A translation that drops or invents a placeholder breaks the page that shows it."""
    problems = []
    for entry in entries:
        if not entry.msgid or entry.obsolete or not any(entry.msgstr):
            continue
        wanted = _placeholders(entry.msgid)
        if entry.msgid_plural is None:
            if _placeholders(entry.msgstr[0]) != wanted:
                problems.append(f"placeholders differ: {entry.label}")
        else:
            allowed = wanted | _placeholders(entry.msgid_plural)
            if any(not _placeholders(text) <= allowed for text in entry.msgstr):
                problems.append(f"unknown placeholder: {entry.label}")
    return problems


def test_every_locale_directory_has_a_catalogue_for_every_language():
    missing = [
        f"{_name(directory)}/{to_locale(code)}"
        for directory in locale_directories()
        if directory.name == "locale"
        for code in LANGUAGE_CODES
        if not (directory / to_locale(code) / "LC_MESSAGES" / "django.po").is_file()
    ]
    assert not missing, "no catalogue: " + ", ".join(missing)


def test_the_catalogues_of_every_app_are_found():
    relative = [path.relative_to(BASE) for path in po_files()]
    found = {path.parts[1] for path in relative if path.parts[0] == "immigo"}
    apps = {path.parent.name for path in (BASE / "immigo").glob("*/locale")}
    assert apps <= found
    assert {"content", "newsletter", "missing", "search", "accounts", "notifications"} <= apps
    assert {path.parts[0] for path in relative if path.parts[0] != "immigo"} == {
        Path(directory).relative_to(BASE).parts[0] for directory in settings.LOCALE_PATHS
    }


@pytest.mark.parametrize("po", po_files(), ids=_name)
def test_every_message_is_translated_and_none_is_fuzzy(po):
    entries = po_entries(po)
    problems = _untranslated(entries) + _bad_placeholders(entries)
    assert not problems, f"{_name(po)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po", po_files(), ids=_name)
def test_the_compiled_catalogue_says_what_its_po_file_says(po):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{_name(po)} is not compiled: run compilemessages"
    compiled = mo_catalogue(mo)
    written = po_as_catalogue(po_entries(po))
    stale = sorted(str(key) for key in compiled.keys() | written.keys() if compiled.get(key) != written.get(key))
    assert not stale, f"{_name(mo)} is out of date with its .po (run compilemessages): " + "; ".join(stale[:5])


def test_a_fuzzy_or_empty_entry_is_caught(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#, fuzzy\nmsgid "Save"\nmsgstr "Lưu"\n\n'
        'msgctxt "of a newsletter"\nmsgid "Issue"\nmsgstr ""\n\n'
        'msgid "%(count)s page"\nmsgid_plural "%(count)s pages"\nmsgstr[0] "%(count)s trang"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Xin chào"\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = po_entries(po)
    assert _untranslated(entries) == ["fuzzy: line 6: 'Save'", "untranslated: line 9: [of a newsletter] 'Issue'"]
    assert _bad_placeholders(entries) == ["placeholders differ: line 17: 'Hello %(name)s'"]
    assert po_as_catalogue(entries) == {("%(count)s page", 0): "%(count)s trang", "Hello %(name)s": "Xin chào"}
