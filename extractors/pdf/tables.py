"""Ruled tables on a PDF page: the vector rulings → grids of cells (extractors.table_grid), in points.

Owns what is particular to drawn rulings: merging collinear ruling pieces, grouping crossing rulings into
one table, the column and row bands, whether a ruling separates two grid slots (the cell merge itself is
table_grid's, shared with the scan reader), how far outside a table a point still falls in it, and the
tolerance for the column grid of a table continued on the next page. It must not read text or build
paragraphs (the reader assigns glyphs to the cells this module returns).
"""

from __future__ import annotations

from extractors import table_grid
from extractors.pdf.page import Rule
from extractors.table_grid import DisjointSets, Grid, build_grid

_TOL = 2.0  # points: a ruling reaching this near a crossing touches it; column edges this close are one
_SAME_LINE = 1.0  # points: ruling pieces this close across are one line
_MIN_BAND = 4.0  # grid bands thinner than this are ruling noise
_MARGIN = 1.0  # points: a glyph or picture this far outside a table's outline still belongs to its edge cell


def cell_at(grid: Grid, x: float, y: float) -> int | None:
    """Index of the grid's cell holding the point (up to a point outside its outline), or None."""
    return grid.cell_at(x, y, _MARGIN)


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
    sets = DisjointSets(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.lo - _TOL <= v.at <= h.hi + _TOL and v.lo - _TOL <= h.at <= v.hi + _TOL:
                sets.union(len(hs) + j, i)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(sets.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(sets.find(len(hs) + j), ([], []))[1].append(v)
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
    return build_grid(xs, ys, lambda r, c: not _covers(vs, xs[c + 1], ys[r], ys[r + 1]),
                      lambda r, c: not _covers(hs, ys[r + 1], xs[c], xs[c + 1]))


def union_edges(a: list[float], b: list[float]) -> list[float]:
    """Column edges of two pieces of one table (page N and N+1) on one grid."""
    return table_grid.union_edges(a, b, _TOL)
