"""Automatic list labels of a .docx (word/numbering.xml): the '一、', '（二）', '3.' Word draws before a paragraph.

Owns the list definitions (w:num -> w:abstractNum, level overrides, numStyleLink), the running counters
and the number formats. Counters live per list instance the way Word keeps them: w:num instances sharing
an abstractNum continue one sequence unless the instance restarts it with a lvlOverride. Bullets render
as None. It must not read the package, and it never changes paragraph text (labels are kept apart).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from extractors.docx.ns import (
    W_ABSTRACT_NUM,
    W_ABSTRACT_NUM_ID,
    W_ILVL,
    W_IS_LGL,
    W_LVL,
    W_LVL_OVERRIDE,
    W_LVL_RESTART,
    W_LVL_TEXT,
    W_NUM,
    W_NUM_FMT,
    W_NUM_ID,
    W_NUM_STYLE_LINK,
    W_PSTYLE,
    W_START,
    W_START_OVERRIDE,
    W_VAL,
)
from extractors.docx.styles import StyleSheet, is_on, to_int

_LEVELS = 9
_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CHINESE = frozenset({"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
                      "koreanCounting"})
_CHINESE_DIGITAL = frozenset({"ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"})
_LEGAL = frozenset({"chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"})
_CIRCLED = frozenset({"decimalEnclosedCircle", "decimalEnclosedCircleChinese"})


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str | None
    restart: int | None  # w:lvlRestart: 0 = never restart; k = restart after level k-1 (1-based)
    legal: bool
    pstyle: str | None


_DEFAULT_LEVEL = Level(start=1, fmt="decimal", text=None, restart=None, legal=False, pstyle=None)


@dataclass(slots=True)
class _Instance:
    abstract_id: str | None
    starts: dict[int, int]  # startOverride per level
    levels: dict[int, Level]  # lvl given inside lvlOverride


class Numbering:
    """Renders labels in reading order; call `label` once per numbered paragraph, in order."""

    def __init__(self, root: etree._Element | None, styles: StyleSheet) -> None:
        self._styles = styles
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, _Instance] = {}
        self._levels: dict[str, dict[int, Level]] = {}
        self._counters: dict[tuple[str, str | None], list[int | None]] = {}
        if root is None:
            return
        for el in root.iter(W_ABSTRACT_NUM):
            aid = el.get(W_ABSTRACT_NUM_ID)
            if aid is not None:
                self._abstract.setdefault(aid, el)
        for el in root.iter(W_NUM):
            nid = el.get(W_NUM_ID)
            if nid is None or nid in self._nums:
                continue
            ref = el.find(W_ABSTRACT_NUM_ID)
            inst = _Instance(ref.get(W_VAL) if ref is not None else None, {}, {})
            for ov in el.iter(W_LVL_OVERRIDE):
                ilvl = to_int(ov.get(W_ILVL))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                start = ov.find(W_START_OVERRIDE)
                if start is not None:
                    inst.starts[ilvl] = to_int(start.get(W_VAL), 0) or 0
                lvl = ov.find(W_LVL)
                if lvl is not None:
                    inst.levels[ilvl] = _level(lvl)
            self._nums[nid] = inst

    def label(self, num_id: str, ilvl: int | None, style_id: str | None) -> str | None:
        inst = self._nums.get(num_id)
        if inst is None or inst.abstract_id is None:
            return None
        abstract_id = self._follow_style_link(inst.abstract_id)
        levels = dict(self._abstract_levels(abstract_id))
        levels.update(inst.levels)
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style_id and lv.pstyle == style_id), 0)
        if not 0 <= ilvl < _LEVELS:
            return None
        for i, start in inst.starts.items():
            base = levels.get(i, _DEFAULT_LEVEL)
            levels[i] = Level(start, base.fmt, base.text, base.restart, base.legal, base.pstyle)
        key = (abstract_id, num_id if inst.starts or inst.levels else None)
        counters = self._counters.get(key)
        if counters is None:
            counters = self._counters[key] = [None] * _LEVELS
        lvl = levels.get(ilvl, _DEFAULT_LEVEL)
        current = counters[ilvl]
        counters[ilvl] = lvl.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels.get(deeper, _DEFAULT_LEVEL).restart
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        if lvl.fmt == "bullet" or not lvl.text:
            return None
        return _render(lvl, levels, counters) or None

    def _follow_style_link(self, abstract_id: str) -> str:
        """An abstractNum with numStyleLink takes its levels from the numbering style's list."""
        el = self._abstract.get(abstract_id)
        link = el.find(W_NUM_STYLE_LINK) if el is not None else None
        if link is None or link.get(W_VAL) is None:
            return abstract_id
        num_id = self._styles.paragraph(link.get(W_VAL)).num_id
        inst = self._nums.get(num_id) if num_id else None
        return inst.abstract_id if inst and inst.abstract_id in self._abstract else abstract_id

    def _abstract_levels(self, abstract_id: str) -> dict[int, Level]:
        hit = self._levels.get(abstract_id)
        if hit is None:
            hit = {}
            el = self._abstract.get(abstract_id)
            if el is not None:
                for lvl in el.findall(W_LVL):
                    i = to_int(lvl.get(W_ILVL))
                    if i is not None and 0 <= i < _LEVELS and i not in hit:
                        hit[i] = _level(lvl)
            self._levels[abstract_id] = hit
        return hit


def _level(el: etree._Element) -> Level:
    def val(tag: str) -> str | None:
        child = el.find(tag)
        return child.get(W_VAL) if child is not None else None

    return Level(
        start=to_int(val(W_START), 1) or 0,
        fmt=val(W_NUM_FMT) or "decimal",
        text=val(W_LVL_TEXT),
        restart=to_int(val(W_LVL_RESTART)),
        legal=bool(is_on(el.find(W_IS_LGL))),
        pstyle=val(W_PSTYLE),
    )


def _render(lvl: Level, levels: dict[int, Level], counters: list[int | None]) -> str:
    text = lvl.text or ""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            k = int(text[i + 1]) - 1
            ref = levels.get(k, _DEFAULT_LEVEL)
            n = counters[k]
            n = ref.start if n is None else n
            fmt = "decimal" if lvl.legal and ref.fmt != "decimalZero" else ref.fmt
            out.append(format_number(n, fmt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """`n` in the OOXML number format `fmt` (unknown formats render as decimal)."""
    if fmt == "decimal" or n < 0:
        return str(n)
    if fmt in _CHINESE:
        return _chinese(n, _DIGITS, "十百千", legal=False)
    if fmt in _LEGAL:
        return _chinese(n, _LEGAL_DIGITS, "拾佰仟", legal=True)
    if fmt in _CHINESE_DIGITAL:
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in _CIRCLED:
        return _circled(n)
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _BRANCHES[n - 1]
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3220 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _chinese(n: int, digits: str, units: str, legal: bool) -> str:
    if n == 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    s = str(n)
    parts: list[str] = []
    zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        place = len(s) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and parts:
            parts.append("零")
        zero = False
        parts.append(digits[d] + (units[place - 1] if place else ""))
    out = "".join(parts)
    if not legal and 10 <= n < 20:
        out = out[1:]  # 十一, not 一十一
    return out


def _circled(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)
