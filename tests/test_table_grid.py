"""extractors.table_grid: the one cell grid and the one page-break join of the PDF and the scan reader.

On real files: Word documents made here, printed to PDF by LibreOffice, and that PDF scanned
(samples.sample_derived.scan_pdf: rendered at 200 dpi, turned, grained). The grid of merged cells found from
the PDF's vector rulings and from the scanned page's ink is the same; a form whose table is cut by a page
break, with Word's repeated header row on the second page, gives the same join plan in both readers (the
header dropped, the cut row joined), the same table and the same record.
"""

from __future__ import annotations

import hashlib
import os
import shutil

import cv2
import docx
import numpy as np
import pypdfium2 as pdfium
import pytest
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from sample_derived import convert, page_images, scan_pdf

from extractors.ocr.engine import detect_text
from extractors.ocr.grid import find_grids as grids_from_ink
from extractors.ocr.image import ink
from extractors.ocr.reader import _level, _read_page, _XTable
from extractors.ocr.text import TableOnPage, bounds
from extractors.pdf.document import PDFIUM_LOCK
from extractors.pdf.flow import _piece, _tables
from extractors.pdf.lines import LineMaker
from extractors.pdf.page import FontBook, PageLimits, read_page
from extractors.pdf.tables import find_grids as grids_from_rulings
from extractors.registry import read_all
from extractors.table_grid import Grid, Join, build_grid, plan_join
from pipeline.model.layout import Table
from pipeline.model.records import Submission
from pipeline.run import judge

DPI = 200
LONG = ("支部坚持把党的政治建设摆在首位，围绕立德树人根本任务，组织党员深入学习党的创新理论，"
        "结合专业特点开展志愿服务、结对帮扶和理论宣讲，形成了学用结合、知行合一的工作格局。") * 6
CUT_ROWS = [("栏目", "填写内容"), ("党支部名称", "信息学院第二学生党支部"), ("品牌名称", "星火领航"), ("负责人", "李明"),
            ("品牌简介", LONG), ("创建措施", "1.建立党员先锋岗。\n2.开展主题党日。"), ("预期成效", "形成可推广的工作机制。"),
            ("支部意见", "同意申报。")]
# the merged-cell table: (row, col) of each cell's first slot → its text; spans below
MERGED = {(0, 0): "项目", (0, 1): "基本情况", (1, 0): "团队成员", (1, 1): "张三", (1, 2): "组织委员",
          (2, 1): "李四", (2, 2): "宣传委员", (3, 1): "王五", (3, 2): "纪检委员"}
MERGED_CELLS = {(0, 0, 0, 0), (0, 1, 0, 2), (1, 0, 3, 0), (1, 1, 1, 1), (1, 2, 1, 2), (2, 1, 2, 1), (2, 2, 2, 2),
                (3, 1, 3, 1), (3, 2, 3, 2)}  # (r0, c0, r1, c1)


def _merged_docx() -> bytes:
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(14)
    doc.add_paragraph("党支部基本情况")
    t = doc.add_table(rows=4, cols=3)
    t.style = doc.styles["Table Grid"]
    for row in t.rows:
        for cell, width in zip(row.cells, (3.5, 6.0, 6.0), strict=True):
            cell.width = Cm(width)
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(1, 0).merge(t.cell(3, 0))
    for (r, c), text in MERGED.items():
        t.cell(r, c).text = text
    return _saved(doc)


