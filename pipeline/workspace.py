"""A workspace folder: inbox/, archive/, quarantine/, reports/, the SQLite database and campaign.toml.

Owns the folder layout and safe file placement (never overwrite, never lose). It must not read documents.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

CAMPAIGN_TEMPLATE = """# brandreview campaign settings for this workspace.
# Every key of the shipped defaults can be overridden here; see README.md ("campaign.toml") for the list.

[campaign]
id = "{year}"
name = "{year}年度党建品牌创建"
year = {year}

# [checks.brand_name_length]
# max_chars = 20
# [checks.report_length]
# max_chars = 3000
# [checks.photo_count]
# min_photos = 3
# max_photos = 5
# caption_required = true
"""


@dataclass(frozen=True)
class Workspace:
    home: Path
    inbox: Path
    own_inbox: bool  # files of the workspace's own inbox move out; an explicit --inbox is only copied
    config_path: Path
    db_url: str

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @classmethod
    def open(cls, home: Path, inbox: Path | None = None, config: Path | None = None,
             db: str | None = None) -> Workspace:
        home = Path(home).resolve()
        for sub in ("inbox", "archive", "quarantine", "reports"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        config_path = Path(config).resolve() if config else home / "campaign.toml"
        if not config and not config_path.exists():
            config_path.write_text(CAMPAIGN_TEMPLATE.format(year=dt.date.today().year), encoding="utf-8")
        db_url = db or os.environ.get("BRANDREVIEW_DB") or f"sqlite:///{home / 'brandreview.db'}"
        own = inbox is None
        return cls(home=home, inbox=(home / "inbox") if inbox is None else Path(inbox).resolve(), own_inbox=own,
                   config_path=config_path, db_url=db_url)


def unique_path(path: Path) -> Path:
    """`path`, or 'name~2.ext', 'name~3.ext' … if it exists already."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}~{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def place_bytes(data: bytes, folder: Path, relative: str) -> Path:
    """Write bytes under folder/relative without overwriting anything; atomically (temp file + rename)."""
    target = unique_path(folder / _safe_relative(relative))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def place_file(source: Path, folder: Path, relative: str) -> Path:
    """Copy a file under folder/relative (never overwriting), keeping its timestamps."""
    target = unique_path(folder / _safe_relative(relative))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    shutil.copy2(source, tmp)
    os.replace(tmp, target)
    return target


def _safe_relative(relative: str) -> Path:
    parts = [p for p in Path(relative).parts if p not in ("", ".", "..", "/") and not p.startswith("/")]
    return Path(*parts) if parts else Path("unnamed")


def dated(folder: Path) -> Path:
    return folder / dt.date.today().isoformat()
