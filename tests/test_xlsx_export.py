"""The 汇总表 (pipeline.xlsx_export) and the CSV with Chinese headers, from real passes: the sample inbox, then
a second pass with a form generated here whose brand name is a formula ('=HYPERLINK(…)') and whose leader starts
with '@'. The workbook is opened with openpyxl: headers, one row per current submission, fills, frozen header,
filters, widths for Chinese text, the further sheets, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import shutil

import pytest
import sample_forms
import sample_text
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from checks.registry import CHECKS
from pipeline.cli import app
from pipeline.model import vocabulary as V
from pipeline.model.records import ApplicationFields
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

EVIL_BRAND = '=HYPERLINK("http://x.example","点我")'
EVIL_LEADER = "@王五"
EVIL_BRANCH = "物理学院凝聚态教工党支部"
NOBODY = "化学学院分析化学教工党支部"  # on the roster, sends nothing
RED, YELLOW = "FFC7CE", "FFEB9C"


def _evil_form() -> bytes:
    b = dataclasses.replace(sample_text.BRANDS["xinhuo"], key="evil", branch=EVIL_BRANCH, leader=EVIL_LEADER)
    data, _ = sample_forms.form_ncut(b, 991, bottom="merged", signer="赵六", date_text="2024年4月1日",
                                     date_iso="2024-04-01", unit="物理学院", when=dt.datetime(2024, 4, 1, 9),
                                     brand=EVIL_BRAND)
    return data


def _roster(path, names: list[str]) -> None:
    wb = Workbook()
    wb.active.append(["党支部", "类型", "所属党组织"])
    for name in names:
        wb.active.append([name, "教工" if "教工" in name else "学生", None])
    wb.save(path)


def _records(ws: Workspace, current_only: bool):
    store = Store(ws.db_url)
    try:
        return store.records(None, current_only=current_only)
    finally:
        store.close()


@pytest.fixture(scope="module")
def home(samples_dir, tmp_path_factory):
    """A workspace after a pass over the samples (with a roster) and a second pass with the formula form; the
    汇总表 of the first pass is kept as before.xlsx."""
    home = tmp_path_factory.mktemp("xlsx_home")
    listed = [sample_text.BRANDS[k].branch for k in ("xinhuo", "hongse", "tumu", "jingji")]
    _roster(home / "roster.xlsx", [*listed, EVIL_BRANCH, NOBODY])
    run_pass(Workspace.open(home, inbox=samples_dir))
    shutil.copy(home / "reports" / "汇总表.xlsx", home / "before.xlsx")
    second = tmp_path_factory.mktemp("second_inbox")
    (second / "物理学院-申报表.docx").write_bytes(_evil_form())
    ws = Workspace.open(home, inbox=second)
    run_pass(ws)
    return home, ws


@pytest.fixture(scope="module")
def book(home):
    return load_workbook(home[0] / "reports" / "汇总表.xlsx")


def _table(sheet) -> tuple[list[str], list[dict]]:
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0])
    return headers, [dict(zip(headers, r, strict=True)) for r in rows[1:]]


def test_sheets_and_summary_headers(book):
    assert book.sheetnames == ["汇总表", "雷同名称", "名单覆盖", "版本历史"]
    headers, _ = _table(book["汇总表"])
    assert headers[:4] == ["编号", "文件", "材料类型", "审核结论"]
    for check in CHECKS:
        assert check.title in headers and f"{check.title}（说明）" in headers
    for name in ApplicationFields.model_fields:
        assert V.zh_field(name) in headers
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in headers), headers
    assert len(headers) == len(set(headers))


def test_one_row_per_current_submission_with_its_checks(home, book):
    _, ws = home
    current = {r.id: r for r in _records(ws, current_only=True)}
    _, rows = _table(book["汇总表"])
    assert sorted(r["编号"] for r in rows) == sorted(current)
    for row in rows:
        rec = current[row["编号"]]
        assert row["文件"] == rec.file and row["审核结论"] == V.zh_verdict(rec.verdict)
        assert row["材料类型"] == V.zh_doc_type(rec.doc_type)
        for check in CHECKS:
            result = next((c for c in rec.checks if c.id == check.id), None)
            assert row[check.title] == (V.zh_mark(result.status) if result else None), (rec.file, check.id)
            assert row[f"{check.title}（说明）"] == ((result.message or None) if result else None)
        if rec.report is not None:
            assert row["字数"] == rec.report.word_count and isinstance(row["字数"], int)
        if rec.version:
            assert row["版本"] == f"第 {rec.version} 版（共 {rec.versions} 版）"


def test_failures_and_warnings_are_filled(book):
    sheet = book["汇总表"]
    headers = [c.value for c in sheet[1]]
    marks = {V.zh_mark("fail"): RED, V.zh_mark("warn"): YELLOW}
    seen = set()
    for check in CHECKS:
        col = headers.index(check.title) + 1
        for r in range(2, sheet.max_row + 1):
            mark, reason = sheet.cell(r, col), sheet.cell(r, col + 1)
            want = marks.get(mark.value)
            for cell in (mark, reason):
                got = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None
                assert got == want, (check.id, r, mark.value)
            seen.add(want)
    assert {RED, YELLOW} <= seen
    verdict = headers.index("审核结论") + 1
    for r in range(2, sheet.max_row + 1):
        cell = sheet.cell(r, verdict)
        if cell.value == V.zh_verdict("failed"):
            assert cell.fill.fgColor.rgb.endswith(RED)
        if cell.value == V.zh_verdict("passed"):
            assert cell.fill.fill_type is None


def test_header_frozen_filters_on_widths_for_chinese(book):
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "C2", sheet.title
        last = sheet.cell(1, sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        assert all(c.font.bold for c in sheet[1])
    sheet = book["汇总表"]
    headers = [c.value for c in sheet[1]]
    for header in ("党支部名称", "材料类型", "审核结论"):
        col = headers.index(header) + 1
        values = [str(sheet.cell(r, col).value or "") for r in range(1, sheet.max_row + 1)]
        longest = max(values, key=len)
        cjk = sum(1 for ch in longest if "\u4e00" <= ch <= "\u9fff")
        width = sheet.column_dimensions[sheet.cell(1, col).column_letter].width
        assert width >= min(60, len(longest) + cjk), (header, longest, width)  # a Chinese character counts two
        assert width <= 62
    wide = headers.index("品牌简介") + 1
    assert sheet.column_dimensions[sheet.cell(1, wide).column_letter].width == 60
    assert sheet.cell(2, wide).alignment.wrap_text or sheet.cell(2, wide).value is None


def test_formula_text_is_neutralised_and_kept(home, book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), (sheet.title, cell.coordinate)
    _, rows = _table(book["汇总表"])
    evil = [r for r in rows if r["党支部名称"] == EVIL_BRANCH]
    assert len(evil) == 1
    assert evil[0]["品牌名称"] == "'" + EVIL_BRAND and evil[0]["负责人"] == "'" + EVIL_LEADER
    _, history = _table(book["版本历史"])
    assert any(r["品牌名称"] == "'" + EVIL_BRAND for r in history)


def test_the_summary_is_written_again_after_each_pass(home):
    before = load_workbook(home[0] / "before.xlsx")
    _, rows = _table(before["汇总表"])
    assert not any(r["党支部名称"] == EVIL_BRANCH for r in rows)
    _, coverage = _table(before["名单覆盖"])
    assert next(r for r in coverage if r["党支部"] == EVIL_BRANCH)["状态"] == "未提交"


def test_similar_pairs_once_each_with_both_ids(home, book):
    _, ws = home
    current = _records(ws, current_only=True)
    ids = {r.file: r.id for r in current}
    want = {frozenset((r.id, ids[s.file])): round(s.score, 1) for r in current for s in r.similar
            if s.file in ids and not s.campaign}
    _, rows = _table(book["雷同名称"])
    got = {frozenset((r["编号"], r["对方编号"])): r["相似度"] for r in rows}
    assert want and got == want and len(rows) == len(want)
    same = [r["同一支部"] == "是" for r in rows]
    assert same == sorted(same)  # other branches' pairs first
    other = [r["相似度"] for r in rows if r["同一支部"] == "否"]
    assert other == sorted(other, reverse=True)


def test_roster_coverage(book):
    _, rows = _table(book["名单覆盖"])
    by = {r["党支部"]: r for r in rows}
    assert by[NOBODY]["状态"] == "未提交" and by[NOBODY]["申报表结论"] == "未提交"
    assert by[EVIL_BRANCH]["在名单中"] == "是" and by[EVIL_BRANCH]["申报表编号"] is not None
    xinhuo = by[sample_text.BRANDS["xinhuo"].branch]
    assert xinhuo["申报表编号"] and xinhuo["成果报告编号"] and re.fullmatch(r"第 \d+ 版（共 \d+ 版）", xinhuo["申报表版本"])
    off = [r for r in rows if r["在名单中"] != "是"]
    assert off and all(r["材料中的支部名称"] for r in off)
    assert [r["在名单中"] for r in rows[:6]] == ["是"] * 6


def test_version_history_has_every_version(home, book):
    _, ws = home
    every = [r for r in _records(ws, current_only=False) if r.version is not None]
    _, rows = _table(book["版本历史"])
    assert sorted(r["编号"] for r in rows) == sorted(r.id for r in every)
    resent = [r for r in every if r.versions > 1]
    assert resent
    for rec in resent:
        row = next(r for r in rows if r["编号"] == rec.id)
        assert row["版本"] == f"第 {rec.version} 版（共 {rec.versions} 版）"
        assert row["当前版本"] == ("是" if rec.current else "否（已被新版本取代）")


def test_export_command_xlsx_and_chinese_csv(home, tmp_path):
    root, ws = home
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["export", "--home", str(root), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["汇总表", "雷同名称", "名单覆盖", "版本历史"]
    current = _records(ws, current_only=True)
    assert book["汇总表"].max_row == len(current) + 1
    csv_out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["export", "--home", str(root), "--format", "csv", "--chinese", "-o",
                                      str(csv_out)])
    assert result.exit_code == 0, result.output
    text = csv_out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    every = _records(ws, current_only=False)
    assert len(table) == len(every) and "当前版本" in table[0]
    by_id = {int(r["编号"]): r for r in table}
    for rec in every:
        row = by_id[rec.id]
        assert row["审核结论"] == V.zh_verdict(rec.verdict)
        for c in rec.checks:
            assert row[V.zh_check(c.id)] == V.zh_mark(c.status)
            assert row[f"{V.zh_check(c.id)}（说明）"] == c.message
    evil = next(r for r in table if r["党支部名称"] == EVIL_BRANCH)
    assert evil["品牌名称"] == "'" + EVIL_BRAND and evil["负责人"] == "'" + EVIL_LEADER


def test_plain_csv_is_neutralised_too(home):
    text = (home[0] / "reports" / "export.csv").read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    evil = next(r for r in table if r["branch_name"] == EVIL_BRANCH)
    assert evil["brand_name"] == "'" + EVIL_BRAND and evil["leader"] == "'" + EVIL_LEADER
    assert not [v for r in table for v in r.values() if v and v.startswith(("=", "+", "-", "@"))]
