"""Ruled tables as both page readers see them: a grid of cells, and a table cut by a page break joined again.

Owns, once for the PDF reader (rulings drawn as vectors, in points) and the scan reader (rules found in the
ink of a page image, in pixels):
- the cell grid: column and row bands, merged cells by a union-find over the grid slots (two neighbouring
  slots are one cell when the reader finds no ruling between them; merges taken in the order of their
  first slot, a merge is the rectangle around it unless a slot of that rectangle is already taken, and
  then its slots stay cells of their own: every slot is in exactly one cell), which cell holds a point;
- the column grid of a table joined from pieces on several pages (the union of their column edges);
- the one rule for a table cut by a page break (`plan_join`): a piece starting page N+1 with the outer edges
  of the piece that ended page N goes on that table; a header row repeated on the new page is dropped; the
  first row on the new page is the rest of the row cut by the break when some cell that had text is empty
  now (its text fitted on the first page) or when every cell going on had its last line filled up to the
  cell's edge (a paragraph running over the break).
Each reader says what it saw (which slots a ruling separates, each edge cell's text and whether its last
line is full) and carries out the join on its own content (lines or paragraphs). This module must not read
pixels, glyphs or text blocks, and knows no units: tolerances come from the reader.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field


class DisjointSets:
    """Union-find over 0..n-1 (path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, keep: int, other: int) -> None:
        self.parent[self.find(other)] = self.find(keep)


@dataclass
class GridCell:
    """One cell: the grid bands it covers (first and last, inclusive) and its box."""

    r0: int
    c0: int
    r1: int
    c1: int
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@dataclass
class Grid:
    """One ruled table on one page: column edges xs, row edges ys (top to bottom), its cells by (r0, c0)."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCell] = field(default_factory=list)
    _slots: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)  # (row, col) → cell index

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float, margin: float = 0.0) -> int | None:
        """Index of the cell holding the point (a point up to `margin` outside the table counts as in its
        edge cell), or None."""
        if not (self.xs[0] - margin <= x <= self.xs[-1] + margin and self.ys[0] - margin <= y <= self.ys[-1] + margin):
            return None
        if not self._slots:
            for i, cell in enumerate(self.cells):
                for r in range(cell.r0, cell.r1 + 1):
                    for c in range(cell.c0, cell.c1 + 1):
                        self._slots[(r, c)] = i
        return self._slots.get((_band(self.ys, y), _band(self.xs, x)))

    def add_slot(self, r: int, c: int) -> int:
        """Append the cell of the single slot (r, c); its index."""
        xs, ys = self.xs, self.ys
        self.cells.append(GridCell(r, c, r, c, xs[c], ys[r], xs[c + 1], ys[r + 1]))
        self._slots.clear()
        return len(self.cells) - 1


def _band(edges: list[float], v: float) -> int:
    return min(max(bisect.bisect_right(edges, v) - 1, 0), len(edges) - 2)


def build_grid(xs: list[float], ys: list[float], open_right: Callable[[int, int], bool],
               open_below: Callable[[int, int], bool]) -> Grid:
    """The grid on column edges xs and row edges ys; `open_right(r, c)` says no ruling separates slot (r, c)
    from (r, c + 1), `open_below(r, c)` none from (r + 1, c): such slots are one merged cell."""
    rows, cols = len(ys) - 1, len(xs) - 1
    sets = DisjointSets(rows * cols)
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and open_right(r, c):
                sets.union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and open_below(r, c):
                sets.union(r * cols + c, (r + 1) * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(sets.find(r * cols + c), []).append((r, c))
    grid = Grid(xs=xs, ys=ys)
    taken: set[tuple[int, int]] = set()
    for members in sorted(groups.values(), key=min):
        r0, r1 = min(r for r, _ in members), max(r for r, _ in members)
        c0, c1 = min(c for _, c in members), max(c for _, c in members)
        spots = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        if spots & taken:  # a merge that is not a rectangle: its slots stay cells of their own
            for r, c in sorted(set(members) - taken):
                grid.cells.append(GridCell(r, c, r, c, xs[c], ys[r], xs[c + 1], ys[r + 1]))
                taken.add((r, c))
            continue
        taken |= spots
        grid.cells.append(GridCell(r0, c0, r1, c1, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
    grid.cells.sort(key=lambda cell: (cell.r0, cell.c0))
    return grid


# -- a table over several pages -------------------------------------------------------------------------


def union_edges(a: list[float], b: list[float], tol: float) -> list[float]:
    """Column edges of pieces of one table on one grid: edges within `tol` of the one before are that one."""
    out: list[float] = []
    for v in sorted(a + b):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def column_of(edges: list[float], x0: float, x1: float) -> tuple[int, int]:
    """(first column, span) of the extent [x0, x1] on a union grid."""
    first = min(range(len(edges)), key=lambda i: abs(edges[i] - x0))
    last = min(range(len(edges)), key=lambda i: abs(edges[i] - x1))
    first = min(first, len(edges) - 2)
    return first, max(1, last - first)


@dataclass
class EdgeCell:
    """A cell of the row before a page break or after it, as the join sees it."""

    x0: float
    x1: float
    text: str
    empty: bool  # nothing in it: no text, no picture
    full: bool = False  # its last line runs up to the cell's right edge


@dataclass
class Piece:
    """What the join sees of one page's part of a table: its outer edges and its first two and last rows."""

    x0: float
    x1: float
    rows: int
    first: list[EdgeCell]
    second: list[EdgeCell]  # (empty for a piece of one row)
    last: list[EdgeCell]


