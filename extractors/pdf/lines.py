"""Text lines from positioned glyphs: grouping by baseline band, ordering by x, and the text of a line.

Owns how glyphs become a line and what characters a line says: real spaces are kept, and where the PDF
only left a gap (many producers draw no space glyphs) as many spaces as fit the gap are put back, so
'品 牌 名 称' and 'label：value    label：value' read as typed, and a wide empty stretch is a tab. It must not decide paragraphs, tables or
page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.pdf.page import Box, Glyph

_LATIN = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_SPACES = " \u3000\u00a0\t"
STRUCK = "\u200b"  # stands in for a glyph found struck through: it keeps its place but says nothing
_SPACE_EM = 0.32  # width of a space, in ems, in the usual fonts
_MAX_SPACES = 40


@dataclass(slots=True, eq=False)
class Line:
    glyphs: list[Glyph]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # the font size most of its glyphs use
    bold: bool = False
    text: str = ""
    ink_x0: float = 0.0  # where the first non-space glyph starts
    ink_x1: float = 0.0  # where the last non-space glyph ends
    pictures: list[Box] = field(default_factory=list)  # small images standing on this line (inline)
    first_block: int = -1  # the tagged paragraph of its first and last glyph (-1: untagged)
    last_block: int = -1

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class LineMaker:
    """Builds lines; `bold_fonts` are the FontBook indexes that count as bold in this document."""

    bold_fonts: set[int] = field(default_factory=set)

    def lines(self, glyphs: list[Glyph], page: int) -> list[Line]:
        """The lines these glyphs form, top to bottom."""
        if not glyphs:
            return []
        ordered = sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2)
        groups: list[list[Glyph]] = []
        band_top = band_bottom = 0.0
        for g in ordered:
            overlap = min(g.bottom, band_bottom) - max(g.top, band_top)
            if groups and overlap >= 0.5 * min(g.bottom - g.top, band_bottom - band_top):
                groups[-1].append(g)  # (a superscript or a bigger character on the same line widens it)
                band_top, band_bottom = min(band_top, g.top), max(band_bottom, g.bottom)
                continue
            groups.append([g])
            band_top, band_bottom = g.top, g.bottom
        out = [self.line(grp, page) for grp in groups]
        out = [ln for ln in out if ln.text.strip(_SPACES)]
        out.sort(key=lambda ln: (ln.top, ln.x0))
        return out

    def line(self, glyphs: list[Glyph], page: int) -> Line:
        """One line of these glyphs (they share a baseline band)."""
        glyphs = _dedupe(sorted(glyphs, key=lambda g: g.x0))
        sizes: dict[float, int] = {}
        for g in glyphs:
            if not g.ch.isspace() and g.ch != STRUCK:
                key = round(g.size * 2) / 2
                sizes[key] = sizes.get(key, 0) + 1
        size = max(sizes, key=lambda k: sizes[k]) if sizes else glyphs[0].size
        ink = [g for g in glyphs if not g.ch.isspace() and g.ch != STRUCK]
        line = Line(glyphs=glyphs, page=page, x0=glyphs[0].x0, x1=max(g.x1 for g in glyphs),
                    top=min(g.top for g in ink or glyphs), bottom=max(g.bottom for g in ink or glyphs),
                    size=size, text=_text(glyphs, size))
        line.ink_x0 = ink[0].x0 if ink else line.x0
        line.ink_x1 = max(g.x1 for g in ink) if ink else line.x1
        line.bold = bool(ink) and all(g.font in self.bold_fonts for g in ink)
        blocks = [g.block for g in ink if g.block >= 0]
        if blocks:
            line.first_block, line.last_block = blocks[0], blocks[-1]
        return line


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop a glyph drawn again at (almost) the same place by another text object (fake bold and shadow
    effects draw text twice; the letters of one ligature glyph, 'ff' in 'office', share one box but come
    from one object and stay), and a space drawn over its neighbour's place (underlined runs carry such
    spaces): a typed space has room of its own."""
    out: list[Glyph] = []
    for n, g in enumerate(glyphs):
        if out:
            p = next((q for q in reversed(out[-4:]) if q.ch == g.ch), None)  # (a ligature's letters between)
            if (p is not None and p.obj != g.obj and abs(p.x0 - g.x0) < 0.3 * max(p.x1 - p.x0, 1.0)
                    and abs(p.top - g.top) < 1.0):
                continue
        if g.ch == " ":
            half = 0.5 * (g.x1 - g.x0)
            nxt = glyphs[n + 1] if n + 1 < len(glyphs) else None
            if (nxt is not None and not nxt.ch.isspace() and nxt.x0 < g.x1 - half) or (
                    out and not out[-1].ch.isspace() and out[-1].x1 > g.x0 + half):
                continue
        out.append(g)
    return out


