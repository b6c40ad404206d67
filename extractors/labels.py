"""Recognising form labels as people type them: '品 牌 名 称', '品牌名称：', '品牌简介（200字以内）', '*负责人'.

Owns the matching of label text against the configured synonyms (pipeline.rules.LabelSettings).
It never decides where a value is; extractors.application does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import LabelSettings

FIELDS: tuple[str, ...] = (
    "branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes",
    "branch_opinion", "signature", "date", "not_date",
)
CONTENT_FIELDS = ("branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes")
BLOCK_FIELDS = ("branch_opinion", "signature", "date")  # the closing block of a form

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_NOTE = re.compile(r"[（(][^（）()]{0,30}[)）]")
_MARKS = re.compile(r"^[*＊★\d一二三四五六七八九十]{0,3}[、.．)）]?|[*＊:：]+$")
_STAMP = re.compile(r"[（(][\s\u3000]*(?:盖[\s\u3000]*章|签[\s\u3000]*章|公[\s\u3000]*章|签[\s\u3000]*字|签[\s\u3000]*名)[\s\u3000]*[)）]")
_SUFFIX = re.compile(r"^(?:及|和|与|暨)\S{0,6}$")


def squash(text: str) -> str:
    """Label text without white space."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class InlineLabel:
    field: str
    start: int  # where the label starts in the text
    end: int  # where the value starts (after the colon)


class LabelMatcher:
    """Matches whole-cell labels and inline 'label：value' starts against the configured synonyms."""

    def __init__(self, labels: LabelSettings):
        self._exact: dict[str, str] = {}
        pairs: list[tuple[str, str]] = []
        for field in FIELDS:
            for synonym in getattr(labels, field):
                key = squash(synonym)
                # a longer synonym of another field wins over a shorter one ('负责人签字' over '负责人')
                if key not in self._exact or len(key) > len(self._exact[key]):
                    self._exact.setdefault(key, field)
                pairs.append((key, field))
        pairs.sort(key=lambda p: -len(p[0]))
        self._pairs = pairs
        alternatives = "|".join(
            "[\\s\u3000]*".join(re.escape(ch) for ch in key) + f"(?P<f{i}>)" for i, (key, _) in enumerate(pairs)
        )
        self._fields = [f for _, f in pairs]
        self._inline = re.compile(
            r"^[\s\u3000]*(?:[*＊]|\d{1,2}[、.．]|[一二三四五六七八九十]{1,2}、)?[\s\u3000]*"
            rf"(?:{alternatives})"
            r"[\s\u3000]*(?:[（(][^（）()\n]{0,30}[)）])?[\s\u3000]*(?P<sep>[:：]|\t|[\s\u3000]{2,}|$)"
        )
        # a second 'label：' later on the same line, after a wide gap or a full stop
        self._later = re.compile(
            r"(?:\t|[ \u3000\u00a0]{2,}|(?<=[。；;！!）)])[ \u3000]*)"
            rf"(?:{alternatives})"
            r"[ \u3000]*(?:[（(][^（）()\n]{0,30}[)）])?[ \u3000]*[:：]"
        )

    def field_of(self, text: str) -> str | None:
        """The field whose label is the whole of `text`, or None."""
        core = squash(text)
        if not core or len(core) > 40:
            return None
        for candidate in (core, _MARKS.sub("", core)):
            for variant in (candidate, candidate.replace("（", "").replace("）", "").replace("(", "").replace(")", ""),
                            _NOTE.sub("", candidate)):
                variant = _MARKS.sub("", variant)
                if variant in self._exact:
                    return self._exact[variant]
        stripped = _MARKS.sub("", _NOTE.sub("", core))
        for key, field in self._pairs:
            if stripped.startswith(key) and _SUFFIX.match(stripped[len(key):]):
                return field
        return None

    def split(self, line: str) -> list[str]:
        """'填报单位：甲        填报日期：2024年3月8日' → one piece per 'label：value'."""
        pieces: list[str] = []
        start = 0
        for m in self._later.finditer(line):
            if m.start() <= start:
                continue
            pieces.append(line[start:m.start()])
            start = m.start()
        pieces.append(line[start:])
        return pieces if len(pieces) > 1 else [line]

    def inline(self, text: str) -> InlineLabel | None:
        """A label at the start of `text` followed by a colon, a tab, a wide gap or the end."""
        m = self._inline.match(text)
        if not m:
            return None
        for i, field in enumerate(self._fields):
            if m.group(f"f{i}") is not None:
                return InlineLabel(field=field, start=m.start(), end=m.end())
        return None  # pragma: no cover - one group always matches


_MATCHERS: dict[str, LabelMatcher] = {}


def matcher_for(labels: LabelSettings) -> LabelMatcher:
    """One compiled matcher per distinct label configuration."""
    key = labels.model_dump_json()
    if key not in _MATCHERS:
        _MATCHERS[key] = LabelMatcher(labels)
    return _MATCHERS[key]


def strip_stamps(text: str) -> str:
    """Remove '（盖章）', '（签字）' and the like from a value."""
    return _STAMP.sub("", text)
