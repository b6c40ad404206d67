"""The text of a Word 97–2003 binary (.doc, and WPS .wps, which is the same format) with its structure marks.

Owns reading the compound file (olefile), the FIB of the `WordDocument` stream, the piece table (CLX) of the
`0Table`/`1Table` stream, the paragraph properties (PAPX bin table, its FKP pages, and the `Data` stream where
a long PAPX, e.g. a wide table's row end, is moved by sprmPHugePapx) and turning the main
document text (the first ccpText characters) into paragraphs that know how they end:
- '\\r' ends a paragraph, '\\x07' ends a table cell, or the row when its paragraph carries fTtp (sprmPFTtp);
  a paragraph is in a table when its PAPX says so (sprmPFInTable) or it ends with a cell mark;
- '\\x0b' (line break) is kept as '\\n', a page/column break ('\\x0c' '\\x0e') as '\\n' unless it ends the
  paragraph (a section break); tabs stay; non-breaking hyphen → '-', optional hyphen dropped;
- fields '\\x13 instruction \\x14 result \\x15' keep their result and drop the instruction (nested fields too);
- '\\x01' (inline picture / object) and '\\x08' (drawn object) anchors are kept as offsets, not as text;
- text deleted with changes tracked (sprmCFRMarkDel in the character properties, extractors.legacy.chpx) is
  left out, as Word shows the document: deleted characters and picture anchors are dropped (field marks still
  open and close their fields), a deleted paragraph mark joins its paragraph to the next one of the same kind
  (body text, or the same cell), a deleted cell or row mark keeps the table's structure; inserted text stays.
Nested tables (cells ending in '\\r' with sprmPFInnerTableCell) are flattened into their outer cell's
paragraphs, the inner row-end paragraphs dropped. Headers, footers, footnotes and text boxes (the other
stories) are not read, nor character or paragraph formatting beyond the table marks and deletions.

Every length and offset read from the file is checked against the bytes there; anything that does not add up
raises BadInput ('doc_unreadable' or 'encrypted'), never another exception, and the work is bounded by
`max_chars`. It must not build a Layout, decide which reading of a file to trust, or run any converter.
"""

from __future__ import annotations

import bisect
import io
import struct
from dataclasses import dataclass, field
from typing import Literal

import olefile

from extractors.legacy.chpx import Deletions, Unreadable
from pipeline.model.errors import BadInput

MAX_CHARS = 1_000_000  # main-document characters read at most (a form is a few thousand)
MAX_PARAGRAPHS = 50_000  # paragraphs and cells at most (a form has a few hundred; each costs a Layout object)
_FIB_IDENT = 0xA5EC
_MIN_NFIB = 0x00C1  # Word 97 and later; Word 6/95 binaries have another FIB and no piece table like this
_PAGE = 512
_MAX_FKP_RUNS = 101  # a PapxFkp page holds at most (511 - 4) // 17 runs
_MAX_PIECES = 100_000

# paragraph sprms that tell table structure (MS-DOC 2.6.2)
_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_INNER_CELL, _SPRM_INNER_TTP, _SPRM_ITAP = 0x2416, 0x2417, 0x244B, 0x244C, 0x6649
_SPRM_HUGE_PAPX = 0x6646  # the paragraph's sprms are too many for its FKP page: they are in the Data stream

End = Literal["para", "cell", "row"]


@dataclass(frozen=True)
class DocParagraph:
    """One paragraph of the main text: its visible text, how it ends and where its pictures are anchored."""

    text: str
    end: End
    in_table: bool = False
    pictures: tuple[tuple[int, str], ...] = ()  # (offset in text, '\x01' inline or '\x08' drawn object)


@dataclass
class DocText:
    paragraphs: list[DocParagraph] = field(default_factory=list)
    raw: str = ""  # the main text as stored, marks included

    @property
    def cells(self) -> int:
        """Cell marks of (outer) tables in the main text."""
        return sum(1 for p in self.paragraphs if p.end == "cell")


@dataclass(frozen=True)
class _Props:
    in_table: bool = False
    ttp: bool = False
    inner_cell: bool = False
    inner_ttp: bool = False
    itap: int = 0
    huge: int | None = None  # sprmPHugePapx: offset of the real sprms in the Data stream


_PLAIN = _Props()


