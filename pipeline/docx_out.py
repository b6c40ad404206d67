"""Writing Word files for reviewers (审核意见表, 退回通知, 汇编): an A4 document with Chinese fonts set for East
Asian text, and the few things python-docx has no call for (fields, cell shading, row heights, page breaks).

Owns the look shared by the Word outputs and writing them atomically; the contents belong to pipeline.sheets,
pipeline.notices and pipeline.booklet. Must not read records' sources or the database.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from docx import Document as new_package
from docx.document import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

BODY_FONT = "仿宋"  # body text (公文 style)
SERIF_FONT = "宋体"  # tables and forms
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"  # Word falls back to 宋体 where it is not installed
LATIN_FONT = "Times New Roman"


def set_font(target: BaseStyle | Run, east_asia: str, size_pt: float | None = None, bold: bool | None = None,
             latin: str = LATIN_FONT) -> None:
    """A style's or a run's fonts: `east_asia` for Chinese text (w:eastAsia), `latin` for the rest."""
    font = target.font  # type: ignore[union-attr]  # every style set here is a paragraph or character style
    font.name = latin
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    element = target.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def new_document(body_font: str = BODY_FONT, size_pt: float = 12, margins_cm: tuple[float, float] = (2.5, 2.2),
                 ) -> Document:
    """An empty A4 document: Normal in `body_font`, headings and the title in black 黑体 / 小标宋, captions
    centred."""
    doc = new_package()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    vertical, horizontal = margins_cm
    section.top_margin = section.bottom_margin = Cm(vertical)
    section.left_margin = section.right_margin = Cm(horizontal)
    styles = doc.styles
    set_font(styles["Normal"], body_font, size_pt)
    for name, size in (("Heading 1", 16.0), ("Heading 2", 14.0), ("Heading 3", 12.0)):
        style = styles[name]
        set_font(style, HEADING_FONT, size, bold=True)
        style.font.color.rgb = RGBColor(0, 0, 0)
    set_font(styles["Title"], TITLE_FONT, 22, bold=False)
    styles["Title"].font.color.rgb = RGBColor(0, 0, 0)
    set_font(styles["Caption"], body_font, 10.5, bold=False)
    styles["Caption"].font.color.rgb = RGBColor(0, 0, 0)
    styles["Caption"].font.italic = False
    return doc


def text_run(paragraph: Paragraph, text: str, east_asia: str | None = None, size_pt: float | None = None,
             bold: bool | None = None) -> Run:
    """A run of `text` in the paragraph ('\\n' as line breaks), in `east_asia` when given."""
    run = paragraph.add_run(text)
    if east_asia is not None:
        set_font(run, east_asia, size_pt, bold)
    else:
        if size_pt is not None:
            run.font.size = Pt(size_pt)
        if bold is not None:
            run.bold = bold
    return run


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (w:fldChar begin/separate/end around `instruction`), showing `placeholder` until Word
    updates it (F9, or on opening: see update_fields_on_open)."""
    def char(kind: str) -> Any:  # an lxml element (OxmlElement is a factory, not a type)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def update_fields_on_open(doc: Document) -> None:
    """Ask Word to update the fields (the table of contents) when the file is opened (w:updateFields)."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        settings.append(element)


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def shade(cell: _Cell, fill: str) -> None:
    """A cell's background colour (hex RGB, e.g. 'F2F2F2')."""
    tcpr = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    tcpr.append(element)


def row_height(table: Table, row: int, cm: float, exact: bool = False) -> None:
    table.rows[row].height = Cm(cm)
    table.rows[row].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def column_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice both read the cells' widths)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)  # w:gridCol, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)  # w:tcW, which Word follows


def cell_text(cell: _Cell, text: str, east_asia: str = SERIF_FONT, size_pt: float = 10.5,
              bold: bool = False) -> Paragraph:
    """Replace a cell's text with `text` in one paragraph."""
    paragraph: Paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    text_run(paragraph, text, east_asia, size_pt, bold)
    return paragraph


def to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary name beside it, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
