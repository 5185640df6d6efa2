"""Text analysis shared by indexing, querying and highlighting, so that the three always agree.

Every character is folded on its own: NFKC (full-width ``ＡＲＣ`` becomes ``arc``, compatibility
ideographs become the unified ones), case-folded, Latin diacritics removed (``việt`` matches
``viet``) and zero-width characters dropped. The folded text is then cut into segments:

* runs of scripts written without spaces between words (Han, kana, Hangul, Thai, Lao, Khmer,
  Myanmar) become character n-grams: every single character, every bigram and every trigram.
  Queries need the bigrams (``居留`` and ``延期`` are found, not only three-character runs) and
  single characters for one-character queries; the trigrams are optional terms that reward
  adjacent bigrams, which is how an exact phrase ranks above scattered characters;
* everything else that is a letter, a number or a combining mark makes words.

Folding keeps, for each folded character, the offset of the character it came from, so matches
found in folded text can be marked in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Longer words are cut to this length in the index and in queries alike (a column limit).
MAX_TERM_LENGTH = 64

_NGRAM_RANGES = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u19e0-\u19ff"  # Khmer symbols
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u3100-\u312f"  # Bopomofo
    "\u31a0-\u31bf"  # Bopomofo extended
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
# Combining marks that belong inside words (Python's \w leaves them out): the Indic blocks from
# Devanagari to Sinhala without the danda punctuation, and the generic combining blocks.
_WORD_MARKS = "\u0900-\u0963\u0966-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_CHAR = f"(?:[^\\W_{_NGRAM_RANGES}]|[{_WORD_MARKS}])"
_SEGMENT = re.compile(f"(?P<ngram>[{_NGRAM_RANGES}]+)|(?P<word>{WORD_CHAR}+)")
_NGRAM_CHAR = re.compile(f"[{_NGRAM_RANGES}]")

_COMBINING_LATIN = re.compile("[\u0300-\u036f]")
# Letters that Unicode does not decompose into a base letter and a mark.
_EXTRA_FOLDS = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i"}
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    folded = _FOLD_CACHE.get(char)
    if folded is None:
        if char in _DROPPED:
            folded = ""
        else:
            folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold())
            folded = _COMBINING_LATIN.sub("", folded)
            folded = unicodedata.normalize("NFC", "".join(_EXTRA_FOLDS.get(c, c) for c in folded))
        _FOLD_CACHE[char] = folded
    return folded


@dataclass(frozen=True)
class Folded:
    """Folded text and, when folding changed any length, the source offset of each character."""

    text: str
    origin: tuple[int, ...] | None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    if text.isascii():
        return Folded(text=text.lower(), origin=None)
    cache = _FOLD_CACHE
    parts = [cache[c] if c in cache else _fold_char(c) for c in text]
    folded = "".join(parts)
    if len(folded) == len(text) and all(len(part) == 1 for part in parts):
        return Folded(text=folded, origin=None)
    return Folded(text=folded, origin=tuple(index for index, part in enumerate(parts) for _ in part))


def is_ngram(term: str) -> bool:
    return bool(_NGRAM_CHAR.match(term))


@dataclass(frozen=True)
class FieldTerms:
    """The terms of one field with their frequencies, and its length in words plus n-gram
    characters (the length BM25 normalises by)."""

    counts: Counter[str]
    length: int


def index_terms(text: str) -> FieldTerms:
    counts: Counter[str] = Counter()
    length = 0
    for match in _SEGMENT.finditer(fold(text).text):
        segment = match.group()
        if match.lastgroup == "word":
            counts[segment[:MAX_TERM_LENGTH]] += 1
            length += 1
            continue
        size = len(segment)
        length += size
        counts.update(segment)
        counts.update(segment[i : i + 2] for i in range(size - 1))
        counts.update(segment[i : i + 3] for i in range(size - 2))
    return FieldTerms(counts=counts, length=length)


@dataclass(frozen=True)
class QueryTerm:
    """A term every result must contain. A word of two or more letters also matches the words
    it begins (``perm`` finds ``permit``)."""

    term: str
    prefix: bool = False

    @property
    def ngram(self) -> bool:
        return is_ngram(self.term)


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[QueryTerm, ...]
    # Trigrams of the query's n-gram runs: optional, they reward documents where the bigrams stand
    # next to each other as in the query.
    phrases: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.required


@lru_cache(maxsize=512)
def query_parse(text: str) -> ParsedQuery:
    required: dict[QueryTerm, None] = {}
    phrases: dict[str, None] = {}
    for match in _SEGMENT.finditer(fold(text).text):
        segment = match.group()
        if match.lastgroup == "word":
            word = segment[:MAX_TERM_LENGTH]
            required[QueryTerm(term=word, prefix=len(word) >= 2 and not word.isdigit())] = None
        elif len(segment) == 1:
            required[QueryTerm(term=segment)] = None
        else:
            required.update((QueryTerm(term=segment[i : i + 2]), None) for i in range(len(segment) - 1))
            phrases.update((segment[i : i + 3], None) for i in range(len(segment) - 2))
    return ParsedQuery(required=tuple(required), phrases=tuple(phrases))