def read_doc_text(data: bytes, max_chars: int = MAX_CHARS) -> DocText:
    """The main document text of a Word 97–2003 binary, paragraph by paragraph; raises BadInput."""
    try:
        word, table, extra = _streams(data)
        return _read(word, table, extra, max_chars)
    except BadInput:
        raise
    except Unreadable as exc:
        raise _unreadable(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - olefile or struct on hostile bytes: one clear refusal
        raise _unreadable(f"{type(exc).__name__}: {exc}") from exc


# --- the compound file and the FIB --------------------------------------------------------------------


def _streams(data: bytes) -> tuple[bytes, bytes, bytes]:
    """The WordDocument stream, the table stream it names and the Data stream (b'' when there is none);
    BadInput when the first two are not there."""
    buf = io.BytesIO(data)
    if not olefile.isOleFile(buf):
        raise _unreadable("not a compound file")
    with olefile.OleFileIO(buf) as ole:
        if not ole.exists("WordDocument"):
            raise _unreadable("no WordDocument stream")
        word = _stream(ole, "WordDocument", len(data))
        if len(word) < 34 or struct.unpack_from("<H", word, 0)[0] != _FIB_IDENT:
            raise _unreadable("no Word FIB")
        nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 10)[0]
        if flags & 0x0100:
            raise BadInput("encrypted", "旧版 Word 文件设有打开密码，无法读取；请取消密码或另存为 .docx 后提交",
                           "the legacy Word file is password-protected; remove the password or save it as .docx")
        if nfib < _MIN_NFIB:
            raise _unreadable(f"nFib {nfib:#x} is older than Word 97")
        name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(name):
            raise _unreadable(f"no {name} stream")
        extra = _stream(ole, "Data", len(data)) if ole.exists("Data") else b""
        return word, _stream(ole, name, len(data)), extra


def _stream(ole: olefile.OleFileIO, name: str, cap: int) -> bytes:
    size = ole.get_size(name)
    if not 0 <= size <= cap:  # a stream can never be larger than the file that holds it
        raise _unreadable(f"{name} claims {size} bytes")
    with ole.openstream(name) as handle:
        stream: bytes = handle.read(size)  # olefile has no type hints
    return stream


def _fib(word: bytes) -> tuple[int, dict[int, tuple[int, int]]]:
    """ccpText and the FibRgFcLcb (fc, lcb) pairs by index, read through the FIB's own counts."""
    pos = 32
    csw = _u16(word, pos)
    pos += 2 + 2 * csw
    cslw = _u16(word, pos)
    if cslw < 4:
        raise _unreadable("FIB too short for ccpText")
    ccp_text = _i32(word, pos + 2 + 12)
    pos += 2 + 4 * cslw
    count = _u16(word, pos)
    pos += 2
    pairs = {i: struct.unpack_from("<II", word, pos + 8 * i) for i in range(min(count, 100))
             if pos + 8 * i + 8 <= len(word)}
    return ccp_text, pairs


# --- piece table ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    cp: int  # first character position
    end: int  # one past the last
    fc: int  # byte offset in WordDocument of the first character
    width: int  # 1 (compressed, cp1252) or 2 (UTF-16LE)


def _pieces(table: bytes, fc: int, lcb: int, word_len: int) -> list[_Piece]:
    if lcb <= 0 or fc < 0 or fc + lcb > len(table):
        raise _unreadable("piece table outside the table stream")
    clx, pos = table[fc:fc + lcb], 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + max(0, struct.unpack_from("<h", clx, pos + 1)[0])
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _unreadable("no Pcdt in the CLX")
    size = _u32(clx, pos + 1)
    plc = clx[pos + 5:pos + 5 + size]
    if size < 16 or len(plc) < size or (size - 4) % 12:
        raise _unreadable("malformed PlcPcd")
    n = (size - 4) // 12
    if n > _MAX_PIECES:
        raise _unreadable("too many pieces")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out: list[_Piece] = []
    for i in range(n):
        raw = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(raw & 0x40000000)
        start, end = cps[i], cps[i + 1]
        if end < start or (out and start < out[-1].end):
            raise _unreadable("piece table out of order")
        width = 1 if compressed else 2
        offset = (raw & 0x3FFFFFFF) // 2 if compressed else raw & 0x3FFFFFFF
        if offset + (end - start) * width > word_len:
            raise _unreadable("a piece points outside the WordDocument stream")
        out.append(_Piece(start, end, offset, width))
    return out


def _decode(word: bytes, piece: _Piece, stop: int) -> str:
    count = min(piece.end, stop) - piece.cp
    chunk = word[piece.fc:piece.fc + count * piece.width]
    # cp1252 with 'replace' keeps one character per byte (five bytes are undefined in cp1252)
    return chunk.decode("cp1252", "replace") if piece.width == 1 else chunk.decode("utf-16-le", "replace")


# --- paragraph properties (PAPX bin table) -------------------------------------------------------------


