"""Telling a file cut short (caught mid-copy, a download broken off) from one damaged otherwise.

Owns the three byte-level tests the readers ask when their library refuses a file, and the one reason for it
(BadInput 'incomplete'). Each test walks the structure a format keeps in order and answers True only when
everything present is well-formed as far as it goes and the part a complete file must end with is missing:

- zip (.docx): local entries from offset 0, each header sound, then (perhaps) the central directory, but no
  end-of-central-directory record — the directory a zip keeps at its very end is what a cut loses;
- PDF: a `%PDF-` header and at least one object, but no `%%EOF` after the last object begun (a PDF ends with
  its xref, trailer, startxref and `%%EOF`; an incremental update cut short leaves objects after the last one);
- PNG: chunks in order up to the end of the bytes, never reaching IEND; JPEG: no end-of-image marker at the end.

A run of zero bytes at the end (a copy into a file made full-size first, caught before the rest came) counts
as cut where the zeros begin. Garbage where the next entry, chunk or header should begin, or a file whose end is there but broken inside,
is not cut short: the reader calls it damaged. It must not open files with any library or read anything but
the bytes given.
"""

from __future__ import annotations

import re
import struct

from pipeline.model.errors import BadInput

_LOCAL, _CENTRAL, _DESCRIPTOR = b"PK\x03\x04", b"PK\x01\x02", b"PK\x07\x08"
_END, _END64 = b"PK\x05\x06", b"PK\x06\x06"
_SIGNATURES = (_LOCAL, _CENTRAL, _DESCRIPTOR, _END, _END64)
_METHODS = frozenset({0, 1, 6, 8, 9, 12, 14, 93, 95, 98, 99})  # stored, shrunk, imploded, deflate(64), bzip2 …
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes
_CENTRAL_HEADER = struct.Struct("<4sHHHHHHIIIHHHHHII")  # 46 bytes
_ZIP64_EXTRA = 0x0001
_OBJECT = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"
_ZERO_TAIL = 64  # this many zero bytes at the end at least: space reserved for bytes that never came


def incomplete(what: str, detail: str) -> BadInput:
    """The reason for a file cut short; `what` names the kind in Chinese (e.g. 'Word '), `detail` says in
    English what is missing."""
    return BadInput("incomplete", f"{what}文件不完整（可能仍在复制或下载中断），请重新提交",
                    f"the file is incomplete (cut short while copying or downloading); send it again — {detail}")


def zip_cut_short(data: bytes) -> bool:
    """A zip that stops before its end: sound local entries from offset 0 (and perhaps part of the central
    directory) up to where the bytes stop, and no end-of-central-directory record."""
    if not data.startswith(_LOCAL):
        return False
    pos, size, zeros = 0, len(data), _zeros_from(data)
    while True:
        if pos >= min(size, zeros):
            return True  # cut exactly between two entries, or only zeros from here on
        sig = data[pos:pos + 4]
        if len(sig) < 4:
            return any(s.startswith(sig) for s in _SIGNATURES)  # cut inside the next signature
        if sig == _LOCAL:
            step = _local_entry(data, pos)
            if step is None:
                return False
            if step >= size:
                return True
            pos = step
        elif sig == _DESCRIPTOR:
            pos += 16
        elif sig == _CENTRAL:
            return _central_cut_short(data, pos)
        else:
            return False  # garbage where an entry should begin, or an end record the reader still refused


def _local_entry(data: bytes, pos: int) -> int | None:
    """Where the entry at `pos` ends (past the end of `data` when it is cut), None when its header is unsound."""
    if pos + _LOCAL_HEADER.size > len(data):
        return len(data)
    head = _LOCAL_HEADER.unpack_from(data, pos)
    version, flags, method, csize, nlen, xlen = (int(head[k]) for k in (1, 2, 3, 7, 9, 10))
    if version > 100 or method not in _METHODS or not 0 < nlen <= 4096:
        return None
    start = pos + _LOCAL_HEADER.size
    name, extra = data[start:start + nlen], data[start + nlen:start + nlen + xlen]
    body = start + nlen + xlen
    if body > len(data):
        return len(data)
    if b"\x00" in name:
        return None
    if csize == 0xFFFFFFFF:
        wide = _zip64_size(extra)
        if wide is None:
            return None
        csize = wide
    if flags & 0x08 and csize == 0:  # sizes follow the data (a streamed writer): find what comes next
        found = [i for i in (data.find(_LOCAL, body), data.find(_CENTRAL, body)) if i >= 0]
        return min(found) if found else len(data)
    end = body + csize
    if flags & 0x08 and end < len(data):
        end += 16 if data[end:end + 4] == _DESCRIPTOR else 12
    return end


