"""Text fixes after recognition: what the recogniser gets wrong in Chinese text, and specks read as marks.

Owns the character-level repairs applied to each recognised paragraph (ocr_text calls `normalise`):
full-width punctuation, the direction of double quotes, the 〇 of years in Chinese numerals, and marks that
are dirt on the page. It changes glyphs only; it must not reorder, join or interpret text.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]")
_WIDE = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_PAIRED = re.compile(r"(^|.)[ ]?[(（]([^()（）]{1,12})[)）][ ]?(.|$)")
_ZERO = re.compile(r"(?<=[一二三四五六七八九〇])[0OoΟο○◯](?=[一二三四五六七八九〇○0Oo年])|[0Oo○◯](?=[一二三四五六七八九〇]{2}年)")
_CLOSERS = set("，。、；：！？）》」,.;:!?)")
_OPENERS = set("，。、；：！？（《「:(")
_DOUBLE = re.compile(r"([，。、；：．·.])([，。、；：．·.])(?=(\s*[”’）》」]*\s*$)?)")
_STRAY_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[．](?=[\u4e00-\u9fff])")
_SINGLE = re.compile(r"[‘’'`]")
_LEADING = re.compile(r"^[\s·.,，、。:：;；‘’|｜]+")
_TRAILING = re.compile(r"[\s|｜·．]+$")


def normalise(text: str) -> str:
    """Fix what the recogniser gets wrong in Chinese text, where Chinese text surrounds it:
    - ',' ':' ';' '(' ')' '!' '?' become full-width; a '.' ending a sentence (not '1.' of a list) '。',
      and one between two characters is dropped (a speck: the recogniser reads a real '。' as '。');
    - double quotes (“ ” '"', which it confuses) close before a mark or the end, open after a mark or the
      start, and otherwise alternate;
    - the zero of a year in Chinese numerals ('二0二二年', read as a digit or a letter) becomes '〇';
    - specks of dirt read as marks are dropped: a lone single quote, marks opening a paragraph, '．'
      between two characters, the extra one of two marks in a row."""
    text = _PAIRED.sub(_wide_pair, text)
    for _ in range(2):  # '二0二0年': overlapping matches
        text = _ZERO.sub("〇", text)
    out: list[str] = []
    quote_open = False
    n = len(text)
    for i, ch in enumerate(text):
        prev = next((text[j] for j in range(i - 1, -1, -1) if not text[j].isspace()), "")
        nxt = next((text[j] for j in range(i + 1, n) if not text[j].isspace()), "")
        near = bool(_CJK.match(prev) or _CJK.match(nxt))
        if ch in ("“", "”") or (ch == '"' and near):  # the recogniser confuses all three
            if not nxt or nxt in _CLOSERS:
                quote_open = True
            elif not prev or prev in _OPENERS:
                quote_open = False
            ch = "”" if quote_open else "“"
            quote_open = not quote_open
        elif ch in _WIDE and near:
            ch = _WIDE[ch]
        elif ch == "." and prev and (_CJK.match(prev) or prev == "%"):
            if nxt and _CJK.match(nxt) and _CJK.match(prev):
                continue  # a dot between two characters: a speck ('。' is read as '。')
            if not nxt or nxt in _CLOSERS or _CJK.match(nxt):
                ch = "。"
        out.append(ch)
    text = "".join(out)
    text = _LEADING.sub("", text)  # no paragraph starts with these: specks or a rule's sliver read as marks
    text = _TRAILING.sub("", text)
    text = _STRAY_DOT.sub("", text)  # '．' between two characters is a speck ('·' may be a name's)
    text = _DOUBLE.sub(_one_mark, text)
    if len(_SINGLE.findall(text)) == 1:  # a lone single quote is a speck too
        text = _SINGLE.sub("", text)
    return text


def _one_mark(m: re.Match[str]) -> str:
    """Two marks in a row, one of them a speck: at the end keep '。', inside keep the one not a dot."""
    a, b = m.group(1), m.group(2)
    if m.group(3) is not None:
        return "。" if "。" in (a, b) else a
    dots = "。．·."
    return b if a in dots and b not in dots else a


def _wide_pair(m: re.Match[str]) -> str:
    before, inside, after = m.group(1), m.group(2), m.group(3)
    if _CJK.match(before) or _CJK.match(after) or _CJK.search(inside):
        return f"{before}（{inside}）{after}"
    return m.group(0)
