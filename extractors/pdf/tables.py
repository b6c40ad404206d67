"""Ruled tables on a PDF page: rulings → grids → cells with the docx reader's col/span/vmerge meaning.

Owns the geometry: merging collinear ruling pieces, grouping crossing rulings into one table, the grid of
column and row bands, merged cells (a missing ruling between two grid slots joins them), which cell a
point falls in, and joining the grid of a table continued on the next page. It must not read text or
build paragraphs (the reader assigns glyphs to the cells this module returns).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from extractors.pdf.page import Box, Rule

_TOL = 2.0  # points: a ruling reaching this near a crossing touches it
_SAME_LINE = 1.0  # points: ruling pieces this close across are one line
_MIN_BAND = 4.0  # grid bands thinner than this are ruling noise


@dataclass
class GridCell:
    r0: int
    c0: int
    r1: int  # last row band covered (inclusive)
    c1: int  # last column band covered (inclusive)
    box: Box


@dataclass
class Grid:
    """One table on one page: column edges xs, row edges ys (top to bottom) and its cells."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCell] = field(default_factory=list)
    _slots: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)  # (row, col) → cell

    @property
    def box(self) -> Box:
        return Box(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_at(self, x: float, y: float) -> int | None:
        """Index of the cell holding the point, or None outside the table."""
        if not (self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[0] - 1 <= y <= self.ys[-1] + 1):
            return None
        if not self._slots:
            for i, cell in enumerate(self.cells):
                for r in range(cell.r0, cell.r1 + 1):
                    for c in range(cell.c0, cell.c1 + 1):
                        self._slots[(r, c)] = i
        return self._slots.get((_band(self.ys, y), _band(self.xs, x)))


def _band(edges: list[float], v: float) -> int:
    return min(max(bisect.bisect_right(edges, v) - 1, 0), len(edges) - 2)


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Collinear pieces that touch or overlap joined into one ruling (pieces within a point of one line are
    collinear; a ruling drawn cell by cell comes in such pieces)."""
    out: list[Rule] = []
    cluster: list[Rule] = []
    for r in sorted(rules, key=lambda r: r.at) + [Rule(float("inf"), 0.0, 0.0)]:
        if cluster and r.at - cluster[-1].at > _SAME_LINE:
            length = sum(max(c.hi - c.lo, 0.1) for c in cluster)
            at = sum(c.at * max(c.hi - c.lo, 0.1) for c in cluster) / length
            pieces: list[Rule] = []
            for c in sorted(cluster, key=lambda c: c.lo):
                if pieces and c.lo <= pieces[-1].hi + _TOL:
                    pieces[-1].hi = max(pieces[-1].hi, c.hi)
                else:
                    pieces.append(Rule(at, c.lo, c.hi))
            out.extend(pieces)
            cluster = []
        cluster.append(r)
    return out


def find_grids(h_rules: list[Rule], v_rules: list[Rule]) -> list[Grid]:
    """Tables drawn with rulings, top to bottom. Needs at least two horizontal and two vertical rulings
    that cross; anything else (underlines, a rule under a header) is not a table."""
    hs, vs = merge_rules(h_rules), merge_rules(v_rules)
    if len(hs) < 2 or len(vs) < 2:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.lo - _TOL <= v.at <= h.hi + _TOL and v.lo - _TOL <= h.at <= v.hi + _TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = [g for hh, vv in groups.values() if len(hh) >= 2 and len(vv) >= 2 if (g := _grid(hh, vv))]
    return sorted(grids, key=lambda g: g.ys[0])


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < _MIN_BAND:
            continue
        out.append(v)
    return out


def _covers(rules: list[Rule], at: float, lo: float, hi: float) -> bool:
    """A ruling at `at` covers most of [lo, hi]."""
    need = 0.6 * (hi - lo)
    return any(abs(r.at - at) <= _TOL and min(r.hi, hi) - max(r.lo, lo) >= need for r in rules)


def _grid(hs: list[Rule], vs: list[Rule]) -> Grid | None:
    xs, ys = _edges([v.at for v in vs]), _edges([h.at for h in hs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    slot = [[r * n_cols + c for c in range(n_cols)] for r in range(n_rows)]
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covers(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[find(slot[r][c + 1])] = find(slot[r][c])
            if r + 1 < n_rows and not _covers(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find(slot[r + 1][c])] = find(slot[r][c])
    spans: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            root = find(slot[r][c])
            s = spans.setdefault(root, [r, c, r, c])
            s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    grid = Grid(xs, ys)
    taken: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in sorted(spans.values()):
        if (r0, c0) in taken:
            continue  # a non-rectangular merge: its bounding box is already a cell
        taken.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        grid.cells.append(GridCell(r0, c0, r1, c1, Box(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    return grid


def union_edges(a: list[float], b: list[float]) -> list[float]:
    """Column edges of two pieces of one table (page N and N+1) on one grid."""
    out: list[float] = []
    for v in sorted(a + b):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return out


def column_of(edges: list[float], x0: float, x1: float) -> tuple[int, int]:
    """(first column, span) of the slot [x0, x1] on a union grid."""
    first = min(range(len(edges)), key=lambda i: abs(edges[i] - x0))
    last = min(range(len(edges)), key=lambda i: abs(edges[i] - x1))
    first = min(first, len(edges) - 2)
    return first, max(1, last - first)
