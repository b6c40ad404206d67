"""Application forms (申报表/申报书): label/value tables and 'label：value' paragraphs → ApplicationFields.

Owns finding each field's value with tolerance (label left of, above or before a line break of its value,
merged cells, numbered labels with notes, the opinion/signature/date block sharing one cell, cover-page lines,
instructions pages that are never answers) and which of several values wins (an exact label over a loose
one, the form table over the cover page, the first filled one). It must not judge the values (that is
checks/) and must not know any file format (it reads a Layout). How much a Layout looks like a form is
extractors.interpret.application_score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.interpret.classify import document_title
from extractors.interpret.dates import date_spans, find_dates, find_month
from extractors.interpret.form_tables import grid, list_rows, neighbours
from extractors.interpret.labels import (
    BLOCK_FIELDS,
    CONTENT_FIELDS,
    PICTURE,
    PLAIN,
    SINGLE_LINE,
    SKIPPED,
    LabelMatcher,
    is_note,
    is_signature,
    matcher_for,
    squash,
    strip_leading_note,
    strip_stamps,
)
from extractors.interpret.money import amount_yuan, wan_noted
from pipeline.model.config import Config
from pipeline.model.layout import Layout, Table
from pipeline.model.records import FIELD_NAMES_ZH, ApplicationFields, Extraction

_BLANKISH = re.compile(r"^[\s\u3000_＿\-—:：.。,，、]*$")
_DATE_WORDS = re.compile(r"[\s\u3000_＿:：,，.。日期时间]*")
_NAME_HEADERS = {"姓名", "成员姓名", "名字", "姓名（签名）"}
LOOSE_CONFIDENCE = 0.6  # a field whose label matched only loosely
_FIELD_ZH = {**FIELD_NAMES_ZH, "unit": "所在单位"}


@dataclass
class _Occurrence:
    """One label occurrence and the text that followed it."""

    parts: list[str] = field(default_factory=list)
    in_table: bool = False
    loose: bool = False


@dataclass
class _Form:
    """Values collected while walking a form."""

    values: dict[str, list[_Occurrence]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    signatures: list[str] = field(default_factory=list)
    dates: list[tuple[int, str | None, str]] = field(default_factory=list)  # (seq, iso, 'label'|'line')
    block_seq: int | None = None  # seq of the first opinion/signature label
    seq: int = 0
    confidence: dict[str, float] = field(default_factory=dict)  # field → lowest confidence of its text
    members: list[str] = field(default_factory=list)  # names from a member list's 姓名 column
    logos: list[str | None] = field(default_factory=list)  # pictures in the 品牌标识 row: their package members
    budget_wan: bool = False  # the budget's label or a note says 万元: numbers without a unit are 万元

    def tick(self) -> int:
        self.seq += 1
        return self.seq

    def open(self, fld: str, in_table: bool, loose: bool = False) -> None:
        self.values.setdefault(fld, []).append(_Occurrence(in_table=in_table, loose=loose))

    def add(self, fld: str, text: str, in_table: bool) -> None:
        if not self.values.get(fld):
            self.open(fld, in_table)
        self.values[fld][-1].parts.append(text)

    def chosen(self, fld: str) -> _Occurrence | None:
        """The occurrence that gives the field: exact labels before loose ones, the form table before the
        cover page and loose lines, then the first one written."""
        filled = [o for o in self.values.get(fld, []) if _join(o.parts)]
        if not filled:
            return None
        return min(filled, key=lambda o: (o.loose, not o.in_table, filled.index(o)))

    def value(self, fld: str) -> str | None:
        occ = self.chosen(fld)
        return _join(occ.parts) if occ else None

    def disagreement(self, fld: str) -> str | None:
        """A reviewer note when the cover page and the form table give different values."""
        occ = self.chosen(fld)
        if occ is None or not occ.in_table:
            return None
        chosen = _join(occ.parts) or ""
        for other in self.values.get(fld, []):
            text = _join(other.parts)
            if text and not other.in_table and squash(text) != squash(chosen):
                name = _FIELD_ZH.get(fld, fld)
                return (f"封面与表格中的{name}不一致：封面为“{text[:40]}”，表格为“{chosen[:40]}”，以表格为准 / "
                        f"the cover page and the form table disagree on {fld}; the table's value is used")
        return None


def _is_date_line(line: str) -> tuple[bool, str | None]:
    """(True, iso-or-None) when the line holds only a date or a blank '年 月 日'."""
    spans = date_spans(line)
    if not spans:
        return False, None
    rest = line
    for start, end in reversed(spans):
        rest = rest[:start] + rest[end:]
    if _DATE_WORDS.fullmatch(strip_stamps(rest)):
        found = find_dates(line)
        return True, (found[-1][1] if found else None)
    return False, None


def _cut_trailing_date(line: str) -> tuple[str, bool, str | None]:
    """Split '同意。 2023年4月12日' into ('同意。', True, '2023-04-12'); no date → (line, False, None)."""
    spans = date_spans(line)
    if not spans:
        return line, False, None
    start, end = spans[-1]
    if line[end:].strip(" \u3000\t_＿"):
        return line, False, None
    found = find_dates(line[start:end])
    head = line[:start]
    # a blank date line also takes its label words ('日期：') along
    head = re.sub(r"(日期|时间)?[\s\u3000]*[:：]?[\s\u3000]*$", "", head)
    return head, True, (found[-1][1] if found else None)


def _is_stamp_line(line: str) -> bool:
    """'（盖章）', '党委（盖章）', '签章：' — the stamp line of an opinion block, not its text."""
    cleaned = strip_stamps(line)
    if cleaned == line:
        return False
    rest = squash(cleaned).strip("_＿:：")
    return len(rest) <= 20 and not re.search(r"[。；;！!，,]", rest)


class _Walker:
    def __init__(self, matcher: LabelMatcher):
        self.m = matcher
        self.form = _Form()
        self.conf: float | None = None  # OCR confidence of the text being walked
        self.in_table = False
        self.instructions = False  # inside a 填表须知 / 填写说明 part: nothing there is an answer
        self.pictures: list[str | None] = []  # the package members of the pictures of the lines being walked

    def _trust(self, fld: str, value: float | None = None) -> None:
        value = self.conf if value is None else value
        if value is not None:
            self.form.confidence[fld] = min(value, self.form.confidence.get(fld, 1.0))

    def _label(self, fld: str, loose: bool) -> None:
        form = self.form
        form.seen.add(fld)
        seq = form.tick()
        if fld in ("branch_opinion", "signature") and form.block_seq is None:
            form.block_seq = seq
        if fld not in ("signature", "date", *SKIPPED):
            form.open(fld, self.in_table, loose)
        if loose:
            self._trust(fld, LOOSE_CONFIDENCE)

    # -- streams of lines (a cell's paragraphs, or the free paragraphs of a form) -----------------------
    def stream(self, lines: list[str], current: str | None, locked: bool) -> str | None:
        """Walk lines; `locked` keeps a content field's value from switching to another content field."""
        form = self.form
        for line in (piece for raw in lines for piece in self.m.split(raw)):
            if line == PICTURE:
                if current == "signature":
                    form.signatures.append(PICTURE)
                elif current == "logo":
                    form.logos.extend(self.pictures or [None])
                    self.pictures = []  # a cell's pictures count once, whichever of its lines stand for them
                continue
            if self.m.is_instructions(line.split("：")[0].split(":")[0]):
                self.instructions = True
                current = None
                continue
            if self.instructions:
                continue
            hit = self.m.inline(line)
            if hit and locked and hit.field == current:
                hit = None  # '2. 成果形式：…' inside the value of 预期成果 is its text, not a new label
            if hit and not (locked and hit.field in CONTENT_FIELDS and hit.field != current):
                current = hit.field
                self._label(current, hit.loose)
                if current == "budget" and wan_noted(line[:hit.end]):
                    form.budget_wan = True
                line = line[hit.end:]
                if current == "signature":
                    self._signature(line)
                    continue
                if current == "date":
                    form.dates.append((form.tick(), _cut_trailing_date(line)[2], "label"))
                    current = None if not self.in_table else current
                    continue
                if not self.in_table and current in SINGLE_LINE:
                    self._value(current, line)
                    current = None  # a 'label：value' line ends at its end
                    continue
            if current in SKIPPED:
                continue
            if current in PLAIN:
                self._plain(current, line)
                continue
            if current == "established":
                self._value(current, line)
                continue
            is_date, iso = _is_date_line(line)
            if is_date:
                form.dates.append((form.tick(), iso, "line"))
                self._trust("date")
                continue
            if current in BLOCK_FIELDS:
                line, had_date, iso = _cut_trailing_date(line)
                if had_date:
                    form.dates.append((form.tick(), iso, "line"))
            if current == "signature":
                self._signature(line)
                continue
            if current is None or current == "date":
                continue
            if current in BLOCK_FIELDS and (_is_stamp_line(line) or _BLANKISH.match(strip_stamps(line))):
                continue
            self._value(current, line)
        return current

    def _value(self, fld: str, line: str) -> None:
        cleaned = strip_stamps(line) if fld in BLOCK_FIELDS else line
        if is_note(cleaned):
            return
        cleaned = strip_leading_note(cleaned)
        if not cleaned.strip(" \u3000\t"):
            if not self.form.values.get(fld):
                self.form.open(fld, self.in_table)
            return
        self.form.add(fld, cleaned, self.in_table)
        self._trust(fld)

    def _plain(self, fld: str, line: str) -> None:
        if fld == "budget" and wan_noted(line):
            self.form.budget_wan = True
        occurrences = self.form.values.get(fld)
        if fld == "slogan" and not self.in_table and occurrences and _join(occurrences[-1].parts):
            return  # a '品牌标语：…' paragraph is its line; what follows until the next label is not the slogan
        self._value(fld, line)

    def _signature(self, rest: str) -> None:
        rest, had_date, iso = _cut_trailing_date(rest)
        self._trust("signed")
        if had_date:
            self.form.dates.append((self.form.tick(), iso, "line"))
            self._trust("date")
        # a second label on the line ('负责人（签字）：      主管部门（盖章）：') is not the signer
        name = strip_stamps(rest).strip(" \u3000\t_＿:：")
        self.form.signatures.append(name if is_signature(name) else "")

    # -- tables --------------------------------------------------------------------------------------
    def table(self, table: Table) -> None:
        self.in_table, self.instructions = True, False
        g, cells = grid(table)
        listed = list_rows(g, cells, lambda text: self.m.match_cell(text) is not None)
        labels: dict[int, tuple[str, bool]] = {}
        skip: set[int] = set()
        for cid, (r, _c, cell) in enumerate(cells):
            if r in listed and cid in listed[r]:
                continue  # a list's header row: column titles, not labels
            text = cell.text
            if self.m.is_instructions(text.split("\n")[0].split("：")[0].split(":")[0]):
                skip.add(cid)
                continue
            hit = self.m.match_cell(text)
            if hit:
                labels[cid] = (hit.field, hit.loose)
            elif cell.paragraphs and (first := self.m.match_cell(cell.paragraphs[0].text)) and first.field == "logo" \
                    and any(p.pictures for p in cell.paragraphs):
                labels[cid] = (first.field, first.loose)  # '品牌标识' with the logo under it in one cell
        value_for: dict[int, tuple[str, bool]] = {}  # cell → (field, opens a new occurrence)
        for cid, (r, c, cell) in enumerate(cells):
            if cid in skip:
                continue
            if cid in labels:
                fld, loose = labels[cid]
                self._label(fld, loose)
                if fld == "logo":
                    self.form.logos.extend(pic.target for p in cell.paragraphs for pic in p.pictures)
                elif fld == "budget" and wan_noted(cell.text):
                    self.form.budget_wan = True
                targets = [t for t in neighbours(g, cid, r, c, labels) if t not in value_for and t not in skip]
                if fld == "members":
                    targets = self._member_list(targets, g, cells, listed) or targets
                for n, target in enumerate(targets):
                    value_for[target] = (fld, n == 0)
                if not targets and fld == "signature":
                    self.form.signatures.append("")
                continue
            value_field: str | None = value_for.get(cid, (None, True))[0]
            lines: list[str] = []
            for p in cell.paragraphs:
                lines.extend(p.text.split("\n"))
                if p.pictures:
                    lines.append(PICTURE)
            confs = [p.confidence for p in cell.paragraphs if p.confidence is not None]
            self.conf = min(confs) if confs else None
            self.pictures = [pic.target for p in cell.paragraphs for pic in p.pictures]
            if value_field == "signature":
                if PICTURE in lines:
                    self.form.signatures.append(PICTURE)
                self._signature(" ".join(x for x in lines if x != PICTURE))
                continue
            if value_field == "date":
                _, iso = _is_date_line(" ".join(lines))
                self.form.dates.append((self.form.tick(), iso or _first_date(lines), "label"))
                self._trust("date")
                continue
            self.stream(lines, value_field, locked=value_field in CONTENT_FIELDS)
        self.in_table, self.instructions = False, False

    def _member_list(self, targets: list[int], g: list[list[int]], cells: list, listed: dict) -> list[int]:
        """A 成员 label over a list with a 姓名 column: the names of that column, nothing else of the list."""
        for target in targets[:1]:
            r = cells[target][0]
            if r not in listed:
                continue
            header = [cid for cid in listed[r]]
            names_col = next((cells[cid][1] for cid in header if squash(cells[cid][2].text) in _NAME_HEADERS), None)
            if names_col is None:
                return []
            for rr in sorted(k for k in listed if k > r):
                cid = g[rr][names_col]
                text = squash(cells[cid][2].text)
                if text:
                    self.form.members.append(text)
            return [-1]  # the list was read; no cell takes the label's value
        return []


