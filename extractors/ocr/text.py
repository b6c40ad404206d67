"""Recognised boxes -> lines -> paragraphs, and the blocks of one page (paragraphs, tables, photos).

Owns the geometry of text: detected quadrilaterals made ready for recognition (cut at a table rule they
cross, widened a little but never past a rule), boxes on one baseline joined into one line in reading
order (a wide gap becomes spaces, as a typist's tab would), lines into paragraphs (a wrapped line joins
the previous one without separator; an indent, a blank gap or a short previous line opens a new one),
recognised lines put into the ruled cell holding their centre, page numbers at the edges set apart.
Every Paragraph carries its page and the lowest box score of its text; its characters are repaired by
extractors.ocr.fixes. Label/value columns without ruling come from extractors.ocr.columns (passed in).
It works on one page at a time and never interprets text (no labels, no fields).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from extractors.interpret.captions import caption_words
from extractors.ocr.engine import Box
from extractors.ocr.fixes import normalise
from extractors.ocr.image import Region
from extractors.table_grid import Grid, GridCell
from pipeline.model.layout import Paragraph, Picture

_ASCII_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9]")
_PAGE_NUMBER = re.compile(r"^[\s\-—–_·.第]*[0-9０-９]{1,3}[\s\-—–_·.页/共0-9０-９]*$")


@dataclass
class Line:
    boxes: list[Box]

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def score(self) -> float:
        return min(b.score for b in self.boxes)

    def text(self, unit: float) -> str:
        out = ""
        prev: Box | None = None
        for box in self.boxes:
            if prev is not None:
                gap = box.x0 - prev.x1
                if gap >= 2.5 * unit:
                    out += "    "
                elif gap >= 0.8 * unit:
                    out += "  "
                elif _ASCII_END.search(out) and _ASCII_START.match(box.text) and gap > 0.25 * unit:
                    out += " "
            out += box.text
            prev = box
        return out


@dataclass
class TableOnPage:
    """A ruled table of one page with the paragraphs of each of its cells (keyed by cell index)."""

    grid: Grid
    contents: dict[int, list[Paragraph]] = field(default_factory=dict)
    page: int = 1
    full: set[int] = field(default_factory=set)  # cells whose last line runs up to the cell's right edge
    flush: set[int] = field(default_factory=set)  # cells whose first line starts at the cell's left (not indented)

    def paragraphs(self, i: int) -> list[Paragraph]:
        return self.contents.get(i, [])


Item = Paragraph | TableOnPage


def unit_of(boxes: list[Box], default: float) -> float:
    """The typical text height: the median box height."""
    heights = [b.h for b in boxes if b.h > 2]
    return float(statistics.median(heights)) if heights else default


def group_lines(boxes: list[Box]) -> list[Line]:
    """Boxes on one baseline (vertical overlap of at least half the lower box) form a line, left to right."""
    lines: list[Line] = []
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        best: Line | None = None
        for line in lines[-4:]:
            overlap = min(line.y1, box.y1) - max(line.y0, box.y0)
            ref = min(box.h, statistics.median(b.h for b in line.boxes))
            if overlap >= 0.5 * ref and not any(_overlap_x(box, b) for b in line.boxes):
                best = line
        if best is None:
            lines.append(Line([box]))
        else:
            best.boxes.append(box)
            best.boxes.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: (ln.y0 + ln.y1) / 2)
    return lines


def _overlap_x(a: Box, b: Box) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.w, b.w)


def paragraphs(lines: list[Line], unit: float, page: int, left: float | None = None,
               right: float | None = None) -> list[Paragraph]:
    """Lines of one container (a cell, or the free text of a page) -> paragraphs."""
    return [par for _, par in placed_paragraphs(lines, unit, page, left, right)]


def placed_paragraphs(lines: list[Line], unit: float, page: int, left: float | None = None,
                      right: float | None = None) -> list[tuple[float, Paragraph]]:
    """(top of the first line, paragraph) for the lines of one container."""
    if not lines:
        return []
    left = min(ln.x0 for ln in lines) if left is None else min(left, min(ln.x0 for ln in lines))
    right = max(ln.x1 for ln in lines) if right is None else max(right, max(ln.x1 for ln in lines))
    out: list[tuple[float, Paragraph]] = []
    prev: Line | None = None
    for line in lines:
        text = line.text(unit)
        starts = (
            prev is None
            or line.y0 - prev.y1 > 0.9 * unit  # a blank line between
            or prev.x1 < right - 1.6 * unit  # the previous line stopped short
            or line.x0 > left + 1.0 * unit  # indented, centred or right-aligned
            or prev.x0 > left + 4.0 * unit  # after a right-aligned line (a centred one stopped short)
        )
        if starts:
            out.append((line.y0, Paragraph(text=text, confidence=round(line.score, 4), page=page,
                                           centered=_centred(line, left, right, unit))))
        else:
            last = out[-1][1]
            joiner = " " if _ASCII_END.search(last.text) and _ASCII_START.match(text) else ""
            last.text += joiner + text
            last.confidence = round(min(last.confidence or 1.0, line.score), 4)
            last.centered = False
        prev = line
    for _, par in out:
        par.text = normalise(par.text)
    return out


def continue_paragraph(last: Paragraph, more: Paragraph) -> None:
    """`more` is the rest of `last` (a paragraph running over a page break): joined as its wrapped lines are."""
    joiner = " " if _ASCII_END.search(last.text) and _ASCII_START.match(more.text) else ""
    last.text = normalise(last.text + joiner + more.text)
    if more.confidence is not None:
        last.confidence = round(min(last.confidence or 1.0, more.confidence), 4)
    last.centered = False


def _centred(line: Line, left: float, right: float, unit: float) -> bool:
    return (line.x0 > left + 1.5 * unit and line.x1 < right - 1.5 * unit
            and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 1.5 * unit)


def fill_table(grid: Grid, boxes: list[Box], unit: float, page: int) -> TableOnPage:
    """Each box goes to the cell holding its centre; each cell's boxes become its paragraphs."""
    per_cell: dict[int, list[Box]] = {}
    for box in boxes:
        i = _cell_index(grid, box)
        per_cell.setdefault(i, []).append(box)
    table = TableOnPage(grid=grid, page=page)
    for i, cell_boxes in per_cell.items():
        cell = grid.cells[i]
        pad = 0.6 * unit
        lines = group_lines(cell_boxes)
        table.contents[i] = paragraphs(lines, unit, page, left=cell.x0 + pad,
                                       right=cell.x1 - 1.2 * unit if cell.x1 - cell.x0 > 6 * unit else None)
        if lines and lines[-1].x1 >= cell.x1 - pad - unit:  # (the padding and a character short of the edge)
            table.full.add(i)
        if lines and lines[0].x0 <= cell.x0 + pad + 1.0 * unit:  # (placed_paragraphs' indent)
            table.flush.add(i)
    return table


