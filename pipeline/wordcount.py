"""Word-style 字数: the count a submitter sees in Word's statistics for East Asian text.

Each Han (or kana/hangul) character counts 1; each full-width or CJK punctuation mark counts 1; each maximal
run of other non-space characters (Latin letters, digits, half-width punctuation) counts 1; white space 0.
Text units (paragraphs, cells, text boxes) are counted separately, so runs never join across them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Characters that count one each: ideographs, kana, hangul, CJK/full-width punctuation and the
# ambiguous-width marks Chinese typesetting uses as full-width (curly quotes, ·, —, …).
_ASIAN = (
    "\u2e80-\u2fff"  # CJK radicals, Kangxi radicals, ideographic description
    "\u3001-\u303f"  # CJK symbols and punctuation (、。〈〉《》「」『』【】〔〕…); U+3000 is white space
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3200-\u33ff"  # enclosed CJK, compatibility
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK unified ideographs (+ ext A)
    "\uac00-\ud7af"  # hangul
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe10-\ufe1f\ufe30-\ufe4f"  # vertical forms, CJK compatibility forms
    "\uff00-\uffef"  # half-width and full-width forms (，！（）：；？ and full-width letters)
    "\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u2022\u203b"
    "\U00020000-\U0003134f"  # CJK ext B–G
)
_TOKEN = re.compile(f"[{_ASIAN}]|[^\\s{_ASIAN}]+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def count_words(text: str | None) -> int:
    """字数 of one text unit."""
    if not text:
        return 0
    return len(_TOKEN.findall(text))


def count_units(units: Iterable[str]) -> int:
    """字数 of several text units (paragraphs, cells) that must not join into one run."""
    return sum(count_words(u) for u in units)


def han_count(text: str | None) -> int:
    """Number of Han characters only (used by heuristics, not by the rules)."""
    return len(_HAN.findall(text or ""))
