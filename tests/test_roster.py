"""The roster and the campaign by branch (pipeline.branches): a roster.csv (GBK, as Excel on a Chinese Windows
saves it) and a roster.xlsx written with openpyxl, built from the sample branches in full and short forms plus
one branch that sent nothing, matched against the records of a real pass over the sample inbox; deadlines
judged on each document's received_at (a mail's date)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sample_text import BRANDS

from pipeline.branches import (
    RosterEntry,
    RosterError,
    by_branch,
    deadline,
    load_roster,
    match_branch,
    roster_path,
    workspace_roster,
)
from pipeline.model.config import load_config
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

SHANGHAI = ZoneInfo("Asia/Shanghai")
KIND = {"student": "学生", "faculty": "教工", "office": "机关"}
NOBODY = "物理学院凝聚态教工党支部"  # on the roster, sends nothing
HEADER = ["序号", "党支部名称", "支部类型", "所属党委", "成立时间", "支部书记", "备注"]


def _short(branch: str) -> str:
    """The short form a roster may use: without the college, 党支部 as 支部 ('信息学院教工第二党支部' → '教工第二支部')."""
    return re.sub(r"^.*?学院", "", branch, count=1).replace("党支部", "支部")


def _college(branch: str) -> str | None:
    m = re.match(r"^(.*?学院)", branch)
    return m.group(1) if m else None


@pytest.fixture(scope="module")
def records(samples_dir, tmp_path_factory):
    home = tmp_path_factory.mktemp("roster_home")
    ws = Workspace.open(home, inbox=samples_dir)
    run_pass(ws)
    store = Store(ws.db_url)
    try:
        return store.records(None, current_only=True)
    finally:
        store.close()


def _submitted(records) -> set[str]:
    return {r.branch_name for r in records if r.branch_name and r.status == "ok"}


@pytest.fixture(scope="module")
def plan(records):
    """Roster rows: half the sample branches that submitted, in full; the other half short (when that form is
    shorter); the branch that sent nothing. The remaining submitted branches stay off the roster."""
    submitted = sorted((b for b in BRANDS.values() if b.branch in _submitted(records)), key=lambda b: b.key)
    chosen = submitted[: len(submitted) * 2 // 3]
    rows = []
    for i, b in enumerate(chosen):
        name = _short(b.branch) if i % 2 and _short(b.branch) != b.branch else b.branch
        rows.append({"name": name, "brand": b, "kind": KIND[b.kind], "org": _college(b.branch),
                     "established": dt.date(2010 + i % 10, 1 + i % 12, 1 + i % 27), "secretary": b.secretary})
    rows.append({"name": NOBODY, "brand": None, "kind": "教工", "org": "物理学院", "established": dt.date(2018, 9, 1),
                 "secretary": "赵一"})
    assert any(r["brand"] and r["name"] != r["brand"].branch for r in rows), "no short form in the roster"
    assert NOBODY not in _submitted(records)
    return rows


def _write_csv(path, plan):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["2024年党支部名单"])  # a title row above the header, as real lists have
    w.writerow(HEADER)
    for i, r in enumerate(plan, 1):
        w.writerow([i, r["name"], r["kind"], r["org"] or "", r["established"].strftime("%Y.%m"), r["secretary"], ""])
    w.writerow([])
    path.write_bytes(buf.getvalue().encode("gb18030"))


def _write_xlsx(path, plan):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, r in enumerate(plan, 1):
        ws.append([i, r["name"], r["kind"], r["org"], dt.datetime.combine(r["established"], dt.time()),
                   r["secretary"], None])
    ws.append([None, "  ", None, None, None, None, None])  # a blank row: skipped
    wb.save(path)


@pytest.fixture(params=["csv", "xlsx"])
def roster(request, plan, tmp_path):
    path = tmp_path / f"roster.{request.param}"
    (_write_csv if request.param == "csv" else _write_xlsx)(path, plan)
    return request.param, path, load_roster(path)


def test_the_roster_reads_every_column(roster, plan):
    fmt, _, entries = roster
    assert [e.branch for e in entries] == [r["name"] for r in plan]
    for e, r in zip(entries, plan, strict=True):
        assert e.kind == ("学生" if r["kind"] == "学生" else "教工")  # 机关 staff are 教工
        assert e.parent_org == r["org"] and e.secretary == r["secretary"]
        day = r["established"]
        assert e.established == (day.strftime("%Y-%m") if fmt == "csv" else day.isoformat())


def test_every_roster_branch_is_a_row_in_roster_order_matched_in_full_and_short_form(roster, plan, records, config):
    _, _, entries = roster
    rows = by_branch(records, entries, config)
    assert [r.roster for r in rows[: len(entries)]] == entries
    current = [r for r in records if r.status == "ok" and r.duplicate_of is None]
    for row, want in zip(rows, plan, strict=False):
        b = want["brand"]
        if b is None:
            assert row.application is None and row.report is None and row.status == "未提交", row
            continue
        mine = [r for r in current if r.branch_name == b.branch]
        apps = [r for r in mine if r.doc_type == "application"]
        reports = [r for r in mine if r.doc_type == "outcome_report"]
        assert (row.application in apps) if apps else row.application is None, (want["name"], row)
        assert (row.report in reports) if reports else row.report is None, (want["name"], row)
        assert b.branch in row.names
        if want["name"] != b.branch:
            assert row.branch == want["name"]  # shown under the roster's name


def test_branches_off_the_roster_are_shown_and_no_document_is_dropped(roster, records, config):
    _, _, entries = roster
    rows = by_branch(records, entries, config)
    listed = {b for r in rows if r.roster is not None for b in r.names}
    unlisted = [r for r in rows if r.roster is None]
    off = sorted(_submitted(records) - listed)
    assert off and sorted(n for r in unlisted for n in r.names) == off
    assert all(r.branch in r.names for r in unlisted)
    placed = [d.id for r in rows for d in (r.application, r.report, *r.others) if d is not None]
    assert len(placed) == len(set(placed))
    named = {r.id for r in records if r.status == "ok" and r.duplicate_of is None and r.branch_name
             and r.doc_type in ("application", "outcome_report")}
    assert named <= set(placed)


def test_lateness_follows_received_at_against_the_deadline(roster, records):
    _, _, entries = roster
    mailed = [r for r in records if r.origin and r.origin.mail_date and r.doc_type == "application"
              and r.status == "ok"]
    assert mailed, "the samples have an application sent by mail"
    sent = mailed[0].received_at
    due = (sent.astimezone(SHANGHAI) + dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
    cfg = load_config(overrides={"deadlines": {"application": due}})
    rows = by_branch(records, entries, cfg)
    limit = deadline(cfg.deadlines, "application")
    assert limit is not None and limit.tzinfo is not None
    late = [r for r in rows if r.application_late]
    on_time = [r for r in rows if r.application is not None and not r.application_late]
    assert late and on_time
    for r in rows:
        assert not r.report_late  # no report deadline
        if r.application is not None:
            assert r.application_late == (r.application.received_at > limit), r.branch
    assert any(r.application is mailed[0] for r in on_time)
    flagged = [r for r in late if all(d.verdict not in ("failed", "rejected") for d in (r.application, r.report)
                                      if d is not None)]
    assert flagged and all(r.status == "逾期提交" for r in flagged)
    earlier = (sent.astimezone(SHANGHAI) - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
    rows = by_branch(records, entries, load_config(overrides={"deadlines": {"application": earlier}}))
    assert next(r for r in rows if r.application is mailed[0]).application_late


def test_a_date_alone_is_the_end_of_that_day(config):
    cfg = load_config(overrides={"deadlines": {"report": "2024-06-30"}})
    due = deadline(cfg.deadlines, "outcome_report")
    assert due == dt.datetime(2024, 6, 30, 23, 59, 59, 999999, SHANGHAI)
    assert deadline(config.deadlines, "application") is None


def test_names_match_tolerantly_but_not_across_numbers():
    roster = [RosterEntry("计算机系教工支部"), RosterEntry("信息学院第一学生党支部"), RosterEntry("信息学院第二学生党支部"),
              RosterEntry("教工第二支部", parent_org="信息学院"), RosterEntry("教工支部")]
    assert match_branch("信息学院计算机系教工党支部", roster) is roster[0]
    assert match_branch("信息学院教工第二党支部", roster) is roster[3]  # its parent organisation in front
    assert match_branch("文法学院教工党支部", roster) is None  # 教工支部 alone names no branch
    assert match_branch("教工支部", roster) is roster[4]
    assert match_branch("中共信息学院第二学生党支部", roster) is roster[2]
    assert match_branch("信息学院 第一学生党支部", roster) is roster[1]
    assert match_branch("信息学院第三学生党支部", roster) is None
    assert match_branch("学生党支部", roster) is None  # contained in two: no guess
    assert match_branch("", roster) is None and match_branch("物理学院", roster) is None


def test_the_workspace_roster_and_roster_path(plan, tmp_path, config):
    assert roster_path(tmp_path, config) is None and workspace_roster(tmp_path, config) == []
    _write_xlsx(tmp_path / "roster.xlsx", plan)
    assert [e.branch for e in workspace_roster(tmp_path, config)] == [r["name"] for r in plan]
    (tmp_path / "名单").mkdir()
    _write_csv(tmp_path / "名单" / "支部.csv", plan[:2])
    cfg = load_config(overrides={"roster": {"path": "名单/支部.csv"}})
    assert [e.branch for e in workspace_roster(tmp_path, cfg)] == [r["name"] for r in plan[:2]]
    with pytest.raises(RosterError, match="does not exist"):
        roster_path(tmp_path, load_config(overrides={"roster": {"path": "nope.xlsx"}}))


def test_a_roster_without_a_branch_column_or_damaged_is_refused_by_name(tmp_path):
    bad = tmp_path / "roster.csv"
    bad.write_text("姓名,电话\n张三,123\n", encoding="utf-8")
    with pytest.raises(RosterError, match="branch column"):
        load_roster(bad)
    broken = tmp_path / "roster.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(RosterError, match="cannot be read"):
        load_roster(broken)
