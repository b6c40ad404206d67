"""Recognising form labels as people type them: '品 牌 名 称', '品牌名称：', '品牌简介（200字以内）', '*负责人',
'七、项目预期成果（调研报告、研究论文…）', '7、项目预期成果及成果形式', '党支部书记（签字）', '学院负责人签名'.

Owns the matching of label text against the configured synonyms (pipeline.model.config.LabelSettings): exact labels,
loose ones (a '项目'/'品牌' prefix or a '及…' extension around a known label, which the caller trusts less), and
signature labels by pattern (role + signature word) rather than by a list of whole strings. It also knows
what a person's signature looks like and which lines are instructions or notes, never answers. It never
decides where a value is; extractors.interpret.application does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model.config import LabelSettings

FIELDS: tuple[str, ...] = (
    "branch_name", "unit", "parent_org", "brand_name", "leader", "members", "phone", "established",
    "budget", "slogan", "logo", "summary", "measures", "expected_outcomes", "branch_opinion", "signature", "date", "not_date", "other",
)
SKIPPED = ("not_date", "other")  # labels whose values are read by nobody here: they only end the field before
# rows whose lines are their value as they stand, never dates or a signature (a 品牌标识 row: whether it holds a
# picture); like 'other' rows they end the field before them, also inside a content field's cell
PLAIN = ("budget", "slogan", "logo")
# fields whose value is text of their own (a value of one never switches to another inside a cell)
CONTENT_FIELDS = ("branch_name", "unit", "parent_org", "brand_name", "leader", "members", "phone", "established",
                  "summary", "measures", "expected_outcomes")
# a 'label：value' paragraph of these ends at its line end; the others may go on over the following paragraphs
SINGLE_LINE = ("branch_name", "unit", "parent_org", "brand_name", "leader", "members", "phone", "established")
BLOCK_FIELDS = ("branch_opinion", "signature", "date")  # the closing block of a form

_S = "[\\s\u3000]*"
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_NOTE = re.compile(r"[（(][^（）()]{0,40}[)）]")
_NUMBERING = (r"(?:[*＊★]|\d{1,2}[、.．)）]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
              r"|第[一二三四五六七八九十\d]{1,3}(?:部分|项|条)[、.．:：]?)")
_MARKS = re.compile(rf"^{_NUMBERING}|^[*＊、.．·•]|[*＊:：]+$")  # a stray mark in front (a speck read as '．')
_STAMP = re.compile(r"[（(][\s\u3000]*(?:盖[\s\u3000]*章|签[\s\u3000]*章|公[\s\u3000]*章|签[\s\u3000]*字|签[\s\u3000]*名)"
                    r"(?:[\s\u3000]*[、/或和及][\s\u3000]*(?:盖[\s\u3000]*章|签[\s\u3000]*字|签[\s\u3000]*名))?[\s\u3000]*[)）]")
_LOOSE_PREFIX = ("项目", "品牌", "党建", "创建", "本")
_SUFFIX = re.compile(r"^(?:及|和|与|暨|、)\S{0,8}$")
_SUFFIX_RE = r"(?:[及和与暨][^\s\u3000:：（()）]{1,8})?"
# a person's signature: 2–5 Han characters (or a name with '·'), or a Latin name; several of them co-signing
_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,5}|[\u4e00-\u9fff]{1,6}(?:[·•．.][\u4e00-\u9fff]{1,8})+"
                   r"|[A-Za-z][A-Za-z.'\- ]{1,40})$")
_NOT_A_NAME = re.compile(r"签|章|盖|书记|负责人|意见|日期|部门|单位|学院|党委|总支|支部|组织|主管|审核|领导|委员会|"
                         r"年.*月|月.*日|填写|填表|姓名|本人|此处|点击|单击|输入|签名处|手写|以上|情况属实|同意")
_NOTE_LINE = re.compile(r"^[（(\[【][^（）()\[\]【】]{1,80}[)）\]】]$")
_LEADING_NOTE = re.compile(r"^[（(][^（）()]{0,60}(?:限|字|不超过|以内|可附|附页|请|须|应|包括|例如|如：|选填|必填|注)"
                           r"[^（）()]{0,60}[)）][\s\u3000]*")
PICTURE = "\x00picture"  # a line standing for a picture drawn where the text is (a signature image)


def squash(text: str) -> str:
    """Label text without white space."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class InlineLabel:
    field: str
    start: int  # where the label starts in the text
    end: int  # where the value starts (after the colon)
    loose: bool = False  # found only with a prefix or an extension around a known label


@dataclass(frozen=True)
class CellLabel:
    field: str
    loose: bool = False


def _spaced(key: str) -> str:
    return _S.join(re.escape(ch) for ch in key)


