"""A workspace folder: inbox/, archive/, quarantine/, reports/, the SQLite database and campaign.toml.

Owns the folder layout and safe file placement (never overwrite, never lose). It must not read documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tomllib
from collections.abc import Iterator
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
        db_url = remembered_database(home, db or os.environ.get("BRANDREVIEW_DB"))
        own = inbox is None
        return cls(home=home, inbox=(home / "inbox") if inbox is None else Path(inbox).resolve(), own_inbox=own,
                   config_path=config_path, db_url=db_url)


MAX_NAME_BYTES = 200  # of one name: '~n' and '.reason.txt' still fit under the file systems' 255-byte limit


def short_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """`name`, or when its UTF-8 form is longer than `limit` bytes: its start, '~' and a hash of the whole
    name, then its extension (so two long names never meet, and the file still opens with its program)."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext.encode("utf-8", "surrogateescape")) > 16:
        stem, ext = name, ""
    digest = hashlib.sha256(raw).hexdigest()[:10]
    tail = f"~{digest}" + (f".{ext}" if ext else "")
    room = limit - len(tail.encode("utf-8", "surrogateescape"))
    head = stem.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return head + tail


def safe_relative(relative: str, limit: int = MAX_NAME_BYTES) -> Path:
    """A relative path that stays inside its folder: no root, no '..', no empty or over-long parts."""
    parts = [short_name(p, limit) for p in Path(relative.replace("\\", "/").replace("\x00", "")).parts
             if p not in ("", ".", "..", "/") and not p.startswith("/")]
    return Path(*parts) if parts else Path("unnamed")


def candidates(folder: Path, relative: str, limit: int = MAX_NAME_BYTES) -> Iterator[Path]:
    """folder/relative, then 'name~2.ext', 'name~3.ext' …: the names to try, in order, for a new file.
    A note beside a placed file ('<name>.reason.txt') passes a larger `limit`, so it keeps its file's name."""
    target = folder / safe_relative(relative, limit)
    yield target
    n = 2
    while True:
        yield target.with_name(f"{target.stem}~{n}{target.suffix}")
        n += 1


WORKSPACE_FILE = "workspace.toml"


class WorkspaceError(ValueError):
    """The workspace cannot be opened as asked (Chinese / English)."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")


def remembered_database(home: Path, asked: str | None) -> str:
    """The workspace's database: the one it was created with (home/workspace.toml), so a later command
    without --db finds it; asking for another one is an error, never a silent empty database."""
    path = home / WORKSPACE_FILE
    default = f"sqlite:///{home / 'brandreview.db'}"
    try:
        known = tomllib.loads(path.read_text(encoding="utf-8")).get("database")
    except FileNotFoundError:
        known = None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkspaceError(f"工作区文件 {path} 无法读取：{exc}", f"cannot read {path}: {exc}") from exc
    if isinstance(known, str) and known:
        if asked and asked != known:
            raise WorkspaceError(f"工作区 {home} 使用的数据库是 {_masked(known)}，不是 {_masked(asked)}；"
                           f"请去掉 --db / BRANDREVIEW_DB，或改用其他工作区",
                           f"the workspace {home} uses the database {_masked(known)}, not {_masked(asked)}; "
                           "drop --db / BRANDREVIEW_DB or use another workspace")
        return known
    chosen = asked or default
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_text("# brandreview workspace: the database this workspace's records live in\n"
                   f"database = {_toml_string(chosen)}\n", encoding="utf-8")
    os.chmod(tmp, 0o600)  # a PostgreSQL URL may hold a password
    os.replace(tmp, path)
    return chosen


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _masked(url: str) -> str:
    head, at, tail = url.rpartition("@")
    if not at or "://" not in head:
        return url
    scheme, _, cred = head.partition("://")
    return f"{scheme}://{cred.split(':', 1)[0]}:***@{tail}" if ":" in cred else url


def dated(folder: Path) -> Path:
    return folder / dt.date.today().isoformat()
