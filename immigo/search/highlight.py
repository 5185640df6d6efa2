"""Highlighting: where a result's text matches the query, and the snippet shown under its title.

Matches are found in the folded text (see ``text``) and marked in the original: a full-width
``ＡＲＣ`` is marked when the visitor typed ``arc``. Overlapping and touching matches merge, so
``居留證`` found by the bigrams ``居留`` and ``留證`` is one ``<mark>``. Every piece of text is
HTML-escaped; the only markup in the result is ``<mark>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import WORD_CHAR, QueryTerm, fold

SNIPPET_LENGTH = 160
# How much text the snippet shows before its first match.
SNIPPET_LEAD = 30
# Enough to choose a window; a very long text does not need every occurrence.
MAX_SPANS = 400
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # the query term it matches, to count distinct terms in a window


@lru_cache(maxsize=256)
def _word_pattern(words: tuple[QueryTerm, ...]) -> re.Pattern[str]:
    alternatives = []
    for index, word in enumerate(sorted(words, key=lambda w: -len(w.term))):
        tail = f"{WORD_CHAR}*" if word.prefix else f"(?!{WORD_CHAR})"
        alternatives.append(f"(?P<w{index}>{re.escape(word.term)}){tail}")
    return re.compile(f"(?<!{WORD_CHAR})(?:{'|'.join(alternatives)})")


def match_spans(text: str, terms: Iterable[QueryTerm]) -> list[Span]:
    """Every match of the terms in the text, in source offsets, ordered by position."""
    terms = tuple(dict.fromkeys(terms))
    if not text or not terms:
        return []
    folded = fold(text)
    spans: list[Span] = []
    for term in (t for t in terms if t.ngram):
        position = folded.text.find(term.term)
        while position != -1 and len(spans) < MAX_SPANS:
            start, end = folded.source_span(position, position + len(term.term))
            spans.append(Span(start=start, end=end, label=term.term))
            position = folded.text.find(term.term, position + 1)
    words = tuple(t for t in terms if not t.ngram)
    if words:
        for match in _word_pattern(words).finditer(folded.text):
            start, end = folded.source_span(match.start(), match.end())
            spans.append(Span(start=start, end=end, label=str(match.lastgroup)))
            if len(spans) >= MAX_SPANS:
                break
    return sorted(spans, key=lambda span: (span.start, span.end))


def _merged(spans: Iterable[Span]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
        else:
            merged.append((span.start, span.end))
    return merged


def _marked(text: str, spans: Sequence[tuple[int, int]], *, start: int, end: int) -> str:
    pieces: list[str] = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(escape(_SPACE.sub(" ", text[position:span_start])))
        pieces.append(f"<mark>{escape(_SPACE.sub(' ', text[span_start:span_end]))}</mark>")
        position = span_end
    pieces.append(escape(_SPACE.sub(" ", text[position:end])))
    return "".join(pieces)


def highlight_html(text: str, spans: Iterable[Span]) -> SafeString:
    """The whole text (a title), escaped, with its matches marked."""
    return mark_safe(_marked(text, _merged(spans), start=0, end=len(text)))


def _best_window(spans: Sequence[Span], *, length: int, text_length: int) -> int:
    """Where the window with the most distinct terms (then the most matches) begins."""
    best_start, best_key = 0, (-1, -1)
    for index, span in enumerate(spans):
        start = max(0, min(span.start - SNIPPET_LEAD, text_length - length))
        labels: set[str] = set()
        count = 0
        for other in spans[index:]:
            if other.start >= start + length:
                break
            if other.end <= start + length:
                labels.add(other.label)
                count += 1
        key = (len(labels), count)
        if key > best_key:
            best_start, best_key = start, key
    return best_start


def snippet_html(text: str, spans: Sequence[Span], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of the text around its best matches, escaped, matches marked;
    without matches, the text's beginning. An ellipsis shows where the text was cut."""
    start = _best_window(spans, length=length, text_length=len(text)) if spans else 0
    end = min(len(text), start + length)
    merged = _merged(spans)
    # A match the window's edge would cut is shown whole.
    for span_start, span_end in merged:
        if span_start < start < span_end:
            start = span_start
        if span_start < end < span_end:
            end = span_end
    html = _marked(text, merged, start=start, end=end).strip()
    if start > 0:
        html = "…" + html
    if end < len(text):
        html = html + "…"
    return mark_safe(html)
