"""Label/value columns without ruling: a form typed as a borderless table, rebuilt from box positions.

Owns the decision that free lines of a page form two columns — short labels at the left margin, values
starting at one common x further right, several rows of them — and the rows: each label with the value
lines beside it (a label is level with its value's first line, or centred on a longer value). It builds
the same TableOnPage a ruled table gives (a synthetic two-column grid), so the rest of the reader treats
both alike. When the page does not clearly have such columns it returns nothing and the lines stay
paragraphs. Geometry only: it never reads the words (no label lists).
"""

from __future__ import annotations

import statistics

from extractors.ocr.engine import Box
from extractors.ocr.text import Item, Line, TableOnPage, group_lines, paragraphs, placed_paragraphs
from extractors.table_grid import Grid

MIN_ROWS = 3  # fewer label/value pairs than this are left as 'label  value' lines
MAX_LABEL_CHARS = 12


def _split(line: Line, channel: float) -> tuple[list[Box], list[Box]]:
    left = [b for b in line.boxes if b.x1 <= channel]
    right = [b for b in line.boxes if b.x0 >= channel]
    return left, right


def _crosses(line: Line, channel: float) -> bool:
    return any(b.x0 < channel < b.x1 for b in line.boxes)


def find_columns(lines: list[Line], unit: float) -> tuple[float, float] | None:
    """(left margin, value x) when the lines clearly hold a label column and a value column."""
    if len(lines) < MIN_ROWS:
        return None
    margin = min(ln.x0 for ln in lines)
    starts = []
    for line in lines:
        first, rest = line.boxes[0], line.boxes[1:]
        if first.x0 <= margin + 1.5 * unit and rest and len(first.text) <= MAX_LABEL_CHARS \
                and rest[0].x0 - first.x1 >= 1.5 * unit:
            starts.append(rest[0].x0)
    if len(starts) < MIN_ROWS:
        return None
    value_x = statistics.median(starts)
    aligned = [x for x in starts if abs(x - value_x) <= 1.5 * unit]
    if len(aligned) < max(MIN_ROWS, 0.8 * len(starts)):
        return None
    return margin, min(aligned) - 0.5 * unit


def label_columns(lines: list[Line], unit: float, page: int) -> list[tuple[float, Item]] | None:
    """The lines as [paragraphs before, a two-column TableOnPage, paragraphs after], or None."""
    found = find_columns(lines, unit)
    if found is None:
        return None
    margin, channel = found
    inside = [i for i, ln in enumerate(lines) if not _crosses(ln, channel)
              and (ln.x0 >= channel - 0.5 * unit or ln.boxes[0].x1 <= channel)]
    # the table is the longest run of consecutive lines that respect the channel and start with a pair
    runs: list[list[int]] = []
    for i in inside:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    best = max(runs, key=len)
    first_pair = next((i for i in best if _split(lines[i], channel)[0] and _split(lines[i], channel)[1]), None)
    if first_pair is None:
        return None
    best = [i for i in best if i >= first_pair]
    rows = _rows([lines[i] for i in best], channel, unit)
    if len(rows) < MIN_ROWS:
        return None
    right = max(ln.x1 for ln in lines)
    table = _table(rows, margin, channel, right, unit, page)
    before, after = lines[:best[0]], lines[best[-1] + 1:]
    out: list[tuple[float, Item]] = list(placed_paragraphs(before, unit, page))
    out.append((table.grid.ys[0], table))
    out.extend(placed_paragraphs(after, unit, page))
    return out


def _rows(lines: list[Line], channel: float, unit: float) -> list[tuple[list[Box], list[Box]]]:
    """(label boxes, value boxes) per row. The value lines between two labels are cut at a clearly wider
    gap when there is one; otherwise labels level with the first line of their value (no value line above
    the first label) keep every line down to the next label, and labels centred on their value keep as
    many lines below as they have above."""
    labels: list[tuple[int, list[Box]]] = []
    values: dict[int, list[Box]] = {}
    for n, line in enumerate(lines):
        left, right = _split(line, channel)
        if left:
            labels.append((n, left))
        if right:
            values[n] = right
    if not labels:
        return []
    at = [n for n, _ in labels]
    top_aligned = not any(v < at[0] for v in values)
    owner: dict[int, int] = {v: 0 for v in values if v <= at[0]}
    above = sum(1 for v in values if v < at[0])  # value lines above the current label
    for k in range(len(at)):
        if at[k] in values:
            owner[at[k]] = k
        end = at[k + 1] if k + 1 < len(at) else len(lines)
        between = [v for v in values if at[k] < v < end]
        cut = _widest_gap(lines, at[k], end) if k + 1 < len(at) else None
        if cut is not None:
            keep = sum(1 for v in between if v < cut)
        elif k + 1 == len(at) or top_aligned:
            keep = len(between)
        else:
            keep = min(above, len(between))
        owner.update({v: k for v in between[:keep]})
        owner.update({v: k + 1 for v in between[keep:]})
        above = len(between) - keep
    rows: list[tuple[list[Box], list[Box]]] = [(list(lb), []) for _, lb in labels]
    for v in sorted(values):
        rows[owner[v]][1].extend(values[v])
    return rows


def _widest_gap(lines: list[Line], start: int, end: int) -> int | None:
    """The index of the line after a clearly wider vertical gap between lines start..end, or None."""
    gaps = [(lines[i].y0 - lines[i - 1].y1, i) for i in range(start + 1, min(end, len(lines) - 1) + 1)]
    if len(gaps) < 2:
        return None
    typical = statistics.median(g for g, _ in gaps)
    widest, where = max(gaps)
    return where if widest >= max(1.4 * typical, typical + 4) else None


def _table(rows: list[tuple[list[Box], list[Box]]], left: float, channel: float, right: float, unit: float,
           page: int) -> TableOnPage:
    ys: list[float] = []
    spans = []
    for label, value in rows:
        boxes = label + value
        spans.append((min(b.y0 for b in boxes), max(b.y1 for b in boxes)))
    ys.append(spans[0][0] - 0.2 * unit)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        ys.append((end + start) / 2)
    ys.append(spans[-1][1] + 0.2 * unit)
    xs = [left - 0.2 * unit, channel, right + 0.2 * unit]
    grid = Grid(xs=xs, ys=ys)
    table = TableOnPage(grid=grid, page=page)
    for r, (label, value) in enumerate(rows):
        for c, boxes in ((0, label), (1, value)):
            index = grid.add_slot(r, c)
            if boxes:
                table.contents[index] = paragraphs(group_lines(boxes), unit, page)
    return table
