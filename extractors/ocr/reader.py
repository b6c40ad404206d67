"""The OCR Reader: photographed or scanned pages (images, image-only PDFs) -> the neutral Layout.

Owns the order of work and the bounds: decode (header size checked first) or render the PDF pages
(pypdfium2 at `ocr.dpi`, embedded images checked by their declared size first), then per page: a sheet
photographed at an angle flattened (extractors.ocr.sheet), deskew, text detection, quarter-turn check (most
detected lines run vertically), ruled tables (extractors.ocr.grid) and photos, recognition
(extractors.ocr.engine), upside-down check (the line classifier turned most lines), text blocks
(extractors.ocr.text); then the pages joined into one Layout, a table that runs over a
page break stitched back into one Table by extractors.table_grid's rule (a repeated header row dropped, a
row split by the break joined again). The result has the
Table/Cell/Paragraph structure the Word reader gives for the same form, so the interpreters work
unchanged. Bad bytes raise BadInput ('bad_image' or 'incomplete' (extractors.ocr.image), 'incomplete',
'corrupt_pdf' and 'encrypted' as the PDF reader says them (extractors.pdf.document), 'too_large' (the
configured `ocr.max_pixels`, never Pillow's own ceiling), 'too_many_pages', 'too_slow'); a PDF page pdfium
cannot load is left out and named in a note; an image without text gives a Layout without blocks. It must
not interpret the Layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

import cv2
import numpy as np

from extractors.ocr.columns import label_columns
from extractors.ocr.engine import Box, Deadline, detect_text, ocr_engine, recognise
from extractors.ocr.grid import Grid, find_grids
from extractors.ocr.image import (
    ImagePages,
    Region,
    estimate_skew,
    fit,
    ink,
    photo_regions,
    rotate,
    too_many_pages,
    too_many_pixels,
)
from extractors.ocr.sheet import flatten, paper
from extractors.ocr.text import (
    Item,
    TableOnPage,
    bounds,
    continue_paragraph,
    fit_quads,
    page_items,
    split_margins,
    unit_of,
)
from extractors.pdf.document import DAMAGED, PDFIUM_LOCK, damaged_pages, open_pdf
from extractors.table_grid import EdgeCell, Join, Piece, column_of, plan_join, union_edges
from pipeline.model.config import Config, OcrSettings
from pipeline.model.errors import BadInput
from pipeline.model.layout import Cell, Layout, Paragraph, Table, VMerge

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument

__all__ = ["ocr_engine", "read_image", "read_scanned_pdf"]

A4_WIDTH_IN = 8.27  # a photographed page is assumed to fill the picture's width when sizing photos


@dataclass
class _Page:
    items: list[Item]
    scores: list[float]
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_image(data: bytes, config: Config) -> Layout:
    """The Layout of a photographed or scanned page (.jpg/.png/.tif/.bmp; a multi-page TIFF gives pages)."""
    s = config.ocr
    deadline = Deadline(s.max_seconds)
    pages = ImagePages(data, s.max_pixels, s.max_pages)

    def render(i: int) -> tuple[np.ndarray, float]:
        image = pages.page(i)
        return image, image.shape[1] / A4_WIDTH_IN

    return _layout(((i + 1, partial(render, i)) for i in range(len(pages))), config, deadline, len(pages))


def read_scanned_pdf(data: bytes, config: Config, pages: list[int] | None = None) -> Layout:
    """OCR of a PDF's pages (1-based numbers in `pages`, out-of-range ones ignored; all pages when None),
    rendered at `ocr.dpi`. Paragraphs carry the PDF's page numbers; Layout.pages counts the pages read."""
    s = config.ocr
    deadline = Deadline(s.max_seconds)
    with PDFIUM_LOCK:
        doc = open_pdf(data)
        total = len(doc)
    try:
        wanted = sorted({p for p in (pages or range(1, total + 1)) if 1 <= p <= total})
        if len(wanted) > s.max_pages:
            raise too_many_pages(len(wanted), s.max_pages)
        renders = ((n, _render_later(doc, n, s)) for n in wanted)
        layout = _layout(renders, config, deadline, len(wanted))
        layout.notes.insert(0, f"扫描件已识别 {layout.pages} 页 / OCR of {layout.pages} scanned page(s)")
        return layout
    finally:
        with PDFIUM_LOCK:
            doc.close()


