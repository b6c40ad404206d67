"""The 汇总表's columns: one row per document in Chinese — its id (the DOC handle of the pages and `sheet`),
kind, verdict, branch, brand, version, arrival, every form and report field, and each check's mark and reason —
shared by the xlsx export (pipeline.xlsx_export) and the CSV with Chinese headers (pipeline.exports).

Owns which columns there are, their Chinese headers (pipeline.model.vocabulary) and how a value is written,
and the neutralising of text a spreadsheet would run as a formula. Must not read files or the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from checks.registry import CAMPAIGN_CHECKS, CHECKS
from pipeline.model import vocabulary as V
from pipeline.model.records import ApplicationFields, CheckResult, CheckStatus, DocumentRecord

CHECK_IDS = tuple(dict.fromkeys([*(c.id for c in CHECKS), *(c.id for c in CAMPAIGN_CHECKS)]))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None

# Form fields in their own columns (branch and brand names come first, from either kind of document).
FORM_FIELDS = tuple(f for f in ApplicationFields.model_fields if f not in ("branch_name", "brand_name"))
VERDICT_STATUS: dict[str, CheckStatus] = {"failed": "fail", "rejected": "fail", "warned": "warn",
                                          "needs_review": "warn"}


def neutralise(value: Cell) -> Cell:
    """Text that starts like a formula (= + - @, a tab or a carriage return) with an apostrophe in front, so a
    spreadsheet shows it instead of running it; the text itself is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def when(value: dt.datetime | None, zone: ZoneInfo) -> str | None:
    """A moment in the campaign's time zone, 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def version_text(rec: DocumentRecord) -> str | None:
    return f"第 {rec.version} 版（共 {rec.versions} 版）" if rec.version else None


def origin_text(rec: DocumentRecord) -> str | None:
    o = rec.origin
    if o is None:
        return None
    parts = [f"发件人：{o.mail_from}" if o.mail_from else "", f"主题：{o.mail_subject}" if o.mail_subject else "",
             f"来自：{o.container}" if o.container and not o.mail_from else ""]
    return "；".join(p for p in parts if p) or None


def field_text(name: str, value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value)) or None
    return str(value)


def check_of(rec: DocumentRecord, check_id: str) -> CheckResult | None:
    return next((c for c in rec.checks if c.id == check_id), None)


def similar_text(rec: DocumentRecord) -> str | None:
    items = [f"“{s.brand_name}”（{s.branch_name or '支部未识别'}，{s.file}，相似度 {s.score:.0f}"
             f"{'，同一支部' if s.same_branch else ''}{'，往届 ' + s.campaign if s.campaign else ''}）"
             for s in rec.similar]
    return "；".join(items) or None


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[DocumentRecord], Cell]
    status: Callable[[DocumentRecord], CheckStatus | None] | None = None  # what the cell's fill shows
    wrap: bool = False  # long text: wrapped in the sheet


def _report(attr: str) -> Callable[[DocumentRecord], Cell]:
    def get(rec: DocumentRecord) -> Cell:
        if rec.report is None:
            return None
        value = getattr(rec.report, attr)
        if attr == "sections":
            return "、".join(V.zh_section(k) for k in value) or "无"
        return value  # type: ignore[no-any-return]
    return get


def _form(name: str) -> Callable[[DocumentRecord], Cell]:
    return lambda rec: field_text(name, getattr(rec.fields, name)) if rec.fields is not None else None


def _check_columns(check_id: str, taken: set[str]) -> list[Column]:
    def mark(rec: DocumentRecord) -> Cell:
        c = check_of(rec, check_id)
        return V.zh_mark(c.status) if c else None

    def reason(rec: DocumentRecord) -> Cell:
        c = check_of(rec, check_id)
        return (c.message or None) if c else None

    def status(rec: DocumentRecord) -> CheckStatus | None:
        c = check_of(rec, check_id)
        return c.status if c else None

    name = V.zh_check(check_id)
    if name in taken:  # a check named like the field it checks (经费预算, 品牌标语): the check's columns say so
        name = f"{name}（检查）"
    return [Column(name, mark, status), Column(f"{name}（说明）", reason, status, wrap=True)]


def columns(zone: ZoneInfo, history: bool = False) -> list[Column]:
    """The 汇总表's columns in order; `history`: also whether each row is its submission's current version
    (the CSV has every document; the 汇总表 only the current ones)."""
    cols = [
        Column(V.zh_field("id"), lambda r: r.id),
        Column(V.zh_field("file"), lambda r: r.file, wrap=True),
        Column(V.zh_field("doc_type"), lambda r: V.zh_doc_type(r.doc_type)),
        Column(V.zh_field("verdict"), lambda r: V.zh_verdict(r.verdict), lambda r: VERDICT_STATUS.get(r.verdict)),
        Column(V.zh_field("branch_name"), lambda r: r.branch_name),
        Column(V.zh_field("brand_name"), lambda r: r.brand_name),
        Column(V.zh_field("version"), version_text),
        *([Column(V.zh_field("current"), lambda r: "是" if r.current else "否")] if history else []),
        Column(V.zh_field("received_at"), lambda r: when(r.received_at, zone)),
        Column(V.zh_field("origin"), origin_text, wrap=True),
        Column(V.zh_field("error"), lambda r: r.error, lambda r: "fail" if r.error else None, wrap=True),
        *(Column(V.zh_field(f), _form(f), wrap=f in ("summary", "measures", "expected_outcomes", "branch_opinion"))
          for f in FORM_FIELDS),
        *(Column(V.zh_field(a), _report(a)) for a in ("word_count", "word_count_office", "sections", "photo_count",
                                                     "captioned_photos")),
        Column(V.zh_field("ocr_confidence"), lambda r: round(r.ocr.confidence, 2) if r.ocr else None),
    ]
    taken = {c.header for c in cols}
    cols += [col for check_id in CHECK_IDS for col in _check_columns(check_id, taken)]
    cols += [
        Column(V.zh_field("similar"), similar_text, wrap=True),
        Column(V.zh_field("duplicate_of"), lambda r: r.duplicate_of),
        Column(V.zh_field("stored_path"), lambda r: r.stored_path, wrap=True),
    ]
    return cols


def row(cols: list[Column], rec: DocumentRecord) -> list[Cell]:
    """One document's cells, neutralised."""
    return [neutralise(c.value(rec)) for c in cols]
