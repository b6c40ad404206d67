"""Campaign presets: one TOML file per institution of the notices (pipeline/model/presets/<name>.toml), a
partial campaign.toml with a [preset] table describing it.

A workspace chooses one with `preset = "<name>"` in its [campaign] table (`brandreview init --preset`
writes it); the settings then come from the shipped defaults, the preset on top, the workspace's own
campaign.toml on top of that (pipeline.model.config.load_config). In a preset's strings `{year}` and
`{next_year}` stand for the campaign's year and the one after (a report due 次年1月底 is
`"{next_year}-01-31"`), so one preset serves every year.

Owns finding, listing and reading presets. Must not know what any setting means.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pipeline.model.config import ConfigError

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
META = "preset"  # the table that describes a preset; never a setting


@dataclass(frozen=True)
class Preset:
    name: str
    title: str  # one line in Chinese: the kind of campaign
    institution: str  # the kind of institution (Chinese)
    seed: str  # the notice it encodes (../shared/seeds/<seed>_*.txt in the project's sources)
    documents: str  # what each branch sends (Chinese)
    rules: str  # what is checked (Chinese)
    deadlines: str  # when (Chinese)
    table: dict[str, Any]  # the settings, without [preset]


def _folder() -> Any:
    return resources.files("pipeline.model").joinpath("presets")


def preset_names() -> list[str]:
    return sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".toml"))


def load_preset(name: str) -> Preset:
    """The preset of that name; ConfigError naming the known ones when there is none."""
    known = preset_names()
    if not isinstance(name, str) or not _NAME.match(name) or name not in known:
        raise ConfigError(f"campaign.preset: unknown preset {name!r}; known presets: {', '.join(known)} "
                          f"(未知的预设 {name!r}，可用：{'、'.join(known)})")
    text = _folder().joinpath(f"{name}.toml").read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # a shipped file: a bug, said plainly
        raise ConfigError(f"preset {name}: not valid TOML: {exc}") from exc
    meta = table.pop(META, None)
    if not isinstance(meta, dict):
        raise ConfigError(f"preset {name}: no [{META}] table")
    missing = [k for k in ("title", "institution", "seed", "documents", "rules", "deadlines") if k not in meta]
    if missing:
        raise ConfigError(f"preset {name}: [{META}] lacks {missing}")
    return Preset(name=name, table=table, **{k: str(meta[k]) for k in
                                             ("title", "institution", "seed", "documents", "rules", "deadlines")})


def with_year(value: Any, year: int) -> Any:
    """`value` with `{year}` and `{next_year}` filled in, in every string inside it."""
    if isinstance(value, str):
        return value.replace("{year}", str(year)).replace("{next_year}", str(year + 1))
    if isinstance(value, dict):
        return {k: with_year(v, year) for k, v in value.items()}
    if isinstance(value, list):
        return [with_year(v, year) for v in value]
    return value