def _cut_form_docx() -> bytes:
    """A form table longer than a page: the 品牌简介 row is cut by the break, the header row repeats."""
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(14)
    doc.add_paragraph("“一支部一品牌”创建申报表")
    t = doc.add_table(rows=len(CUT_ROWS), cols=2)
    t.style = doc.styles["Table Grid"]
    for row, (label, value) in zip(t.rows, CUT_ROWS, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # Word's 'repeat as header row'
    return _saved(doc)


def _saved(doc) -> bytes:
    import io

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, bytes]:
    if not shutil.which("soffice"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice (soffice) is not installed")
    out = convert({"merged.docx": _merged_docx(), "cut.docx": _cut_form_docx()}, "pdf",
                  tmp_path_factory.mktemp("table_grid"))
    return {"merged": out["merged"], "cut": out["cut"], "cut_scan": scan_pdf(out["cut"], seed=0),
            "merged_scan": scan_pdf(out["merged"], seed=1)}


def _pdf_page(pdf: bytes, index: int):
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            return read_page(doc, index, FontBook(), PageLimits(100_000, 100_000))
        finally:
            doc.close()


def _scan_page(scan: bytes, index: int) -> np.ndarray:
    """The scanned page as the OCR reader holds it before finding rules: BGR, the skew taken out."""
    image = cv2.cvtColor(page_images(scan, DPI)[index], cv2.COLOR_RGB2BGR)
    return _level(image)[0]


def _spans(grid: Grid) -> set[tuple[int, int, int, int]]:
    return {(c.r0, c.c0, c.r1, c.c1) for c in grid.cells}


def _one_grid_each(pdfs) -> tuple[Grid, Grid, float]:
    page = _pdf_page(pdfs["merged"], 0)
    (vector,) = grids_from_rulings(page.h_rules, page.v_rules)
    image = _scan_page(pdfs["merged_scan"], 0)
    rects = [bounds(q) for q in detect_text(image)]
    unit = float(np.median([r[3] - r[1] for r in rects]))
    (scanned,) = grids_from_ink(ink(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)), unit, rects)
    return vector, scanned, unit


def test_rulings_and_scanned_ink_give_the_same_merged_cells(pdfs) -> None:
    vector, scanned, _ = _one_grid_each(pdfs)
    assert type(vector) is type(scanned) is Grid
    assert _spans(vector) == MERGED_CELLS  # the gridSpan across the top and the vMerge down the first column
    assert _spans(scanned) == MERGED_CELLS
    for grid in (vector, scanned):
        assert _slots(grid) == [(r, c) for r in range(4) for c in range(3)]  # every slot in exactly one cell


def test_cell_at_finds_the_same_cell_on_the_pdf_and_the_scan(pdfs) -> None:
    vector, scanned, _ = _one_grid_each(pdfs)
    page = _pdf_page(pdfs["merged"], 0)
    seen = 0
    for (r, c), text in MERGED.items():
        glyphs = [g for g in page.glyphs if g.ch == text[0] and vector.ys[0] < g.top < vector.ys[-1]]
        assert glyphs, text
        g = glyphs[0]
        x, y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        i = vector.cell_at(x, y)
        assert i is not None and (vector.cells[i].r0, vector.cells[i].c0) == (r, c), text
        # the same point on the scanned page: the grids' outlines map one onto the other
        sx = scanned.xs[0] + (x - vector.xs[0]) * (scanned.xs[-1] - scanned.xs[0]) / (vector.xs[-1] - vector.xs[0])
        sy = scanned.ys[0] + (y - vector.ys[0]) * (scanned.ys[-1] - scanned.ys[0]) / (vector.ys[-1] - vector.ys[0])
        j = scanned.cell_at(sx, sy)
        assert j is not None and (scanned.cells[j].r0, scanned.cells[j].c0) == (r, c), text
        seen += 1
    assert seen == len(MERGED)
    assert vector.cell_at(vector.xs[0] - 5, vector.ys[0]) is None and scanned.cell_at(-1.0, -1.0) is None


def _slots(grid: Grid) -> list[tuple[int, int]]:
    return sorted((r, c) for cell in grid.cells for r in range(cell.r0, cell.r1 + 1) for c in range(cell.c0, cell.c1 + 1))


def test_a_merge_that_is_not_a_rectangle_never_covers_a_slot_twice(pdfs) -> None:
    """On the real grid's bands, rulings missing so that three slots make an L: the first merge (by its first
    slot) is its bounding box when no slot of that box is taken yet, otherwise its slots stay single cells."""
    vector, _, _ = _one_grid_each(pdfs)
    xs, ys = vector.xs, vector.ys
    every = [(r, c) for r in range(len(ys) - 1) for c in range(len(xs) - 1)]
    # the L {(0,0), (0,1), (1,1)} comes first: its box; (1,0) of the merge {(1,0), (2,0)} is taken by it
    grid = build_grid(xs, ys, lambda r, c: (r, c) == (0, 0), lambda r, c: (r, c) in {(0, 1), (1, 0)})
    assert {(0, 0, 1, 1), (2, 0, 2, 0)} <= _spans(grid) and _slots(grid) == every
    # the L {(0,1), (1,0), (1,1)} comes after (0,0): its slots stay single cells
    grid = build_grid(xs, ys, lambda r, c: (r, c) == (1, 0), lambda r, c: (r, c) == (0, 1))
    assert {(0, 0, 0, 0), (0, 1, 0, 1), (1, 0, 1, 0), (1, 1, 1, 1)} <= _spans(grid) and _slots(grid) == every
    rect = build_grid(xs, ys, lambda r, c: r == 0, lambda r, c: False)  # a rectangle: the whole first row
    assert (0, 0, 0, len(xs) - 2) in _spans(rect) and _slots(rect) == every


