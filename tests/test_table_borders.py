"""Whether a Word table is drawn with borders (Layout Table.ruled, extractors/docx_borders.py), on real files.

Each case is a .docx written here with python-docx whose one table takes its borders from a different place:
the 'Table Grid' style, no style at all, a style of its own based on 'Table Grid' (and one that takes the
borders away again), its own w:tblBorders (drawn, nil, none, one edge only, or hiding some of the style's
edges), a row's w:tblPrEx, a cell's w:tcBorders. The docx reader's `ruled` must say what the case was made
to be, and, for every case drawn all round or not at all, what LibreOffice really draws: its PDF of the case
(one soffice call for all) has a ruled table rebuilt from the rulings exactly when the .docx says ruled.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.docx.reader import read_docx
from extractors.pdf.reader import read_pdf
from pipeline.model.layout import Table

EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _edges(val: str, edges: tuple[str, ...] = EDGES) -> str:
    return "".join(f'<w:{e} w:val="{val}" w:sz="4" w:space="0" w:color="000000"/>' for e in edges)


def _borders(tag: str, val: str, edges: tuple[str, ...] = EDGES) -> str:
    return f"<w:{tag} {nsdecls('w')}>{_edges(val, edges)}</w:{tag}>"


def _doc(style: str | None = None, *, tbl_borders: str | None = None, cell_borders: str | None = None,
         row_borders: str | None = None, own_style: str | None = None) -> bytes:
    """A document with a line of text and a 2×2 table of text; `own_style` ('grid' or 'none') adds a table
    style 'Mine' based on 'Table Grid' (its own borders: none, or inherited) and gives it to the table."""
    doc = Document()
    doc.add_paragraph("表格边框")
    table = doc.add_table(rows=2, cols=2)
    if style:
        table.style = doc.styles[style]
    if own_style:
        mine = doc.styles.add_style("Mine", WD_STYLE_TYPE.TABLE)
        mine.base_style = doc.styles["Table Grid"]
        if own_style == "none":
            mine.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}><w:tblBorders>{_edges('none')}</w:tblBorders>"
                                          "</w:tblPr>"))
        table.style = mine
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"第{r + 1}行第{c + 1}列"
            if cell_borders:
                cell._tc.get_or_add_tcPr().append(parse_xml(_borders("tcBorders", cell_borders)))
    tblpr = table._tbl.tblPr
    if tbl_borders:
        tblpr.append(parse_xml(tbl_borders))
    if row_borders:
        tr = table.rows[0]._tr
        tr.insert(0, parse_xml(f"<w:tblPrEx {nsdecls('w')}>{_borders('tblBorders', row_borders)}</w:tblPrEx>"))
    doc.add_paragraph("表后文字")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# name → (docx bytes, ruled as made, drawn all round or not at all: LibreOffice's PDF must agree)
CASES = {
    "table_grid": (lambda: _doc("Table Grid"), True, True),
    "no_style": (lambda: _doc(), False, True),
    "own_borders": (lambda: _doc(tbl_borders=_borders("tblBorders", "single")), True, True),
    "grid_borders_nil": (lambda: _doc("Table Grid", tbl_borders=_borders("tblBorders", "nil")), False, True),
    "grid_borders_none": (lambda: _doc("Table Grid", tbl_borders=_borders("tblBorders", "none")), False, True),
    "grid_inside_nil": (lambda: _doc("Table Grid", tbl_borders=_borders("tblBorders", "nil", ("insideH", "insideV"))),
                        True, False),
    "bottom_only": (lambda: _doc(tbl_borders=_borders("tblBorders", "double", ("bottom",))), True, False),
    "cell_borders": (lambda: _doc(cell_borders="single"), True, True),
    "cell_borders_nil": (lambda: _doc(cell_borders="nil"), False, True),
    "row_exception": (lambda: _doc(row_borders="single"), True, False),
    "style_based_on_grid": (lambda: _doc(own_style="grid"), True, True),
    "style_taking_borders_away": (lambda: _doc(own_style="none"), False, True),
}


def _tables(data: bytes) -> list[Table]:
    from pipeline.model.config import load_config

    return [b for b in read_docx(data, load_config().intake).blocks if isinstance(b, Table)]


@pytest.fixture(scope="module")
def made() -> dict[str, bytes]:
    return {name: make() for name, (make, _, _) in CASES.items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_docx_reader_says_whether_a_table_is_ruled(name: str, made) -> None:
    tables = _tables(made[name])
    assert [t.ruled for t in tables] == [CASES[name][1]]
    assert [[c.text for c in row] for row in tables[0].rows] == [["第1行第1列", "第1行第2列"], ["第2行第1列", "第2行第2列"]]


def test_hostile_borders_do_not_crash_and_count_only_drawn_edges() -> None:
    """Unknown edge names, a missing w:val, comments among the edges: only an edge with a drawing w:val counts."""
    odd = (f"<w:tblBorders {nsdecls('w')}><!-- c --><w:top/><w:diagonal w:val='nil'/><w:left w:val=' none '/>"
           "</w:tblBorders>")
    assert [t.ruled for t in _tables(_doc(tbl_borders=odd))] == [False]
    drawn = f"<w:tblBorders {nsdecls('w')}><!-- c --><w:weird w:val='dotted'/></w:tblBorders>"
    assert [t.ruled for t in _tables(_doc(tbl_borders=drawn))] == [True]


@pytest.fixture(scope="module")
def pdfs(made, tmp_path_factory) -> dict[str, bytes]:
    """The cases drawn all round or not at all, as LibreOffice prints them (one soffice call, own profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("table_borders")
    names = [n for n, (_, _, whole) in CASES.items() if whole]
    for n in names:
        (work / f"{n}.docx").write_bytes(made[n])
    cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(work / "pdf"), *(str(work / f"{n}.docx") for n in names)]
    subprocess.run(cmd, timeout=300, check=False, capture_output=True)
    out = {n: (work / "pdf" / f"{n}.pdf").read_bytes() for n in names if (work / "pdf" / f"{n}.pdf").exists()}
    assert set(out) == set(names), "LibreOffice did not convert every case"
    return out


@pytest.mark.parametrize("name", sorted(n for n, (_, _, whole) in CASES.items() if whole))
def test_ruled_says_what_libreoffice_draws(name: str, made, pdfs) -> None:
    from pipeline.model.config import load_config

    layout = read_pdf(pdfs[name], load_config())
    printed = [t.ruled for t in layout.blocks if isinstance(t, Table)]
    said = [t.ruled for t in _tables(made[name])]
    assert printed == ([True] if said == [True] else []), (name, said)
    text = "".join(p.text for p in layout.paragraphs())
    assert "第1行第1列" in text and "第2行第2列" in text
