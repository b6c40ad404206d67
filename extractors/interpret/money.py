"""Amounts of money as forms write them: '2.5万元', '25,000元', '￥3000', a list of items with its 合计.

Owns reading 元 out of a 经费预算's text; whether the amount is allowed is checks.budget's business.
"""

from __future__ import annotations

import re

_NUM = r"(?P<num>\d+(?:[,，]\d{3})*(?:\.\d+)?)"
_AMOUNT = re.compile(rf"(?P<cur>[¥￥])?[ \u3000]*{_NUM}[ \u3000]*(?P<unit>万元|万|千元|元|块)?")
# a number that is no amount: a year, a date, a count, a share, an item's numbering
_NOT_MONEY = re.compile(r"^[ \u3000]*(?:[年月日号天%％人名个项次篇期届条页份场周岁批]|[.．、)）](?!\d))")
_TOTAL = re.compile(r"合[ \u3000]*计|总[ \u3000]*计|共[ \u3000]*计|总[ \u3000]*额|总预算|共需|总经费|总[ \u3000]*金[ \u3000]*额")
_WAN_NOTE = re.compile(r"单位[ \u3000]*[:：]?[ \u3000]*万元|[（(][ \u3000]*万元[ \u3000]*[)）]")
_SCALE = {"万元": 10000.0, "万": 10000.0, "千元": 1000.0, "元": 1.0, "块": 1.0}


def wan_noted(text: str) -> bool:
    """'（单位：万元）', '金额（万元）': numbers without a unit are 万元."""
    return bool(_WAN_NOTE.search(text))


def _amounts(text: str, default_scale: float) -> list[tuple[int, float]]:
    """(position, 元) of each amount in the text, in order."""
    out: list[tuple[int, float]] = []
    for m in _AMOUNT.finditer(text):
        rest = text[m.end():]
        unit = m.group("unit")
        if not unit and _NOT_MONEY.match(rest):
            continue
        if m.start() > 0 and text[m.start() - 1] == "第":
            continue
        if not unit and not m.group("cur"):
            # a bare number is an amount only when it stands alone on its line (a list's 金额 cell)
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            around = text[line_start:m.start()] + text[m.end():line_end]
            if around.strip(" \u3000\t:：，,。;；/"):
                continue
        value = float(m.group("num").replace(",", "").replace("，", ""))
        scale = _SCALE[unit] if unit else default_scale
        out.append((m.start(), value * scale))
    return out


def amount_yuan(text: str | None, wan: bool = False) -> float | None:
    """The amount a budget's text gives, in 元: its 合计 (总计, 共计 …) when it names one, else the amount before
    '其中', else the first when it is the sum of the rest, else the sum of all; None when it holds no amount.
    `wan`: numbers without a unit are 万元 (the label or a note said so)."""
    if not text:
        return None
    scale = 10000.0 if wan or wan_noted(text) else 1.0
    amounts = _amounts(text, scale)
    if not amounts:
        return None
    total = _TOTAL.search(text)
    if total:
        after = [a for pos, a in amounts if pos >= total.end()]
        if after:
            return after[0]
    among = text.find("其中")
    if among >= 0:
        before = [a for pos, a in amounts if pos < among]
        if before:
            return before[-1]
    values = [a for _, a in amounts]
    if len(values) > 2 and abs(values[0] - sum(values[1:])) < 0.005:
        return values[0]
    return round(sum(values), 2)
