"""Which characters of a Word 97–2003 binary are deleted with changes tracked: the character properties.

Owns reading the CHPX bin table (FibRgFcLcb97 fcPlcfBteChpx, in the 0Table/1Table stream) and its ChpxFkp
pages (MS-DOC 2.9.44: runs of WordDocument byte offsets, each with its Chpx, a byte count and sprms), and,
per run, whether sprmCFRMarkDel (0x0800) is set: the text was deleted while Track Changes was on. Word keeps
such text in the main text and shows it only as markup; what it prints, and what the .docx reader reads, is
the text without it. Inserted text (sprmCFRMarkIns, 0x0801) is ordinary visible text and needs nothing.
The toggle operand (MS-DOC 2.9.326): 0 off, 1 on, 0x80 the style's value, 0x81 its opposite; no style sets
revision marks, so 0x81 is on and 0x80 off.

Not read: piece-level property modifiers (Prm in the piece table, used by Word's fast saves) and every
other character property. Every offset and count read from the file is checked against the bytes there;
anything that does not add up raises Unreadable (the caller turns it into its BadInput). It must not decode
text or decide paragraphs (extractors.legacy.binary does).
"""

from __future__ import annotations

import bisect
import struct

_PAGE = 512
_MAX_RUNS = 101  # a ChpxFkp page holds at most (511 - 4) // 5 runs
_SPRM_RMARK_DEL = 0x0800


class Unreadable(ValueError):
    """The character property tables do not add up (the message says where)."""


class Deletions:
    """The WordDocument byte ranges [start, end) whose text is deleted with changes tracked, in order."""

    def __init__(self, word: bytes, table: bytes, fc: int, lcb: int) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        if lcb == 0:  # no character properties at all: nothing is deleted
            return
        if lcb < 12 or fc < 0 or fc + lcb > len(table) or (lcb - 4) % 8:
            raise Unreadable("CHPX bin table outside the table stream")
        n = (lcb - 4) // 8
        if n > len(word) // _PAGE:
            raise Unreadable("CHPX bin table larger than the WordDocument stream")
        ranges: list[tuple[int, int]] = []
        for pn in dict.fromkeys(struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))):
            base = (pn & 0x3FFFFF) * _PAGE
            if base + _PAGE > len(word):
                raise Unreadable("a CHPX page lies outside the WordDocument stream")
            ranges.extend(_deleted_runs(word[base:base + _PAGE]))
        for start, end in sorted(ranges):
            if self.ends and start <= self.ends[-1]:  # touching or overlapping runs: one range
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def __bool__(self) -> bool:
        return bool(self.starts)

    def mask(self, fc: int, count: int, width: int) -> list[bool]:
        """For the `count` characters of `width` bytes from byte `fc`: whether each one is deleted."""
        out = [False] * count
        end = fc + count * width
        i = max(0, bisect.bisect_right(self.starts, fc) - 1)
        while i < len(self.starts) and self.starts[i] < end:
            lo, hi = max(self.starts[i], fc), min(self.ends[i], end)
            for k in range((lo - fc + width - 1) // width, (hi - fc + width - 1) // width):
                out[k] = True
            i += 1
        return out


def _deleted_runs(page: bytes) -> list[tuple[int, int]]:
    crun = page[511]
    if not 1 <= crun <= _MAX_RUNS or 4 * (crun + 1) + crun > 511:
        raise Unreadable("malformed CHPX page")
    fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
    out = []
    for i in range(crun):
        offset = 2 * page[4 * (crun + 1) + i]
        if not offset:
            continue  # the run has no properties of its own
        if offset >= 511:
            raise Unreadable("a CHPX lies outside its page")
        grpprl = page[offset + 1:offset + 1 + page[offset]]
        if fcs[i] < fcs[i + 1] and _deleted(grpprl):
            out.append((fcs[i], fcs[i + 1]))
    return out


def _deleted(grpprl: bytes) -> bool:
    """Whether the character sprms set sprmCFRMarkDel (MS-DOC Prl: sprm, then an operand sized by its spra)."""
    deleted, pos = False, 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra == 6:  # variable length: a size byte first
            if pos >= len(grpprl):
                break
            size = grpprl[pos] + 1
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        operand = grpprl[pos:pos + size]
        pos += size
        if len(operand) < size:
            break
        if sprm == _SPRM_RMARK_DEL:
            deleted = operand[0] in (0x01, 0x81)
    return deleted
