"""Server-rendered SVG bar charts (no JavaScript). Every chart has a text title and the same
figures are always shown as a table beside it, so the chart adds nothing a screen reader misses."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 170
CHART_WIDTH = 640
VALUE_WIDTH = 70
COLOURS = ("#1d4f91", "#b35900", "#2e7d32", "#7b1fa2")


def bar_chart_svg(*, title: str, rows: list[tuple[str, list[int]]], series: list[str]) -> SafeString:
    """Horizontal grouped bars: one group per row, one bar per series, each value written beside
    its bar. `title` names the chart for assistive technology (role="img" with <title>)."""
    groups = max(len(rows), 1)
    per_group = len(series) * BAR_HEIGHT + GAP
    legend_height = 24
    height = legend_height + groups * per_group + GAP
    top = max((max(values) for _label, values in rows if values), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    x = LABEL_WIDTH
    for index, name in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="15" font-size="12" fill="#1a1a1a">{escape(name)}</text>')
        x += 16 + 8 * len(name) + 24
    y = legend_height
    for label, values in rows:
        label_y = y + BAR_HEIGHT * len(series) / 2 + 4
        attributes = f'x="{LABEL_WIDTH - 8}" y="{label_y:.0f}" font-size="12" text-anchor="end" fill="#1a1a1a"'
        parts.append(f"<text {attributes}>{escape(label)}</text>")
        for index, value in enumerate(values):
            width = span * value / top
            colour = COLOURS[index % len(COLOURS)]
            bar_y = y + index * BAR_HEIGHT
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{bar_y + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 4}" fill="{colour}"/>')
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 5}" font-size="11" fill="#1a1a1a">{value}</text>'
            )
        y += per_group
    parts.append("</svg>")
    return mark_safe("".join(parts))
