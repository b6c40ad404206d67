"""The printable 审核意见表: one A4 page per submission — who sent what and when, what was extracted, every
check with the value against the limit and its reason, a box for the reviewer's opinion, signature and date —
as Word, or as PDF through LibreOffice (extractors.legacy.convert.docx_to_pdf: the project's soffice sandbox).

Owns choosing the documents (`find_document`, `sheet_records`) and the sheet's contents. Reads stored records
only; must not extract or judge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pipeline.docx_out import (
    HEADING_FONT,
    SERIF_FONT,
    cell_text,
    column_widths,
    new_document,
    row_height,
    shade,
    text_run,
    to_bytes,
)
from pipeline.model.config import Config
from pipeline.model.records import CheckResult, DocumentRecord
from pipeline.model.vocabulary import (
    EMPTY,
    plain,
    zh_check,
    zh_doc_type,
    zh_field,
    zh_limit,
    zh_mark,
    zh_section,
    zh_value,
    zh_verdict,
)

TITLE = "党建品牌创建审核意见表"
EXCERPT = 70  # characters of a form's prose shown on the sheet (its length and 'see the original' follow)
PAGE_CM = 29.7 - 2 * 1.8  # the page's height inside its margins
WIDTH = [2.6, 5.9, 2.6, 5.9]  # the four columns of the heading table (cm), 17 cm in all
CHECK_WIDTH = [2.8, 2.0, 5.0, 7.2]
GREY = "F2F2F2"
LINE_CM = 0.47  # one line of 10.5 pt text in a table cell (LibreOffice, a 1.2 line height)
_SHORT_FIELDS = ("leader", "members", "parent_org", "phone", "established", "signed", "date", "branch_opinion")
_PROSE_FIELDS = ("summary", "measures", "expected_outcomes")


class SheetError(LookupError):
    """The document asked for is not there, or more than one is (Chinese / English)."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")


def find_document(records: Sequence[DocumentRecord], doc: str) -> DocumentRecord:
    """The record whose store id is `doc`, else the one whose file (as dropped, or its last part) is `doc`; of
    several with that name the current one. SheetError when none or several fit."""
    text = doc.strip()
    if text.isdigit():
        found = [r for r in records if r.id == int(text)]
    else:
        found = [r for r in records if text in (r.file, r.file.rsplit("/", 1)[-1])]
        if len(found) > 1:
            found = [r for r in found if r.current and not r.duplicate_of] or found
    if not found:
        raise SheetError(f"找不到材料“{doc}”（请用页面或导出中的编号，或文件名）",
                         f"no document {doc!r} (use the id shown on the page and in the export, or the file name)")
    if len(found) > 1:
        ids = "、".join(str(r.id) for r in found)
        raise SheetError(f"有多份材料名为“{doc}”，请用编号：{ids}", f"several documents are named {doc!r}; use an id: {ids}")
    return found[0]


def sheet_records(records: Sequence[DocumentRecord]) -> list[DocumentRecord]:
    """The current application forms, outcome reports and self-check reports (duplicates aside), a branch's
    together, form first."""
    chosen = [r for r in records if r.current and not r.duplicate_of and r.status == "ok"
              and r.doc_type in ("application", "outcome_report", "self_check")]
    return sorted(chosen, key=lambda r: (r.branch_name or r.brand_name or "\uffff", r.doc_type != "application",
                                         r.id or 0))


def build(records: Sequence[DocumentRecord], config: Config) -> Document:
    """One page per record, in the given order."""
    doc = new_document(margins_cm=(1.8, 2.0))
    zone = ZoneInfo(config.deadlines.timezone)
    for n, rec in enumerate(records):
        _sheet(doc, rec, config, zone, first=n == 0)
    return doc


def sheet_docx(records: Sequence[DocumentRecord], config: Config) -> bytes:
    return to_bytes(build(records, config))


