"""Paragraph and character styles of a .docx (word/styles.xml), resolved through their basedOn chains.

Owns style lookup: name, outline level, numbering reference, bold and centring a paragraph inherits, and
the bold of character styles. styles.xml is often large (python-docx's template: 350 KB, 164 styles) while
a document uses a handful, so the part is decompressed only as far as the styles asked for, located by a
byte search, and only those fragments are parsed; anything unusual (strict namespaces, UTF-16, odd
prefixes, a fragment that does not parse) falls back to one full parse.
It must not read the package itself, nor know about paragraphs, numbering counters or the Layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from extractors.docx.ns import (
    STRICT_MARK,
    W_B,
    W_BASED_ON,
    W_DEFAULT,
    W_DOC_DEFAULTS,
    W_ILVL,
    W_JC,
    W_NAME,
    W_NS,
    W_NUM_ID,
    W_NUMPR,
    W_OUTLINE_LVL,
    W_PPR,
    W_PPR_DEFAULT,
    W_RPR,
    W_RPR_DEFAULT,
    W_STYLE,
    W_STYLE_ID,
    W_TYPE,
    W_VAL,
)
from extractors.docx.package import parse_xml, to_transitional

_MAX_CHAIN = 16
_OFF = frozenset({"0", "false", "off", "none"})
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?styles\b[^>]*>")
_STYLE_ID_ATTR = re.compile(rb":styleId\s*=\s*[\"']([^\"']*)[\"']")
_ENCODING = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)", re.I)
_XMLNS = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_PREFIX_USE = re.compile(rb"[<\s/]([A-Za-z_][\w.-]*):[A-Za-z_]")
_HEAD = 65536  # the root element must start within this many bytes


def is_on(el: etree._Element | None) -> bool | None:
    """An OOXML on/off property: None when absent, else its value (no w:val means on)."""
    if el is None:
        return None
    val = el.get(W_VAL)
    return val is None or val.strip().lower() not in _OFF


def to_int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        try:
            return int(float(value))  # some producers write '1.0'
        except (ValueError, OverflowError):
            return default


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """What a paragraph inherits from its style chain (and the document defaults)."""

    name: str | None
    outline_level: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool
    centered: bool


class _Fallback(Exception):
    """The byte index cannot be trusted for this file: parse it whole."""


class StyleSheet:
    """Styles of one document. `chunks` is styles.xml as it is decompressed (None when there is none);
    only as much is pulled as the lookups need."""

    def __init__(self, chunks: Iterable[bytes] | None) -> None:
        self._src = iter(chunks) if chunks is not None else None
        self._data = bytearray()
        self._by_id: dict[str, etree._Element | None] = {}
        self._para: dict[str | None, ParaStyle] = {}
        self._char_bold: dict[str, bool | None] = {}
        self._full = False
        self._default_id: str | None = None
        self._defaults: etree._Element | None = None
        self.note: str | None = None
        try:
            self._open_index()
        except _Fallback:
            self._parse_whole()

    # -- public ---------------------------------------------------------------------------------------

    def paragraph(self, style_id: str | None) -> ParaStyle:
        """The resolved paragraph style; the default paragraph style when `style_id` is None or unknown."""
        hit = self._para.get(style_id)
        if hit is None:
            hit = self._para[style_id] = self._resolve_paragraph(style_id)
        return hit

    def char_bold(self, style_id: str) -> bool | None:
        """Bold set by a character style's chain, None when the chain does not say."""
        if style_id not in self._char_bold:
            bold = None
            for el in self._chain(style_id):
                bold = is_on(_prop(el, W_RPR, W_B))
                if bold is not None:
                    break
            self._char_bold[style_id] = bold
        return self._char_bold[style_id]

    def chain(self, style_id: str) -> list[etree._Element]:
        """The w:style of this id and those it is based on, nearest first (a table style's borders)."""
        return self._chain(style_id)

    # -- resolution -----------------------------------------------------------------------------------

    def _resolve_paragraph(self, style_id: str | None) -> ParaStyle:
        chain = self._chain(style_id) if style_id is not None else []
        if not chain and self._default_id is not None:
            chain = self._chain(self._default_id)
        name = outline = num_id = ilvl = jc = bold = None
        for el in chain:
            if name is None:
                name_el = el.find(W_NAME)
                name = name_el.get(W_VAL) if name_el is not None else el.get(W_STYLE_ID)
            ppr = el.find(W_PPR)
            if ppr is not None:
                if outline is None:
                    outline = _val(ppr.find(W_OUTLINE_LVL))
                numpr = ppr.find(W_NUMPR)
                if numpr is not None:
                    num_id = num_id if num_id is not None else _val(numpr.find(W_NUM_ID))
                    ilvl = ilvl if ilvl is not None else _val(numpr.find(W_ILVL))
                if jc is None:
                    jc = _val(ppr.find(W_JC))
            if bold is None:
                bold = is_on(_prop(el, W_RPR, W_B))
        if self._defaults is not None:
            if bold is None:
                bold = is_on(_path(self._defaults, W_RPR_DEFAULT, W_RPR, W_B))
            if jc is None:
                jc = _val(_path(self._defaults, W_PPR_DEFAULT, W_PPR, W_JC))
        level = to_int(outline)
        return ParaStyle(
            name=name,
            outline_level=level if level is not None and 0 <= level <= 8 else None,
            num_id=num_id,
            ilvl=to_int(ilvl),
            bold=bool(bold),
            centered=jc == "center",
        )

    def _chain(self, style_id: str) -> list[etree._Element]:
        out: list[etree._Element] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid is not None and sid not in seen and len(out) < _MAX_CHAIN:
            seen.add(sid)
            el = self._element(sid)
            if el is None:
                break
            out.append(el)
            sid = _val(el.find(W_BASED_ON))
        return out

    # -- locating styles ------------------------------------------------------------------------------

    def _element(self, style_id: str) -> etree._Element | None:
        if style_id in self._by_id or self._full:
            return self._by_id.get(style_id)
        try:
            el = self._find_fragment(style_id)
        except _Fallback:
            self._parse_whole()
            return self._by_id.get(style_id)
        self._by_id[style_id] = el
        return el

    def _more(self) -> bool:
        """Decompress the next chunk into the buffer; False at the end of the part."""
        chunk = next(self._src, None) if self._src is not None else None
        if chunk is None:
            self._src = None
            return False
        self._data += chunk
        return True

    def _find(self, needle: bytes, start: int = 0) -> int:
        while (pos := self._data.find(needle, start)) < 0:
            start = max(start, len(self._data) - len(needle) + 1)
            if not self._more():
                return -1
        return pos

    def _open_index(self) -> None:
        while len(self._data) < _HEAD and self._more():
            pass
        data = self._data
        if not data:
            self._full = True
            return
        enc = _ENCODING.match(data)
        if (bytes(data[:2]) in (b"\xff\xfe", b"\xfe\xff") or STRICT_MARK in data[:_HEAD]
                or (enc and enc.group(1).lower() not in (b"utf-8", b"utf8"))):
            raise _Fallback
        root = _ROOT.search(data, 0, _HEAD)
        if root is None or root.group(0).endswith(b"/>") or not root.group(1):
            raise _Fallback
        prefix = root.group(1)
        if b"xmlns:" + prefix[:-1] + b'="' + W_NS.encode() + b'"' not in root.group(0):
            raise _Fallback
        self._p = prefix
        self._decls = {m.group(1): m.group(0) for m in _XMLNS.finditer(root.group(0))}
        self._close = b"</" + prefix + b"styles>"
        self._default_id = self._find_default()
        start = self._find(b"<" + prefix + b"docDefaults")
        if start >= 0:
            close = b"</" + prefix + b"docDefaults>"
            end = self._find(close, start)
            if end < 0:
                raise _Fallback
            self._defaults = self._parse_fragment(self._data[start:end + len(close)])

    def _find_default(self) -> str | None:
        p = self._p
        for needle in (p + b'default="1"', p + b"default='1'", p + b'default="true"', p + b'default="on"'):
            pos = self._find(needle)
            while pos >= 0:
                start = self._data.rfind(b"<", 0, pos)
                tag = bytes(self._data[start:self._find(b">", pos) + 1])
                if tag.startswith(b"<" + p + b"style") and p + b'type="paragraph"' in tag:
                    m = _STYLE_ID_ATTR.search(tag)
                    if m:
                        return m.group(1).decode("utf-8", "replace")
                pos = self._find(needle, pos + 1)
        return None

    def _find_fragment(self, style_id: str) -> etree._Element | None:
        p = self._p
        if any(ch in style_id for ch in "&<>\"'"):
            raise _Fallback
        key = style_id.encode("utf-8")
        pos = self._find(p + b'styleId="' + key + b'"')
        if pos < 0:
            pos = self._find(p + b"styleId='" + key + b"'")
            if pos < 0:
                return None
        data = self._data
        start = data.rfind(b"<" + p + b"style", 0, pos)
        gt = self._find(b">", pos)
        if start < 0 or gt < 0 or data.find(b">", start, pos) >= 0:
            raise _Fallback
        if data[gt - 1:gt] == b"/":
            return self._parse_fragment(data[start:gt + 1])
        close = b"</" + p + b"style>"
        end = self._find(close, gt)
        if end < 0:
            raise _Fallback
        return self._parse_fragment(data[start:end + len(close)])

    def _parse_fragment(self, fragment: bytes | bytearray) -> etree._Element:
        try:
            root = parse_xml(self._wrap(bytes(fragment)))
        except (etree.LxmlError, ValueError) as exc:
            raise _Fallback from exc
        if len(root) != 1:
            raise _Fallback
        return root[0]

    def _wrap(self, fragment: bytes) -> bytes:
        """The fragment inside a root declaring just the namespace prefixes it uses (parsing ~30 unused
        declarations per fragment would cost more than the fragment)."""
        used = set(_PREFIX_USE.findall(fragment))
        used.add(self._p[:-1])
        decls = b" ".join(self._decls[p] for p in used if p in self._decls)
        return b"<" + self._p + b"styles " + decls + b">" + fragment + self._close

    def _parse_whole(self) -> None:
        self._full = True
        self._by_id.clear()
        self._para.clear()
        self._char_bold.clear()
        self._default_id = None
        self._defaults = None
        while self._more():
            pass
        try:
            root = parse_xml(to_transitional(bytes(self._data)))
        except (etree.LxmlError, ValueError):
            self.note = "word/styles.xml is not well-formed XML and was ignored"
            return
        self._defaults = root.find(W_DOC_DEFAULTS)
        for el in root.iter(W_STYLE):
            sid = el.get(W_STYLE_ID)
            if sid is None or sid in self._by_id:
                continue
            self._by_id[sid] = el
            if (self._default_id is None and el.get(W_TYPE) == "paragraph"
                    and is_on_attr(el.get(W_DEFAULT))):
                self._default_id = sid


def is_on_attr(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true", "on")


def _val(el: etree._Element | None) -> str | None:
    return el.get(W_VAL) if el is not None else None


def _prop(el: etree._Element, group: str, prop: str) -> etree._Element | None:
    holder = el.find(group)
    return holder.find(prop) if holder is not None else None


def _path(el: etree._Element, *tags: str) -> etree._Element | None:
    cur: etree._Element | None = el
    for tag in tags:
        if cur is None:
            return None
        cur = cur.find(tag)
    return cur
