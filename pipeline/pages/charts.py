"""Inline SVG bar charts for the overview: no library, no network at view time, readable when printed.

Owns the drawing only (labels, bars, counts, an accessible title); the numbers come from the caller. The
labels are escaped here, so the result is safe to put into a page as it is (Markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

ROW = 26  # px per bar
LABEL_W = 180  # px for the labels on the left
BAR_W = 240  # px for the longest bar
MAX_BARS = 20  # beyond this the rest are one bar '其他（n 项）'


def _label_width(label: str) -> float:
    """Rough rendered width in px at 13 px: CJK characters are about a square, others half of one."""
    return sum(13 if ord(ch) > 0x2E7F else 7.2 for ch in label)


def _cut(label: str, width: float = LABEL_W - 12) -> str:
    if _label_width(label) <= width:
        return label
    while label and _label_width(label + "…") > width:
        label = label[:-1]
    return label + "…"


def bar_chart(title: str, bars: Sequence[tuple[str, int]], colour: str = "#c62828",
              unit: str = "份", href: Sequence[str | None] | None = None) -> Markup:
    """A horizontal bar chart of (label, count), in the order given; an empty list draws a note instead.
    `href`: a link per bar (e.g. a filter of the table), or None."""
    if not bars:
        return Markup('<p class="muted">（无数据）</p>')
    rows = list(bars)
    links = list(href) if href is not None else [None] * len(rows)
    if len(rows) > MAX_BARS:
        rest = rows[MAX_BARS - 1:]
        rows = [*rows[:MAX_BARS - 1], (f"其他（{len(rest)} 项）", sum(n for _, n in rest))]
        links = [*links[:MAX_BARS - 1], None]
    top = max(n for _, n in rows) or 1
    height = ROW * len(rows) + 8
    width = LABEL_W + BAR_W + 70
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, ((label, n), link) in enumerate(zip(rows, links, strict=True)):
        y = 4 + i * ROW
        w = max(2.0, BAR_W * n / top) if n else 0.0
        bar = (f'<text x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end">{escape(_cut(label))}'
               f'<title>{escape(label)}：{n} {unit}</title></text>'
               f'<rect x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" fill="{colour}" rx="2"/>'
               f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 17}" class="n">{n} {unit}</text>')
        if link:
            bar = f'<a href="{escape(link)}">{bar}</a>'
        parts.append(bar)
    parts.append("</svg>")
    return Markup("".join(parts))
