"""One WordprocessingML story (the body, a header or a footer) walked into Layout blocks in reading order.

Owns what a paragraph says and carries: visible text (insertions, hyperlinks, content controls, field
results; not deletions, field codes or mc:Fallback copies), style, outline level, list label, bold,
centring, pictures where they stand, text-box paragraphs after their anchor, and tables as written
(nested tables flattened into their cell). It must not open the package or parse XML: it is handed
parsed elements, relationships, a StyleSheet and (for the body) a Numbering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from extractors.docx_drawing import drawing_picture, vml_picture
from extractors.docx_ns import (
    MC_ALTERNATE,
    MC_CHOICE,
    MC_FALLBACK,
    W_B,
    W_BR,
    W_CHAR,
    W_CR,
    W_CUSTOM_XML,
    W_CUSTOM_XML_PR,
    W_DEL,
    W_DRAWING,
    W_FLD_CHAR,
    W_FLD_CHAR_TYPE,
    W_GRID_BEFORE,
    W_GRID_SPAN,
    W_ILVL,
    W_INS,
    W_JC,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_NO_BREAK_HYPHEN,
    W_NUM_ID,
    W_NUMPR,
    W_OBJECT,
    W_OUTLINE_LVL,
    W_P,
    W_PICT,
    W_PPR,
    W_PSTYLE,
    W_PTAB,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_RUBY,
    W_RUBY_BASE,
    W_SDT,
    W_SDT_CONTENT,
    W_SDT_END_PR,
    W_SDT_PR,
    W_SECT_PR,
    W_SHOWING_PLC_HDR,
    W_SYM,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_VAL,
    W_VMERGE,
)
from extractors.docx_numbering import Numbering
from extractors.docx_package import Rel
from extractors.docx_styles import ParaStyle, StyleSheet, is_on, to_int
from extractors.layout import Block, Cell, Paragraph, Picture, Table, flatten

_PLAIN = ParaStyle(name=None, outline_level=None, num_id=None, ilvl=None, bold=False, centered=False)
# Inline elements whose content is never shown (deletions, properties, the other mc branch).
_INLINE_SKIP = frozenset({W_PPR, W_DEL, W_MOVE_FROM, W_SDT_PR, W_SDT_END_PR, W_CUSTOM_XML_PR, MC_FALLBACK})
_BLOCK_WRAPPERS = frozenset({W_SDT_CONTENT, W_CUSTOM_XML, W_INS, W_MOVE_TO})


class _Para:
    """A paragraph being read."""

    __slots__ = ("base_bold", "parts", "length", "visible", "all_bold", "pictures", "boxes")

    def __init__(self, base_bold: bool) -> None:
        self.base_bold = base_bold
        self.parts: list[str] = []
        self.length = 0
        self.visible = False  # some non-space character seen
        self.all_bold = True  # every non-space character so far is bold
        self.pictures: list[Picture] = []
        self.boxes: list[Paragraph] = []  # text-box paragraphs anchored here


class Story:
    """Walks one story. `rels` gives the story part's relationships (called when a picture needs them);
    `numbering` is called once, on the first numbered paragraph (None: no labels)."""

    def __init__(self, rels: Callable[[], dict[str, Rel]], styles: StyleSheet | None,
                 numbering: Callable[[], Numbering] | None = None) -> None:
        self._rels = rels
        self._styles = styles
        self._numbering_factory = numbering
        self._numbering: Numbering | None = None
        self._fields: list[bool] = []  # open complex fields; True once past their 'separate'
        self._in_code = 0  # open fields still in their instruction part (text there is a field code)
        self._in_box = False
        self.sections: list[etree._Element] = []  # w:sectPr met, in order (header/footer references)

    def blocks(self, parent: etree._Element) -> list[Block]:
        out: list[Block] = []
        self._blocks(parent, out)
        return out

    # -- blocks ---------------------------------------------------------------------------------------

    def _blocks(self, parent: etree._Element, out: list) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child, out)
            elif tag == W_TBL:
                out.append(self._table(child))
            elif tag == W_SDT:
                if not _placeholder(child):
                    self._blocks(child, out)
            elif tag in _BLOCK_WRAPPERS:
                self._blocks(child, out)
            elif tag == MC_ALTERNATE:
                branch = _choice(child)
                if branch is not None:
                    self._blocks(branch, out)
            elif tag == W_SECT_PR:
                self.sections.append(child)

    def _table(self, tbl: etree._Element) -> Table:
        rows: list[list[Cell]] = []
        for tr in _children(tbl, W_TR):
            trpr = _child(tr, W_TRPR)
            before = _child(trpr, W_GRID_BEFORE) if trpr is not None else None
            col = max(0, to_int(before.get(W_VAL), 0) or 0) if before is not None else 0
            cells: list[Cell] = []
            for tc in _children(tr, W_TC):
                span, vmerge = 1, None
                tcpr = _first(tc, W_TCPR)
                if tcpr is not None:
                    for prop in tcpr:
                        if prop.tag == W_GRID_SPAN:
                            span = max(1, to_int(prop.get(W_VAL), 1) or 1)
                        elif prop.tag == W_VMERGE:
                            vmerge = "restart" if prop.get(W_VAL) == "restart" else "continue"
                content: list[Block] = []
                self._blocks(tc, content)
                cells.append(Cell(paragraphs=flatten(content), col=col, span=span, vmerge=vmerge))
                col += span
            rows.append(cells)
        return Table(rows=rows)

    # -- paragraphs -----------------------------------------------------------------------------------

    def _paragraph(self, p: etree._Element, out: list) -> None:
        style_id = num_id = ilvl = outline = jc = None
        has_numpr = mark_deleted = False
        ppr = _first(p, W_PPR)
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
                    mark_deleted = _child(c, W_DEL) is not None
                elif tag == W_SECT_PR:
                    self.sections.append(c)
        pstyle = self._styles.paragraph(style_id) if self._styles is not None else _PLAIN
        pb = _Para(base_bold=pstyle.bold)
        self._inline(p, pb)
        if self._in_code:  # a field instruction never closed in its paragraph: do not hide what follows
            self._fields = [f for f in self._fields if f]
            self._in_code = 0
        text = "".join(pb.parts)
        if not (mark_deleted and not text and not pb.pictures):
            if outline is not None:
                level = to_int(outline)
                level = level if level is not None and 0 <= level <= 8 else None
            else:
                level = pstyle.outline_level
            label = None
            if has_numpr or pstyle.num_id is not None:
                label = self._label(num_id if num_id is not None else pstyle.num_id,
                                    to_int(ilvl) if ilvl is not None else pstyle.ilvl, style_id)
            out.append(Paragraph(
                text=text, style=pstyle.name, outline_level=level, numbering=label,
                bold=pb.visible and pb.all_bold,
                centered=jc == "center" if jc is not None else pstyle.centered,
                in_textbox=self._in_box, pictures=pb.pictures,
            ))
        out.extend(pb.boxes)

    def _label(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> str | None:
        if not num_id or num_id == "0" or self._numbering_factory is None:
            return None
        if self._numbering is None:
            self._numbering = self._numbering_factory()
        return self._numbering.label(num_id, ilvl, style_id)

    def _inline(self, parent: etree._Element, pb: _Para) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self._run(child, pb)
            elif tag in _INLINE_SKIP:
                continue
            elif tag == W_SDT:
                if not _placeholder(child):
                    self._inline(child, pb)
            elif tag == MC_ALTERNATE:
                branch = _choice(child)
                if branch is not None:
                    self._inline(branch, pb)
            elif len(child):  # ins, hyperlink, smartTag, sdtContent, fldSimple, customXml, moveTo, dir, ...
                self._inline(child, pb)

    def _run(self, r: etree._Element, pb: _Para) -> None:
        rpr = None
        bold: bool | None = None
        for c in r:
            tag = c.tag
            if tag == W_T:
                t = c.text
                if not t or self._in_code:
                    continue
                if pb.all_bold and not t.isspace():
                    pb.visible = True
                    if bold is None:
                        bold = self._run_bold(rpr, pb.base_bold)
                    if not bold:
                        pb.all_bold = False
                pb.parts.append(t)
                pb.length += len(t)
            elif tag == W_RPR:
                rpr = c
            elif tag == W_TAB or tag == W_PTAB:
                self._put(pb, "\t", rpr)
            elif tag == W_BR or tag == W_CR:
                self._put(pb, "\n", rpr)
            elif tag == W_NO_BREAK_HYPHEN:
                self._put(pb, "-", rpr)
            elif tag == W_SYM:
                self._put(pb, _symbol(c.get(W_CHAR)), rpr)
            elif tag == W_FLD_CHAR:
                self._field(c.get(W_FLD_CHAR_TYPE))
            elif tag == W_DRAWING:
                self._drawing(c, pb)
            elif tag == W_PICT or tag == W_OBJECT:
                self._vml(c, pb)
            elif tag == MC_ALTERNATE:
                branch = _choice(c)
                if branch is not None:
                    self._run(branch, pb)
            elif tag == W_RUBY:
                for part in c:
                    if part.tag == W_RUBY_BASE:
                        self._inline(part, pb)

    def _put(self, pb: _Para, s: str, rpr: etree._Element | None) -> None:
        if not s or self._in_code:
            return
        if pb.all_bold and not s.isspace():
            pb.visible = True
            if not self._run_bold(rpr, pb.base_bold):
                pb.all_bold = False
        pb.parts.append(s)
        pb.length += len(s)

    def _run_bold(self, rpr: etree._Element | None, base: bool) -> bool:
        if rpr is None:
            return base
        sid = None
        for prop in rpr:
            tag = prop.tag
            if tag == W_B:
                return bool(is_on(prop))
            if tag == W_RSTYLE:
                sid = prop.get(W_VAL)
        if sid and self._styles is not None:
            char = self._styles.char_bold(sid)
            if char is not None:
                return char
        return base

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(False)
            self._in_code += 1
        elif kind == "separate":
            if self._fields and not self._fields[-1]:
                self._fields[-1] = True
                self._in_code -= 1
        elif kind == "end" and self._fields:
            if not self._fields.pop():
                self._in_code -= 1

    # -- pictures and text boxes ----------------------------------------------------------------------

    def _drawing(self, el: etree._Element, pb: _Para) -> None:
        picture, boxes = drawing_picture(el, pb.length, self._target)
        if picture is not None:
            pb.pictures.append(picture)
        for box in boxes:
            self._textbox(box, pb)

    def _vml(self, el: etree._Element, pb: _Para) -> None:
        picture, boxes = vml_picture(el, pb.length, self._target)
        if picture is not None:
            pb.pictures.append(picture)
        for box in boxes:
            self._textbox(box, pb)

    def _textbox(self, box: etree._Element, pb: _Para) -> None:
        saved = self._fields, self._in_code, self._in_box
        self._fields, self._in_code, self._in_box = [], 0, True
        try:
            content: list[Block] = []
            self._blocks(box, content)
        finally:
            self._fields, self._in_code, self._in_box = saved
        pb.boxes.extend(flatten(content))

    def _target(self, rid: str | None) -> str | None:
        rel = self._rels().get(rid) if rid else None
        return rel.target if rel is not None else None


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls, custom XML and mc:AlternateContent."""
    for child in parent:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag == W_SDT:
            if not _placeholder(child):
                yield from _children(child, tag)
        elif ctag in _BLOCK_WRAPPERS:
            yield from _children(child, tag)
        elif ctag == MC_ALTERNATE:
            branch = _choice(child)
            if branch is not None:
                yield from _children(branch, tag)


def _choice(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first mc:Choice, else the mc:Fallback."""
    fallback = None
    for child in alternate:
        if child.tag == MC_CHOICE:
            return child
        if child.tag == MC_FALLBACK and fallback is None:
            fallback = child
    return fallback


def _placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its placeholder prompt ('单击此处输入文字'): nothing was entered."""
    pr = _first(sdt, W_SDT_PR)
    return pr is not None and bool(is_on(_child(pr, W_SHOWING_PLC_HDR)))


def _first(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child when it has `tag` (property elements always come first)."""
    for child in el:
        return child if child.tag == tag else None
    return None


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with `tag` (faster than Element.find for a plain tag)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _symbol(code: str | None) -> str:
    try:
        n = int(code or "", 16)
        return chr(n) if 0 < n < 0x110000 else ""
    except ValueError:
        return ""
