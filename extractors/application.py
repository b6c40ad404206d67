"""Application forms (申报表/申报书): label/value tables and 'label：value' paragraphs → ApplicationFields.

Owns finding each field's value with tolerance (label left of or above its value, merged cells, labels with
spaces, colons and notes, the opinion/signature/date block sharing one cell). It must not judge the values
(that is checks/) and must not know any file format (it reads a Layout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.dates import date_spans, find_dates
from extractors.labels import BLOCK_FIELDS, CONTENT_FIELDS, LabelMatcher, matcher_for, strip_stamps
from extractors.layout import Cell, Layout, Paragraph, Table
from pipeline.records import ApplicationFields, Extraction
from pipeline.rules import Config

_BLANKISH = re.compile(r"^[\s\u3000_＿\-—:：.。,，、]*$")
_DATE_WORDS = re.compile(r"[\s\u3000_＿:：,，.。日期时间]*")


@dataclass
class _Form:
    """Values collected while walking a form; the first non-empty value of a field wins."""

    # each label occurrence opens a new list; the first occurrence with text wins
    values: dict[str, list[list[str]]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    signatures: list[str] = field(default_factory=list)
    dates: list[tuple[int, str | None, str]] = field(default_factory=list)  # (seq, iso, 'label'|'line')
    block_seq: int | None = None  # seq of the first opinion/signature label
    seq: int = 0
    confidence: dict[str, float] = field(default_factory=dict)  # OCR: field → lowest confidence of its text

    def tick(self) -> int:
        self.seq += 1
        return self.seq

    def open(self, fld: str) -> None:
        self.values.setdefault(fld, []).append([])

    def add(self, fld: str, text: str) -> None:
        if not self.values.get(fld):
            self.open(fld)
        self.values[fld][-1].append(text)

    def value(self, fld: str) -> str | None:
        for parts in self.values.get(fld, []):
            text = _join(parts)
            if text:
                return text
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


class _Walker:
    def __init__(self, matcher: LabelMatcher):
        self.m = matcher
        self.form = _Form()
        self.conf: float | None = None  # OCR confidence of the text being walked

    def _trust(self, fld: str) -> None:
        if self.conf is not None:
            self.form.confidence[fld] = min(self.conf, self.form.confidence.get(fld, 1.0))

    # -- streams of lines (a cell's paragraphs, or the free paragraphs of a table-less form) -----------
    def stream(self, lines: list[str], current: str | None, locked: bool) -> str | None:
        """Walk lines; `locked` keeps a content field's value from switching to another content field."""
        form = self.form
        for line in (piece for raw in lines for piece in self.m.split(raw)):
            hit = self.m.inline(line)
            if hit and not (locked and hit.field in CONTENT_FIELDS and hit.field != current):
                current = hit.field
                form.seen.add(current)
                seq = form.tick()
                if current in ("branch_opinion", "signature") and form.block_seq is None:
                    form.block_seq = seq
                line = line[hit.end:]
                if current not in ("signature", "date", "not_date"):
                    form.open(current)
                if current == "signature":
                    self._signature(line)
                    continue
                if current == "date":
                    form.dates.append((seq, _cut_trailing_date(line)[2], "label"))
                    continue
            if current == "not_date":
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
            cleaned = strip_stamps(line)
            if current in BLOCK_FIELDS and _BLANKISH.match(cleaned):
                continue
            form.add(current, cleaned)
            self._trust(current)
        return current

    def _signature(self, rest: str) -> None:
        rest, had_date, iso = _cut_trailing_date(rest)
        self._trust("signed")
        if had_date:
            self.form.dates.append((self.form.tick(), iso, "line"))
            self._trust("date")
        name = strip_stamps(rest).strip(" \u3000\t_＿:：")
        self.form.signatures.append(name)

    # -- tables --------------------------------------------------------------------------------------
    def table(self, table: Table) -> None:
        grid, cells = _grid(table)
        label_of: dict[int, str] = {}
        value_for: dict[int, tuple[str, bool]] = {}  # cell → (field, opens a new occurrence)
        for cid, (_r, _c, cell) in enumerate(cells):
            fld = self.m.field_of(cell.text)
            if fld:
                label_of[cid] = fld
        for cid, (r, c, cell) in enumerate(cells):
            if cid in label_of:
                fld = label_of[cid]
                self.form.seen.add(fld)
                seq = self.form.tick()
                if fld in ("branch_opinion", "signature") and self.form.block_seq is None:
                    self.form.block_seq = seq
                targets = [t for t in _neighbours(grid, cid, r, c, label_of) if t not in value_for]
                for n, target in enumerate(targets):
                    value_for[target] = (fld, n == 0)
                if not targets and fld == "signature":
                    self.form.signatures.append("")
                continue
            fld, first = value_for.get(cid, (None, True))
            lines = [line for p in cell.paragraphs for line in p.text.split("\n")]
            confs = [p.confidence for p in cell.paragraphs if p.confidence is not None]
            self.conf = min(confs) if confs else None
            if fld == "signature":
                self._signature(" ".join(lines))
                continue
            if fld == "date":
                _, iso = _is_date_line(" ".join(lines))
                self.form.dates.append((self.form.tick(), iso or _first_date(lines), "label"))
                self._trust("date")
                continue
            if fld is not None and first:
                self.form.open(fld)
            self.stream(lines, fld, locked=fld in CONTENT_FIELDS)


