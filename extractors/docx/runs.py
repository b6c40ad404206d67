"""Run-level WordprocessingML: what the runs of one paragraph show, the way Word shows them.

Owns inline content: text, tabs, line/page breaks, non-breaking hyphens (soft hyphens, proofing marks,
bookmarks, comment marks and footnote references show nothing), w:sym symbols (their character code),
hidden text (w:vanish), tracked changes (w:ins and w:moveTo are text, w:del/w:delText and w:moveFrom
are not), complex fields (the result counts, the instruction
never; legacy check-box and drop-down form fields show their state), content controls (a control still
showing its placeholder prompt shows no value), mc:AlternateContent (one branch only), ruby bases and
the bold of every visible character. It must not build blocks or tables: pictures and text boxes
a run carries are handed to hooks the story walker (docx_body.Story) implements.
"""

from __future__ import annotations

from lxml import etree

from extractors.docx.ns import (
    MC_ALTERNATE,
    MC_CHOICE,
    MC_FALLBACK,
    W_B,
    W_BR,
    W_CHAR,
    W_CHECK_BOX,
    W_CHECKED,
    W_CR,
    W_CUSTOM_XML_PR,
    W_DD_LIST,
    W_DEFAULT,
    W_DEL,
    W_DRAWING,
    W_FF_DATA,
    W_FLD_CHAR,
    W_FLD_CHAR_TYPE,
    W_LIST_ENTRY,
    W_MOVE_FROM,
    W_NO_BREAK_HYPHEN,
    W_OBJECT,
    W_PICT,
    W_PPR,
    W_PTAB,
    W_R,
    W_RESULT,
    W_RPR,
    W_RSTYLE,
    W_RUBY,
    W_RUBY_BASE,
    W_SDT,
    W_SDT_END_PR,
    W_SDT_PR,
    W_SHOWING_PLC_HDR,
    W_SYM,
    W_T,
    W_TAB,
    W_VAL,
    W_VANISH,
)
from extractors.docx.styles import StyleSheet, is_on, to_int
from pipeline.model.layout import Picture

# Inline elements whose content is never shown (deletions, properties, the other mc branch).
INLINE_SKIP = frozenset({W_PPR, W_DEL, W_MOVE_FROM, W_SDT_PR, W_SDT_END_PR, W_CUSTOM_XML_PR, MC_FALLBACK})
# mc:Choice branches Word itself understands: namespaces of Office and of OOXML (ECMA / ISO).
_KNOWN_NS = ("http://schemas.microsoft.com/office/", "http://schemas.openxmlformats.org/",
             "http://purl.oclc.org/ooxml/", "urn:schemas-microsoft-com:")
_CHECKED, _UNCHECKED = "☒", "☐"


class Para:
    """A paragraph being read: its text parts, pictures and the text-box paragraphs anchored in it."""

    __slots__ = ("base_bold", "parts", "length", "visible", "all_bold", "pictures", "boxes")

    def __init__(self, base_bold: bool) -> None:
        self.base_bold = base_bold
        self.parts: list[str] = []
        self.length = 0
        self.visible = False  # some non-space character seen
        self.all_bold = True  # every non-space character so far is bold
        self.pictures: list[Picture] = []
        self.boxes: list = []  # text-box Paragraphs anchored here


