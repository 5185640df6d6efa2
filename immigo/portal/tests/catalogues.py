"""Reading the project's gettext catalogues (.po) and their compiled form (.mo) without a third-party
library, for the test that keeps every catalogue complete (test_catalogues.py).

Every catalogue is found, not listed: the project catalogue (settings.LOCALE_PATHS) and the
catalogue of every app under immigo/ that has a locale/ directory, so an app added later is checked
as soon as it has one.
"""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings


@dataclass
class Entry:
    """One message of a .po file; `msgstr` holds one string, or one per plural form."""

    msgid: str
    line: int
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        """The entry's key in a compiled catalogue: context and id joined by EOT, as gettext does."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"line {self.line}: {context}{self.msgid!r}"


def _unquote(text: str) -> str:
    value = ast.literal_eval(text.strip())
    if not isinstance(value, str):
        raise ValueError(f"not a PO string: {text!r}")
    return value


def po_entries(path: Path) -> list[Entry]:
    """The entries of a .po file, the header (msgid "") first."""
    return po_text_entries(path.read_text(encoding="utf-8"), name=str(path))


def po_text_entries(text: str, *, name: str = "<po>") -> list[Entry]:
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # which field a continuation line extends
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and (target is None or target[0] != "msgctxt")):
            entry = Entry(msgid="", line=number, flags=flags, obsolete=obsolete)
            entries.append(entry)
            flags = set()
        if entry is None:
            raise ValueError(f"{name}:{number}: cannot read {raw!r}")
        if keyword == "msgctxt":
            entry.msgctxt = _unquote(rest)
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            entry.msgid = _unquote(rest)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.msgid_plural = _unquote(rest)
            target = ("msgid_plural", 0)
        elif keyword == "msgstr":
            entry.msgstr = [_unquote(rest)]
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            entry.msgstr.extend([""] * (index + 1 - len(entry.msgstr)))
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif line.startswith('"') and target is not None:
            text = _unquote(line)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += text
            elif name == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + text
            else:
                setattr(entry, name, getattr(entry, name) + text)
        else:
            raise ValueError(f"{name}:{number}: cannot read {raw!r}")
    return entries


def mo_catalogue(path: Path) -> dict[str | tuple[str, int], str]:
    """The messages of a compiled .mo file, keyed as gettext keys them (plural forms by index)."""
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    catalogue = dict(translations._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)  # the header: msgfmt leaves some of its lines out
    return catalogue


def po_as_catalogue(entries: list[Entry]) -> dict[str | tuple[str, int], str]:
    """What msgfmt compiles a .po file into: its translated entries, less the fuzzy and obsolete
    ones and the header."""
    catalogue: dict[str | tuple[str, int], str] = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags or not any(entry.msgstr):
            continue
        if entry.msgid_plural is None:
            catalogue[entry.key] = entry.msgstr[0]
        else:
            for index, text in enumerate(entry.msgstr):
                catalogue[(entry.key, index)] = text
    return catalogue


def locale_directories() -> list[Path]:
    """The project's catalogues and every app's: settings.LOCALE_PATHS plus immigo/*/locale."""
    base = Path(settings.BASE_DIR)
    directories = [Path(path) for path in settings.LOCALE_PATHS]
    directories += sorted(path for path in (base / "immigo").glob("*/locale") if path.is_dir())
    return directories


def po_files() -> list[Path]:
    return sorted(path for directory in locale_directories() for path in directory.glob("*/LC_MESSAGES/*.po"))