class _Papx:
    """Paragraph runs by file offset: each [start, end) of the WordDocument stream has its table flags."""

    def __init__(self, word: bytes, table: bytes, extra: bytes, fc: int, lcb: int) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.props: list[_Props] = []
        if lcb < 12 or fc < 0 or fc + lcb > len(table) or (lcb - 4) % 8:
            raise _unreadable("PAPX bin table outside the table stream")
        n = (lcb - 4) // 8
        if n > len(word) // _PAGE:  # more pages than the stream holds
            raise _unreadable("PAPX bin table larger than the WordDocument stream")
        pages = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
        runs: list[tuple[int, int, _Props]] = []
        for pn in dict.fromkeys(pages):
            base = (pn & 0x3FFFFF) * _PAGE
            if base + _PAGE > len(word):
                raise _unreadable("a PAPX page lies outside the WordDocument stream")
            runs.extend(_fkp(word[base:base + _PAGE], extra))
        runs.sort(key=lambda r: r[0])
        for start, end, props in runs:
            self.starts.append(start)
            self.ends.append(end)
            self.props.append(props)

    def at(self, fc: int) -> tuple[_Props, int]:
        """The properties of the paragraph run holding byte `fc`, and where that run ends (-1: none)."""
        i = bisect.bisect_right(self.starts, fc) - 1
        if i >= 0 and fc < self.ends[i]:
            return self.props[i], self.ends[i]
        return _PLAIN, -1


def _fkp(page: bytes, extra: bytes) -> list[tuple[int, int, _Props]]:
    crun = page[511]
    if not 1 <= crun <= _MAX_FKP_RUNS or 4 * (crun + 1) + 13 * crun > 511:
        raise _unreadable("malformed PAPX page")
    fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
    out = []
    for i in range(crun):
        offset = 2 * page[4 * (crun + 1) + 13 * i]
        props = _PLAIN
        if offset:
            cb = page[offset]
            if cb:
                grpprl = page[offset + 1:offset + 2 * cb]
            else:
                grpprl = page[offset + 2:offset + 2 + 2 * page[offset + 1]]
            props = _table_props(grpprl[2:])  # after the style index (istd)
            if props.huge is not None:  # PrcData in the Data stream: a signed 16-bit size, then the sprms
                size = struct.unpack_from("<h", extra, props.huge)[0] if props.huge + 2 <= len(extra) else -1
                if not 0 <= size <= len(extra) - props.huge - 2:
                    raise _unreadable("a paragraph's properties lie outside the Data stream")
                props = _table_props(extra[props.huge + 2:props.huge + 2 + size])
        out.append((fcs[i], fcs[i + 1], props))
    return out


def _table_props(grpprl: bytes) -> _Props:
    """The table flags among a paragraph's sprms (MS-DOC Prl: sprm, then an operand sized by its spra)."""
    flags = {"in_table": False, "ttp": False, "inner_cell": False, "inner_ttp": False}
    itap, huge, pos = 0, None, 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra == 6:
            if pos >= len(grpprl):
                break
            if sprm == 0xD608:  # sprmTDefTable: a two-byte size, counting one more
                size = grpprl[pos] + (grpprl[pos + 1] << 8 if pos + 1 < len(grpprl) else 0) + 1
            elif sprm == 0xC615 and grpprl[pos] == 255:  # sprmPChgTabs' long form: nothing we need follows
                break
            else:
                size = grpprl[pos] + 1
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        operand = grpprl[pos:pos + size]
        pos += size
        if not operand:
            break
        if sprm == _SPRM_IN_TABLE:
            flags["in_table"] = bool(operand[0])
        elif sprm == _SPRM_TTP:
            flags["ttp"] = bool(operand[0])
        elif sprm == _SPRM_INNER_CELL:
            flags["inner_cell"] = bool(operand[0])
        elif sprm == _SPRM_INNER_TTP:
            flags["inner_ttp"] = bool(operand[0])
        elif sprm == _SPRM_ITAP and len(operand) == 4:
            itap = min(struct.unpack("<i", operand)[0], 64)
        elif sprm == _SPRM_HUGE_PAPX and len(operand) == 4:
            huge = struct.unpack("<I", operand)[0]
    return _Props(itap=itap, huge=huge, **flags)


# --- the text, paragraph by paragraph -------------------------------------------------------------------


_KEEP = {"\t": "\t", "\x0b": "\n", "\x1e": "-", "\xa0": "\xa0"}


