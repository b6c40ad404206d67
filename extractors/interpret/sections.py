"""Finding the five parts of an outcome report by their headings, in the many ways people write them.

Owns heading recognition: numbering styles ('一、', '（一）', '1.', '第一部分', Word heading styles, bold or
plain short lines), the wording vocabulary from configuration, and choosing the one numbering level the
parts are written at (so a subheading such as '（三）工作成效显著' inside 主要举措 is not taken for a part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from pipeline.model.config import ReportSettings, SectionVocabulary
from pipeline.model.records import SectionKey

_CN_NUM = "一二三四五六七八九十"
_NUMBERING = [
    ("part", re.compile(rf"^第[{_CN_NUM}\d]+(?:部分|章|节|篇)[\s\u3000、:：.．]*")),
    ("cn_dun", re.compile(rf"^[{_CN_NUM}]{{1,3}}[\s\u3000]*[、.．,，][\s\u3000]*")),
    ("cn_paren", re.compile(rf"^[（(][\s\u3000]*[{_CN_NUM}]{{1,3}}[\s\u3000]*[)）][\s\u3000、.．]*")),
    ("arabic_paren", re.compile(r"^[（(][\s\u3000]*\d{1,2}[\s\u3000]*[)）][\s\u3000、.．]*")),
    ("arabic", re.compile(r"^\d{1,2}[\s\u3000]*(?:[、.．](?!\d)|[\s\u3000]+)[\s\u3000]*")),
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩][\s\u3000]*")),
    ("roman", re.compile(r"^(?:I{1,3}|IV|V|VI{0,3})[\s\u3000]*[、.．][\s\u3000]*")),
]
_TRAILING = re.compile(r"[\s\u3000:：;；,，.。!！]+$")
_SENTENCE = re.compile(r"[。；;！!？?]")
_INLINE = re.compile(r"^(?P<head>[^:：]{1,24})[:：][\s\u3000]*(?P<value>.+)$")


@dataclass(frozen=True)
class Candidate:
    index: int  # position of the paragraph in the caller's list
    key: SectionKey
    style: str  # the numbering style or 'heading<N>' / 'bold' / 'plain'
    strength: int  # 3: a configured name; 2: one with a few words around it; 1: a keyword in a short heading
    heading: str  # as written (numbering label included)
    inline_value: str | None  # '一、品牌名称：红色驿站' → '红色驿站'


def split_numbering(text: str) -> tuple[str | None, str]:
    """('cn_dun', '创建背景') for '二、创建背景'; (None, text) when there is no numbering."""
    for name, pattern in _NUMBERING:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return name, text[m.end():]
    return None, text


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000“”\"'‘’「」]+", "", text)


class SectionMatcher:
    def __init__(self, settings: ReportSettings):
        self.settings = settings
        # the configured section tables are validated against SECTION_KEYS (config.ReportSettings)
        vocabulary = cast(dict[SectionKey, SectionVocabulary], settings.sections)
        self.names = {k: [_squash(n) for n in v.names] for k, v in vocabulary.items()}
        self.keywords = {k: list(v.keywords) for k, v in vocabulary.items()}

    def key_of(self, head: str) -> tuple[SectionKey | None, int]:
        core = _squash(_TRAILING.sub("", head))
        if not core:
            return None, 0
        # 'X及Y' / 'X和Y': a configured name at either end counts as that part
        for key, names in self.names.items():
            if core in names:
                return key, 3
        best: tuple[SectionKey | None, int, int] = (None, 0, 0)
        for key, names in self.names.items():
            for name in names:
                if len(name) >= 2 and (core.startswith(name) or core.endswith(name)) and len(core) <= len(name) + 6:
                    if len(name) > best[2]:
                        best = (key, 2, len(name))
        if best[0]:
            return best[0], best[1]
        if len(core) <= 8:
            hits = [k for k, words in self.keywords.items() if any(w in core for w in words)]
            if len(hits) == 1:
                return hits[0], 1
        return None, 0

    def candidate(self, index: int, text: str, numbering: str | None, style: str | None,
                  outline: int | None, bold: bool) -> Candidate | None:
        """The part this paragraph heads, if it is a part heading at all."""
        full = ((numbering or "") + text).strip()
        if not full or "\n" in full.strip():
            return None
        num_style, rest = split_numbering(full)
        inline_value = None
        m = _INLINE.match(rest)
        if m:
            rest, inline_value = m.group("head"), m.group("value").strip()
        head = _TRAILING.sub("", rest).strip()
        if len(_squash(head)) > self.settings.max_heading_chars or _SENTENCE.search(head):
            return None
        key, strength = self.key_of(head)
        if not key:
            return None
        style_name = (style or "").lower()
        level = outline
        m_level = re.search(r"(?:heading|标题)\s*(\d)", style_name)
        if m_level:
            level = int(m_level.group(1)) - 1
        if num_style:
            kind = num_style
        elif level is not None and level <= 3:
            kind = f"heading{level}"
        elif bold:
            kind = "bold"
        else:
            kind = "plain"
            if len(_squash(head)) > 12 or strength < 3:
                return None  # an unnumbered, unstyled line must be a configured name to count
        return Candidate(index, key, kind, strength, full, inline_value)


_NUMBERED = {"part", "cn_dun", "cn_paren", "arabic_paren", "arabic", "circled", "roman"}


def choose(candidates: list[Candidate]) -> list[Candidate]:
    """The part headings: the style that names the most parts wins; parts it lacks are filled from
    exact-name headings of unnumbered styles (another numbering style is a subheading level, so
    '（二）丰富品牌内涵' under '三、主要举措' never stands in for a missing part). In document order."""
    if not candidates:
        return []
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(c.style, []).append(c)

    def rank(style: str) -> tuple[int, int, int]:
        items = groups[style]
        return (len({c.key for c in items}), sum(c.strength for c in items), -items[0].index)

    main = max(groups, key=rank)
    chosen: dict[str, Candidate] = {}
    for c in groups[main]:
        chosen.setdefault(c.key, c)
    for c in candidates:
        if c.key not in chosen and c.strength == 3 and c.style != main and c.style not in _NUMBERED:
            chosen[c.key] = c
    return sorted(chosen.values(), key=lambda c: c.index)
