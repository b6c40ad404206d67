"""Paragraphs rebuilt from the lines of one container (the page's text column or one table cell).

A PDF has lines, not paragraphs. A new paragraph starts when the previous line stops short of the right
edge (the next line's first word would have fitted), when the next line is indented against the
paragraph, when the vertical gap grows, when size or boldness changes, when a numbered line ('一、',
'（二）', '1.', '图3') follows a finished sentence, or when a tagged PDF's structure puts the two lines in
different paragraphs (the only signal for a paragraph whose last line fills the column exactly). Wrapped
lines join without a separator, except where Latin text wrapped at a space the PDF does not draw (which goes
back); a line of a tagged paragraph that stops short of the edge is a line break (w:br) and gives '\n'.
Owns only that; it must not know pages' furniture, tables or photos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.pdf.lines import STRUCK, Line, Spacing, is_latin, text_offset, wrapped_at_space
from extractors.pdf.tags import spans_pages
from pipeline.model.layout import Paragraph, Picture

_NUMBERED = re.compile(
    r"^[\s\u3000]*(?:第[一二三四五六七八九十\d]+(?:部分|章|节|篇)|[一二三四五六七八九十]{1,3}[、.．]"
    r"|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.．、](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]"
    r"|(?:图|照片|图片|表)\s*[0-9０-９一二三四五六七八九十]+|附[：:件])")
_AUTO_LABEL = re.compile(
    r"^[ \u3000]*(?P<label>[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}(?:\.\d{1,2})*[.．、)）]?|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|第[一二三四五六七八九十\d]+(?:部分|章|节|条)"
    r"|[a-zA-Z][.)]|[•●○■□◆◇▪►✓·\-–])(?:[ ]{2,}|\u3000+|\t)(?=\S)")
_LABEL = re.compile(r"^[\s\u3000]*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）.．、]|[①②③④⑤⑥⑦⑧⑨⑩•●○■□◆◇▪►✓·\-–])")
_NTH = re.compile(r"^[\s\u3000]*[一二三四五六七八九十]是")  # '一是…', '二是…': only after a full stop
_FINISHED = re.compile(r"[。；;！!？?：:）)」』”]$")
_NO_START = set("，。、；：！？）」』》〉】〕,.;:!?)]}%‰℃…")  # marks a line may not start with
_NO_END = set("（「『《〈【〔([{")  # marks a line may not end with
_QUOTES = set("“”‘’\"'")  # quotation marks: no break on either side (UAX #14 LB19, as LibreOffice applies it)


@dataclass(frozen=True)
class Column:
    left: float
    right: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def usual_gap(lines: list[Line]) -> float | None:
    """The most common gap between consecutive lines of one size on one page: the in-paragraph gap."""
    gaps = sorted(round(b.top - a.bottom, 1) for a, b in zip(lines, lines[1:], strict=False)
                  if a.page == b.page and abs(a.size - b.size) < 0.5 and -2 < b.top - a.bottom < 1.5 * a.size)
    if not gaps:
        return None
    return gaps[len(gaps) // 4]  # the lower quartile: with two-line paragraphs half the gaps are between them


def split(lines: list[Line], column: Column, gap: float | None) -> list[list[Line]]:
    """The lines grouped into paragraphs, in order."""
    out: list[list[Line]] = []
    start = 0.0  # where the paragraph being built starts furthest left
    for line in lines:
        if out and not _starts_new(out[-1], start, line, column, gap):
            out[-1].append(line)
            start = min(start, line.ink_x0)
        else:
            out.append([line])
            start = line.ink_x0
    return out


def _starts_new(par: list[Line], start: float, b: Line, col: Column, gap: float | None) -> bool:
    a = par[-1]
    em = max(a.size, b.size, 1.0)
    if abs(a.size - b.size) > 0.15 * em or a.bold != b.bold:
        return True
    if a.page == b.page and gap is not None and b.top - a.bottom > gap + 0.45 * em:
        return True
    if b.top < a.bottom - 0.5 * min(a.height, b.height) and a.page == b.page:
        return True  # side by side, not one below the other
    if a.page != b.page and (a.last_block >= 0 and not spans_pages(a.last_block)
                             or b.first_block >= 0 and not spans_pages(b.first_block)):
        return True  # a tagged paragraph that ends on its page, or one that begins on the next
    if a.page == b.page and a.last_block >= 0 and b.first_block >= 0:
        # a tagged PDF says so: a line that fills the column can still end its paragraph, and a line that
        # starts further left or right (a hanging list indent) can still go on with it
        return a.last_block != b.first_block
    if ends_short(a, b, col):
        return True  # the next line's first word would have fitted on this one
    centred = _centred(a, col, em) and _centred(b, col, em)
    if b.ink_x0 > start + 0.8 * em and not (centred and len(par) == 1) and not _hanging(par, b, em):
        return True  # indented against the paragraph (a first-line indent, or a right-aligned line)
    if len(par) == 1 and a.ink_x0 > col.left + 4 * em and not centred and abs(b.ink_x0 - a.ink_x0) > 0.3 * em:
        return True  # a right-aligned or tabbed line: the next one is not its continuation
    if _NUMBERED.match(b.text) and (_FINISHED.search(a.text.rstrip()) or len(par) == 1 and len(a.text) <= 30):
        return True
    return bool(_NTH.match(b.text) and a.text.rstrip().endswith(("。", "！", "？")))


def ends_short(a: Line, b: Line, col: Column) -> bool:
    """Line a stops short of the right edge: b's first word would have fitted on it, so a did not wrap."""
    return col.right - a.ink_x1 > _first_unit(b) + 0.3 * max(a.size, b.size, 1.0)


