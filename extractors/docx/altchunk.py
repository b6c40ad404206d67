"""Imported chunks of a .docx (w:altChunk): content another program stored whole in the package for Word to
merge in when it opens the file (OA systems and document generators write form bodies this way).

Owns turning one chunk part into Layout blocks where the w:altChunk stands: HTML / XHTML (lxml.html; block
elements become paragraphs, h1–h6 headings with their outline level, tables with their column spans, line
breaks kept, scripts and styles never text), plain text (a paragraph a line) and a nested .docx (its body,
read by docx_reader without chunks of its own). RTF, MHT and anything else is not read: the caller gets
None and a note says so. The part is read with the package's caps; it must not walk WordprocessingML
itself and never raises for hostile content (an unreadable chunk is None, noted).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from extractors.docx.package import Package
from pipeline.model.config import IntakeSettings
from pipeline.model.errors import BadInput
from pipeline.model.layout import Block, Cell, Paragraph, Table, flatten

_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "section",
                    "article", "header", "footer", "center", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
                    "body", "html", "form", "fieldset", "hr"})
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "object", "iframe"})
MAX_CHUNKS = 20  # distinct chunk parts read per document (a nested .docx is a package of its own)
_HEADING = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # HTML white space: one space; only <br> breaks a line
_BR = "\u2028"
_CENTER = re.compile(r"text-align\s*:\s*center", re.I)
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def chunk_blocks(pkg: Package, part: str, limits: IntakeSettings, notes: list[str]) -> list[Block] | None:
    """The blocks of the chunk stored in `part`; None (with a note) when it cannot be read."""
    try:
        data = pkg.read(part)
    except BadInput as exc:
        notes.append(f"altChunk {part} was not read: {exc.en}")
        return None
    if data is None:
        notes.append(f"altChunk {part} is missing from the package")
        return None
    head = data[:512].lstrip().lower()
    try:
        if data[:2] == b"PK":
            from extractors.docx.reader import read_docx  # a .docx inside the .docx (read_docx imports us)

            return read_docx(data, limits, chunks=False).blocks
        if head.startswith(b"{\\rtf") or b"mime-version" in head:
            notes.append(f"altChunk {part} (RTF/MHT) was not read")
            return None
        if b"<" in head and (b"<html" in data[:4096].lower() or b"<body" in data[:4096].lower()
                             or re.search(rb"<(p|div|table|h[1-6])[\s>]", data[:4096], re.I)):
            return html_blocks(data)
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            notes.append(f"altChunk {part} is not text, HTML or a .docx and was not read")
            return None
        return text_blocks(data)
    except BadInput as exc:
        notes.append(f"altChunk {part} could not be read: {exc.en}")
    except (etree.LxmlError, ValueError, RecursionError) as exc:
        notes.append(f"altChunk {part} could not be read: {type(exc).__name__}")
    return None


def text_blocks(data: bytes) -> list[Block]:
    return [Paragraph(text=line.rstrip("\r")) for line in _decode(data).split("\n")]


def _decode(data: bytes) -> str:
    """The chunk's text: by its byte-order mark, else its declared charset, else UTF-8, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def html_blocks(data: bytes) -> list[Block]:
    text = _XML_DECL.sub("", _decode(data), count=1)
    root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(no_network=True, remove_comments=True,
                                                                          remove_pis=True))
    out: list[Block] = []
    _Walker(out).block(root)
    return out


class _Walker:
    """Inline text gathered into the paragraph being written; every block element ends one."""

    def __init__(self, out: list[Block]) -> None:
        self.out = out
        self.buf: list[str] = []
        self.heading: int | None = None
        self.centered = False

    def flush(self) -> None:
        text = "\n".join(line.strip() for line in _SPACE.sub(" ", "".join(self.buf)).split(_BR))
        if text.strip():
            level = self.heading
            self.out.append(Paragraph(text=text.strip("\n"), style=f"heading {level}" if level else None,
                                      outline_level=level - 1 if level else None, bold=bool(level),
                                      centered=self.centered))
        self.buf = []

    def block(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "table":
            self.flush()
            self.out.append(self.table(el))
            return
        if tag == "br":
            self.buf.append(_BR)
        elif tag in _BLOCK:
            self.flush()
            saved = self.heading, self.centered
            self.heading = _HEADING.get(tag, self.heading)
            self.centered = tag == "center" or el.get("align", "").lower() == "center" or bool(
                _CENTER.search(el.get("style", ""))) or (self.centered and tag not in ("p", "li"))
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.block(child)
            if child.tail:
                self.buf.append(child.tail)
        if tag in _BLOCK:
            self.flush()
            self.heading, self.centered = saved

    def table(self, tbl: etree._Element) -> Table:
        rows: list[list[Cell]] = []
        for tr in tbl.iter("tr"):
            if _owner(tr) is not tbl:
                continue  # a row of a nested table: read with its cell
            col, cells = 0, []
            for td in tr:
                if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                    continue
                content: list[Block] = []
                walker = _Walker(content)
                walker.block(td)
                walker.flush()
                try:
                    span = max(1, min(int(td.get("colspan", "1")), 1000))
                except ValueError:
                    span = 1
                cells.append(Cell(paragraphs=flatten(content) or [Paragraph()], col=col, span=span))
                col += span
            rows.append(cells)
        return Table(rows=rows)


def _owner(tr: etree._Element) -> etree._Element | None:
    parent = tr.getparent()
    while parent is not None and (not isinstance(parent.tag, str) or parent.tag.lower() != "table"):
        parent = parent.getparent()
    return parent