def sheet_pdf(records: Sequence[DocumentRecord], config: Config) -> bytes:
    """The sheets as PDF; raises BadInput when LibreOffice is missing or fails."""
    from extractors.legacy.convert import docx_to_pdf

    timeout = config.legacy.timeout_seconds * (1 + len(records) // 10)
    return docx_to_pdf(sheet_docx(records, config), config.legacy, timeout_seconds=timeout)


def received(rec: DocumentRecord, zone: ZoneInfo) -> str:
    if rec.received_at is None:
        return EMPTY
    at = rec.received_at if rec.received_at.tzinfo else rec.received_at.replace(tzinfo=dt.UTC)
    return at.astimezone(zone).strftime("%Y年%m月%d日 %H:%M")


def version_text(rec: DocumentRecord) -> str:
    if rec.version is None:
        return EMPTY
    return f"第 {rec.version} 版，共 {rec.versions} 版" + ("" if rec.current else "（已被新版本替换）")


def _origin(rec: DocumentRecord) -> str:
    o = rec.origin
    if o is None or not (o.mail_from or o.mail_subject or o.container):
        return "文件夹投递"
    parts = [f"邮件，发件人 {o.mail_from}" if o.mail_from else "邮件" if o.mail_subject else f"随 {o.container}"]
    if o.mail_subject:
        parts.append(f"主题“{o.mail_subject}”")
    return "，".join(parts)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return EMPTY
    if len(text) <= EXCERPT:
        return text
    return f"{text[:EXCERPT]}……（共 {len(text):,} 字，全文见原件）"


def contents(rec: DocumentRecord) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The extracted fields as (Chinese name, value) pairs: the short ones (shown two to a row) and the prose
    (a row each, excerpted)."""
    if rec.fields is not None:
        dumped = rec.fields.model_dump()
        short = [(zh_field(k), plain(dumped.get(k))) for k in _SHORT_FIELDS]
        return short, [(zh_field(k), _excerpt(dumped.get(k) or "")) for k in _PROSE_FIELDS]
    if rec.report is not None:
        r = rec.report
        office = f"（Word 统计 {r.word_count_office:,} 字）" if r.word_count_office is not None else ""
        parts = "、".join(f"{zh_section(h.key)}（“{h.heading}”）" for h in r.headings) or "未找到"
        return [(zh_field("word_count"), f"{r.word_count:,} 字{office}"),
                (zh_field("photos"), f"{r.photo_count} 张，有图注 {r.captioned_photos} 张")], \
            [(zh_field("sections"), parts)]
    return [], [("无法处理的原因", rec.error or "未识别为申报表或成果报告，需人工查看")]


def _sheet(doc: Document, rec: DocumentRecord, config: Config, zone: ZoneInfo, first: bool) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.page_break_before = not first
    title.paragraph_format.space_after = Pt(2)
    text_run(title, TITLE, HEADING_FONT, 18, bold=True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.space_after = Pt(6)
    text_run(sub, f"{config.campaign.name}　　编号：{rec.id if rec.id is not None else EMPTY}", SERIF_FONT, 10.5)

    head = [("党支部", rec.branch_name or EMPTY, "品牌名称", rec.brand_name or EMPTY),
            ("材料类型", zh_doc_type(rec.doc_type), "版本", version_text(rec)),
            ("收到时间", received(rec, zone), "审核结论", zh_verdict(rec.verdict)),
            ("文件", rec.file, "来源", _origin(rec))]
    table = doc.add_table(rows=len(head), cols=4)
    table.style = "Table Grid"
    for i, cells in enumerate(head):
        for j, text in enumerate(cells):
            cell = table.cell(i, j)
            cell_text(cell, text, bold=j % 2 == 0)
            if j % 2 == 0:
                shade(cell, GREY)
    column_widths(table, WIDTH)
    used = 2.2 + _rows_cm(head, [WIDTH[1], WIDTH[3]])

    _caption(doc, "一、材料内容")
    short, prose = contents(rec)
    pairs = [(*short[i], *(short[i + 1] if i + 1 < len(short) else ("", ""))) for i in range(0, len(short), 2)]
    rows = pairs + [(name, value, "", "") for name, value in prose]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for i, cells in enumerate(rows):
        if i >= len(pairs):
            table.cell(i, 1).merge(table.cell(i, 3))
        for j, text in enumerate(cells[:2] if i >= len(pairs) else cells):
            cell_text(table.cell(i, j), text, bold=j % 2 == 0)
            if j % 2 == 0:
                shade(table.cell(i, j), GREY)
    column_widths(table, WIDTH)
    used += 0.9 + _rows_cm(pairs, [WIDTH[1], WIDTH[3]]) + sum(_lines(v, sum(WIDTH[1:])) * LINE_CM + 0.15
                                                              for _, v in prose)

    _caption(doc, "二、检查结果")
    rows = [("检查项", "结果", "实际 / 要求", "原因与依据")] + [_check_row(c) for c in rec.checks]
    if len(rows) == 1:
        rows.append(("—", "—", "—", "未做检查（材料未能识别或无法处理）"))
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for i, cells in enumerate(rows):
        for j, text in enumerate(cells):
            cell_text(table.cell(i, j), text, size_pt=10.5 if j < 3 else 10, bold=i == 0)
            if i == 0:
                shade(table.cell(i, j), GREY)
    column_widths(table, CHECK_WIDTH)
    used += 0.9 + sum(max(_lines(r[2], CHECK_WIDTH[2]), _lines(r[3], CHECK_WIDTH[3])) * LINE_CM + 0.15 for r in rows)

    _caption(doc, "三、审核意见")
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell_text(box.cell(0, 0), "（请填写审核意见：同意 / 退回修改 / 不同意，并写明理由）", size_pt=9)
    column_widths(box, [sum(WIDTH)])
    row_height(box, 0, max(3.5, min(9.0, PAGE_CM - used - 0.9 - 2.4)), exact=True)
    sign = doc.add_paragraph()
    sign.paragraph_format.space_before = Pt(14)
    text_run(sign, "审核人（签字）：____________________　　　　日期：______年____月____日", SERIF_FONT, 12)


def _check_row(c: CheckResult) -> tuple[str, str, str, str]:
    shown = zh_value(c.id, c.value)
    if c.id == "required_fields":  # its value is what is missing, its limit what is required
        shown = f"缺：{shown}"
    value = f"{shown} / {zh_limit(c.id, c.limit)}"
    reason = c.message or EMPTY
    if c.where and c.status in ("fail", "warn") and c.where not in reason:
        reason += f"（位置：{c.where}）"
    return zh_check(c.id), zh_mark(c.status), value, reason


def _caption(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.space_after = Pt(3)
    p.paragraph_format.keep_with_next = True
    text_run(p, text, HEADING_FONT, 12, bold=True)


def _lines(text: str, width_cm: float, pt: float = 10.5) -> int:
    """About how many lines `text` takes in a cell `width_cm` wide (a CJK character is one em)."""
    per_line = max(1, int((width_cm - 0.4) / (pt * 0.0353)))
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)
    return max(1, -(-int(ems) // per_line))


def _rows_cm(rows: Sequence[tuple[str, str, str, str]], widths: list[float]) -> float:
    return sum(max(_lines(r[1], widths[0]), _lines(r[3], widths[1])) * LINE_CM + 0.15 for r in rows)
