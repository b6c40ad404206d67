"""The `brandreview` command: run a pass, export records, check files without a workspace.

Owns argument parsing and terminal output only. `check` never imports Prefect; `run` uses the flow.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.cli_library import app as library_app
from pipeline.model.config import ConfigError
from pipeline.model.records import STATUS_ZH

if TYPE_CHECKING:
    from pipeline.model.config import Config
    from pipeline.model.records import DocumentRecord
    from pipeline.workspace import Workspace

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="brandreview: checks 党建品牌 application forms and outcome reports against a campaign's rules.")
app.add_typer(library_app, name="library")
console = Console()
err = Console(stderr=True)

STATUS_STYLE = {"pass": "green", "fail": "bold red", "warn": "yellow", "skip": "dim"}
VERDICT_STYLE = {"passed": "green", "warned": "yellow", "failed": "bold red", "rejected": "bold red",
                 "needs_review": "bold yellow", "attached": "dim"}


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def run(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder (created if missing)."),
    inbox: Path | None = typer.Option(None, help="Read this folder instead of HOME/inbox; its files are copied, "
                                                 "never moved."),
    config: Path | None = typer.Option(None, help="campaign.toml to use instead of HOME/campaign.toml."),
    db: str | None = typer.Option(None, help="Database URL (default: BRANDREVIEW_DB, else SQLite in HOME)."),
    engine: str = typer.Option("prefect", help="'prefect' runs the Prefect flow (default); 'plain' runs the "
                                               "same stages without an orchestrator."),
) -> None:
    """One pass: intake → extraction → checks → similar names → database → reports."""

    if inbox is not None and not inbox.is_dir():
        err.print(f"[red]收件目录不存在 / inbox folder not found: {inbox}[/red]")
        raise typer.Exit(2)
    ws = _open_workspace(home, inbox=inbox, config=config, db=db)
    from pipeline.model.progress import listening

    bar = _progress()
    try:
        with bar, listening(partial(_on_progress, bar)):
            summary = _run_engine(ws, engine)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    _print_new(ws, summary)
    _print_summary(summary, ws)


def _run_engine(ws: Workspace, engine: str):  # type: ignore[no-untyped-def]
    if engine == "plain":
        from pipeline.run import run_pass

        return run_pass(ws)
    if engine == "prefect":
        from flows.intake import intake_flow

        return intake_flow(str(ws.home), str(ws.inbox) if not ws.own_inbox else None, str(ws.config_path), ws.db_url)
    err.print(f"[red]unknown engine {engine!r}; use 'prefect' or 'plain'[/red]")
    raise typer.Exit(2)


def _progress() -> Progress:
    """A progress bar on stderr, shown on a terminal (or with BRANDREVIEW_PROGRESS=1), never in a pipe."""
    shown = err.is_terminal or os.environ.get("BRANDREVIEW_PROGRESS") == "1"
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=not shown, transient=False)


def _on_progress(bar: Progress, event: str, amount: int, description: str) -> None:
    if event == "total":
        bar.add_task(description or "处理中 working", total=amount)
    elif event == "advance" and bar.tasks:
        bar.advance(bar.tasks[-1].id, amount)


NEW_ROWS = 200  # new files listed after a pass; the rest are in the reports


def _print_new(ws: Workspace, summary) -> None:  # type: ignore[no-untyped-def]
    """Which files this pass took in, and their verdicts (the first reason of each that did not pass)."""
    from pipeline.model.records import VERDICT_ZH
    from pipeline.store import Store

    if not summary.pass_id or not summary.new:
        return
    store = Store(ws.db_url)
    try:
        new = [rec for _, rec in store.records_with_ids(pass_id=summary.pass_id)]
    finally:
        store.close()
    table = Table(title=f"本次新收 {len(new)} 份材料 / new this pass", title_justify="left")
    table.add_column("文件 file", overflow="fold")
    table.add_column("结论 verdict")
    table.add_column("原因 reason", overflow="fold")
    for rec in new[:NEW_ROWS]:
        reason = rec.error or next((c.message for c in rec.checks if c.status == "fail"), None) \
            or next((c.message for c in rec.checks if c.status == "warn"), "")
        style = VERDICT_STYLE.get(rec.verdict, "")
        table.add_row(rec.file, f"[{style}]{VERDICT_ZH.get(rec.verdict, rec.verdict)}[/]",
                      f"与 {rec.duplicate_of} 相同" if rec.duplicate_of else reason)
    console.print(table)
    if len(new) > NEW_ROWS:
        console.print(f"…… 另有 {len(new) - NEW_ROWS} 份，见审核报告 / {len(new) - NEW_ROWS} more in the reports")


def _open_workspace(home: Path, inbox: Path | None = None, config: Path | None = None,
                    db: str | None = None) -> Workspace:
    from pipeline.workspace import Workspace, WorkspaceError

    try:
        return Workspace.open(home, inbox=inbox, config=config, db=db)
    except WorkspaceError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


def _print_summary(summary, ws) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="本次处理结果 / pass summary", show_header=False)
    rows = [("本次新收材料 new arrivals", summary.new), ("活动材料总数 documents", summary.documents),
            ("通过 passed", summary.passed), ("通过但有提醒 passed with warnings", summary.warned),
            ("不通过 failed", summary.failed), ("无法处理 rejected", summary.rejected),
            ("重复提交 duplicates", summary.duplicates), ("需人工查看 needs review (unknown kind)", summary.unknown),
            ("随报告照片（已计入报告） photos counted toward a report", summary.attached),
            ("雷同名称对 similar pairs", summary.similar_pairs),
            ("已被新版本替换的早先版本 earlier versions (history)", summary.earlier_versions),
            ("仍在写入、留待下次 still being written (next pass)", summary.waiting)]
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)
    console.print(f"审核报告 reports: {summary.reports / 'index.html'}")
    console.print(f"导出 exports: {summary.reports / 'export.jsonl'}, {summary.reports / 'export.csv'}")
    console.print(f"归档 archive: {ws.archive}    隔离 quarantine: {ws.quarantine}    数据库 database: {ws.db_url}")


@app.command()
def export(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder."),
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format",
                                        help="jsonl, csv or xlsx (the 汇总表 workbook; needs -o on a terminal)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    config: Path | None = typer.Option(None, help="campaign.toml (default HOME/campaign.toml)."),
    db: str | None = typer.Option(None, help="Database URL (default: BRANDREVIEW_DB, else SQLite in HOME)."),
    all_campaigns: bool = typer.Option(False, "--all", help="Every campaign in the database, not only this one."),
    current: bool = typer.Option(False, "--current",
                                 help="Only the current version of each submission (the export has every "
                                      "document, each with version, versions and current)."),
    chinese: bool = typer.Option(False, "--chinese", "--headers-zh",
                                 help="CSV: the 汇总表's Chinese headers and values, with each check's reason."),
) -> None:
    """The stored records, one per document, in the documented export format (xlsx: the 汇总表)."""
    from pipeline.exports import to_csv, to_jsonl
    from pipeline.model.config import load_config
    from pipeline.store import Store

    if not home.is_dir():
        err.print(f"[red]工作目录不存在 / workspace not found: {home}[/red]")
        raise typer.Exit(2)
    ws = _open_workspace(home, config=config, db=db)
    try:
        settings = load_config(ws.config_path)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    campaign = settings.campaign.id
    store = Store(ws.db_url)
    try:
        records = store.records(None if all_campaigns else campaign, current_only=current)
    finally:
        store.close()
    if format is ExportFormat.xlsx:
        _export_xlsx(records, ws, settings, output)
        return
    text = to_jsonl(records) if format is ExportFormat.jsonl else \
        to_csv(records, chinese=chinese, zone=settings.deadlines.timezone)
    if output is None:
        sys.stdout.write(text.lstrip("\ufeff") if format is ExportFormat.csv and sys.stdout.isatty() else text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"{len(records)} records → {output}")


def _export_xlsx(records: list[DocumentRecord], ws: Workspace, settings: Config, output: Path | None) -> None:
    """The 汇总表 workbook, with the workspace's roster when it has one."""
    from pipeline.branches import RosterError, workspace_roster
    from pipeline.xlsx_export import to_xlsx

    try:
        roster = workspace_roster(ws.home, settings)
    except RosterError as exc:
        err.print(f"[red]支部名单错误 / roster error: {exc}[/red]")
        raise typer.Exit(2) from exc
    if output is None and sys.stdout.isatty():
        err.print("[red]xlsx 需要 -o 文件名 / xlsx needs -o FILE (or a pipe)[/red]")
        raise typer.Exit(2)
    data = to_xlsx(records, settings, roster)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"{sum(1 for r in records if r.current)} current records → {output}")


