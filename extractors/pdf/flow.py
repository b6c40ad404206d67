"""The reading flow of a PDF: each page's glyphs and images sorted into tables and body, in order.

Owns: which glyphs and images fall in which ruled table cell, side-by-side photos as a borderless table
(each photo with the caption lines under it, as a 2×2 photo grid is written in Word), page furniture
taken out (pdf_margins), and a table cut by a page break joined again where it reaches the page's foot
(whether and how is extractors.table_grid.plan_join's rule, shared with the scan reader: a repeated header
row dropped, a row split across the break one row). The result is a list of Items (lines, images, tables)
in reading order for pdf_blocks to turn into paragraphs. It must not build paragraphs nor decide what is a
photo's caption.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.pdf.lines import STRUCK, Line, LineMaker, attach_inline
from extractors.pdf.margins import Furniture, split_images, split_lines
from extractors.pdf.page import Box, Glyph, PageContent, Rule
from extractors.pdf.tables import cell_at, find_grids
from extractors.table_grid import EdgeCell, Grid, Piece, plan_join
from pipeline.model.layout import VMerge

_PAGE_BORDER = 0.6  # a single ruled box covering this share of the page is a page border, not a table
_FOOT = 48.0  # points: a table ending further than this above the lowest content of any page ended there
_OUTLINE = 3.0  # points: the outer edges of a table's pieces on two pages differ by no more
_COLUMNS = 6.0  # points: nor the cell edges of a row cut by the break, or of photo rows one under the other
_BAND = 8.0  # points: glyphs are bucketed by their middle in bands this high to meet strike-through lines


@dataclass
class CellData:
    x0: float
    x1: float
    box: Box
    vmerge: VMerge | None = None
    lines: list[Line] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)
    borderless: bool = False  # a photo-grid cell: its text is only the caption lines taken in

    @property
    def empty(self) -> bool:
        return not self.lines and not self.images


@dataclass
class TableData:
    rows: list[list[CellData]]
    box: Box
    page: int
    last_page: int
    pad: float  # cell padding: how far left-aligned text starts from a cell's left ruling


Item = Line | Box | TableData


def flow(pages: list[PageContent], maker: LineMaker, found: Furniture) -> list[tuple[int, list[Item]]]:
    """(page number, items in reading order) for every page; tables cut by page breaks joined."""
    staged: list[tuple[PageContent, list[TableData], list[Glyph]]] = []
    for page in pages:
        struck = _struck(page.glyphs, page.h_rules)
        if struck:
            found.struck += len(struck)
            for g in page.glyphs:
                if g in struck:
                    g.ch = STRUCK
        tables, body = _tables(page, maker)
        staged.append((page, tables, body))
    body_lines = [(p.height, maker.lines(body, p.number)) for p, _, body in staged]
    kept_lines = split_lines(body_lines, found)
    kept_images = split_images([(p.height, _loose_images(p, t)) for p, t, _ in staged], found)
    out: list[tuple[int, list[Item]]] = []
    for (page, tables, _), lines, images in zip(staged, kept_lines, kept_images, strict=True):
        images = attach_inline(images, lines)
        photo_tables, lines, images = _photo_grids(images, lines, page.number, maker)
        items: list[tuple[float, Item]] = [(ln.top, ln) for ln in lines]
        items += [(b.top, b) for b in images]
        items += [(t.box.top, t) for t in tables + photo_tables]
        items.sort(key=lambda it: it[0])
        out.append((page.number, [it for _, it in items]))
    _join_cut_tables(out, [p.height for p in pages])
    return out


def _struck(glyphs: list[Glyph], rules: list[Rule]) -> set[Glyph]:
    """Glyphs with a horizontal line through their middle: struck-through text (deletions shown as tracked
    changes) is not part of what the document says."""
    if not rules or not glyphs:
        return set()
    bands: dict[int, list[Glyph]] = {}
    for g in glyphs:
        bands.setdefault(int((g.top + g.bottom) / 2 // _BAND), []).append(g)
    out: set[Glyph] = set()
    for r in rules:
        key = int(r.at // _BAND)
        for k in (key - 1, key, key + 1):
            for g in bands.get(k, ()):
                h = g.bottom - g.top
                if g.top + 0.3 * h <= r.at <= g.bottom - 0.3 * h and r.lo - 1 <= (g.x0 + g.x1) / 2 <= r.hi + 1:
                    out.add(g)
    return out


def _loose_images(page: PageContent, tables: list[TableData]) -> list[Box]:
    inside = {b for t in tables for row in t.rows for c in row for b in c.images}
    return [b for b in page.images if b not in inside]


def _tables(page: PageContent, maker: LineMaker) -> tuple[list[TableData], list[Glyph]]:
    grids = [g for g in find_grids(page.h_rules, page.v_rules) if not _page_border(g, page)]
    if not grids:
        return [], page.glyphs
    buckets: list[list[list[Glyph]]] = [[[] for _ in g.cells] for g in grids]
    pictures: list[list[list[Box]]] = [[[] for _ in g.cells] for g in grids]
    body: list[Glyph] = []
    for gl in page.glyphs:
        placed = _place(grids, (gl.x0 + gl.x1) / 2, (gl.top + gl.bottom) / 2)
        if placed is None:
            body.append(gl)
        else:
            buckets[placed[0]][placed[1]].append(gl)
    for box in page.images:
        placed = _place(grids, (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2)
        if placed is not None:
            pictures[placed[0]][placed[1]].append(box)
    # a single ruled box with no text is a frame (around a picture), not a table; its picture stays loose
    tables = [_table(grid, buckets[gi], pictures[gi], maker, page.number) for gi, grid in enumerate(grids)
              if len(grid.cells) > 1 or buckets[gi][0]]
    return tables, body


def _page_border(grid: Grid, page: PageContent) -> bool:
    box = Box(*grid.bbox)
    return len(grid.cells) == 1 and box.width * box.height >= _PAGE_BORDER * page.width * page.height


def _place(grids: list[Grid], x: float, y: float) -> tuple[int, int] | None:
    for gi, grid in enumerate(grids):
        ci = cell_at(grid, x, y)
        if ci is not None:
            return gi, ci
    return None


def _table(grid: Grid, glyphs: list[list[Glyph]], images: list[list[Box]], maker: LineMaker,
           page: int) -> TableData:
    rows: list[list[CellData]] = [[] for _ in range(len(grid.ys) - 1)]
    offsets: list[float] = []
    for ci, cell in enumerate(grid.cells):
        box = Box(cell.x0, cell.y0, cell.x1, cell.y1)
        lines = maker.lines(glyphs[ci], page)
        offsets += [ln.ink_x0 - box.x0 for ln in lines]
        loose = attach_inline(images[ci], lines)
        data = CellData(box.x0, box.x1, box, "restart" if cell.r1 > cell.r0 else None, lines,
                        sorted(loose, key=lambda b: b.top))
        rows[cell.r0].append(data)
        for r in range(cell.r0 + 1, cell.r1 + 1):
            rows[r].append(CellData(box.x0, box.x1, box, "continue"))
    for row in rows:
        row.sort(key=lambda c: c.x0)
    pad = min(max(min(offsets, default=5.0), 1.0), 12.0)
    return TableData([r for r in rows if r], Box(*grid.bbox), page, page, pad)


def _photo_grids(images: list[Box], lines: list[Line], page: int,
                 maker: LineMaker) -> tuple[list[TableData], list[Line], list[Box]]:
    """Photos standing side by side become a borderless table, one cell per photo, each holding the lines
    right under it (its caption) — the way a photo grid is laid out in Word."""
    rows: list[list[Box]] = []
    for b in sorted(images, key=lambda b: (b.top, b.x0)):
        if rows and any(min(b.bottom, o.bottom) - max(b.top, o.top) > 0.5 * min(b.height, o.height) for o in rows[-1]):
            rows[-1].append(b)
        else:
            rows.append([b])
    tables: list[TableData] = []
    single: list[Box] = []
    taken: set[Line] = set()
    for n, row in enumerate(rows):
        if len(row) < 2:
            single.extend(row)
            continue
        row.sort(key=lambda b: b.x0)
        below = rows[n + 1][0].top if n + 1 < len(rows) else float("inf")
        lines = _split_under(row, lines, below, maker)
        cells: list[CellData] = []
        for i, b in enumerate(row):
            mine = _caption_lines(b, lines, below, taken)
            box = Box(b.x0, b.top, b.x1, max([b.bottom, *(ln.bottom for ln in mine)]), page)
            # the cells of a photo grid meet halfway between the photos
            x0 = (row[i - 1].x1 + b.x0) / 2 if i else b.x0
            x1 = (b.x1 + row[i + 1].x0) / 2 if i + 1 < len(row) else b.x1
            cells.append(CellData(x0, x1, box, None, mine, [b], borderless=True))
        top, bottom = min(b.top for b in row), max(c.box.bottom for c in cells)
        table = TableData([cells], Box(row[0].x0, top, row[-1].x1, bottom, page), page, page, 0.0)
        if tables and tables[-1].box.bottom <= top and _same_columns(tables[-1].rows[-1], cells):
            tables[-1].rows.append(cells)
            tables[-1].box.bottom = bottom
        else:
            tables.append(table)
    rest = [ln for ln in lines if ln not in taken]
    return tables, rest, single


def _split_under(row: list[Box], lines: list[Line], below: float, maker: LineMaker) -> list[Line]:
    """Lines right under a row of photos with a wide gap between photos (captions side by side on one
    baseline) cut at those gaps into one line per photo."""
    bottom = max(b.bottom for b in row)
    out: list[Line] = []
    for ln in lines:
        if not (bottom - 1 <= ln.top < min(below, bottom + 4 * ln.height)):
            out.append(ln)
            continue
        pieces: list[list[Glyph]] = [[]]
        for g in ln.glyphs:
            last = pieces[-1][-1] if pieces[-1] else None
            if last is not None and g.x0 - last.x1 > 1.5 * ln.size and any(
                    last.x1 <= b.x0 + ln.size and g.x0 >= b.x0 - ln.size for b in row[1:]):
                pieces.append([])
            pieces[-1].append(g)
        if len(pieces) < 2:
            out.append(ln)
            continue
        out.extend(maker.line(piece, ln.page) for piece in pieces if piece)
    return out


def _caption_lines(photo: Box, lines: list[Line], limit: float, taken: set[Line]) -> list[Line]:
    out: list[Line] = []
    edge = photo.bottom
    for ln in lines:
        if ln in taken or ln.top < photo.bottom - 1 or ln.top >= limit:
            continue
        if ln.ink_x0 < photo.x0 - ln.size or ln.ink_x1 > photo.x1 + ln.size:
            continue
        if ln.top - edge > 1.5 * ln.height or len(out) >= 3:
            break
        out.append(ln)
        taken.add(ln)
        edge = ln.bottom
    return out


def _same_columns(a: list[CellData], b: list[CellData]) -> bool:
    return len(a) == len(b) and all(abs(x.x0 - y.x0) < 6 and abs(x.x1 - y.x1) < 6 for x, y in zip(a, b, strict=True))


def _join_cut_tables(pages: list[tuple[int, list[Item]]], heights: list[float]) -> None:
    """A table that runs to the foot of page N and one that starts page N+1 are one table when
    table_grid.plan_join says so (a table ending higher up ended there: the next is another table); a
    header row repeated on the new page is dropped, and a row cut by the break becomes one row again."""
    lowest = max((_bottom(it) for _, items in pages for it in items), default=0.0)
    for n in range(len(pages) - 1):
        foot = max(lowest, 0.8 * heights[n]) - _FOOT
        items, following = pages[n][1], pages[n + 1][1]
        if not items or not following:
            continue
        t1, t2 = items[-1], following[0]
        if not (isinstance(t1, TableData) and isinstance(t2, TableData)):
            continue
        if t1.box.bottom < foot and not t1.rows[0][0].borderless:  # (a row of photos cannot be cut: it moves)
            continue
        borderless = t1.rows[0][0].borderless
        if borderless != t2.rows[0][0].borderless or borderless and not _same_columns(t1.rows[-1], t2.rows[0]):
            continue
        plan = plan_join(_piece(t1), _piece(t2), _OUTLINE, _COLUMNS)
        if plan is None:
            continue
        if plan.drop_header:
            t2.rows = t2.rows[1:]  # 'repeat header row'
        if not borderless and plan.cut_row:
            for up, down in zip(t1.rows[-1], t2.rows[0], strict=True):
                target = _restart_of(t1, up) if up.vmerge == "continue" else up
                target.lines += down.lines
                target.images += down.images
                if down.vmerge == "restart" and target.vmerge is None:
                    target.vmerge = "restart"  # a merged cell going on below the break
            t2.rows = t2.rows[1:]
        t1.rows += t2.rows
        t1.last_page = t2.last_page
        following.pop(0)
        if not following:  # the table filled page N+1 too: carry it there so page N+2 can join it
            following.append(items.pop())


def _bottom(item: Item) -> float:
    return item.box.bottom if isinstance(item, TableData) else item.bottom


def _piece(table: TableData) -> Piece:
    def edge(row: list[CellData]) -> list[EdgeCell]:
        return [EdgeCell(c.x0, c.x1, "".join(ln.text for ln in c.lines), c.empty, _full(c, table.pad)) for c in row]

    rows = table.rows
    return Piece(table.box.x0, table.box.x1, len(rows), edge(rows[0]), edge(rows[1]) if len(rows) > 1 else [],
                 edge(rows[-1]))


def _full(cell: CellData, pad: float) -> bool:
    """The cell's last line reaches its right edge (less the padding and a character)."""
    return bool(cell.lines) and cell.lines[-1].ink_x1 >= cell.box.x1 - pad - cell.lines[-1].size


def _restart_of(table: TableData, cell: CellData) -> CellData:
    for row in reversed(table.rows):
        for c in row:
            if c.vmerge == "restart" and abs(c.x0 - cell.x0) < 2:
                return c
    return cell
