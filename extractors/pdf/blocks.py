"""Layout blocks from the reading flow: paragraphs, picture paragraphs with their captions, and tables.

Owns turning pdf_flow Items into the neutral Layout the docx reader would give: runs of lines become
paragraphs (pdf_paragraphs) within the text column or their cell, each image becomes a paragraph with
one Picture at its place, a caption written above its photo is moved right after it, a short centred
line hugging a photo that looks like a caption-style caption gets style 'Caption' (the one style a PDF
reader sets: there is no other way to know a caption without a '图 n' prefix), and tables get the docx
meaning of col/span/vmerge on one grid (`ruled`, unless it is a photo grid). It must not read the PDF
nor interpret the Layout.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.interpret.captions import caption_words
from extractors.pdf.flow import CellData, Item, TableData
from extractors.pdf.lines import Line, Spacing
from extractors.pdf.page import Box
from extractors.pdf.paragraphs import Column, paragraph, split, usual_gap
from extractors.pdf.tables import union_edges
from extractors.table_grid import column_of
from pipeline.model.layout import Block, Cell, Paragraph, Picture, Table

PT_TO_CM = 2.54 / 72
_MIN_PICTURE_CM = 0.8  # smaller images are bullets, rules and specks, not pictures


class BlockMaker:
    """Blocks of one document's flow; `sizes` maps page numbers to page formats (each has its column)."""

    def __init__(self, pages: list[tuple[int, list[Item]]], sizes: dict[int, tuple[float, float]],
                 caption_patterns: list[str]):
        self.pages = pages
        self.sizes = sizes  # page number → (width, height)
        self.captions = [re.compile(p) for p in caption_patterns]
        body = [it for _, items in pages for it in items if isinstance(it, Line)]
        self.gap = usual_gap(body)
        self.body_size = _body_size(body)
        self.columns = _columns(body, sizes, self.body_size)
        cells = [ln for _, items in pages for it in items if isinstance(it, TableData)
                 for row in it.rows for c in row for ln in c.lines]
        self.spacing = Spacing.of(body + cells)

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        run: list[Line | Box] = []
        for _, items in self.pages:
            for item in items:
                if isinstance(item, TableData):
                    out.extend(self._run(run))
                    run = []
                    out.append(self._table(item))
                else:
                    run.append(item)
        out.extend(self._run(run))
        return out

    def _column(self, page: int) -> Column:
        return self.columns.get(self.sizes.get(page, (0.0, 0.0)), Column(0.0, 1e9))

    def _run(self, run: list[Line | Box], cell: Column | None = None, gap: float | None = None) -> list[Paragraph]:
        """Paragraphs of lines and pictures in order: in the page's text column, or in a cell's."""
        out: list[Paragraph] = []
        pending: list[Line] = []
        styled: set[int] = set()  # paragraphs that look like a Caption-style caption
        last_box: Box | None = None  # the picture of the paragraph last added, if it is one
        gap = self.gap if cell is None else gap

        def flush() -> None:
            if pending:
                col = cell or self._column(pending[0].page)
                for group in split(pending, col, gap):
                    if last_box is not None and out and out[-1].pictures and self._caption_look(group, col, last_box):
                        styled.add(len(out))
                    out.append(paragraph(group, col, self.spacing))
                pending.clear()

        for item in run:
            if isinstance(item, Line):
                if cell is None and pending and pending[-1].page != item.page and self._column(
                        item.page) != self._column(pending[-1].page):
                    flush()
                pending.append(item)
            else:
                flush()
                out.append(_picture(item, cell or self._column(item.page)))
                last_box = item
        flush()
        for i in styled:
            if not self._is_caption(out[i]):
                out[i].style = "Caption"
        return self._captions_after(out)

    def _caption_look(self, group: list[Line], col: Column, photo: Box) -> bool:
        """One short line right under a picture, centred on it and no wider, that is no sentence and no
        numbered heading; or such a line in a smaller type centred in the column. That is how a caption
        written in a caption style looks (one without a '图 n' prefix is known by that alone)."""
        if len(group) != 1 or not self.body_size:
            return False
        line = group[0]
        if not caption_words(line.text):
            return False
        if line.page == photo.page and line.top - photo.bottom > 2.5 * line.height or line.page > photo.page + 1:
            return False  # (at the top of the next page it is the very next thing after the photo)
        middle = (line.ink_x0 + line.ink_x1) / 2
        if line.size < 0.85 * self.body_size and abs(middle - col.center) < line.size:
            return True
        return (abs(middle - (photo.x0 + photo.x1) / 2) < line.size
                and line.ink_x1 - line.ink_x0 <= photo.width + 2 * line.size)

    def _is_caption(self, p: Paragraph) -> bool:
        text = p.text.strip()
        return bool(text) and len(text) <= 60 and not p.pictures and any(c.match(text) for c in self.captions)

    def _captions_after(self, paras: list[Paragraph]) -> list[Paragraph]:
        """A caption written above its photo (nothing captions it below) is moved right after it."""
        out = list(paras)
        for i in range(len(out)):
            if not out[i].pictures or out[i].text:
                continue
            below = i + 1 < len(out) and self._is_caption(out[i + 1])
            above = i >= 1 and self._is_caption(out[i - 1]) and not (i >= 2 and out[i - 2].pictures)
            if not below and above:
                out[i - 1], out[i] = out[i], out[i - 1]
        return out

    def _table(self, table: TableData) -> Table:
        edges: list[float] = []
        for row in table.rows:
            edges = union_edges(edges, [e for c in row for e in (c.x0, c.x1)])
        lines = [ln for row in table.rows for c in row for ln in c.lines]
        gap = usual_gap(lines)
        rows: list[list[Cell]] = []
        for row in table.rows:
            cells: list[Cell] = []
            for data in row:
                col, span = column_of(edges, data.x0, data.x1)
                paras = [] if data.vmerge == "continue" else self._cell(data, table.pad, gap)
                cells.append(Cell(paragraphs=paras or [Paragraph()], col=col, span=span, vmerge=data.vmerge))
            rows.append(cells)
        photos = any(c.borderless for row in table.rows for c in row)  # a photo grid: no rulings
        return Table(rows=rows, ruled=not photos)

    def _cell(self, data: CellData, pad: float, gap: float | None) -> list[Paragraph]:
        col = Column(data.box.x0, data.box.x1) if data.borderless else Column(data.box.x0 + pad, data.box.x1 - pad)
        items: list[Line | Box] = sorted([*data.lines, *data.images], key=lambda it: (it.page, it.top))
        return self._run(items, col, gap)