def _text(glyphs: list[Glyph], size: float) -> str:
    """The glyphs' characters with the spaces the writer typed put back where the PDF only left a gap.

    Gaps are read in units of a space (about a third of an em): between two Latin characters any gap over
    0.15 em is a space; between Chinese characters one over 0.25 em (justification moves them far less),
    and a gap of whole ems there is ideographic spaces (U+3000); between Chinese and Latin one over 0.27 em
    (layout engines add about 0.2 em there by themselves). A wider stretch with no space drawn in it (a
    run of typed spaces shows at least its first) is a tab. A long line whose ideographs are all drawn apart
    evenly is justified: that common stretch is no space."""
    parts: list[str] = []
    prev: Glyph | None = None
    em = max(size, 1.0)
    stretch = _stretch(glyphs, em)
    for g in glyphs:
        if g.ch == STRUCK:
            prev = g
            continue
        if prev is not None and prev.ch == " " and prev.x1 - prev.x0 > 0.05 * em:
            width = prev.x1 - prev.x0  # a drawn space, then a gap: more spaces of the same width (a run of
            gap = g.x0 - prev.x1  # spaces is often drawn as its first one only)
            if gap > 0.6 * width:
                parts.append(" " * min(round(gap / width), _MAX_SPACES))
        elif prev is not None and not g.ch.isspace() and not prev.ch.isspace() and prev.ch != STRUCK:
            gap = (g.x0 - prev.x1) / em - stretch
            a, b = _narrow(prev.ch), _narrow(g.ch)
            least = 0.15 if a and b else 0.25 if not a and not b else 0.27
            if not a and not b and gap > 0.9 and abs(gap - round(gap)) <= 0.12:
                parts.append("\u3000" * min(round(gap), _MAX_SPACES))  # whole ems between ideographs
            elif gap > 1.5:
                parts.append("\t")  # a wide stretch with no space drawn in it: a tab
            elif gap > least:
                parts.append(" " * min(max(1, round(gap / _SPACE_EM)), _MAX_SPACES))
        parts.append(g.ch)
        prev = g
    return "".join(parts)


def _stretch(glyphs: list[Glyph], em: float) -> float:
    """The even extra gap (in ems) justification put between the ideographs of a long line, else 0."""
    gaps = sorted((b.x0 - a.x1) / em for a, b in zip(glyphs, glyphs[1:], strict=False)
                  if not _narrow(a.ch) and not _narrow(b.ch) and a.ch != STRUCK and b.ch != STRUCK)
    if len(gaps) < 10:
        return 0.0
    middle = gaps[len(gaps) // 2]
    return middle if middle > 0.05 else 0.0


def _narrow(ch: str) -> bool:
    """Latin letters, digits and ASCII marks (set in a proportional font, not on the ideograph grid)."""
    return ch < "\u2e80" and not ("\u2000" <= ch <= "\u206f")


@dataclass
class Spacing:
    """How a document draws its spaces: whether its producer draws the spaces typed between Latin words as
    glyphs (LibreOffice and Word do, and the one a line wraps at too, unless it would stick out past the
    right margin), and how wide a space is in each font (in ems)."""

    drawn: bool = False
    em: dict[int, float] = field(default_factory=dict)

    @classmethod
    def of(cls, lines: list[Line]) -> Spacing:
        widths: dict[int, list[float]] = {}
        drawn = False
        for line in lines:
            g = line.glyphs
            for a, b, c in zip(g, g[1:], g[2:], strict=False):
                if b.ch == " " and is_latin(a.ch) and is_latin(c.ch) and b.x1 > b.x0:
                    drawn = True
                    widths.setdefault(b.font, []).append((b.x1 - b.x0) / max(b.size, 1.0))
        return cls(drawn, {f: sorted(w)[len(w) // 2] for f, w in widths.items()})

    def width(self, glyph: Glyph) -> float:
        """Points a space takes after this glyph (its font's, else a generous half em)."""
        return self.em.get(glyph.font, 0.5) * max(glyph.size, 1.0)


def wrapped_at_space(a: Line, b: Line, right: float, spacing: Spacing) -> bool:
    """Whether Latin text running from line a on to line b wrapped at a space the PDF does not show. A line
    with no place to break in it (no space, no Chinese) held a word longer than the line, cut where it filled
    up: no space. Where the document draws its spaces, a missing one at the wrap was left out only when it
    would not fit before the right edge (`right`); with room for it, the line broke inside a word ('?' of a
    URL). Where the document draws no spaces, a wrap between Latin letters is taken as one at a space."""
    ink = [g for g in a.glyphs if not g.ch.isspace() and g.ch != STRUCK]
    if not ink or not b.text:
        return False
    if not any(not _narrow(g.ch) for g in ink) and not any(ch.isspace() for ch in a.text.strip()):
        return False  # one token longer than the line
    last_word = a.text.rsplit(maxsplit=1)[-1]
    if "/" in last_word and last_word[-1] in "?&=#":
        return False  # a URL broken after its query mark ('search?' | 'keyword=…')
    if not spacing.drawn:
        return True
    return right - a.ink_x1 < 1.15 * spacing.width(ink[-1]) + 0.5


def attach_inline(images: list[Box], lines: list[Line]) -> list[Box]:
    """Images standing on a text line (an icon before a title: about as high as the line, or sitting on its
    baseline and at most three lines high, so never photo-sized) go with that line; the rest are returned."""
    rest: list[Box] = []
    for box in images:
        mid = (box.top + box.bottom) / 2
        host = next((ln for ln in lines if ln.page == box.page
                     and (ln.top <= mid <= ln.bottom and box.height <= 1.5 * ln.height
                          or abs(box.bottom - ln.bottom) <= 0.4 * ln.height and box.height <= 3 * ln.height)
                     and ln.ink_x0 - 2 * ln.size - box.width <= box.x0 <= ln.ink_x1 + 2 * ln.size), None)
        if host is None:
            rest.append(box)
        else:
            host.pictures.append(box)
    return rest


def text_offset(line: Line, box: Box) -> int:
    """Where in the line's text a picture standing on it goes (before the first glyph right of it)."""
    right_of = sum(1 for g in line.glyphs if (g.x0 + g.x1) / 2 < (box.x0 + box.x1) / 2 and g.ch != STRUCK)
    return min(len(line.text), right_of)


def is_latin(ch: str) -> bool:
    return bool(_LATIN.match(ch))