def _zip64_size(extra: bytes) -> int | None:
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        if kind == _ZIP64_EXTRA and length >= 16:
            return int(struct.unpack_from("<Q", extra, at + 12)[0])  # uncompressed size, then compressed
        at += 4 + length
    return None


def _central_cut_short(data: bytes, pos: int) -> bool:
    """The directory from `pos` on runs to the end of the bytes, each entry naming the local entry it points
    at, and its end record is missing or cut."""
    size, zeros = len(data), _zeros_from(data)
    while data[pos:pos + 4] == _CENTRAL:
        if pos >= zeros:
            return True
        if pos + _CENTRAL_HEADER.size > size:
            return True
        fields = _CENTRAL_HEADER.unpack_from(data, pos)
        nlen, offset = int(fields[10]), int(fields[16])
        name = data[pos + _CENTRAL_HEADER.size:pos + _CENTRAL_HEADER.size + nlen]
        if not _names_local_entry(data, offset, name, complete=len(name) == nlen):
            return False  # an entry that points nowhere: damaged, not cut
        pos += _CENTRAL_HEADER.size + nlen + int(fields[11]) + int(fields[12])
        if pos >= size:
            return True  # cut inside the directory or right before its end record
    rest = data[pos:pos + 4]
    if len(rest) < 4:
        return any(s.startswith(rest) for s in (_CENTRAL, _END, _END64))
    if rest in (_END, _END64):
        end = data.rfind(_END, pos)
        return end < 0 or end + 22 > size  # the end record itself cut
    return False


def _names_local_entry(data: bytes, offset: int, name: bytes, complete: bool) -> bool:
    """A local entry at `offset` with this name (or, when the directory's copy is cut, starting with it)."""
    if data[offset:offset + 4] != _LOCAL or offset + _LOCAL_HEADER.size > len(data):
        return False
    nlen = int(_LOCAL_HEADER.unpack_from(data, offset)[9])
    local = data[offset + _LOCAL_HEADER.size:offset + _LOCAL_HEADER.size + nlen]
    return local == name if complete else local.startswith(name)


def pdf_cut_short(data: bytes) -> bool:
    """A PDF whose end never came: a header and an object begun, and no `%%EOF` after the last object."""
    head = data.find(b"%PDF-", 0, 1024)
    if head < 0:
        return False
    last_end = data.rfind(b"%%EOF")
    return _OBJECT.search(data, head if last_end < 0 else last_end) is not None


def image_cut_short(data: bytes) -> bool:
    """A PNG whose chunks run to the end of the bytes without reaching IEND, or a JPEG without its
    end-of-image marker at the end."""
    if data.startswith(_PNG_MAGIC):
        pos, zeros = len(_PNG_MAGIC), _zeros_from(data)
        while pos + 8 <= len(data):
            if pos >= zeros:
                return True
            length, kind = struct.unpack_from(">I4s", data, pos)
            if not kind.isalpha() or length > 0x7FFFFFFF:
                return False  # garbage where a chunk should begin
            if kind == b"IEND":
                return False
            pos += 12 + length
        return True
    if data.startswith(_JPEG_MAGIC):
        return _jpeg_cut_short(data)
    return False


def _jpeg_cut_short(data: bytes) -> bool:
    """The marker segments after SOI, each `FF xx` and a length of at least 2, run to the end of the bytes
    (or into a zero tail) before the scan begins; or the scan begun and no end-of-image marker at the end."""
    pos, size, zeros = 2, len(data), _zeros_from(data)
    while True:
        if pos >= min(size, zeros):
            return True
        if pos + 4 > size:
            return data[pos] == 0xFF  # cut inside the next segment's header
        marker, kind, length = data[pos], data[pos + 1], struct.unpack_from(">H", data, pos + 2)[0]
        if marker != 0xFF:
            return False  # garbage where a segment should begin
        if kind == 0xFF:
            pos += 1  # fill byte
            continue
        if kind == 0xD9:
            return False  # ended already: broken inside, not cut
        if 0xD0 <= kind <= 0xD7 or kind == 0x01:
            pos += 2
            continue
        if length < 2:
            return False
        if kind == 0xDA:  # start of scan: entropy-coded data up to the end-of-image marker
            return _JPEG_END not in data.rstrip(b"\x00")[-32:]
        pos += 2 + length


def _zeros_from(data: bytes) -> int:
    """Where a long run of zero bytes that ends `data` begins (shorter runs may be the end of a record); the
    length of `data` when there is none. Only a header position inside it counts as the cut."""
    kept = len(data.rstrip(b"\x00"))
    return kept if len(data) - kept >= _ZERO_TAIL else len(data)