def _first_date(lines: list[str]) -> str | None:
    found = find_dates("\n".join(lines))
    return found[0][1] if found else None


def _join(parts: list[str] | None) -> str | None:
    if not parts:
        return None
    text = "\n".join(p for p in parts if p.strip(" \u3000\t")).strip(" \u3000\t\n")
    return text or None


def _pick_date(form: _Form) -> str | None:
    """The date a person wrote: a filled date label's first, else the first filled date after the opinion
    block starts, else the last filled one; a blank '年 月 日' never hides a filled date."""
    filled = [d for d in form.dates if d[1]]
    labelled = [d for d in filled if d[2] == "label"]
    if labelled:
        return labelled[0][1]
    if not filled:
        return None
    if form.block_seq is not None:
        after = [d for d in filled if d[0] > form.block_seq]
        if after:
            return after[0][1]
    return filled[-1][1]


def _members(form: _Form) -> list[str] | None:
    if form.members:
        return form.members
    text = form.value("members")
    if not text:
        return None
    names: list[str] = []
    for piece in re.split(r"[、，,；;\n]+", text):
        piece = piece.strip(" \u3000\t")
        tokens = piece.split()
        if len(tokens) > 1 and all(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", t) for t in tokens):
            names.extend(tokens)
        elif piece and squash(piece) not in _NAME_HEADERS:
            names.append(piece)
    return names or None


def extract(layout: Layout, config: Config) -> Extraction:
    walker = _Walker(matcher_for(config.labels))
    current: str | None = None
    for block in layout.blocks:
        if isinstance(block, Table):
            walker.table(block)
            current = None
        else:
            walker.conf = block.confidence
            walker.pictures = [pic.target for pic in block.pictures]
            lines = block.text.split("\n") + ([PICTURE] if block.pictures else [])
            current = walker.stream(lines, current, locked=False)
    form = walker.form
    value = form.value
    branch, unit, parent = value("branch_name"), value("unit"), value("parent_org")
    phone = value("phone")
    established = value("established")
    signed: bool | None = None
    if "signature" in form.seen:
        signed = any(form.signatures)
    budget = value("budget")
    logo = bool(form.logos) if "logo" in form.seen else None
    fields = ApplicationFields(
        branch_name=branch or unit or parent, brand_name=value("brand_name"), leader=value("leader"),
        summary=value("summary"), measures=value("measures"), expected_outcomes=value("expected_outcomes"),
        branch_opinion=value("branch_opinion"), signed=signed, date=_pick_date(form), members=_members(form),
        parent_org=parent or (unit if branch else None), phone=squash(phone) if phone else None,
        established=find_month(established) if established else None, budget=budget,
        budget_yuan=amount_yuan(budget, form.budget_wan), slogan=value("slogan"), logo=logo,
        logo_target=next((t for t in form.logos if t), None))
    notes = [n for f in ("branch_name", "brand_name", "leader") if (n := form.disagreement(f))]
    confidence = dict(form.confidence)
    if not branch and unit:
        confidence["branch_name"] = min(confidence.get("unit", 1.0), confidence.get("branch_name", 1.0))
    confidence.pop("unit", None)
    return Extraction(doc_type="application", fields=fields, title=document_title(layout), notes=notes,
                      field_confidence=confidence)
