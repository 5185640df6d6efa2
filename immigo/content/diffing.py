"""The difference between two revisions, line by line (difflib), shaped for an accessible
table: every line says in words whether it was removed, added or unchanged, so the meaning
does not rest on colour."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# Unchanged lines shown around each change; longer unchanged stretches are folded.
CONTEXT = 2

FIELD_LABELS: dict[str, Any] = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Text"),
    "articles": _("Articles"),
    "amendments": _("Amendment history"),
    "document": _("Document (PDF)"),
    "sample": _("Filled-in sample (PDF)"),
    "facts": _("Shared facts (address, category, dates)"),
}


@dataclass(frozen=True)
class DiffLine:
    change: str  # "same", "removed", "added" or "folded"
    old_number: int | None = None
    new_number: int | None = None
    text: str = ""
    folded: int = 0


@dataclass
class FieldDiff:
    name: str
    label: Any
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.change in ("removed", "added") for line in self.lines)


def _lines(name: str, value: Any) -> list[str]:
    if name == "facts":
        return [f"{key}: {val}" for key, val in sorted((value or {}).items())]
    if name in ("document", "sample"):
        return [str(value).rsplit("/", 1)[-1]] if value else []
    return str(value or "").replace("\r\n", "\n").split("\n") if value else []


def _field_diff(old: list[str], new: list[str]) -> list[DiffLine]:
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            size = i2 - i1
            if size > 2 * CONTEXT + 1:
                keep_head = CONTEXT if out else 0
                keep_tail = CONTEXT if i2 < len(old) or j2 < len(new) else 0
                for k in range(keep_head):
                    out.append(DiffLine("same", i1 + k + 1, j1 + k + 1, old[i1 + k]))
                folded = size - keep_head - keep_tail
                if folded:
                    out.append(DiffLine("folded", folded=folded))
                for k in range(size - keep_tail, size):
                    out.append(DiffLine("same", i1 + k + 1, j1 + k + 1, old[i1 + k]))
            else:
                out += [DiffLine("same", i1 + k + 1, j1 + k + 1, old[i1 + k]) for k in range(size)]
            continue
        out += [DiffLine("removed", old_number=i + 1, text=old[i]) for i in range(i1, i2)]
        out += [DiffLine("added", new_number=j + 1, text=new[j]) for j in range(j1, j2)]
    return out


class Diff(list[FieldDiff]):
    @property
    def changed(self) -> bool:
        return any(diff.changed for diff in self)


def snapshot_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> Diff:
    """Each field of `new` compared with `old` (None: compared with nothing, all added)."""
    diffs = Diff()
    for name, label in FIELD_LABELS.items():
        if name not in new:
            continue
        diffs.append(FieldDiff(name=name, label=label, lines=_field_diff(_lines(name, (old or {}).get(name)), _lines(name, new[name]))))
    return diffs