@app.command()
def serve(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder (created if missing)."),
) -> None:
    """Run as a service: the inbox watched, the mailbox polled, every submission re-judged nightly (Prefect
    deployments on a local Prefect server this command starts, unless PREFECT_API_URL names one)."""
    from pipeline.model.config import load_config
    from pipeline.service import PrefectServer, ServiceError, service_running

    ws = _open_workspace(home)
    try:
        cfg = load_config(ws.config_path)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    if service_running(ws):
        err.print(f"[red]该工作区的服务已在运行 / a service is already running on {ws.home}[/red]")
        raise typer.Exit(2)
    logging.getLogger("brandreview").setLevel(logging.INFO)
    logging.getLogger("pipeline").setLevel(logging.INFO)
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server = PrefectServer(ws, cfg.serve.port)
        try:
            os.environ["PREFECT_API_URL"] = server.start()
        except ServiceError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", "2")
    err.print(f"brandreview serve: {ws.home} — Prefect {os.environ['PREFECT_API_URL']} (Ctrl-C 停止 / to stop)")
    try:
        from flows.serve import serve_workspace

        serve_workspace(ws, cfg)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()


@app.command()
def status(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder."),
) -> None:
    """What the service is doing: waiting, in progress, archived, quarantined, the last runs, the next nightly
    run; exit code 3 when no service is running on the workspace."""
    from pipeline.claims import Claims
    from pipeline.ingest import list_inbox
    from pipeline.model.config import load_config
    from pipeline.service import next_nightly, read_state, service_running
    from pipeline.store import Store

    if not home.is_dir():
        err.print(f"[red]工作目录不存在 / workspace not found: {home}[/red]")
        raise typer.Exit(2)
    ws = _open_workspace(home)
    try:
        cfg = load_config(ws.config_path)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    running = service_running(ws)
    state = read_state(ws)
    store = Store(ws.db_url)
    try:
        claims = Claims(store).counts()
        placed = store.placed_counts(cfg.campaign.id, str(ws.archive), str(ws.quarantine))
        passes = store.last_passes(cfg.campaign.id)
    finally:
        store.close()
    waiting = len(list_inbox(ws.inbox, cfg.intake)) if ws.inbox.is_dir() else 0
    table = Table(title=f"brandreview status — {ws.home}", show_header=False)
    table.add_row("服务 service", f"[green]运行中 running[/] (pid {state.get('pid')}, {state.get('api_url')})"
                  if running else "[red]未运行 not running[/]")
    table.add_row("待处理 waiting in the inbox", str(waiting))
    table.add_row("处理中 in progress", str(claims.get("claimed", 0) + claims.get("committed", 0)))
    table.add_row("已归档 archived", str(placed["archived"]))
    table.add_row("已隔离 quarantined", str(placed["quarantined"]))
    table.add_row("下次夜间复核 next nightly run", next_nightly(cfg).strftime("%Y-%m-%d %H:%M %Z")
                  + ("" if running else "（服务未运行 / only while the service runs）"))
    console.print(table)
    runs = Table(title="最近运行 last runs")
    for column in ("#", "kind", "started (UTC)", "finished", "new", "documents", "rejudged"):
        runs.add_column(column)
    for row in passes:
        counts = row["counts"]
        runs.add_row(str(row["id"]), row["kind"], f"{row['started_at']:%Y-%m-%d %H:%M:%S}",
                     f"{row['finished_at']:%H:%M:%S}" if row["finished_at"] else "[yellow]未完成 unfinished[/]",
                     str(counts.get("new", "")), str(counts.get("documents", "")), str(counts.get("rejudged", "")))
    console.print(runs)
    raise typer.Exit(0 if running else 3)