@dataclass
class Join:
    """How piece b (page N+1) goes on piece a (page N)."""

    drop_header: bool  # b's first row repeats a's header row: dropped
    cut_row: bool  # b's first row (after a dropped header) is the rest of a's last row


def plan_join(a: Piece, b: Piece, edge_tol: float, column_tol: float) -> Join | None:
    """None when b is another table (other outer edges); the caller has checked that a ended page N and b
    starts page N+1. `edge_tol`: how far outer edges may differ; `column_tol`: cell edges."""
    if abs(a.x0 - b.x0) > edge_tol or abs(a.x1 - b.x1) > edge_tol:
        return None
    drop = repeats_header(a.first, b.first, b.rows)
    first = b.second if drop else b.first
    return Join(drop_header=drop, cut_row=row_goes_on(a.last, first, column_tol))


def _squash(text: str) -> str:
    return "".join(text.split())


def repeats_header(head: list[EdgeCell], first: list[EdgeCell], rows: int) -> bool:
    """A piece of `rows` rows opening with the table's first row again (Word's 'repeat header row'), text
    for text, white space aside; a header of empty cells is not recognised, nor a piece that is only it."""
    texts = [_squash(c.text) for c in head]
    return rows > 1 and any(texts) and [_squash(c.text) for c in first] == texts


def same_columns(a: list[EdgeCell], b: list[EdgeCell], tol: float) -> bool:
    return len(a) == len(b) and all(abs(x.x0 - y.x0) <= tol and abs(x.x1 - y.x1) <= tol
                                    for x, y in zip(a, b, strict=True))


def row_goes_on(last: list[EdgeCell], first: list[EdgeCell], tol: float) -> bool:
    """The first row on the new page is the rest of the row cut at the break: the same cells, and some cell
    that had text is empty now (its text fitted on the first page), or every cell going on had its last line
    filled up to the cell's edge (a paragraph, or a right-aligned signature block, running over the break)."""
    if not first or not same_columns(last, first, tol):
        return False
    pairs = list(zip(last, first, strict=True))
    if any(down.empty and not up.empty for up, down in pairs):
        return True
    going_on = [up for up, down in pairs if not down.empty]
    return bool(going_on) and all(up.full for up in going_on)
