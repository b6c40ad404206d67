"""`brandreview presets` and `brandreview init --preset`: the institutions' campaign presets
(pipeline.model.preset) listed, shown, and a workspace started from one.

Owns these two commands' arguments and output; registered on the `brandreview` app by pipeline.cli.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pipeline.model.config import ConfigError

console = Console()
err = Console(stderr=True)

PRESET_TEMPLATE = """# brandreview campaign settings for this workspace, starting from the preset "{name}":
#   {title}
#   ({institution}; the notice: seed {seed})
# The preset's settings apply (`brandreview presets --show {name}` prints them); a key set here overrides the
# preset's, and the preset's override the shipped defaults (README, "campaign.toml", lists every key).

[campaign]
preset = "{name}"
id = "{year}"
name = "{campaign_name}"
year = {year}
"""


def presets(show: str | None = typer.Option(None, "--show", metavar="NAME",
                                            help="Print this preset's settings (TOML) instead of the list.")) -> None:
    """The shipped campaign presets, one per institution of the notices, with a line in Chinese each."""
    from pipeline.model.preset import load_preset, preset_names

    if show is not None:
        try:
            load_preset(show)
        except ConfigError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
        from importlib import resources

        console.print(resources.files("pipeline.model").joinpath("presets", f"{show}.toml")
                      .read_text(encoding="utf-8"), markup=False, highlight=False)
        return
    table = Table(title="活动预设 / campaign presets（brandreview init --preset 名称）")
    table.add_column("名称", no_wrap=True)
    for column in ("说明", "适用单位", "材料与截止时间", "通知"):
        table.add_column(column, overflow="fold")
    for name in preset_names():
        p = load_preset(name)
        table.add_row(name, p.title, p.institution, p.documents, p.seed)
    console.print(table)


def init(
    home: Path = typer.Option(Path("brandreview-home"), help="Workspace folder (created if missing)."),
    preset: str | None = typer.Option(None, help="The institution's preset (see `brandreview presets`); "
                                                 "without one: the shipped defaults."),
    year: int = typer.Option(0, help="The campaign's year (default: this year); a preset's deadlines follow it."),
    force: bool = typer.Option(False, help="Replace an existing campaign.toml (kept beside as campaign.toml.<time>.bak)."),
) -> None:
    """Start a workspace: its folders, and a campaign.toml from a preset (or the defaults), validated."""
    from checks.registry import validate_config
    from pipeline.model.config import load_config
    from pipeline.model.preset import load_preset, with_year
    from pipeline.workspace import CAMPAIGN_TEMPLATE, Workspace

    year = year or dt.date.today().year
    if not 1990 <= year <= 2200:
        err.print(f"[red]年份不合理 / implausible year: {year}[/red]")
        raise typer.Exit(2)
    if preset is not None:
        try:
            chosen = load_preset(preset)
        except ConfigError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
        name = with_year(chosen.table.get("campaign", {}).get("name", "{year}年度党建品牌创建"), year)
        text = PRESET_TEMPLATE.format(name=chosen.name, title=chosen.title, institution=chosen.institution,
                                      seed=chosen.seed, year=year, campaign_name=name.replace('"', "'"))
    else:
        text = CAMPAIGN_TEMPLATE.format(year=year)
    home = home.resolve()
    path = home / "campaign.toml"
    if path.exists():
        if not force:
            err.print(f"[red]{path} 已存在，未改动（--force 替换，原文件另存）/ {path} exists and was left as it is "
                      f"(--force replaces it, keeping the old one beside)[/red]")
            raise typer.Exit(2)
        backup = path.with_name(f"campaign.toml.{dt.datetime.now():%Y%m%d-%H%M%S}.bak")
        os.replace(path, backup)
        err.print(f"原 campaign.toml 另存为 / the old campaign.toml is kept as {backup}")
    home.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".campaign.toml.{os.getpid()}.part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    ws = Workspace.open(home)
    try:
        config = load_config(ws.config_path)
        validate_config(config)
    except ConfigError as exc:  # a shipped preset that does not validate is a bug: say so, leave the file
        err.print(f"[red]配置无效 / invalid settings: {exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"工作区 / workspace: {ws.home}\n活动 / campaign: {config.campaign.name}（{config.campaign.id}）"
                  + (f"\n预设 / preset: {preset}" if preset else "")
                  + (f"\n申报截止 / applications due: {config.deadlines.application}" if config.deadlines.application
                     else "")
                  + (f"\n报告截止 / reports due: {config.deadlines.report}" if config.deadlines.report else "")
                  + f"\n材料放入 / drop files into: {ws.inbox}")