def _first_date(lines: list[str]) -> str | None:
    found = find_dates("\n".join(lines))
    return found[0][1] if found else None


def _grid(table: Table) -> tuple[list[list[int]], list[tuple[int, int, Cell]]]:
    """Grid of logical-cell ids (vertical merges resolved) and the logical cells in reading order."""
    cells: list[tuple[int, int, Cell]] = []
    grid: list[list[int]] = []
    width = max((c.col + c.span for row in table.rows for c in row), default=0)
    for r, row in enumerate(table.rows):
        line = [-1] * width
        for cell in row:
            cid = -1
            if cell.vmerge == "continue" and r > 0 and cell.col < len(grid[r - 1]):
                cid = grid[r - 1][cell.col]
            if cid < 0:
                cid = len(cells)
                cells.append((r, cell.col, cell))
            for k in range(cell.col, min(cell.col + cell.span, width)):
                line[k] = cid
        grid.append(line)
    return grid, cells


def _neighbours(grid: list[list[int]], cid: int, r: int, c: int, label_of: dict[int, str]) -> list[int]:
    """The value cells of a label: the next cell to the right in each row the label spans (a label merged
    down over several rows owns one value per row); else the first cell below."""
    last = r
    while last + 1 < len(grid) and grid[last + 1][c] == cid:
        last += 1
    found: list[int] = []
    for rr in range(r, last + 1):
        row = grid[rr]
        for k in range(c, len(row)):
            if row[k] not in (cid, -1):
                if row[k] not in label_of and row[k] not in found:
                    found.append(row[k])
                break
    if found:
        return found
    if last + 1 < len(grid):
        below = grid[last + 1][c]
        if below >= 0 and below not in label_of:
            return [below]
    return []


def _join(parts: list[str] | None) -> str | None:
    if not parts:
        return None
    text = "\n".join(parts).strip(" \u3000\t\n")
    return text or None


def _pick_date(form: _Form) -> str | None:
    labelled = [d for d in form.dates if d[2] == "label"]
    if labelled:
        return labelled[0][1]
    if not form.dates:
        return None
    if form.block_seq is not None:
        after = [d for d in form.dates if d[0] > form.block_seq]
        if after:
            return after[0][1]
    return form.dates[-1][1]


def extract(layout: Layout, config: Config) -> Extraction:
    walker = _Walker(matcher_for(config.labels))
    current: str | None = None
    for block in layout.blocks:
        if isinstance(block, Table):
            walker.table(block)
            current = None
        else:
            walker.conf = block.confidence
            current = walker.stream(block.text.split("\n"), current, locked=False)
    form = walker.form
    values = {k: form.value(k) for k in (*CONTENT_FIELDS, "branch_opinion")}
    signed: bool | None = None
    if "signature" in form.seen:
        signed = any(form.signatures)
    fields = ApplicationFields(**values, signed=signed, date=_pick_date(form))
    return Extraction(doc_type="application", fields=fields, title=document_title(layout),
                      field_confidence=dict(form.confidence))


def document_title(layout: Layout) -> str | None:
    """The first short non-empty body lines before any table: the form's or report's title."""
    lines: list[str] = []
    for block in layout.blocks:
        if not isinstance(block, Paragraph):
            break
        text = block.text.strip()
        if text:
            lines.append(text)
        if len(lines) == 2 or len("".join(lines)) > 60:
            break
    return " ".join(lines) or layout.title


def score(layout: Layout, config: Config) -> float:
    """How much this looks like an application form: labels in table cells and 'label：value' lines count
    fully, bare label-like lines (which reports use as headings) a little; title words add more."""
    m = matcher_for(config.labels)
    weight: dict[str, float] = {}

    def note(fld: str, w: float) -> None:
        weight[fld] = max(weight.get(fld, 0.0), w)

    for block in layout.blocks[:600]:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    for p in cell.paragraphs[:3]:
                        hit = m.field_of(p.text) or (h.field if (h := m.inline(p.text)) else None)
                        if hit:
                            note(hit, 1.0)
        else:
            hit = m.inline(block.text)
            if hit and block.text[hit.end:].strip():
                note(hit.field, 1.0)
            elif hit:
                note(hit.field, 0.3)
    points = sum(w for f, w in weight.items() if f in CONTENT_FIELDS)
    points += 0.5 * sum(w for f, w in weight.items() if f in ("branch_opinion", "signature"))
    title = document_title(layout) or ""
    if any(w in title for w in config.classify.application_titles):
        points += 2.5
    return points