def _picture(box: Box, col: Column) -> Paragraph:
    centred = abs((box.x0 + box.x1) / 2 - col.center) < 6 and box.x0 > col.left + 6
    pic = Picture(width_cm=round(box.width * PT_TO_CM, 2), height_cm=round(box.height * PT_TO_CM, 2),
                  floating=False)
    return Paragraph(text="", pictures=[pic], centered=centred, page=box.page or None)


def _body_size(lines: list[Line]) -> float:
    """The font size most body text is set in."""
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[round(ln.size)] += len(ln.glyphs)
    return weight.most_common(1)[0][0] if weight else 0.0


def _columns(lines: list[Line], sizes: dict[int, tuple[float, float]],
             body_size: float) -> dict[tuple[float, float], Column]:
    """The text column of each page format: from the left-most line start to the right edge that full lines
    of body size reach (when none is seen to, a right margin as wide as the left one)."""
    by_format: dict[tuple[float, float], list[Line]] = {}
    for ln in lines:
        by_format.setdefault(sizes.get(ln.page, (0.0, 0.0)), []).append(ln)
    out: dict[tuple[float, float], Column] = {}
    for fmt, group in by_format.items():
        usual = [ln for ln in group if abs(round(ln.size) - body_size) <= 0.15 * max(body_size, 1)] or group
        left = min(ln.ink_x0 for ln in group)
        right = max(ln.ink_x1 for ln in group)
        if sum(1 for ln in usual if ln.ink_x1 > right - 0.5 * ln.size) < 2:
            # no two lines reach one right edge: no line is full, so the edge is not known from the text;
            # take the margin as wide as the left one
            right = max(right, fmt[0] - left)
        out[fmt] = Column(left, right)
    return out


def keep_picture(box: Box) -> bool:
    return box.width * PT_TO_CM >= _MIN_PICTURE_CM and box.height * PT_TO_CM >= _MIN_PICTURE_CM