class LabelMatcher:
    """Matches whole-cell labels and inline 'label：value' starts against the configured synonyms."""

    def __init__(self, labels: LabelSettings):
        self._exact: dict[str, str] = {}
        pairs: list[tuple[str, str]] = []
        for field in FIELDS:
            if field == "signature":
                continue
            for synonym in getattr(labels, field):
                key = squash(synonym)
                if key and key not in self._exact:
                    self._exact[key] = field
                pairs.append((key, field))
        pairs.sort(key=lambda p: -len(p[0]))
        self._pairs = pairs
        roles = sorted({squash(r) for r in labels.signature_roles if squash(r)}, key=len, reverse=True)
        words = sorted({squash(w) for w in labels.signature_words if squash(w)}, key=len, reverse=True)
        whole = sorted({squash(w) for w in labels.signature if squash(w)}, key=len, reverse=True)
        role_alt = "|".join(_spaced(r) for r in roles)
        word_alt = "|".join(_spaced(w) for w in words)
        sig = (rf"(?:{role_alt})?{_S}(?:[（(]{_S}(?:{word_alt}){_S}[)）]|(?:{word_alt}))"
               if words else "(?!)")
        if whole:
            sig = "(?:" + "|".join(_spaced(w) for w in whole) + "|" + sig + ")"
        self._signature = re.compile(rf"^(?:{sig})$")
        alternatives = "|".join(_spaced(key) + f"(?P<f{i}>)" for i, (key, _) in enumerate(pairs))
        self._fields = [f for _, f in pairs]
        note = r"(?:[（(][^（）()\n]{0,40}[)）])?"
        self._inline = re.compile(
            rf"^{_S}(?:{_NUMBERING})?{_S}"
            rf"(?:(?P<sig>{sig})|(?P<pre>项目|品牌|党建)?(?:{alternatives})(?P<suf>{_SUFFIX_RE}))"
            rf"{_S}{note}{_S}(?P<sep>[:：]|\t|[\s\u3000]{{2,}}|$)"
        )
        # a second 'label：' later on the same line, after a wide gap or a full stop
        self._later = re.compile(
            r"(?:\t|[ \u3000\u00a0]{2,}|(?<=[。；;！!）)])[ \u3000]*)"
            rf"(?:{sig}|{alternatives})"
            rf"[ \u3000]*{note}[ \u3000]*[:：]"
        )
        self._instructions = {squash(w) for w in labels.instructions}

    def match_cell(self, text: str) -> CellLabel | None:
        """The label that is the whole of `text` (a label cell), or None."""
        core = squash(text)
        if not core or len(core) > 40:
            return None
        for candidate in (core, _MARKS.sub("", core)):
            for variant in (candidate, candidate.replace("（", "").replace("）", "").replace("(", "").replace(")", ""),
                            _NOTE.sub("", candidate)):
                variant = _MARKS.sub("", _MARKS.sub("", variant))
                if variant in self._exact:
                    return CellLabel(self._exact[variant])
                if variant and self._signature.match(variant):
                    return CellLabel("signature")
        stripped = _MARKS.sub("", _MARKS.sub("", _NOTE.sub("", core)))
        if self._signature.match(stripped):
            return CellLabel("signature")
        for prefix in _LOOSE_PREFIX:
            if stripped.startswith(prefix) and stripped[len(prefix):] in self._exact:
                return CellLabel(self._exact[stripped[len(prefix):]], loose=True)
        for key, field in self._pairs:
            if len(key) >= 2 and stripped.startswith(key) and _SUFFIX.match(stripped[len(key):]):
                return CellLabel(field, loose=True)
        return None

    def field_of(self, text: str) -> str | None:
        """The field whose label is the whole of `text`, or None."""
        hit = self.match_cell(text)
        return hit.field if hit else None

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
        if m.group("sig") is not None:
            return InlineLabel(field="signature", start=m.start(), end=m.end())
        loose = bool(m.group("pre") or m.group("suf"))
        for i, field in enumerate(self._fields):
            if m.group(f"f{i}") is not None:
                if m.group("pre"):  # '项目负责人' is a label of its own, not a loose '负责人'
                    label = _MARKS.sub("", squash(text[: m.end(f"f{i}")]))
                    if label in self._exact:
                        field = self._exact[label]
                        loose = bool(m.group("suf"))
                return InlineLabel(field=field, start=m.start(), end=m.end(), loose=loose)
        return None  # pragma: no cover - one group always matches

    def is_instructions(self, text: str) -> bool:
        """'填表须知', '填写说明：', '注 意 事 项' — a heading that opens instructions, not a field."""
        core = _MARKS.sub("", _MARKS.sub("", squash(text)))
        return bool(core) and core in self._instructions


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


def is_signature(text: str) -> bool:
    """True only for what can be a person's handwritten or typed signature: a name (or several), never a
    label ('主管部门'), a stamp note, a role ('学院负责人签名') or a date ('年 月 日')."""
    if text == PICTURE:
        return True
    core = squash(strip_stamps(text)).strip("_＿-—:：,，.。、;；")
    if not core or _NOT_A_NAME.search(core):
        return False
    parts = [p for p in re.split(r"[、,，/;；]", core) if p]
    return bool(parts) and all(_NAME.match(p) for p in parts)


def is_note(line: str) -> bool:
    """A line that is only a note in brackets ('（限300字以内）', '（调研报告、研究论文…）'): never an answer."""
    return bool(_NOTE_LINE.match(line.strip(" \u3000\t")))


def strip_leading_note(line: str) -> str:
    """'（限300字以内）本支部…' → '本支部…' (an instruction note in front of the answer)."""
    return _LEADING_NOTE.sub("", line.lstrip(" \u3000\t"), count=1) if line.lstrip(" \u3000\t")[:1] in "（(" else line