# (page number, a function giving the page image and its resolution in dpi, or None for a damaged page)
_Renders = Iterator[tuple[int, Callable[[], tuple[np.ndarray, float] | None]]]


def _render_later(doc: PdfDocument, number: int, s: OcrSettings) -> Callable[[], tuple[np.ndarray, float] | None]:
    def render() -> tuple[np.ndarray, float] | None:
        with PDFIUM_LOCK:
            return _render(doc, number, s)

    return render


def _render(doc: PdfDocument, number: int, s: OcrSettings) -> tuple[np.ndarray, float] | None:
    """One page as a BGR image and its resolution, None when pdfium cannot load or render it; images on it
    are checked by their declared size first."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        page = doc[number - 1]
    except pdfium.PdfiumError:
        return None
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
            w, h = obj.get_px_size()
            if w * h > s.max_pixels:
                raise too_many_pixels(w, h, s.max_pixels, where=f"PDF 第 {number} 页中的")
        width, height = page.get_size()
        scale = s.dpi / 72
        if width * height * scale * scale > s.max_pixels:  # a huge sheet: render it smaller
            scale = (s.max_pixels / (width * height)) ** 0.5
        if width * scale < 8 or height * scale < 8:
            raise BadInput(DAMAGED, "PDF 页面尺寸异常，无法识别", f"page {number} has no usable size")
        arr = page.render(scale=scale).to_numpy()
        image = cv2.cvtColor(arr, cv2.COLOR_BGRA2BGR) if arr.shape[2] == 4 else arr.copy()
        return image, 72 * scale
    except pdfium.PdfiumError:
        return None
    finally:
        page.close()


def _layout(renders: _Renders, config: Config, deadline: Deadline, count: int) -> Layout:
    """The pages read into one Layout; a damaged page is left out and named in a note (all of them → BadInput)."""
    results: list[_Page] = []
    damaged: list[int] = []
    for number, render in renders:
        deadline.check()
        rendered = render()
        if rendered is None:
            damaged.append(number)
            continue
        image, dpi = rendered
        results.append(_read_page(image, number, dpi, config, deadline))
    refused, damage_note = damaged_pages(damaged, count) if damaged else (None, "")
    if refused is not None:
        raise refused
    scores = [sc for r in results for sc in r.scores]
    _running_lines(results)
    blocks = _blocks([r.items for r in results])
    layout = Layout(source_format="ocr", blocks=blocks, ocr=True, pages=count - len(damaged),
                    ocr_confidence=round(float(np.mean(scores)), 4) if scores else None)
    if damage_note:
        layout.notes.append(damage_note)
    for r in results:
        layout.header_texts.extend(r.header)
        layout.footer_texts.extend(r.footer)
        layout.notes.extend(r.notes)
    return layout


def _paragraph_at(items: list[Item], end: int) -> Paragraph | None:
    item = items[end] if items else None
    return item if isinstance(item, Paragraph) else None


def _running_lines(results: list[_Page]) -> None:
    """A line that opens (or closes) most pages with the same words is a running header (footer)."""
    if len(results) < 2:
        return
    for end, target in ((0, "header"), (-1, "footer")):
        ends = [_paragraph_at(r.items, end) for r in results]
        texts = ["".join(p.text.split()) if p is not None and p.text.strip() else None for p in ends]
        for text in {t for t in texts if t}:
            if texts.count(text) >= max(2, (len(results) + 1) // 2):
                for r, t in zip(results, texts, strict=True):
                    if t == text:
                        paragraph = r.items.pop(end)
                        assert isinstance(paragraph, Paragraph)  # its text was counted above
                        getattr(r, target).append(paragraph.text)


def _read_page(image: np.ndarray, number: int, dpi: float, config: Config, deadline: Deadline) -> _Page:
    notes: list[str] = []
    before = image.shape[1]
    image = fit(image)
    dpi *= image.shape[1] / before
    flat = flatten(image, cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    if flat is not None:  # a sheet photographed on a desk, at an angle: now the picture is the sheet
        image, dpi = flat, flat.shape[1] / A4_WIDTH_IN
        notes.append(f"第 {number} 页为拍摄件，已校正角度与透视 / page {number} was photographed at an angle and was "
                     "flattened")
    image, gray = _level(image)
    quads = detect_text(image, deadline)
    if _sideways(quads):
        image, gray = _level(cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE))
        quads = detect_text(image, deadline)
        notes.append(f"第 {number} 页横向，已旋转 / page {number} was sideways and was turned")
    page = _recognise(image, gray, quads, dpi, config, deadline)
    if len(page.boxes) >= 3 and sum(b.flipped for b in page.boxes) > 0.6 * len(page.boxes):
        image, gray = cv2.rotate(image, cv2.ROTATE_180), cv2.rotate(gray, cv2.ROTATE_180)
        page = _recognise(image, gray, detect_text(image, deadline), dpi, config, deadline)
        notes.append(f"第 {number} 页倒置，已旋转 / page {number} was upside down and was turned")
    boxes = page.boxes
    if not boxes:
        return _Page(items=[], scores=[], notes=notes)
    unit = unit_of(boxes, default=page.unit)
    body, header, footer = split_margins(boxes, image.shape[0], unit)
    items = page_items(body, page.grids, page.photos, unit, number, dpi, columns=label_columns)
    return _Page(items=items, scores=[b.score for b in boxes], header=header, footer=footer, notes=notes)


def _level(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(BGR, gray) with the skew taken out."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    angle = estimate_skew(gray)
    return rotate(image, angle), rotate(gray, angle)


def _sideways(quads: list[np.ndarray]) -> bool:
    """Most text lines run top to bottom: the page lies a quarter turn off (Chinese forms are written
    in horizontal lines)."""
    shapes = [(r[2] - r[0], r[3] - r[1]) for r in map(bounds, quads)]
    long = [(w, h) for w, h in shapes if max(w, h) >= 2.5 * min(w, h)]
    return len(long) >= 3 and sum(h > w for w, h in long) > 0.6 * len(long)


@dataclass
class _Seen:
    boxes: list[Box]
    grids: list[Grid]
    photos: list[Region]
    unit: float


def _recognise(image: np.ndarray, gray: np.ndarray, quads: list[np.ndarray], dpi: float, config: Config,
               deadline: Deadline) -> _Seen:
    """The page's rules and photos (the detected text boxes tell text from them), then the reading."""
    rects = [bounds(q) for q in quads]
    unit = float(np.median([r[3] - r[1] for r in rects])) if rects else dpi * 14 / 72
    cm = dpi / 2.54
    sheet = paper(gray)
    photos = photo_regions(gray, rects, int(config.report.min_photo_width_cm * cm),
                           int(config.report.min_photo_height_cm * cm), sheet)
    mask = ink(gray)
    if sheet is not None:  # the sheet's outline on a desk is no rule
        mask[sheet == 0] = 0
    for p in photos:  # a photo's edges and contents are not rules
        mask[p.y0:p.y1 + 1, p.x0:p.x1 + 1] = 0
    grids = find_grids(mask, unit, rects)
    boxes = recognise(image, fit_quads(quads, grids, unit, image.shape[1]), deadline)
    return _Seen(boxes=boxes, grids=grids, photos=photos, unit=unit)


