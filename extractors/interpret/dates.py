"""Finding and normalising the dates people write on forms: '2023年4月12日', '二〇二三年四月十二日', '2023.4.12'.

Owns date parsing only; which date on a form is the form's date is the application interpreter's business.
"""

from __future__ import annotations

import datetime as dt
import re

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○Ｏ一二两三四五六七八九十"
_S = r"[\s\u3000]*"
_NUMERIC = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}){_S}(?:年{_S}(?P<m1>\d{{1,2}}){_S}月{_S}(?P<d1>\d{{1,2}}){_S}[日号]?"
    rf"|[.．/\-－](?P<m2>\d{{1,2}})[.．/\-－](?P<d2>\d{{1,2}})(?!\d))"
)
_CHINESE = re.compile(
    rf"(?P<y>[{_CN}]{{4}}){_S}年{_S}(?P<m>[{_CN}]{{1,3}}){_S}月{_S}(?P<d>[{_CN}]{{1,3}}){_S}[日号]"
)


def _cn_number(text: str) -> int | None:
    """'十二' → 12, '二十' → 20, '三十一' → 31, '四' → 4; digit-by-digit for years ('二〇二三' → 2023)."""
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    value = 0
    for ch in text:
        if ch not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[ch]
    return value


def _make(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")


def find_dates(text: str) -> list[tuple[int, str]]:
    """Every well-formed date in `text` as (offset, 'YYYY-MM-DD'), in order."""
    text = text.translate(_FULL_WIDTH)  # same length: offsets stay valid
    found: list[tuple[int, str]] = []
    for m in _NUMERIC.finditer(text):
        month = m.group("m1") or m.group("m2")
        day = m.group("d1") or m.group("d2")
        iso = _make(int(m.group("y")), int(month), int(day))
        if iso:
            found.append((m.start(), iso))
    for m in _CHINESE.finditer(text):
        iso = _make(_cn_number(m.group("y")), _cn_number(m.group("m")), _cn_number(m.group("d")))
        if iso:
            found.append((m.start(), iso))
    return sorted(found)


_MONTH_NUMERIC = re.compile(rf"(?P<y>(?:19|20)\d{{2}}){_S}(?:年{_S}(?P<m1>\d{{1,2}}){_S}月|[.．/\-－](?P<m2>\d{{1,2}})(?![\d.．/\-－]))")
_MONTH_CHINESE = re.compile(rf"(?P<y>[{_CN}]{{4}}){_S}年{_S}(?P<m>[{_CN}]{{1,3}}){_S}月")


def find_month(text: str) -> str | None:
    """The first date in `text` as 'YYYY-MM-DD', or, when only a year and month are written ('2019年5月',
    '二〇一九年五月', '2019.05'), as 'YYYY-MM'; None when there is neither."""
    full = find_dates(text)
    candidates: list[tuple[int, str]] = list(full)
    plain = text.translate(_FULL_WIDTH)
    for m in _MONTH_NUMERIC.finditer(plain):
        month = int(m.group("m1") or m.group("m2"))
        if 1 <= month <= 12:
            candidates.append((m.start(), f"{m.group('y')}-{month:02d}"))
    for m in _MONTH_CHINESE.finditer(plain):
        y, mo = _cn_number(m.group("y")), _cn_number(m.group("m"))
        if y and mo and 1 <= mo <= 12 and 1900 <= y <= 2100:
            candidates.append((m.start(), f"{y}-{mo:02d}"))
    if not candidates:
        return None
    first = min(pos for pos, _ in candidates)
    at_first = [iso for pos, iso in candidates if pos == first]
    return max(at_first, key=len)  # a full date wins over its own year and month


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every date or blank date line in `text` (to cut them out of values)."""
    text = text.translate(_FULL_WIDTH)
    spans = [(m.start(), m.end()) for m in _NUMERIC.finditer(text)]
    spans += [(m.start(), m.end()) for m in _CHINESE.finditer(text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r"年[\s\u3000_＿]+月[\s\u3000_＿]+日", text)]
    return sorted(spans)
