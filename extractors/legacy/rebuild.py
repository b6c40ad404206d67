"""Which reading of a legacy Word file to trust: LibreOffice's conversion, or the Layout rebuilt from the Word
binary's own text and marks (extractors.legacy.binary) when the conversion lost its tables.

Owns the rebuilt Layout (paragraphs, and tables of rows of cells split at the binary's cell and row marks; a
cell's paragraphs split at '\\r', line breaks kept as '\\n'; widths and merges are not in the text, so each
cell gets col = its index in the row and span 1; nested tables come flattened into their outer cell), the rule
that prefers it (the binary has table cells and the conversion has no table, or clearly fewer cells), placing
the conversion's pictures on the binary's picture anchors, and the reviewer-readable notes that say which route
was taken. It must not run LibreOffice, parse bytes or interpret the Layout.
"""

from __future__ import annotations

from extractors.legacy.binary import DocParagraph, DocText
from pipeline.model.layout import Cell, Layout, Paragraph, Picture, Table

REBUILT_NOTE = ("LibreOffice 转换结果中缺少表格，表格由 Word 二进制文本重建（单元格宽度与合并信息不可用）/ "
                "tables rebuilt from the Word binary text: LibreOffice's conversion lost them "
                "(cell widths and merges are not available)")
ROUTE_CONVERTED, ROUTE_BINARY = "libreoffice", "word_binary"


def pictures_dropped_note(count: int) -> str:
    return (f"转换结果中的 {count} 张图片无法在重建的表格中定位，已略去 / "
            f"{count} picture(s) of the conversion could not be placed in the rebuilt tables and were left out")


def table_cells(layout: Layout) -> int:
    """Cells of the Layout's tables (w:tc elements; a nested table's cells are inside their outer cell)."""
    return sum(len(row) for block in layout.blocks if isinstance(block, Table) for row in block.rows)


def lost_tables(converted: Layout, text: DocText) -> bool:
    """Whether the conversion lost tables the binary has: none at all where the binary has cell marks, or
    fewer than half of the binary's cells (merged cells change counts a little, never by half)."""
    cells = text.cells
    if not cells:
        return False
    found = table_cells(converted)
    return found == 0 or 2 * found < cells


def choose(converted: Layout, text: DocText) -> tuple[Layout, str]:
    """The Layout to interpret and its route (ROUTE_CONVERTED or ROUTE_BINARY)."""
    if not lost_tables(converted, text):
        return converted, ROUTE_CONVERTED
    rebuilt = rebuild(text)
    notes = [*converted.notes, REBUILT_NOTE]
    dropped = _place_pictures(converted, rebuilt)
    if dropped:
        notes.append(pictures_dropped_note(dropped))
    rebuilt.header_texts = list(converted.header_texts)
    rebuilt.footer_texts = list(converted.footer_texts)
    rebuilt.header_pictures = converted.header_pictures
    rebuilt.office_words = converted.office_words
    rebuilt.title = converted.title
    rebuilt.notes = notes
    return rebuilt, ROUTE_BINARY


def rebuild(text: DocText) -> Layout:
    """A Layout of the binary's paragraphs and tables (pictures as anchors without image: see choose)."""
    blocks: list[Paragraph | Table] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    cell: list[Paragraph] = []

    def close_table() -> None:
        nonlocal rows, row, cell
        if cell:
            row.append(Cell(paragraphs=cell, col=len(row)))
        if row:
            rows.append(row)
        if rows:
            blocks.append(Table(rows=rows))
        rows, row, cell = [], [], []

    for para in text.paragraphs:
        if not para.in_table:
            close_table()
            blocks.append(_paragraph(para))
        elif para.end == "row":  # the row-end mark's own paragraph holds no cell text
            if cell:
                row.append(Cell(paragraphs=cell, col=len(row)))
                cell = []
            rows.append(row)
            row = []
        else:
            cell.append(_paragraph(para))
            if para.end == "cell":
                row.append(Cell(paragraphs=cell, col=len(row)))
                cell = []
    close_table()
    return Layout(source_format="doc", blocks=blocks)


def _paragraph(para: DocParagraph) -> Paragraph:
    pictures = [Picture(offset=offset, floating=kind == "\x08") for offset, kind in para.pictures]
    return Paragraph(text=para.text, pictures=pictures)


def _place_pictures(converted: Layout, rebuilt: Layout) -> int:
    """Give the rebuilt anchors the conversion's pictures (size, image) in reading order, inline pictures to
    inline anchors and floating to drawn-object anchors; where the counts differ, both kinds in one order;
    where even that differs, no picture is kept. Returns how many of the conversion's pictures were left out."""
    source = [pic for p in converted.paragraphs() for pic in p.pictures]
    anchors = [(p, n, pic) for p in rebuilt.paragraphs() for n, pic in enumerate(p.pictures)]
    groups = [([a for a in anchors if a[2].floating == kind], [s for s in source if s.floating == kind])
              for kind in (False, True)]
    if any(len(mine) != len(theirs) for mine, theirs in groups):
        groups = [(anchors, source)]
    if any(len(mine) != len(theirs) for mine, theirs in groups):
        for p in rebuilt.paragraphs():
            p.pictures = []
        return len(source)
    for mine, theirs in groups:
        for (para, n, anchor), picture in zip(mine, theirs, strict=True):
            para.pictures[n] = picture.model_copy(update={"offset": anchor.offset})
    return 0