def _cell_index(grid: Grid, box: Box) -> int:
    i = grid.cell_at(box.cx, box.cy)
    if i is not None:
        return i
    # outside every cell: the cell it overlaps most
    return max(range(len(grid.cells)), key=lambda i: _area(grid.cells[i], box))


def _area(cell: GridCell, box: Box) -> float:
    w = min(cell.x1, box.x1) - max(cell.x0, box.x0)
    h = min(cell.y1, box.y1) - max(cell.y0, box.y0)
    return max(w, 0) * max(h, 0)


def bounds(quad: np.ndarray) -> tuple[float, float, float, float]:
    return float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max())


def fit_quads(quads: list[np.ndarray], grids: list[Grid], unit: float, width: int) -> list[np.ndarray]:
    """Detected text quadrilaterals made ready for recognition: one the detector ran across a vertical rule
    (text close to the rule on both sides) is cut at the rule, one piece per cell; each is then widened by
    a little (the detector clips a trailing '。' or '，'), never past a rule or into its neighbour."""
    pieces: list[np.ndarray] = []
    for quad in quads:
        x0, y0, x1, y1 = bounds(quad)
        edges = [x0, *(x for x in _rules_at(grids, (x0 + x1) / 2, (y0 + y1) / 2, unit)
                       if x0 + 0.6 * unit < x < x1 - 0.6 * unit), x1]
        for a, b in pairwise(edges):
            pieces.append(_slice(quad, a + (0.1 * unit if a != x0 else 0), b - (0.1 * unit if b != x1 else 0)))
    rects = [bounds(q) for q in pieces]
    out = []
    for i, quad in enumerate(pieces):
        x0, y0, x1, y1 = rects[i]
        reach = 0.45 * (y1 - y0)
        lo, hi = max(0.0, x0 - reach), min(float(width - 1), x1 + reach)
        for j, (a0, b0, a1, b1) in enumerate(rects):
            if j != i and min(b1, y1) - max(b0, y0) > 0.5 * min(b1 - b0, y1 - y0):
                if a1 <= x0 + 1:
                    lo = max(lo, (a1 + x0) / 2)
                elif a0 >= x1 - 1:
                    hi = min(hi, (a0 + x1) / 2)
        lo, hi = min(lo, x0), max(hi, x1)
        clear = max(4.0, 0.2 * unit)  # a rule's own width, blurred: a sliver of it reads as '「' or '|'
        for x in _rules_at(grids, (x0 + x1) / 2, (y0 + y1) / 2, unit):
            if x <= x0 + clear:  # the box may even start on the rule when the text is close to it
                lo = max(lo, x + clear)
            elif x >= x1 - clear:
                hi = min(hi, x - clear)
        if hi - lo < 0.5 * unit:
            lo, hi = x0, x1
        out.append(_slice(quad, lo, hi))
    return out


def _rules_at(grids: list[Grid], x: float, y: float, unit: float) -> list[float]:
    """x of the vertical rules of the table under (x, y) that really separate two cells at height y."""
    for g in grids:
        if g.xs[0] - unit <= x <= g.xs[-1] + unit and g.ys[0] <= y <= g.ys[-1]:
            out = [g.xs[0], g.xs[-1]]
            for xr in g.xs[1:-1]:
                left, right = g.cell_at(xr - 0.3 * unit, y), g.cell_at(xr + 0.3 * unit, y)
                if left is not None and right is not None and left != right:
                    out.append(xr)
            return sorted(out)
    return []