def _read(word: bytes, table: bytes, extra: bytes, max_chars: int) -> DocText:
    ccp_text, pairs = _fib(word)
    if not 0 <= ccp_text <= max_chars:
        raise _unreadable(f"ccpText {ccp_text} outside 0..{max_chars}")
    if 33 not in pairs or 13 not in pairs:
        raise _unreadable("FIB without piece table or PAPX bin table")
    pieces = _pieces(table, *pairs[33], len(word))
    papx = _Papx(word, table, extra, *pairs[13])
    deletions = Deletions(word, table, *pairs.get(12, (0, 0)))
    joins: set[int] = set()  # paragraphs whose mark is deleted: they run on into the next one
    out = DocText()
    raw: list[str] = []
    parts: list[str] = []
    pictures: list[tuple[int, str]] = []
    fields: list[bool] = []  # open fields; True once past their separator (showing the result)
    hidden = 0  # open fields still in their instruction: their text is not shown
    length = 0
    for piece in pieces:
        if piece.cp >= ccp_text:
            break
        text = _decode(word, piece, ccp_text)
        raw.append(text)
        gone = deletions.mask(piece.fc, len(text), piece.width) if deletions else [False] * len(text)
        for k, ch in enumerate(text):
            fc = piece.fc + k * piece.width
            if ch in "\r\x07\x0c\x0e":
                props, run_end = papx.at(fc)
                if ch in "\x0c\x0e" and run_end != fc + piece.width:
                    if not hidden and not gone[k]:
                        parts.append("\n")
                        length += 1
                    continue
                end: End = ("row" if props.ttp else "cell") if ch == "\x07" else "para"
                if len(out.paragraphs) >= MAX_PARAGRAPHS:
                    raise _unreadable(f"more than {MAX_PARAGRAPHS} paragraphs")
                if not (props.inner_ttp and ch == "\r"):  # a nested table's row end holds no text
                    if gone[k] and end == "para":
                        joins.add(len(out.paragraphs))
                    out.paragraphs.append(DocParagraph("".join(parts), end, props.in_table or ch == "\x07",
                                                       tuple(pictures)))
                parts, pictures, length = [], [], 0
                continue
            if gone[k] and ch not in "\x13\x14\x15":
                continue  # deleted with changes tracked: not shown
            if ch == "\x13":
                fields.append(False)
                hidden += 1
            elif ch == "\x14":
                if fields and not fields[-1]:
                    fields[-1] = True
                    hidden -= 1
            elif ch == "\x15":
                if fields and not fields.pop():
                    hidden -= 1
            elif hidden:
                continue
            elif ch in "\x01\x08":
                pictures.append((length, ch))
            elif ch in _KEEP:
                parts.append(_KEEP[ch])
                length += 1
            elif ch >= " " and ch != "\x1f":
                parts.append(ch)
                length += 1
    if parts or pictures:
        out.paragraphs.append(DocParagraph("".join(parts), "para", False, tuple(pictures)))
    out.paragraphs = _joined(out.paragraphs, joins)
    out.raw = "".join(raw)
    return out


def _joined(paragraphs: list[DocParagraph], joins: set[int]) -> list[DocParagraph]:
    """Each paragraph whose mark is deleted run on into the next one when both are body text or both lie in
    one cell (Word never pulls body text into a table, nor a cell's text into the next cell)."""
    out: list[DocParagraph] = []
    carry: DocParagraph | None = None
    for n, para in enumerate(paragraphs):
        if carry is not None:
            if carry.in_table == para.in_table:
                shift = len(carry.text)
                para = DocParagraph(carry.text + para.text, para.end, para.in_table,
                                    carry.pictures + tuple((offset + shift, kind) for offset, kind in para.pictures))
            else:
                out.append(carry)
            carry = None
        if n in joins:
            carry = para
        else:
            out.append(para)
    if carry is not None:
        out.append(carry)
    return out


# --- bounded reads and the refusal ----------------------------------------------------------------------


def _u16(data: bytes, pos: int) -> int:
    if pos < 0 or pos + 2 > len(data):
        raise _unreadable("read past the end of a stream")
    return int(struct.unpack_from("<H", data, pos)[0])


def _u32(data: bytes, pos: int) -> int:
    if pos < 0 or pos + 4 > len(data):
        raise _unreadable("read past the end of a stream")
    return int(struct.unpack_from("<I", data, pos)[0])


def _i32(data: bytes, pos: int) -> int:
    if pos < 0 or pos + 4 > len(data):
        raise _unreadable("read past the end of a stream")
    return int(struct.unpack_from("<i", data, pos)[0])


def _unreadable(detail: str) -> BadInput:
    return BadInput("doc_unreadable", f"无法读取 Word 97–2003 文件的文本（{detail}）",
                    f"the Word 97-2003 binary's text cannot be read ({detail})")