# -- joining pages ---------------------------------------------------------------------------------------


@dataclass
class _XCell:
    x0: float
    x1: float
    r0: int
    r1: int
    paragraphs: list[Paragraph]
    page: int
    full: bool = False  # its last line runs up to the cell's right edge
    flush: bool = False  # its first line starts at the cell's left


@dataclass
class _XTable:
    """A table being assembled, possibly from several pages: cells by x-extent and row numbers."""

    rows: int
    cells: list[_XCell]
    left: float
    right: float
    page: int

    @classmethod
    def of(cls, t: TableOnPage) -> _XTable:
        g = t.grid
        cells = [_XCell(c.x0, c.x1, c.r0, c.r1, t.paragraphs(i), t.page, i in t.full, i in t.flush)
                 for i, c in enumerate(g.cells)]
        return cls(rows=len(g.ys) - 1, cells=cells, left=g.xs[0], right=g.xs[-1], page=t.page)

    @property
    def tol(self) -> float:
        return 0.03 * (self.right - self.left)

    def row(self, r: int) -> list[_XCell]:
        """The cells covering row r, left to right."""
        return sorted((c for c in self.cells if c.r0 <= r <= c.r1), key=lambda c: c.x0)

    def piece(self) -> Piece:
        def edge(r: int) -> list[EdgeCell]:
            # a merged cell going on from a row above is empty in this row
            return [EdgeCell(c.x0, c.x1, _text(c), c.r0 < r or not (_text(c) or _pictures(c)), c.full)
                    for c in self.row(r)]

        return Piece(self.left, self.right, self.rows, edge(0), edge(1) if self.rows > 1 else [],
                     edge(self.rows - 1))

    def extend(self, other: _XTable, plan: Join) -> None:
        """Append `other`'s rows as table_grid.plan_join says: a repeated header row dropped, a row cut by
        the page break joined (a merged cell of the new page going on below the cut row keeps its span)."""
        if plan.drop_header:  # (a header cell reaching further down keeps its lower part, empty)
            other.cells = [replace(c, r0=c.r0 - 1, r1=c.r1 - 1) if c.r0 else
                           replace(c, r1=c.r1 - 1, paragraphs=[], full=False, flush=False)
                           for c in other.cells if c.r1 > 0]
            other.rows -= 1
        shift = self.rows
        if plan.cut_row:
            shift -= 1
            for a, b in zip(self.row(self.rows - 1), other.row(0), strict=True):
                head, more = list(a.paragraphs), list(b.paragraphs)
                if head and more and a.full and b.flush:  # one paragraph running over the break
                    head[-1] = head[-1].model_copy()
                    continue_paragraph(head[-1], more.pop(0))
                a.paragraphs = head + more
                a.full = b.full if b.paragraphs else a.full
                a.r1 = max(a.r1, shift + b.r1)
            other.cells = [c for c in other.cells if c.r0 > 0]
        for c in other.cells:
            self.cells.append(replace(c, r0=c.r0 + shift, r1=c.r1 + shift))
        self.rows = shift + other.rows
        self.page = other.page

    def table(self) -> Table:
        bounds = union_edges([], [v for c in self.cells for v in (c.x0, c.x1)], 0.02 * (self.right - self.left))
        rows: list[list[Cell]] = [[] for _ in range(self.rows)]
        for c in self.cells:
            c0, span = column_of(bounds, c.x0, c.x1)
            for r in range(c.r0, c.r1 + 1):
                if r == c.r0:
                    vmerge: VMerge | None = "restart" if c.r1 > c.r0 else None
                    rows[r].append(Cell(paragraphs=c.paragraphs or [Paragraph(page=c.page)], col=c0, span=span,
                                        vmerge=vmerge))
                else:
                    rows[r].append(Cell(paragraphs=[], col=c0, span=span, vmerge="continue"))
        for row in rows:
            row.sort(key=lambda cell: cell.col)
        return Table(rows=[row for row in rows if row])


def _text(cell: _XCell) -> str:
    return "".join(p.text for p in cell.paragraphs).strip()


def _pictures(cell: _XCell) -> bool:
    return any(p.pictures for p in cell.paragraphs)


def _blocks(pages: list[list[Item]]) -> list[Paragraph | Table]:
    flat: list[Paragraph | _XTable] = []
    for items in pages:
        for item in items:
            if isinstance(item, TableOnPage):
                table = _XTable.of(item)
                prev = flat[-1] if flat else None
                plan = (plan_join(prev.piece(), table.piece(), prev.tol, prev.tol)
                        if isinstance(prev, _XTable) and table.page == prev.page + 1 else None)
                if plan is not None and isinstance(prev, _XTable):
                    prev.extend(table, plan)
                else:
                    flat.append(table)
            else:
                flat.append(item)
    return [b.table() if isinstance(b, _XTable) else b for b in flat]
