"""The 汇总表 (reports/汇总表.xlsx, `brandreview export --format xlsx`): the workbook a staff member forwards.

Sheets: 汇总表 (one row per current submission, pipeline.summary_rows' columns: failures and warnings filled,
header frozen, filters on, widths set for Chinese text), 雷同名称 (similar-name pairs with their scores and both
ids), 名单覆盖 (the roster's branches: submitted, missing, late — only with a roster, pipeline.branches) and
版本历史 (every version of every submission). Written from stored records only; must not extract or judge.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checks.brand_per_parent_org import minimum
from pipeline.branches import (
    BranchRow,
    RosterEntry,
    RosterError,
    by_branch,
    expects_self_check,
    parent_coverage,
    workspace_roster,
)
from pipeline.model import vocabulary as V
from pipeline.model.config import Config
from pipeline.model.records import CheckStatus, DocumentRecord
from pipeline.summary_rows import Cell, Column, columns, neutralise, version_text, when

log = logging.getLogger(__name__)

FILENAME = "汇总表.xlsx"
FILLS: dict[str, PatternFill] = {
    "fail": PatternFill("solid", fgColor="FFC7CE"),  # the spreadsheet programs' own "bad" colours
    "warn": PatternFill("solid", fgColor="FFEB9C"),
}
FONTS = {"fail": Font(color="9C0006"), "warn": Font(color="9C5700")}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
MAX_WIDTH, MIN_WIDTH = 60, 6
MAX_CELL = 32000  # a spreadsheet cell holds at most 32,767 characters


def text_width(text: str) -> int:
    """How wide a line shows in a spreadsheet: a Chinese (wide) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _clean(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    text: str = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Word text may hold
    return text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…（已截断，全文见审核页面）"


def _sheet(ws: Worksheet, headers: list[str], rows: list[list[Cell]],
           statuses: Sequence[Sequence[str | None]] | None = None, wrap: Sequence[bool] = ()) -> None:
    """Headers, rows (neutralised text kept as text), fills by status, frozen header, filters, widths."""
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            value = _clean(neutralise(value))
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            status = statuses[r - 2][c - 1] if statuses else None
            if status in FILLS:
                cell.fill, cell.font = FILLS[status], FONTS[status]
            if c <= len(wrap) and wrap[c - 1]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2" if len(headers) > 2 else "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    for c, header in enumerate(headers, start=1):
        lines = [header] + [line for values in rows for line in str(values[c - 1] or "").splitlines()]
        width = max(text_width(line) for line in lines) + 2
        ws.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))


def _summary(ws: Worksheet, current: list[DocumentRecord], zone: ZoneInfo) -> None:
    cols: list[Column] = columns(zone)
    rows = [[c.value(r) for c in cols] for r in current]
    statuses: list[list[CheckStatus | None]] = [[c.status(r) if c.status else None for c in cols] for r in current]
    _sheet(ws, [c.header for c in cols], rows, statuses, [c.wrap for c in cols])


def _pairs(ws: Worksheet, records: list[DocumentRecord]) -> None:
    """Each similar pair of current documents once (a pair within the campaign is stored both ways; a
    document's earlier versions are left out): other branches' first, best first; a name of an earlier
    campaign has its campaign and no id."""
    current = [r for r in records if r.current]
    by_file = {r.file: r for r in current}  # an earlier version replaced since is no pair to review
    seen: set[frozenset[str]] = set()
    rows: list[list[Cell]] = []
    statuses: list[list[CheckStatus | None]] = []
    for rec in current:
        for s in rec.similar:
            key = frozenset((rec.file, s.file)) if not s.campaign else frozenset((rec.file, s.campaign + s.file))
            if key in seen:
                continue
            other = by_file.get(s.file) if not s.campaign else None
            if other is None and not s.campaign:
                continue
            seen.add(key)
            rows.append([round(s.score, 1), "是" if s.same_branch else "否", rec.id, rec.branch_name, rec.brand_name,
                         rec.file, other.id if other else None, s.branch_name, s.brand_name, s.file,
                         s.campaign or "本届"])
            check = next((c for c in rec.checks if c.id == "similar_brand_name"), None)
            statuses.append([None if s.same_branch else (check.status if check else None)] * 2 + [None] * 9)
    order = sorted(range(len(rows)), key=lambda i: (rows[i][1] == "是", -float(rows[i][0] or 0)))  # others first
    headers = ["相似度", "同一支部", "编号", "党支部名称", "品牌名称", "文件", "对方编号", "对方党支部", "对方品牌名称",
               "对方文件", "对方届次"]
    _sheet(ws, headers, [rows[i] for i in order], [statuses[i] for i in order])


def _doc_cells(rec: DocumentRecord | None, late: bool, zone: ZoneInfo) -> list[Cell]:
    if rec is None:
        return [None, "未提交", None, None, None]
    return [rec.id, V.zh_verdict(rec.verdict), version_text(rec), when(rec.received_at, zone), "是" if late else "否"]


_BRANCH_FILL: dict[str, str | None] = {"missing": "fail", "failed": "fail", "late": "warn", "incomplete": "warn",
                                       "pending": None, "warned": None, "passed": None}


