"""`brandreview library`: search, import and export the brand library (党建品牌资源库, pipeline.library).

Owns these commands' arguments and terminal output only; never imports Prefect.
"""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pipeline.model.config import ConfigError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="党建品牌资源库 the brand library: every brand recorded, searchable, importable, exportable.")
console = Console()
err = Console(stderr=True)

HOME = typer.Option(Path("brandreview-home"), "--home", help="Workspace folder.")
DB = typer.Option(None, "--db", help="Database URL (default: the workspace's, BRANDREVIEW_DB, else SQLite in HOME).")


def _store(home: Path, db: str | None):  # type: ignore[no-untyped-def]
    from pipeline.store import Store
    from pipeline.workspace import Workspace, WorkspaceError

    if not home.is_dir():
        err.print(f"[red]工作目录不存在 / workspace not found: {home}[/red]")
        raise typer.Exit(2)
    try:
        ws = Workspace.open(home, db=db)
    except WorkspaceError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    return ws, Store(ws.db_url)


@app.command()
def search(
    text: str = typer.Argument(..., help="A brand name, or part of one."),
    home: Path = HOME,
    limit: int = typer.Option(20, "--limit", min=1, help="At most this many names."),
    min_score: float = typer.Option(60.0, "--min-score", min=1, max=100,
                                    help="Only names scoring at least this (0–100; 雷同 starts at "
                                         "[checks.similar_brand_name] similar)."),
    db: str | None = DB,
) -> None:
    """The library's names most like TEXT, best first, scored by the 雷同 matcher."""
    from pipeline.library import Index, entries
    from pipeline.model.config import load_config

    ws, store = _store(home, db)
    try:
        settings = load_config(ws.config_path)
        items = entries(store)
    except ConfigError as exc:
        err.print(f"[red]配置错误 / configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    start = time.perf_counter()
    index = Index(items, settings.similarity, cache=ws.home / ".library-index")
    built = time.perf_counter() - start
    start = time.perf_counter()
    hits = index.search(text, limit=limit, cutoff=min_score)
    took = time.perf_counter() - start
    table = Table(title=f"品牌库检索“{text}”：{len(hits)} 条（共 {len(index)} 个品牌）", title_justify="left")
    for column in ("品牌名称", "党支部", "年份", "来源"):
        table.add_column(column, overflow="fold")
    table.add_column("相似度", justify="right")
    for hit in hits:
        e = hit.entry
        table.add_row(e.brand_name, e.branch_name or "", str(e.year or ""), e.source or "", f"{hit.score:.0f}")
    console.print(table)
    if not hits:
        console.print(f"没有相似度不低于 {min_score:g} 的品牌 / no brand scores {min_score:g} or more")
    err.print(f"[dim]index {built:.2f} s, search {took * 1000:.1f} ms[/dim]")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A spreadsheet (.xlsx, or .csv in UTF-8 or GBK) of earlier years' brands."),
    home: Path = HOME,
    db: str | None = DB,
) -> None:
    """Add the file's brands to the library (a brand already there is not added again); bad rows are listed."""
    from pipeline.library import LibraryError, import_file

    _, store = _store(home, db)
    try:
        report = import_file(store, file)
    except LibraryError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    console.print(f"{report.file}：读取 {report.rows} 行，新增 {report.added} 个品牌，已有 {report.known} 个，"
                  f"有误 {len(report.errors)} 行 / {report.rows} rows read, {report.added} brands added, "
                  f"{report.known} already in the library, {len(report.errors)} rows with errors")
    for problem in report.errors:
        err.print(f"[yellow]{problem}[/yellow]")
    if report.errors:
        raise typer.Exit(1)


@app.command()
def export(
    output: Path = typer.Option(..., "-o", "--output", help="The file to write: .xlsx, else CSV (UTF-8 with a BOM)."),
    home: Path = HOME,
    db: str | None = DB,
) -> None:
    """The whole library (imported brands and every campaign's brand names) with Chinese headers."""
    from pipeline.library import export_file

    _, store = _store(home, db)
    try:
        count = export_file(store, output)
    finally:
        store.close()
    err.print(f"{count} 个品牌 brands → {output}")
