"""The plain-text formats editors write in, and their safe rendering.

Editors never enter HTML: everything is escaped. A body is paragraphs separated by blank lines,
with a few conventions (a line starting "## " is a subheading, lines starting "- " a list,
[label](https://…) a link). A regulation's articles are written as
    # 第一章 總則          (a chapter heading, optional)
    ## 第 1 條             (an article's number; its text follows)
and its amendment history as one "YYYY-MM-DD what changed" per line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(((?:https?://|/(?!/))[^\s()<>\"']{0,500})\)")
_LIST_ITEM = re.compile(r"^[-*]\s+")
_ORDERED_ITEM = re.compile(r"^\d{1,3}[.、]\s*")


class MarkupError(ValueError):
    """Text that does not follow the format; the message is translatable and names the line."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _inline(text: str) -> str:
    """Escapes a line and turns [label](url) into a link; external links open in a new window
    and say so (seed H03)."""
    out: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        out.append(escape(text[last : match.start()]))
        label, url = match.group(1), match.group(2)
        if url.startswith("/"):
            out.append(format_html('<a href="{}">{}</a>', url, label))
        else:
            out.append(
                format_html(
                    '<a href="{}" target="_blank" rel="noopener noreferrer">{}<span class="visually-hidden"> {}</span></a>',
                    url,
                    label,
                    gettext("(opens in a new window)"),
                )
            )
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _blocks(text: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    return [[line.rstrip() for line in block.strip("\n").split("\n")] for block in _BLANK_LINE.split(text) if block.strip()]


def body_html(text: str, *, heading_level: int = 2) -> SafeString:
    """Renders a body safely: paragraphs by blank lines, line breaks kept, subheadings, lists."""
    level = min(max(heading_level, 2), 6)
    parts: list[str] = []
    for lines in _blocks(text):
        if lines[0].startswith("## "):
            parts.append(f"<h{level}>{_inline(lines[0][3:].strip())}</h{level}>")
            lines = lines[1:]
            if not lines:
                continue
        if all(_LIST_ITEM.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_LIST_ITEM.sub('', line, count=1))}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        elif len(lines) > 1 and all(_ORDERED_ITEM.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_ORDERED_ITEM.sub('', line, count=1))}</li>" for line in lines)
            parts.append(f"<ol>{items}</ol>")
        else:
            parts.append("<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>")
    return mark_safe("\n".join(parts))


def plain_text(text: str) -> str:
    """The body without its conventions, for feeds and the search index."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = re.sub(r"^#{1,2}\s+|^[-*]\s+", "", line)
        lines.append(_LINK.sub(r"\1", line))
    return "\n".join(lines).strip()


# --- regulations: articles ------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


def _zh_numeral(text: str) -> int | None:
    """一百二十三 → 123, 十八 → 18; None when it is not a Chinese numeral."""
    if not text or any(ch not in _ZH_DIGITS and ch not in _ZH_UNITS for ch in text):
        return None
    total, digit = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            total += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
    return total + digit


def article_anchor(number: str) -> str:
    """ "第 18 條之 1", "第十八條之一", "Article 18-1" → "article-18-1"; "" when no number is found."""
    parts = re.findall(r"\d+|[零〇一二兩三四五六七八九十百千]+", number)
    values = [str(int(p)) if p.isdigit() else str(_zh_numeral(p)) for p in parts]
    values = [v for v in values if v != "None"]
    return "article-" + "-".join(values) if values else ""


@dataclass(frozen=True)
class ArticleSpec:
    chapter: str
    number: str
    anchor: str
    text: str


def articles_parse(text: str) -> list[ArticleSpec]:
    """Reads the article format; raises MarkupError naming the line that does not fit."""
    specs: list[dict[str, str]] = []
    chapter = ""
    for index, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.rstrip()
        if line.startswith("## "):
            number = line[3:].strip()
            if not number:
                raise MarkupError(gettext("Line %(line)d: write the article's number after “## ”.") % {"line": index})
            specs.append({"chapter": chapter, "number": number[:40], "text": ""})
        elif line.startswith("# "):
            chapter = line[2:].strip()[:200]
        elif specs:
            specs[-1]["text"] += line + "\n"
        elif line.strip():
            raise MarkupError(
                gettext("Line %(line)d: text before the first article. Start each article with a line such as “## 第 1 條”.")
                % {"line": index}
            )
    out: list[ArticleSpec] = []
    seen: set[str] = set()
    for position, spec in enumerate(specs, start=1):
        body = spec["text"].strip()
        if not body:
            raise MarkupError(gettext("Article “%(number)s” has no text.") % {"number": spec["number"]})
        anchor = article_anchor(spec["number"]) or f"article-{position}"
        if anchor in seen:
            anchor = f"{anchor}-{position}"
        seen.add(anchor)
        out.append(ArticleSpec(chapter=spec["chapter"], number=spec["number"], anchor=anchor[:60], text=body))
    return out


def articles_format(articles: list[ArticleSpec]) -> str:
    """The article format back from stored articles (what the edit form shows)."""
    out: list[str] = []
    chapter = ""
    for article in articles:
        if article.chapter and article.chapter != chapter:
            out.append(f"# {article.chapter}\n")
        chapter = article.chapter
        out.append(f"## {article.number}\n{article.text}\n")
    return "\n".join(out).strip()


# --- regulations: amendment history ---------------------------------------------------------


@dataclass(frozen=True)
class AmendmentSpec:
    amended_on: dt.date
    description: str


_AMENDMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.+)$")


def amendments_parse(text: str) -> list[AmendmentSpec]:
    """One "YYYY-MM-DD what changed" per line; blank lines are ignored."""
    out: list[AmendmentSpec] = []
    for index, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _AMENDMENT.match(line)
        try:
            day = dt.date.fromisoformat(match.group(1)) if match else None
        except ValueError:
            day = None
        if match is None or day is None:
            raise MarkupError(gettext("Line %(line)d: write a date (YYYY-MM-DD), a space, then what was amended.") % {"line": index})
        out.append(AmendmentSpec(amended_on=day, description=match.group(2).strip()[:500]))
    return out


def amendments_format(amendments: list[AmendmentSpec]) -> str:
    return "\n".join(f"{a.amended_on.isoformat()} {a.description}" for a in amendments)


FORMAT_HELP = {
    "body": _(
        "Separate paragraphs with a blank line. A line starting “## ” is a subheading; lines starting “- ” make a list; "
        "[text](https://…) makes a link. No HTML."
    ),
    "articles": _(
        "Start each article with a line “## ” and its number, e.g. “## 第 1 條” or “## Article 1”, then its text. "
        "A line starting “# ” is a chapter heading for the articles after it."
    ),
    "amendments": _("One amendment per line: the date (YYYY-MM-DD), a space, then what was amended."),
}