def _slice(quad: np.ndarray, xa: float, xb: float) -> np.ndarray:
    """The part of a (near-horizontal) quadrilateral tl, tr, br, bl between xa and xb, extended if outside."""
    tl, tr, br, bl = quad.astype(np.float32)

    def at(p: np.ndarray, q: np.ndarray, x: float) -> np.ndarray:
        dx = q[0] - p[0]
        t = 0.0 if abs(dx) < 1e-6 else (x - p[0]) / dx
        point: np.ndarray = p + (q - p) * t
        return point

    return np.array([at(tl, tr, xa), at(tl, tr, xb), at(bl, br, xb), at(bl, br, xa)], dtype=np.float32)


def in_grid(grid: Grid, box: Box) -> bool:
    x0, y0, x1, y1 = grid.bbox
    return x0 <= box.cx <= x1 and y0 <= box.cy <= y1


def split_margins(boxes: list[Box], height: float, unit: float) -> tuple[list[Box], list[str], list[str]]:
    """(body boxes, header texts, footer texts): page numbers alone near the top or bottom edge."""
    body, head, foot = [], [], []
    for box in boxes:
        if _PAGE_NUMBER.match(box.text) and len(box.text) <= 12:
            if box.cy > height - 0.12 * height:
                foot.append(box.text)
                continue
            if box.cy < 0.08 * height:
                head.append(box.text)
                continue
        body.append(box)
    return body, head, foot


Columns = Callable[[list[Line], float, int], list[tuple[float, Item]] | None]


def page_items(boxes: list[Box], grids: list[Grid], photos: list[Region], unit: float, page: int,
               dpi: float, columns: Columns | None = None) -> list[Item]:
    """The blocks of one page, top to bottom: free paragraphs, ruled tables, photo paragraphs. On a page
    without ruled tables, `columns` may rebuild label/value columns from the free lines."""
    placed: list[tuple[float, Item]] = []
    free: list[Box] = []
    owned: dict[int, list[Box]] = {}
    for box in boxes:
        if any(p.x0 <= box.cx <= p.x1 and p.y0 <= box.cy <= p.y1 for p in photos):
            continue  # words inside a photo (banners, signs) are not the document's text
        for g, grid in enumerate(grids):
            if in_grid(grid, box):
                owned.setdefault(g, []).append(box)
                break
        else:
            free.append(box)
    for g, grid in enumerate(grids):
        placed.append((grid.ys[0], fill_table(grid, owned.get(g, []), unit, page)))
    if free:
        lines = group_lines(free)
        captions = {lines[i].y0 for i in _caption_lines(lines, photos, unit)}
        rebuilt = columns(lines, unit, page) if columns is not None and not grids else None
        if rebuilt is not None:
            placed.extend(rebuilt)
        else:
            for chunk in _runs_between(lines, grids):
                placed.extend(placed_paragraphs(chunk, unit, page, left=min(ln.x0 for ln in lines),
                                                right=max(ln.x1 for ln in lines)))
        for y, item in placed:
            if y in captions and isinstance(item, Paragraph):
                item.style = "Caption"
    cm = dpi / 2.54
    for region in photos:
        pic = Picture(width_cm=round((region.x1 - region.x0) / cm, 2), height_cm=round((region.y1 - region.y0) / cm, 2),
                      name="scanned photo")
        placed.append((region.y0, Paragraph(text="", pictures=[pic], page=page)))
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed]


def _caption_lines(lines: list[Line], photos: list[Region], unit: float) -> set[int]:
    """The line just under each photo that looks like its caption (no '图 n' needed): the first line below
    it, at most about three ems down, centred on the photo and no wider, of caption words. (A caption with a
    '图 n' prefix is known by its words wherever it stands; extractors.interpret.outcome_report does that.)"""
    out: set[int] = set()
    for region in photos:
        below = [(ln.y0 - region.y1, i) for i, ln in enumerate(lines) if ln.y0 >= region.y1 - 0.3 * unit]
        if not below:
            continue
        gap, i = min(below)
        line = lines[i]
        middle, centre = (line.x0 + line.x1) / 2, (region.x0 + region.x1) / 2
        if (gap <= 1.5 * unit and abs(middle - centre) < unit and line.x1 - line.x0 <= region.x1 - region.x0 + unit
                and caption_words(line.text(unit))):
            out.add(i)
    return out


def _runs_between(lines: list[Line], grids: list[Grid]) -> list[list[Line]]:
    """Free lines cut into runs that no table separates (a paragraph never continues across a table)."""
    cuts = sorted(g.ys[0] for g in grids)
    runs: list[list[Line]] = []
    current: list[Line] = []
    last_cut = -1
    for line in lines:
        cut = sum(1 for c in cuts if c < line.y0)
        if current and cut != last_cut:
            runs.append(current)
            current = []
        current.append(line)
        last_cut = cut
    if current:
        runs.append(current)
    return runs