@app.command()
def mailbox(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder."),
) -> None:
    """One poll of the [mailbox] in campaign.toml: new mails written to HOME/inbox/邮箱/, one intake pass, and
    each mail whose records are stored marked processed on the server (flag or move; never deleted). The
    password is read from the environment variable mailbox.password_env (BRANDREVIEW_IMAP_PASSWORD)."""
    from pipeline.mailbox import MailboxError, poll_mailbox
    from pipeline.model.config import load_config
    from pipeline.run import PassSummary, run_pass

    ws = _open_workspace(home)
    try:
        cfg = load_config(ws.config_path)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    passes: list[PassSummary] = []
    try:
        counts = poll_mailbox(ws, cfg, intake=lambda: passes.append(run_pass(ws)))
    except MailboxError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if passes:
        _print_new(ws, passes[-1])
    table = Table(title=f"邮箱收取 / mailbox poll — {cfg.mailbox.user} {cfg.mailbox.folder}", show_header=False)
    for label, value in (("收到邮件 fetched", counts.fetched), ("写入收件箱 written to inbox/邮箱", counts.written),
                         ("重复邮件 duplicates (not written again)", counts.duplicates),
                         ("已标记处理 marked processed", counts.marked),
                         ("其中无法使用 of them quarantined", counts.quarantined),
                         ("等待入库 waiting for the intake", counts.waiting),
                         ("留待下次 left for the next poll", counts.left)):
        table.add_row(label, str(value))
    console.print(table)


class SheetFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"


def _campaign(home: Path, config: Path | None, db: str | None):  # type: ignore[no-untyped-def]
    """(workspace, settings, the campaign's stored records, its roster) for the review outputs below."""
    from pipeline.branches import RosterError, workspace_roster
    from pipeline.model.config import load_config
    from pipeline.store import Store

    if not home.is_dir():
        err.print(f"[red]工作目录不存在 / workspace not found: {home}[/red]")
        raise typer.Exit(2)
    ws = _open_workspace(home, config=config, db=db)
    try:
        settings = load_config(ws.config_path)
        roster = workspace_roster(ws.home, settings)
    except (ConfigError, RosterError) as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    store = Store(ws.db_url)
    try:
        records = store.records(settings.campaign.id)
    finally:
        store.close()
    return ws, settings, records, roster


@app.command()
def sheet(
    doc: str | None = typer.Argument(None, help="The document's id (as on the review page and in the export) "
                                                "or its file name."),
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder."),
    every: bool = typer.Option(False, "--all", help="Every current application and report, one page each."),
    format: SheetFormat = typer.Option(SheetFormat.docx, "--format", help="docx or pdf (through LibreOffice)."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default HOME/reports/审核意见表/…)."),
    config: Path | None = typer.Option(None, help="campaign.toml (default HOME/campaign.toml)."),
    db: str | None = typer.Option(None, help="Database URL (default: the workspace's)."),
) -> None:
    """The printable 审核意见表: one page per submission (fields, check results, the reviewer's opinion, signature
    and date)."""
    from pipeline.docx_out import write_atomically
    from pipeline.model.errors import BadInput
    from pipeline.sheets import SheetError, find_document, sheet_docx, sheet_pdf, sheet_records

    if (doc is None) == (not every):
        err.print("[red]请给出一个材料编号或文件名，或用 --all / give one DOC, or --all[/red]")
        raise typer.Exit(2)
    ws, settings, records, _ = _campaign(home, config, db)
    try:
        chosen = sheet_records(records) if every else [find_document(records, doc or "")]
    except SheetError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if not chosen:
        err.print("[yellow]没有可出具审核意见表的材料 / no current application or report[/yellow]")
        raise typer.Exit(1)
    name = "全部" if every else str(chosen[0].id)
    target = out or ws.reports / "审核意见表" / f"审核意见表-{name}.{format.value}"
    try:
        data = sheet_pdf(chosen, settings) if format is SheetFormat.pdf else sheet_docx(chosen, settings)
    except BadInput as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    write_atomically(target, data)
    console.print(f"审核意见表 {len(chosen)} 页 / {len(chosen)} sheet(s) → {target}", soft_wrap=True)


@app.command()
def notice(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder."),
    branch: str | None = typer.Option(None, help="Only this branch (its full or short name)."),
    config: Path | None = typer.Option(None, help="campaign.toml (default HOME/campaign.toml)."),
    db: str | None = typer.Option(None, help="Database URL (default: the workspace's)."),
) -> None:
    """退回通知: for each branch with failures, what to fix and by when (.docx, and .txt for an e-mail), in
    HOME/reports/退回通知/."""
    from pipeline.branches import by_branch
    from pipeline.notices import FOLDER, write_notices

    ws, settings, records, roster = _campaign(home, config, db)
    written = write_notices(by_branch(records, roster, settings), settings, ws.reports, branch=branch)
    if branch is not None and not written:
        err.print(f"[yellow]“{branch}”没有需要退回的材料（或找不到该支部） / nothing to send back to {branch!r}[/yellow]")
        raise typer.Exit(1)
    for path in written:
        console.print(f"  {path.stem}")
    console.print(f"退回通知 {len(written)} 份 / notice(s) (.docx + .txt) → {ws.reports / FOLDER}", soft_wrap=True)