def _coverage(ws: Worksheet, rows: list[BranchRow], zone: ZoneInfo, least: int = 0, self_check: bool = False) -> None:
    """One row per branch; the 自查报告's five columns after the report's only when the campaign expects one."""
    own = ["自查报告编号", "自查报告结论", "自查报告版本", "自查报告收到时间", "自查报告逾期"] if self_check else []
    headers = ["党支部", "在名单中", "类型", "所属党组织", "书记", "申报表编号", "申报表结论", "申报表版本", "申报表收到时间",
               "申报表逾期", "成果报告编号", "成果报告结论", "成果报告版本", "成果报告收到时间", "成果报告逾期", *own,
               "状态", "材料中的支部名称"]
    cells, statuses = [], []
    for row in rows:
        e = row.roster
        cells.append([row.branch, "是" if e else "否（名单外）", e.kind if e else None, e.parent_org if e else None,
                      e.secretary if e else None, *_doc_cells(row.application, row.application_late, zone),
                      *_doc_cells(row.report, row.report_late, zone),
                      *(_doc_cells(row.self_check, row.self_check_late, zone) if self_check else []),
                      row.status, "、".join(row.names) or None])
        fill = _BRANCH_FILL[row.status_code]
        app_fill = "fail" if row.application is None else "warn" if row.application_late else None
        rep_fill = "fail" if row.report is None else "warn" if row.report_late else None
        own_fill = "fail" if row.self_check is None else "warn" if row.self_check_late else None
        statuses.append([None] * 5 + [app_fill] * 5 + [rep_fill] * 5 + [own_fill] * len(own) + [fill, None])
    _sheet(ws, headers, cells, statuses)
    thin = parent_coverage(rows, least)
    if thin:  # below the branches, after an empty row: the parents short of checks.brand_per_parent_org
        at = ws.max_row + 2
        ws.cell(row=at, column=1, value=f"提交品牌的支部不足 {least} 个的党组织").font = Font(bold=True)
        for c, header in enumerate(["所属党组织", "名单中的支部数", "已提交的支部数", "未提交的支部"], start=1):
            cell = ws.cell(row=at + 1, column=c, value=header)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        for r, p in enumerate(thin, start=at + 2):
            for c, value in enumerate([p.parent, p.listed, p.submitted, "、".join(p.silent) or None], start=1):
                cell = ws.cell(row=r, column=c, value=_clean(neutralise(value)))
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                cell.fill, cell.font = FILLS["fail"], FONTS["fail"]


def _history(ws: Worksheet, records: list[DocumentRecord], zone: ZoneInfo) -> None:
    versions = sorted((r for r in records if r.version is not None),
                      key=lambda r: (r.doc_type, r.branch_name or r.brand_name or "", r.version or 0, r.id or 0))
    headers = ["党支部名称", "品牌名称", "材料类型", "版本", "当前版本", "编号", "文件", "收到时间", "审核结论"]
    rows: list[list[Cell]] = [[r.branch_name, r.brand_name, V.zh_doc_type(r.doc_type), version_text(r),
                               "是" if r.current else "否（已被新版本取代）", r.id, r.file, when(r.received_at, zone),
                               V.zh_verdict(r.verdict)] for r in versions]
    _sheet(ws, headers, rows)


def workbook(records: Sequence[DocumentRecord], config: Config, roster: Sequence[RosterEntry] | None = None,
             now: dt.datetime | None = None) -> Workbook:
    """The 汇总表 workbook of a campaign's records (current and earlier versions)."""
    zone = ZoneInfo(config.deadlines.timezone)
    records = list(records)
    current = [r for r in records if r.current]
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总表"
    _summary(ws, current, zone)
    _pairs(wb.create_sheet("雷同名称"), records)
    if roster:
        _coverage(wb.create_sheet("名单覆盖"), by_branch(current, list(roster), config, now), zone, minimum(config),
                  expects_self_check(config, current))
    _history(wb.create_sheet("版本历史"), records, zone)
    wb.properties.title = f"{config.campaign.name} 汇总表"
    return wb


def to_xlsx(records: Sequence[DocumentRecord], config: Config, roster: Sequence[RosterEntry] | None = None,
            now: dt.datetime | None = None) -> bytes:
    buf = io.BytesIO()
    workbook(records, config, roster, now).save(buf)
    return buf.getvalue()


def write_summary_xlsx(records: Sequence[DocumentRecord], reports: Path, home: Path, config: Config) -> Path:
    """reports/汇总表.xlsx, written whole (a temporary file, then renamed); with the workspace's roster when it
    has one (a roster that cannot be read is logged and left out, never a failed pass)."""
    try:
        roster = workspace_roster(home, config)
    except RosterError as exc:
        log.warning("roster left out of %s: %s", FILENAME, exc)
        roster = []
    path = reports / FILENAME
    tmp = reports / f".{FILENAME}.part"
    tmp.write_bytes(to_xlsx(records, config, roster))
    tmp.replace(path)
    return path
