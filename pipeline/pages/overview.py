"""The campaign overview (reports/index.html): counts by verdict, charts of failures by check and of
submissions by parent organisation, one row per branch (its application and report paired, one status), the
files that belong to no branch, the similar-name groups and, given a roster, who has not submitted or was late.

A plain function of the campaign's stored records (+ roster) → an HTML string, shared by the static reports and
the web application. Must not extract or judge: statuses come from the checks and pipeline.branches.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from checks.brand_per_parent_org import minimum
from pipeline.branches import (
    STATUS_ZH,
    BranchRow,
    RosterEntry,
    Status,
    by_branch,
    expects_self_check,
    parent_coverage,
)
from pipeline.model import vocabulary as V
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord, Verdict
from pipeline.pages.charts import bar_chart
from pipeline.pages.clusters import similar_clusters
from pipeline.pages.env import ENV, chinese_part, when
from pipeline.pages.site import Links
from pipeline.pages.table import Column, TableData

VERDICT_ORDER: tuple[Verdict, ...] = ("failed", "rejected", "needs_review", "warned", "passed", "attached")
NO_ORG = "（未注明）"
# a branch status's colour (pipeline.branches.Status → a verdict's CSS class), in the table's sort order
STATUS_CLASS: dict[Status, str] = {"failed": "failed", "missing": "rejected", "late": "warned", "incomplete": "warned",
                "pending": "needs_review", "warned": "warned", "passed": "passed"}


def _verdict_column(label: str) -> Column:
    col = Column(label, "doc", filter=True, empty="未提交", classes=[])
    for v in VERDICT_ORDER:
        col.code(V.zh_verdict(v), v)
    col.rank = list(range(len(VERDICT_ORDER)))
    return col


def _doc_cell(col: Column, rec: DocumentRecord | None, late: bool) -> list[int] | None:
    if rec is None or rec.id is None:
        return None
    return [rec.id, col.code(V.zh_verdict(rec.verdict), rec.verdict), rec.version or 1, rec.versions, int(late)]


def _org(row: BranchRow) -> str:
    if row.roster is not None and row.roster.parent_org:
        return row.roster.parent_org
    app = row.application
    if app is not None and app.fields is not None and app.fields.parent_org:
        return app.fields.parent_org
    return NO_ORG


def branch_table(rows: Sequence[BranchRow], pattern: str, self_check: bool = False) -> TableData:
    """One row per branch: 党支部, 所属党组织, 类型, 品牌名称, 申报表, 成果报告, (自查报告, when the campaign
    expects one: `self_check`), 状态, 问题."""
    branch, org = Column("党支部"), Column("所属党组织", "enum", filter=True)
    kind, brand = Column("类型", "enum", filter=True, empty=V.EMPTY), Column("品牌名称", empty=V.EMPTY)
    app, rep = _verdict_column("申报表"), _verdict_column("成果报告")
    own = _verdict_column("自查报告")
    status = Column("状态", "enum", filter=True, classes=[])
    for code, css in STATUS_CLASS.items():
        status.code(STATUS_ZH[code], css)
    status.rank = list(range(len(STATUS_CLASS)))
    issues = Column("问题", "list", filter=True)
    out = []
    for row in rows:
        docs = [d for d in (row.application, row.report, row.self_check if self_check else None) if d is not None]
        failed = dict.fromkeys(V.zh_check(c.id) for d in docs for c in d.checks if c.status == "fail")
        brand_name = next((d.brand_name for d in docs if d.brand_name), None)
        out.append([row.branch, org.code(_org(row)),
                    kind.code(row.roster.kind) if row.roster is not None else None, brand_name,
                    _doc_cell(app, row.application, row.application_late),
                    _doc_cell(rep, row.report, row.report_late),
                    *([_doc_cell(own, row.self_check, row.self_check_late)] if self_check else []),
                    status.code(row.status), [issues.code(name) for name in failed]])
    return TableData([branch, org, kind, brand, app, rep, *([own] if self_check else []), status, issues], out, pattern)


def _reason(rec: DocumentRecord, also_of: dict[int, str]) -> str:
    if rec.id in also_of and rec.doc_type == "self_check":
        return f"{also_of[rec.id]}的{V.zh_doc_type(rec.doc_type)}"
    if rec.id in also_of:
        return f"{also_of[rec.id]}的另一份{V.zh_doc_type(rec.doc_type)}（该支部一栏显示较晚收到的一份）"
    if rec.error:
        return chinese_part(rec.error)
    bad = [c for c in rec.checks if c.status == "fail"]
    if bad:
        return "；".join(chinese_part(c.message) for c in bad)
    if rec.doc_type == "unknown" and rec.verdict == "needs_review":
        return "未识别为申报表或成果报告，请人工查看"
    if rec.duplicate_of:
        return f"与 {rec.duplicate_of} 内容相同"
    return next((chinese_part(c.message) for c in rec.checks), "")


def file_table(records: Sequence[DocumentRecord], pattern: str, also_of: dict[int, str],
               zone: str | None = None) -> TableData:
    """The current documents not in a branch row's cells (unrecognised, rejected, pictures, a branch's second
    document of one kind): 文件, 材料类型, 结论, 原因, 收到时间."""
    file, kind = Column("文件", "link"), Column("材料类型", "enum", filter=True)
    verdict = Column("结论", "enum", filter=True, classes=[])
    for v in VERDICT_ORDER:
        verdict.code(V.zh_verdict(v), v)
    verdict.rank = list(range(len(VERDICT_ORDER)))
    reason, received = Column("原因 / 说明"), Column("收到时间")
    rows = [[[rec.file, rec.id], kind.code(V.zh_doc_type(rec.doc_type)),
             verdict.code(V.zh_verdict(rec.verdict), rec.verdict), _reason(rec, also_of), when(rec.received_at, zone)]
            for rec in sorted(records, key=lambda r: (VERDICT_ORDER.index(r.verdict), r.file)) if rec.id is not None]
    return TableData([file, kind, verdict, reason, received], rows, pattern)


def _charts(current: Sequence[DocumentRecord], rows: Sequence[BranchRow], links: Links) -> dict[str, Any]:
    fails = Counter(c.id for r in current for c in r.checks if c.status == "fail")
    by_check = sorted(fails.items(), key=lambda kv: (-kv[1], kv[0]))
    orgs = Counter(_org(row) for row in rows for d in (row.application, row.report) if d is not None)
    by_org = sorted(orgs.items(), key=lambda kv: (kv[0] == NO_ORG, -kv[1], kv[0]))
    return {"checks": bar_chart("不通过的检查项（份）", [(V.zh_check(k), n) for k, n in by_check]),
            "orgs": bar_chart("各党组织提交的材料（份）", by_org, colour="#1f5fa8")}


def _coverage(rows: Sequence[BranchRow], roster: Sequence[RosterEntry] | None, config: Config) -> dict[str, Any] | None:
    if not roster:
        return None
    listed = [r for r in rows if r.roster is not None]
    least = minimum(config)
    return {
        "min_per_parent_org": least,
        "thin_parents": parent_coverage(rows, least),
        "listed": len(roster),
        "no_application": [r for r in listed if r.application is None],
        "no_report": [r for r in listed if r.report is None],
        "late": [r for r in listed if r.application_late or r.report_late or r.self_check_late],
        "unlisted": [r for r in rows if r.roster is None],
        "complete": sum(1 for r in listed if r.application is not None and r.report is not None),
    }


def _limits(config: Config) -> list[tuple[str, str]]:
    return [(V.zh_setting(f"checks.{check}.{key}"), V.plain(value))
            for check, params in config.checks.items() for key, value in params.items()]


def overview_context(records: Sequence[DocumentRecord], config: Config, links: Links,
                     roster: Sequence[RosterEntry] | None = None, now: dt.datetime | None = None,
                     roster_problem: str | None = None) -> dict[str, Any]:
    """Everything overview.html draws. `records`: the campaign's records (current and earlier versions)."""
    now = now or dt.datetime.now(dt.UTC)
    zone = config.deadlines.timezone
    current = [r for r in records if r.current]
    rows = by_branch(current, list(roster or []), config, now)
    self_check = expects_self_check(config, current)  # its column: then a branch's 自查报告 is in its row
    in_rows = {d.id for row in rows for d in (row.application, row.report, row.self_check if self_check else None)
               if d is not None}
    also_of = {d.id: row.branch for row in rows for d in (*row.others, row.self_check)
               if d is not None and d.id is not None}
    others = [r for r in current if r.id not in in_rows]
    verdicts = Counter(r.verdict for r in current)
    return {
        "config": config, "links": links, "generated": when(now, zone), "roster_problem": roster_problem,
        "deadlines": [(V.zh_setting(f"deadlines.{k}"), getattr(config.deadlines, k))
                      for k in ("application", "self_check", "report") if getattr(config.deadlines, k)],
        "total": len(current), "branches": len(rows), "earlier": sum(1 for r in records if not r.current),
        "verdicts": [(v, V.zh_verdict(v), verdicts[v]) for v in VERDICT_ORDER if verdicts[v] or v != "attached"],
        "charts": _charts(current, rows, links), "limits": _limits(config),
        "branch_table": branch_table(rows, links.doc_pattern, self_check), "file_table": file_table(others, links.doc_pattern, also_of, zone),
        "clusters": similar_clusters({r.id: r for r in current if r.id is not None}),
        "coverage": _coverage(rows, roster, config),
    }


def overview_html(records: Sequence[DocumentRecord], config: Config, links: Links,
                  roster: Sequence[RosterEntry] | None = None, now: dt.datetime | None = None,
                  roster_problem: str | None = None) -> str:
    return ENV.get_template("overview.html").render(
        **overview_context(records, config, links, roster, now, roster_problem))