@app.command()
def booklet(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default HOME/reports/<活动名称>成果汇编.docx)."),
    config: Path | None = typer.Option(None, help="campaign.toml (default HOME/campaign.toml)."),
    db: str | None = typer.Option(None, help="Database URL (default: the workspace's)."),
) -> None:
    """汇编成册: the current outcome reports that passed, in one Word document (cover, contents, a chapter per
    brand with its photos and captions)."""
    from pipeline.booklet import build, chapters, default_name
    from pipeline.docx_out import to_bytes, write_atomically

    ws, settings, records, roster = _campaign(home, config, db)
    chs = chapters(records, roster, settings)
    if not chs:
        err.print("[yellow]还没有通过审核的成果报告 / no outcome report has passed yet[/yellow]")
        raise typer.Exit(1)
    target = write_atomically(out or ws.reports / default_name(settings), to_bytes(build(chs, settings)))
    for ch in chs:
        for note in ch.source.notes:
            err.print(f"[yellow]{ch.title}：{note}[/yellow]")
    console.print(f"汇编 {len(chs)} 个品牌、{sum(len(c.figures) for c in chs)} 张照片 / "
                  f"{len(chs)} chapters → {target}", soft_wrap=True)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="Files to check (.docx, .eml, …)."),
    config: Path | None = typer.Option(None, help="campaign.toml with the campaign's limits."),
) -> None:
    """Check files without a workspace; exit code 1 when any check fails or a file cannot be used."""
    from checks.registry import validate_config
    from pipeline.campaign import judge_in_memory
    from pipeline.judge import guarded, judge, read_arrival
    from pipeline.model.config import load_config
    from pipeline.model.records import DocumentRecord

    try:
        cfg = load_config(config)
        params = validate_config(cfg)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    records: list[DocumentRecord] = []
    with _progress() as bar:
        task = bar.add_task("检查文件 checking files", total=len(files))
        for path in files:
            subs = read_arrival(path, path.name if path.is_file() else str(path), cfg)
            if isinstance(subs, DocumentRecord):
                records.append(subs)
            else:
                records.extend(guarded(sub, sub.file, partial(judge, sub, cfg, params)) for sub in subs)
            bar.advance(task)
    judge_in_memory(records, cfg, params)
    failed = False
    for rec in records:
        failed |= _print_record(rec)
    _print_closing(records)
    raise typer.Exit(1 if failed else 0)


def _print_closing(records) -> None:  # type: ignore[no-untyped-def]
    """'N 个文件：通过 a，不通过 b，无法处理 c，需人工查看 d' (and the English)."""
    from collections import Counter

    n = Counter(r.verdict for r in records)
    passed = n["passed"] + n["warned"]
    console.print(f"共 {len(records)} 个文件：通过 {passed}（其中有提醒 {n['warned']}），不通过 {n['failed']}，"
                  f"无法处理 {n['rejected']}，需人工查看 {n['needs_review']}"
                  + (f"，随报告照片 {n['attached']}" if n["attached"] else ""))
    console.print(f"[dim]{len(records)} files: {passed} passed ({n['warned']} with warnings), {n['failed']} failed, "
                  f"{n['rejected']} rejected, {n['needs_review']} need a person[/dim]")


def _print_record(rec) -> bool:  # type: ignore[no-untyped-def]
    from pipeline.model.records import DOC_TYPE_ZH

    title = f"{rec.file} — {DOC_TYPE_ZH.get(rec.doc_type, rec.doc_type)}"
    if rec.status == "rejected":
        console.print(f"[bold red]✗ {title}[/bold red]: {rec.error}")
        return True
    if rec.verdict == "needs_review":
        console.print(f"[bold yellow]? {title}[/bold yellow]: 需人工查看 / needs a person: "
                      "未识别为申报表或成果报告 / not recognised as an application form or an outcome report")
        for note in rec.notes:
            console.print(f"  [dim]{note}[/dim]")
        return True
    from checks.registry import BY_ID, CAMPAIGN_CHECKS

    names = {c.id: c.title for c in BY_ID.values()} | {c.id: c.title for c in CAMPAIGN_CHECKS}
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("检查项 check", overflow="fold", ratio=1)
    table.add_column("结果 result", no_wrap=True)
    table.add_column("说明 message", overflow="fold", ratio=3)
    table.add_column("位置与依据 evidence", overflow="fold", ratio=2)
    failed = False
    for c in rec.checks:  # every word of the evidence is shown, wrapped, never cut
        failed |= c.status == "fail"
        table.add_row(names.get(c.id, c.id), f"[{STATUS_STYLE[c.status]}]{STATUS_ZH[c.status]}[/]", c.message,
                      c.where or "")
    console.print(table)
    for note in rec.notes:
        console.print(f"  [dim]{note}[/dim]")
    return failed


def _register_preset_commands() -> None:
    from pipeline import cli_presets

    app.command("presets")(cli_presets.presets)
    app.command("init")(cli_presets.init)


_register_preset_commands()


def main() -> None:
    logging.basicConfig(level=os.environ.get("BRANDREVIEW_LOG", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