def test_the_cut_form_has_its_header_repeated_on_page_two(pdfs) -> None:
    """The input is what the join must handle: two pages, each opening its table with the header row."""
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdfs["cut"])
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        doc.close()
    assert len(texts) == 2
    assert all("栏目" in t and "填写内容" in t for t in texts)
    assert "品牌简介" in texts[0] and "品牌简介" not in texts[1] and LONG[-20:] in "".join(texts[1].split())


def _pdf_pieces(pdf: bytes):
    pieces = []
    for index in range(2):
        page = _pdf_page(pdf, index)
        tables, _ = _tables(page, LineMaker(bold_fonts=set()))
        (table,) = tables
        pieces.append(_piece(table))
    return pieces


def _scan_pieces(scan: bytes, config):
    from extractors.ocr.engine import Deadline

    pieces = []
    for index in range(2):
        image = cv2.cvtColor(page_images(scan, DPI)[index], cv2.COLOR_RGB2BGR)
        page = _read_page(image, index + 1, DPI, config, Deadline(600))
        (table,) = [it for it in page.items if isinstance(it, TableOnPage)]
        pieces.append(_XTable.of(table))
    return pieces


def test_one_join_plan_for_the_pdf_and_the_scan(pdfs, config) -> None:
    a, b = _pdf_pieces(pdfs["cut"])
    assert plan_join(a, b, 3.0, 6.0) == Join(drop_header=True, cut_row=True)
    x, y = _scan_pieces(pdfs["cut_scan"], config)
    assert plan_join(x.piece(), y.piece(), x.tol, x.tol) == Join(drop_header=True, cut_row=True)
    # the second piece without its repeated header: nothing dropped, the cut row still joined
    bare = type(b)(b.x0, b.x1, b.rows - 1, b.second, [], b.last)
    assert plan_join(a, bare, 3.0, 6.0) == Join(drop_header=False, cut_row=True)
    narrower = type(b)(b.x0 + 20, b.x1, b.rows, b.first, b.second, b.last)
    assert plan_join(a, narrower, 3.0, 6.0) is None  # other outer edges: another table


def _texts(table: Table) -> list[list[str]]:
    return [["".join(p.text for p in cell.paragraphs).replace("\n", "").replace(" ", "") for cell in row]
            for row in table.rows]


def _submission(name: str, data: bytes) -> Submission:
    return Submission(file=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      detected="pdf", extension="pdf")


def test_scan_and_pdf_of_a_cut_form_give_one_table_and_the_same_record(pdfs, config, params) -> None:
    pdf_sub, scan_sub = _submission("cut.pdf", pdfs["cut"]), _submission("cut.scan.pdf", pdfs["cut_scan"])
    pdf_layout, scan_layout = read_all([pdf_sub, scan_sub], config)
    assert scan_layout.ocr and not pdf_layout.ocr
    want = [[label, "".join(value.split())] for label, value in CUT_ROWS]
    for layout in (pdf_layout, scan_layout):
        (table,) = [b for b in layout.blocks if isinstance(b, Table)]
        assert _texts(table) == want  # the header once, the cut 品牌简介 row one row
    pdf_record = judge(pdf_sub, config, params, layout=pdf_layout)
    scan_record = judge(scan_sub, config, params, layout=scan_layout)
    assert pdf_record.doc_type == scan_record.doc_type == "application"
    assert pdf_record.fields is not None and pdf_record.fields.summary == LONG
    assert scan_record.fields == pdf_record.fields