def _hanging(par: list[Line], b: Line, em: float) -> bool:
    """b goes on with a list item whose label hangs left of its text ('1. …' over a line set in by about
    the label's width), as a list paragraph wraps: not an indented new paragraph."""
    first = par[0]
    if b.ink_x0 - first.ink_x0 > 4 * em or not _LABEL.match(first.text) or _LABEL.match(b.text):
        return False
    return all(abs(ln.ink_x0 - b.ink_x0) < 0.3 * em for ln in par[1:])


def _centred(line: Line, col: Column, em: float) -> bool:
    return abs((line.ink_x0 + line.ink_x1) / 2 - col.center) < 0.75 * em


def _first_unit(line: Line) -> float:
    """Width of what cannot be separated at the start of a line (line-breaking rules, simplified): a run of
    Latin letters, digits and their marks ('100%'), closing marks that may not begin a line (and the Latin
    run after one: '料，e-mail'), and quotation marks, which hold on to their neighbours."""
    glyphs = [g for g in line.glyphs if g.ch != STRUCK]
    while len(glyphs) > 1 and glyphs[0].ch.isspace():
        glyphs = glyphs[1:]
    end = glyphs[0].x1
    for prev, g in zip(glyphs, glyphs[1:], strict=False):
        glued = (g.ch in _NO_START or prev.ch in _NO_END or g.ch in _QUOTES or prev.ch in _QUOTES
                 or (_narrow(prev.ch) or prev.ch in _NO_START) and _narrow(g.ch))
        if not glued or g.ch.isspace() or g.x0 - prev.x1 > 0.15 * line.size:
            break  # (a space, drawn or left as a gap, ends a word)
        end = g.x1
    return end - glyphs[0].x0


def _narrow(ch: str) -> bool:
    return is_latin(ch) or ("!" <= ch <= "~" and ch not in "([{")


def paragraph(lines: list[Line], col: Column, spacing: Spacing | None = None) -> Paragraph:
    """One paragraph of these lines: wrapped lines joined without separators (a space where Latin wrapped at
    a space the PDF does not show, see _word_wrap); a line that ends short of the edge inside the paragraph
    (only a tagged PDF keeps such lines together) ends at a line break, '\n'. A list label set off by a
    tab-wide gap ('一、    品牌名称') is automatic numbering: it goes to `numbering` and out of the text, as
    the docx reader gives it."""
    spacing = spacing or Spacing()
    first = lines[0].text
    numbering = None
    label = _AUTO_LABEL.match(first)
    cut = 0
    if label:
        numbering, first, cut = label.group("label"), first[label.end():], label.end()
    pictures = [Picture(offset=max(text_offset(lines[0], b) - cut, 0), width_cm=_cm(b.width),
                        height_cm=_cm(b.height)) for b in lines[0].pictures]
    parts, length = [first], len(first)
    for prev, line in zip(lines, lines[1:], strict=False):
        nxt = line.text
        if ends_short(prev, line, col):
            parts.append("\n")  # a line break inside the paragraph (w:br), kept as the docx reader gives it
            length += 1
        elif (length and nxt and _word_wrap(parts[-1][-1] if parts[-1] else " ", nxt[0])
                and wrapped_at_space(prev, line, col.right, spacing)):
            parts.append(" ")
            length += 1
        pictures += [Picture(offset=length + text_offset(line, b), width_cm=_cm(b.width), height_cm=_cm(b.height))
                     for b in line.pictures]
        parts.append(nxt)
        length += len(nxt)
    text = "".join(parts)
    em = max(ln.size for ln in lines)
    last = lines[-1]
    centred = _centred(last, col, em) and last.ink_x0 > col.left + 0.8 * em and last.ink_x1 < col.right - 0.8 * em
    return Paragraph(text=text, numbering=numbering, bold=all(ln.bold for ln in lines), centered=centred,
                     pictures=pictures, page=lines[0].page)


def _word_wrap(end: str, start: str) -> bool:
    """Latin text wraps at a space: between a line ending in Latin (a letter, digit or mark, not a hyphen
    or slash) and one starting with Latin (not a closing mark) the space goes back, when the lines' glyphs
    say it was a space (pdf_lines.wrapped_at_space): a word cut because it is longer than the line, or a
    URL broken after '?', must not become two words."""
    return (_narrow(end) and end not in "-/" and not end.isspace()
            and _narrow(start) and start not in ",.;:!?)]}%" and not start.isspace())


def _cm(points: float) -> float:
    return round(points * 2.54 / 72, 2)
