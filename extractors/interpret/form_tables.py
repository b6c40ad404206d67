"""The shape of a form table: logical cells (merges resolved), where a label's value cell is, and which rows
are a list (a roster or a member list: a header row of column titles over rows of the same columns).

Owns table geometry only; which text is a label is the caller's (extractors.interpret.labels) business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from extractors.interpret.labels import squash
from pipeline.model.layout import Cell, Table

MIN_LIST_COLUMNS = 3  # a header row of fewer column titles is a label/value row, not a list
MIN_LIST_ROWS = 2  # data rows under the header


def grid(table: Table) -> tuple[list[list[int]], list[tuple[int, int, Cell]]]:
    """Grid of logical-cell ids (vertical merges resolved) and the logical cells in reading order."""
    cells: list[tuple[int, int, Cell]] = []
    rows: list[list[int]] = []
    width = max((c.col + c.span for row in table.rows for c in row), default=0)
    for r, row in enumerate(table.rows):
        line = [-1] * width
        for cell in row:
            cid = -1
            if cell.vmerge == "continue" and r > 0 and cell.col < len(rows[r - 1]):
                cid = rows[r - 1][cell.col]
            if cid < 0:
                cid = len(cells)
                cells.append((r, cell.col, cell))
            for k in range(cell.col, min(cell.col + cell.span, width)):
                line[k] = cid
        rows.append(line)
    return rows, cells


def neighbours(g: list[list[int]], cid: int, r: int, c: int, label_of: Mapping[int, object]) -> list[int]:
    """The value cells of a label: the next cell to the right in each row the label spans (a label merged
    down over several rows owns one value per row); else the first cell below."""
    last = r
    while last + 1 < len(g) and g[last + 1][c] == cid:
        last += 1
    found: list[int] = []
    for rr in range(r, last + 1):
        row = g[rr]
        for k in range(c, len(row)):
            if row[k] not in (cid, -1):
                if row[k] not in label_of and row[k] not in found:
                    found.append(row[k])
                break
    if found:
        return found
    if last + 1 < len(g):
        below = g[last + 1][c]
        if below >= 0 and below not in label_of:
            return [below]
    return []


def _own_cells(g: list[list[int]], cells: list[tuple[int, int, Cell]], r: int) -> list[int]:
    """The cells of row r that start in it and end in it (a label merged down over the rows is not one)."""
    out: list[int] = []
    for cid in dict.fromkeys(g[r]):
        if cid < 0 or cells[cid][0] != r:
            continue
        if r + 1 < len(g) and cid in g[r + 1]:
            continue
        out.append(cid)
    return out


def list_rows(g: list[list[int]], cells: list[tuple[int, int, Cell]],
              is_label: Callable[[str], bool]) -> dict[int, list[int]]:
    """Rows that form a list, each with its own cells: a header of at least MIN_LIST_COLUMNS short, filled
    column titles over at least MIN_LIST_ROWS rows of the same columns holding no label. A roster's header
    row, or a member list's 姓名/性别/职务 row, gives no field values."""
    out: dict[int, list[int]] = {}
    r = 0
    while r < len(g):
        header = _own_cells(g, cells, r)
        titles = [squash(cells[cid][2].text) for cid in header]
        if len(header) < MIN_LIST_COLUMNS or not all(0 < len(t) <= 16 for t in titles):
            r += 1
            continue
        cols = [cells[cid][1] for cid in header]
        data: list[int] = []
        rr = r + 1
        while rr < len(g):
            own = _own_cells(g, cells, rr)
            if [cells[cid][1] for cid in own] != cols or any(is_label(cells[cid][2].text) for cid in own):
                break
            data.append(rr)
            rr += 1
        if len(data) >= MIN_LIST_ROWS:
            out[r] = header
            for d in data:
                out[d] = _own_cells(g, cells, d)
            r = rr
        else:
            r += 1
    return out