class InlineReader:
    """Reads inline content into a Para. Subclasses give `_drawing` and `_vml` (pictures, text boxes)."""

    def __init__(self, styles: StyleSheet | None) -> None:
        self._styles = styles
        self._fields: list[bool] = []  # open complex fields; True once past their 'separate'
        self._in_code = 0  # open fields still in their instruction part (text there is a field code)

    def _drawing(self, el: etree._Element, pb: Para) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _vml(self, el: etree._Element, pb: Para) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _end_paragraph(self) -> None:
        """A field instruction never closed in its paragraph: do not hide what follows."""
        if self._in_code:
            self._fields = [f for f in self._fields if f]
            self._in_code = 0

    def _inline(self, parent: etree._Element, pb: Para) -> None:
        for el in parent:
            tag = el.tag
            if tag == W_R:
                self._run(el, pb)
            elif tag in INLINE_SKIP:
                continue
            elif tag == W_SDT:
                if not placeholder(el):
                    self._inline(el, pb)
            elif tag == MC_ALTERNATE:
                branch = choice(el)
                if branch is not None:
                    self._inline(branch, pb)
            elif len(el):  # ins, hyperlink, smartTag, sdtContent, fldSimple, customXml, moveTo, dir, ...
                self._inline(el, pb)

    def _run(self, r: etree._Element, pb: Para) -> None:
        rpr = None
        bold: bool | None = None
        hidden = False
        for c in r:
            tag = c.tag
            if tag == W_T:
                t = c.text
                if not t or self._in_code or hidden:
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
                hidden = bool(is_on(child(c, W_VANISH)))
            elif tag == W_FLD_CHAR:
                self._field(c, pb, rpr, hidden)
            elif hidden:
                continue
            elif tag == W_TAB or tag == W_PTAB:
                self._put(pb, "\t", rpr)
            elif tag == W_BR or tag == W_CR:
                self._put(pb, "\n", rpr)
            elif tag == W_NO_BREAK_HYPHEN:
                self._put(pb, "-", rpr)
            elif tag == W_SYM:
                self._put(pb, symbol(c.get(W_CHAR)), rpr)
            elif tag == W_DRAWING:
                if not self._in_code:
                    self._drawing(c, pb)
            elif tag == W_PICT or tag == W_OBJECT:
                if not self._in_code:
                    self._vml(c, pb)
            elif tag == MC_ALTERNATE:
                branch = choice(c)
                if branch is not None:
                    self._run(branch, pb)
            elif tag == W_RUBY:
                for part in c:
                    if part.tag == W_RUBY_BASE:
                        self._inline(part, pb)

    def _put(self, pb: Para, s: str, rpr: etree._Element | None) -> None:
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

    def _field(self, fld: etree._Element, pb: Para, rpr: etree._Element | None, hidden: bool) -> None:
        kind = fld.get(W_FLD_CHAR_TYPE)
        if kind == "begin":
            ff = child(fld, W_FF_DATA)
            if ff is not None and not hidden:
                self._put(pb, form_field(ff), rpr)  # before the instruction starts hiding text
            self._fields.append(False)
            self._in_code += 1
        elif kind == "separate":
            if self._fields and not self._fields[-1]:
                self._fields[-1] = True
                self._in_code -= 1
        elif kind == "end" and self._fields:
            if not self._fields.pop():
                self._in_code -= 1


def form_field(ff: etree._Element) -> str:
    """What Word draws for a legacy form field that has no result text: a check box's state, a drop-down's
    chosen entry ('' for a text field: its result runs carry the text)."""
    box = child(ff, W_CHECK_BOX)
    if box is not None:
        state = child(box, W_CHECKED)
        if state is None:
            state = child(box, W_DEFAULT)
        return _CHECKED if state is not None and is_on(state) else _UNCHECKED
    dd = child(ff, W_DD_LIST)
    if dd is not None:
        entries = [e.get(W_VAL) or "" for e in dd if e.tag == W_LIST_ENTRY]
        pick = child(dd, W_RESULT)
        if pick is None:
            pick = child(dd, W_DEFAULT)
        index = to_int(pick.get(W_VAL), 0) if pick is not None else 0
        return entries[index] if entries and index is not None and 0 <= index < len(entries) else ""
    return ""


def choice(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent Word shows: the first mc:Choice whose required namespaces are
    Office's or OOXML's own, else the mc:Fallback (never both)."""
    fallback = None
    for branch in alternate:
        if branch.tag == MC_CHOICE:
            if _understood(branch):
                return branch
        elif branch.tag == MC_FALLBACK and fallback is None:
            fallback = branch
    return fallback


def _understood(branch: etree._Element) -> bool:
    """Every prefix in Requires names an Office/OOXML namespace (an undeclared prefix is taken as the
    producer's slip: the Choice is still the primary content)."""
    nsmap = branch.nsmap
    for prefix in (branch.get("Requires") or "").split():
        uri = nsmap.get(prefix)
        if uri is not None and not uri.startswith(_KNOWN_NS):
            return False
    return True


def placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its placeholder prompt ('单击此处输入文字'): nothing was entered."""
    pr = first(sdt, W_SDT_PR)
    return pr is not None and bool(is_on(child(pr, W_SHOWING_PLC_HDR)))


def first(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child when it has `tag` (property elements always come first)."""
    for c in el:
        return c if c.tag == tag else None
    return None


def child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with `tag` (faster than Element.find for a plain tag)."""
    for c in el:
        if c.tag == tag:
            return c
    return None


def symbol(code: str | None) -> str:
    """The character of a w:sym: its code as written (Word keeps symbol-font glyphs at U+F020-U+F0FF)."""
    try:
        n = int(code or "", 16)
    except ValueError:
        return ""
    return chr(n) if 0 < n < 0x110000 else ""
