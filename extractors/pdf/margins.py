"""Page furniture: running headers, footers, page numbers and header logos, told apart from the body.

A line is furniture when it repeats at the same place on most pages (digits ignored, so 'page 3' and
'page 4' repeat), when it sits in the outermost band of the page, or when it is a bare page number
('1', '- 2 -', '第 3 页', '3/6', 'Page 2 of 6') at the top or bottom with nothing beyond it. Images go the
same way (the same logo at the same place on most pages, or an image lying wholly near the top or the
bottom edge). Owns that decision only; it must not
build paragraphs, tables or photos.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from extractors.pdf.lines import Line
from extractors.pdf.page import Box

PAGE_NUMBER = re.compile(
    r"^[\s\-—–·•_]*(?:第\s*[0-9一二三四五六七八九十百]+\s*页(?:\s*[,，/]?\s*共\s*[0-9一二三四五六七八九十百]+\s*页)?"
    r"|[0-9]{1,4}(?:\s*/\s*[0-9]{1,4})?|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|[ivxlc]{1,6})[\s\-—–·•_]*$",
    re.IGNORECASE)
_EDGE = 0.055  # the outermost band of the page (fraction of its height) holds no body text
_ZONE = 0.15  # page numbers and repeated lines are looked for this far (share of the height) from an edge,
_ZONE_MIN = 110.0  # but at least this far (points: margins are set in cm, small pages keep them)


@dataclass
class Furniture:
    """What was taken out of the body: furniture, and the count of struck-through glyphs (pdf_flow)."""

    header_texts: list[str] = field(default_factory=list)
    footer_texts: list[str] = field(default_factory=list)
    pictures: int = 0
    struck: int = 0


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _zone(height: float) -> float:
    return min(0.25 * height, max(_ZONE * height, _ZONE_MIN))


def _threshold(pages: int) -> int:
    return max(2, math.ceil(0.5 * pages))


def split_lines(pages: list[tuple[float, list[Line]]], found: Furniture) -> list[list[Line]]:
    """Per page (height, body lines outside tables): the lines that stay in the body. Furniture lines'
    texts go to `found`, headers and footers apart, each distinct text once."""
    counts: dict[tuple[str, int], set[int]] = {}
    for n, (height, lines) in enumerate(pages):
        for ln in lines:
            zone = _zone(height)
            if ln.top < zone or ln.bottom > height - zone:
                counts.setdefault((_norm(ln.text), round(ln.top / 4)), set()).add(n)
    need = _threshold(len(pages))
    out: list[list[Line]] = []
    seen: set[str] = set()
    for height, lines in pages:
        keep: list[Line] = []
        body = lines
        for i, ln in enumerate(lines):
            zone = _zone(height)
            top_zone, bottom_zone = ln.top < zone, ln.bottom > height - zone
            where = set().union(*(counts.get((_norm(ln.text), round(ln.top / 4) + d), set()) for d in (-1, 0, 1)))
            repeated = (top_zone or bottom_zone) and len(pages) > 1 and len(where) >= need
            edge = ln.bottom < _EDGE * height or ln.top > (1 - _EDGE) * height
            number = bool(PAGE_NUMBER.match(ln.text)) and (
                (top_zone and all(o.top >= ln.top for o in body[:i]))
                or (bottom_zone and all(o.bottom <= ln.bottom for o in body[i + 1:])))
            if repeated or edge or number:
                key = _norm(ln.text)
                if key not in seen:
                    seen.add(key)
                    (found.header_texts if ln.top < height / 2 else found.footer_texts).append(ln.text.strip())
            else:
                keep.append(ln)
        out.append(keep)
    return out


def split_images(pages: list[tuple[float, list[Box]]], found: Furniture) -> list[list[Box]]:
    """Per page (height, images): the images that stay in the body; the others count as header pictures
    (a logo repeated on every page counts once). Repeated means the same image (pixel size and data
    length) at the same place: two photos of one size that open two pages are not a logo."""
    def key(b: Box) -> tuple[int, ...]:
        return round(b.x0 / 4), round(b.top / 4), round(b.width / 4), round(b.height / 4), *b.sig

    counts: dict[tuple[int, ...], int] = {}
    for _, boxes in pages:
        for k in {key(b) for b in boxes}:
            counts[k] = counts.get(k, 0) + 1
    need = _threshold(len(pages))
    out: list[list[Box]] = []
    counted: set[tuple[int, ...]] = set()
    for height, boxes in pages:
        keep: list[Box] = []
        for b in boxes:
            repeated = len(pages) > 1 and counts[key(b)] >= need
            band = b.bottom < _zone(height) or b.top > height - _zone(height)
            if repeated or band:
                if key(b) not in counted or not repeated:
                    found.pictures += 1
                    counted.add(key(b))
            else:
                keep.append(b)
        out.append(keep)
    return out
