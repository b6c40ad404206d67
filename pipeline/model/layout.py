"""The neutral Layout every Reader produces and every Interpreter consumes.

A Layout is the body of a document in reading order: paragraphs and tables (cells hold paragraphs), with
pictures anchored where they stand, plus what lies outside the body (headers, footers). It must not hold
anything format-specific beyond what an Interpreter needs, and it never interprets (no fields, no checks).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LayoutSource = Literal["docx", "pdf", "ocr", "doc"]  # the reader: Word, PDF text layer, OCR, Word 97 binary
VMerge = Literal["restart", "continue"]  # a cell's role in a vertical merge (w:vMerge)


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Picture(_M):
    """A picture drawn in the body (inline, floating or in a cell)."""

    offset: int = 0  # character offset in the paragraph text where the picture stands
    width_cm: float | None = None
    height_cm: float | None = None
    floating: bool = False
    target: str | None = None  # package member of the image (e.g. 'word/media/image1.png')
    name: str | None = None  # docPr name/descr, when given


class Paragraph(_M):
    text: str = ""  # as written, numbering labels excluded (Word does not count them); line breaks as '\n'
    style: str | None = None  # style name as in styles.xml, e.g. 'Heading 1', 'heading 2', 'Caption', '标题 1'
    outline_level: int | None = None  # 0-based outline level from the style or paragraph, when set
    numbering: str | None = None  # rendered automatic list label, e.g. '一、', '（二）', '3.', when present
    bold: bool = False  # every visible character is bold
    centered: bool = False
    in_textbox: bool = False
    pictures: list[Picture] = Field(default_factory=list)
    confidence: float | None = None  # OCR: the lowest recognition confidence (0–1) of the line's text
    page: int | None = None  # PDF/OCR: 1-based page the paragraph starts on


class Cell(_M):
    paragraphs: list[Paragraph] = Field(default_factory=list)
    col: int = 0  # first grid column this cell covers
    span: int = 1  # grid columns covered (w:gridSpan)
    vmerge: VMerge | None = None  # vertical merge role (w:vMerge)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class Table(_M):
    """Rows of cells as written (w:tc elements); a nested table's text is flattened into its parent cell."""

    rows: list[list[Cell]] = Field(default_factory=list)
    # drawn with borders: docx from the table's, its style's or its cells' borders; PDF: rebuilt from rulings
    # (False: a photo grid found from photos side by side); None: the reader cannot tell
    ruled: bool | None = None


Block = Paragraph | Table


class Layout(_M):
    """One document's body in reading order and what surrounds it."""

    source_format: LayoutSource
    blocks: list[Paragraph | Table] = Field(default_factory=list)
    header_texts: list[str] = Field(default_factory=list)
    footer_texts: list[str] = Field(default_factory=list)
    header_pictures: int = 0  # pictures in headers/footers (logos): never photos
    office_words: int | None = None  # Word's own word count from its last save (docProps/app.xml), Word only
    office_app: str | None = None  # the Word that saved office_words, e.g. 'Microsoft Office Word 16.0000'
    title: str | None = None  # document property title, when set
    notes: list[str] = Field(default_factory=list)  # reviewer-readable notes (conversions, repairs)
    ocr: bool = False  # text recognised from page images (scans, photographed forms)
    ocr_confidence: float | None = None  # mean recognition confidence over the document (0–1)
    pages: int | None = None  # PDF/OCR page count

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph in reading order, table cell paragraphs included (row by row, cell by cell)."""
        return flatten(self.blocks)


def flatten(blocks: list[Paragraph | Table]) -> list[Paragraph]:
    """Paragraphs of `blocks` in reading order, tables flattened row by row (merge continuations skipped)."""
    out: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
        else:
            for row in block.rows:
                for cell in row:
                    if cell.vmerge != "continue":
                        out.extend(cell.paragraphs)
    return out
