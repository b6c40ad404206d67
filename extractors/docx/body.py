"""One WordprocessingML story (the body, a header or a footer) walked into Layout blocks in reading order.

Owns the block level: paragraphs with their style, outline level, list label, centring, pictures where
they stand and text-box paragraphs after their anchor; a paragraph whose mark was deleted or moved away
with changes tracked runs on into the next one, as Word shows it; tables as written (nested tables
flattened into their cell, rows deleted with changes tracked left out, content controls around rows and
cells looked through); content controls still showing their placeholder keep their shape but no text;
w:altChunk imports handed to a callback. What the runs inside a paragraph show is docx_runs'. It must
not open the package or parse XML: it is handed parsed elements, relationships, a StyleSheet and (for
the body) a Numbering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from extractors.docx.borders import W_TBL_PR_EX, W_TC_BORDERS, drawn, table_ruled
from extractors.docx.drawing import drawing_picture, vml_picture
from extractors.docx.ns import (
    MC_ALTERNATE,
    R_ID,
    W_ALT_CHUNK,
    W_CUSTOM_XML,
    W_DEL,
    W_GRID_BEFORE,
    W_GRID_SPAN,
    W_ILVL,
    W_INS,
    W_JC,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_NUM_ID,
    W_NUMPR,
    W_OUTLINE_LVL,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_RPR,
    W_SDT,
    W_SDT_CONTENT,
    W_SECT_PR,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_VAL,
    W_VMERGE,
)
from extractors.docx.numbering import Numbering
from extractors.docx.package import Rel
from extractors.docx.runs import InlineReader, Para, child, choice, first, placeholder
from extractors.docx.styles import ParaStyle, StyleSheet, to_int
from pipeline.model.layout import Block, Cell, Paragraph, Table, VMerge, flatten

_PLAIN = ParaStyle(name=None, outline_level=None, num_id=None, ilvl=None, bold=False, centered=False)
_BLOCK_WRAPPERS = frozenset({W_SDT_CONTENT, W_CUSTOM_XML, W_INS, W_MOVE_TO})
_GONE_MARKS = (W_DEL, W_MOVE_FROM)  # a paragraph mark deleted or moved away: the paragraph joins the next

Chunks = Callable[[str], list[Block] | None]


class Story(InlineReader):
    """Walks one story. `rels` gives the story part's relationships (called when a picture needs them);
    `numbering` is called once, on the first numbered paragraph (None: no labels); `chunks` turns the
    relationship id of a w:altChunk into the blocks of the imported part (None: chunks are skipped)."""

    def __init__(self, rels: Callable[[], dict[str, Rel]], styles: StyleSheet | None,
                 numbering: Callable[[], Numbering] | None = None, chunks: Chunks | None = None) -> None:
        super().__init__(styles)
        self._rels = rels
        self._numbering_factory = numbering
        self._numbering: Numbering | None = None
        self._chunks = chunks
        self._in_box = False
        self._carry: tuple[Para, Callable[[Para], Paragraph]] | None = None  # a paragraph whose mark is gone
        self.sections: list[etree._Element] = []  # w:sectPr met, in order (header/footer references)

    def blocks(self, parent: etree._Element) -> list[Block]:
        out: list[Block] = []
        self._blocks(parent, out)
        self._flush(out)
        return out

    # -- blocks ---------------------------------------------------------------------------------------

    def _blocks(self, parent: etree._Element, out: list) -> None:
        for el in parent:
            tag = el.tag
            if tag == W_P:
                self._paragraph(el, out)
            elif tag == W_TBL:
                self._flush(out)
                out.append(self._table(el))
            elif tag == W_SDT:
                if placeholder(el):  # the prompt is shown, nothing was entered: keep the shape, not the text
                    self._flush(out)
                    content: list[Block] = []
                    self._blocks(el, content)
                    self._flush(content)
                    out.extend(_blank(content))
                else:
                    self._blocks(el, out)
            elif tag in _BLOCK_WRAPPERS:
                self._blocks(el, out)
            elif tag == MC_ALTERNATE:
                branch = choice(el)
                if branch is not None:
                    self._blocks(branch, out)
            elif tag == W_ALT_CHUNK:
                self._flush(out)
                rid = el.get(R_ID)
                if rid and self._chunks is not None:
                    out.extend(self._chunks(rid) or ())
            elif tag == W_SECT_PR:
                self.sections.append(el)

    def _table(self, tbl: etree._Element) -> Table:
        rows: list[list[Cell]] = []
        ruled = table_ruled(tbl, self._styles)
        for tr, blank_row in _children(tbl, W_TR):
            trpr = child(tr, W_TRPR)
            if trpr is not None and _row_deleted(trpr):
                continue  # a row deleted with changes tracked
            ruled = ruled or drawn(child(tr, W_TBL_PR_EX))
            before = child(trpr, W_GRID_BEFORE) if trpr is not None else None
            col = max(0, to_int(before.get(W_VAL), 0) or 0) if before is not None else 0
            cells: list[Cell] = []
            for tc, blank in _children(tr, W_TC):
                span = 1
                vmerge: VMerge | None = None
                tcpr = first(tc, W_TCPR)
                if tcpr is not None:
                    for prop in tcpr:
                        if prop.tag == W_GRID_SPAN:
                            span = max(1, to_int(prop.get(W_VAL), 1) or 1)
                        elif prop.tag == W_VMERGE:
                            vmerge = "restart" if prop.get(W_VAL) == "restart" else "continue"
                        elif prop.tag == W_TC_BORDERS:
                            ruled = ruled or drawn(prop)
                content: list[Block] = []
                self._blocks(tc, content)
                self._flush(content)
                paragraphs = flatten(content)
                if blank or blank_row:
                    paragraphs = [p.model_copy(update={"text": "", "pictures": []}) for p in paragraphs]
                cells.append(Cell(paragraphs=paragraphs, col=col, span=span, vmerge=vmerge))
                col += span
            rows.append(cells)
        return Table(rows=rows, ruled=ruled)

    # -- paragraphs -----------------------------------------------------------------------------------

    def _paragraph(self, p: etree._Element, out: list) -> None:
        style_id = num_id = ilvl = outline = jc = None
        has_numpr = mark_gone = False
        ppr = first(p, W_PPR)
        if ppr is not None:
            for c in ppr:
                tag = c.tag
                if tag == W_PSTYLE:
                    style_id = c.get(W_VAL)
                elif tag == W_NUMPR:
                    has_numpr = True
                    for n in c:
                        if n.tag == W_NUM_ID:
                            num_id = n.get(W_VAL)
                        elif n.tag == W_ILVL:
                            ilvl = n.get(W_VAL)
                elif tag == W_OUTLINE_LVL:
                    outline = c.get(W_VAL)
                elif tag == W_JC:
                    jc = c.get(W_VAL)
                elif tag == W_RPR:
                    mark_gone = any(m.tag in _GONE_MARKS for m in c)
                elif tag == W_SECT_PR:
                    self.sections.append(c)
        pstyle = self._styles.paragraph(style_id) if self._styles is not None else _PLAIN
        if self._carry is not None:  # the previous paragraph's mark is gone: its text runs on into this one
            pb = self._carry[0]
            pb.base_bold = pstyle.bold
            self._carry = None
        else:
            pb = Para(base_bold=pstyle.bold)
        self._inline(p, pb)
        self._end_paragraph()

        def make(pb: Para) -> Paragraph:
            if outline is not None:
                level = to_int(outline)
                level = level if level is not None and 0 <= level <= 8 else None
            else:
                level = pstyle.outline_level
            label = None
            if has_numpr or pstyle.num_id is not None:
                label = self._label(num_id if num_id is not None else pstyle.num_id,
                                    to_int(ilvl) if ilvl is not None else pstyle.ilvl, style_id)
            return Paragraph(
                text="".join(pb.parts), style=pstyle.name, outline_level=level, numbering=label,
                bold=pb.visible and pb.all_bold,
                centered=jc == "center" if jc is not None else pstyle.centered,
                in_textbox=self._in_box, pictures=pb.pictures,
            )

        if mark_gone:  # Word shows this text at the start of the next paragraph (which keeps its own look)
            self._carry = (pb, make)
            return
        out.append(make(pb))
        out.extend(pb.boxes)

    def _flush(self, out: list) -> None:
        """A paragraph whose mark is gone but which has no next paragraph in its container stands alone
        (an empty one disappears)."""
        if self._carry is None:
            return
        pb, make = self._carry
        self._carry = None
        if pb.parts or pb.pictures:
            out.append(make(pb))
        out.extend(pb.boxes)

    def _label(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> str | None:
        if not num_id or num_id == "0" or self._numbering_factory is None:
            return None
        if self._numbering is None:
            self._numbering = self._numbering_factory()
        return self._numbering.label(num_id, ilvl, style_id)

    # -- pictures and text boxes ----------------------------------------------------------------------

    def _drawing(self, el: etree._Element, pb: Para) -> None:
        picture, boxes = drawing_picture(el, pb.length, self._target)
        if picture is not None:
            pb.pictures.append(picture)
        for box in boxes:
            self._textbox(box, pb)

    def _vml(self, el: etree._Element, pb: Para) -> None:
        picture, boxes = vml_picture(el, pb.length, self._target)
        if picture is not None:
            pb.pictures.append(picture)
        for box in boxes:
            self._textbox(box, pb)

    def _textbox(self, box: etree._Element, pb: Para) -> None:
        saved = self._fields, self._in_code, self._in_box, self._carry
        self._fields, self._in_code, self._in_box, self._carry = [], 0, True, None
        try:
            content: list[Block] = []
            self._blocks(box, content)
            self._flush(content)
        finally:
            self._fields, self._in_code, self._in_box, self._carry = saved
        pb.boxes.extend(flatten(content))

    def _target(self, rid: str | None) -> str | None:
        rel = self._rels().get(rid) if rid else None
        return rel.target if rel is not None else None


def _children(parent: etree._Element, tag: str, blank: bool = False) -> Iterator[tuple[etree._Element, bool]]:
    """Children with `tag`, looking through content controls, custom XML and mc:AlternateContent; each
    with whether it stands in a content control still showing its placeholder (its text is no value)."""
    for el in parent:
        ctag = el.tag
        if ctag == tag:
            yield el, blank
        elif ctag == W_SDT:
            yield from _children(el, tag, blank or placeholder(el))
        elif ctag in _BLOCK_WRAPPERS:
            yield from _children(el, tag, blank)
        elif ctag == MC_ALTERNATE:
            branch = choice(el)
            if branch is not None:
                yield from _children(branch, tag, blank)


def _row_deleted(trpr: etree._Element) -> bool:
    return child(trpr, W_DEL) is not None


def _blank(blocks: list[Block]) -> list[Block]:
    """`blocks` with their text and pictures taken out, their shape kept (a placeholder's prompt)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.model_copy(update={"text": "", "pictures": [], "bold": False}))
        else:
            out.append(Table(rows=[[c.model_copy(update={"paragraphs": _blank(list(c.paragraphs))})
                                    for c in row] for row in block.rows], ruled=block.ruled))
    return out

