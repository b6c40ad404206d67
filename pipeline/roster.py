"""The roster: the branches expected to submit (roster.csv / roster.xlsx in the workspace, or `[roster] path`),
and the matching of a branch name as a document gives it to a roster entry, tolerantly (full and short forms:
'信息学院计算机系教工党支部' ~ '计算机系教工支部'; a name after its parent organisation).

Owns reading the roster file and comparing branch names. Must not read records or judge anything
(pipeline.branches pairs the documents by branch).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pipeline.model.config import Config, ConfigError
from pipeline.model.versions import identity
from pipeline.table_file import read_rows

Kind = Literal["教工", "学生", "其他"]
ROSTER_NAMES = ("roster.xlsx", "roster.csv")  # looked for in the workspace, in this order

# Roster columns: the header as written (compared without white space and brackets) → our name.
COLUMNS: dict[str, tuple[str, ...]] = {
    "branch": ("党支部", "支部", "党支部名称", "支部名称", "党组织名称", "党组织", "支部全称", "branch", "name"),
    "kind": ("类型", "支部类型", "党支部类型", "类别", "kind", "type"),
    "parent_org": ("所属党组织", "所属党委", "所在党委", "上级党组织", "所属党总支", "所在党总支", "所属单位", "学院",
                   "parent_org", "parent"),
    "established": ("成立时间", "成立日期", "建立时间", "established"),
    "secretary": ("书记", "支部书记", "党支部书记", "secretary"),
}
_KINDS: dict[str, Kind] = {"教工": "教工", "教师": "教工", "教职工": "教工", "职工": "教工", "在职": "教工", "机关": "教工",
                           "学生": "学生", "本科生": "学生", "研究生": "学生", "博士生": "学生", "硕士生": "学生"}


class RosterError(ConfigError):
    """The roster file cannot be read, or has no branch column."""


@dataclass(frozen=True)
class RosterEntry:
    branch: str
    kind: Kind = "其他"
    parent_org: str | None = None
    established: str | None = None  # YYYY-MM-DD or YYYY-MM when the cell reads as a date, else as written
    secretary: str | None = None


# --- the roster -----------------------------------------------------------------------------------------------

def _header(text: object) -> str:
    return re.sub(r"[\s\u3000（）()【】\[\]:：*]", "", str(text or "")).lower()


def _date(value: object) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?|\s*月?)", text)
    if not m:
        return text
    y, mo, d = m.group(1), int(m.group(2)), m.group(3)
    return f"{y}-{mo:02d}-{int(d):02d}" if d else f"{y}-{mo:02d}"


def _kind(value: object) -> Kind:
    text = str(value or "").strip()
    for word, kind in _KINDS.items():
        if word in text:
            return kind
    return "其他"


def _rows(path: Path) -> list[list[Any]]:
    return read_rows(path, RosterError, "支部名单")


def _find_header(rows: list[list[Any]], path: Path) -> tuple[int, dict[str, int]]:
    """The header row's index and its columns (our name → index; the first of two same-meaning columns)."""
    wanted = {_header(h): ours for ours, heads in COLUMNS.items() for h in heads}
    for at, row in enumerate(rows):
        columns = {wanted[_header(c)]: i for i, c in reversed(list(enumerate(row))) if _header(c) in wanted}
        if "branch" in columns:
            return at, columns
    raise RosterError(f"{path}: 支部名单没有“党支部”列 / the roster has no branch column (one of "
                      f"{', '.join(COLUMNS['branch'])})")


def load_roster(path: Path) -> list[RosterEntry]:
    """The roster's entries, in file order: the first row naming a branch column is the header; blank rows
    and rows without a branch name are skipped, and a branch listed twice is kept once."""
    rows = _rows(Path(path))
    at, columns = _find_header(rows, path)
    entries: dict[str, RosterEntry] = {}
    for row in rows[at + 1:]:
        def cell(name: str, row: list[Any] = row) -> Any:
            i = columns.get(name)
            return row[i] if i is not None and i < len(row) else None

        branch = str(cell("branch") or "").strip()
        if not branch:
            continue
        text = {k: (str(v).strip() or None) if (v := cell(k)) is not None else None for k in ("parent_org", "secretary")}
        entry = RosterEntry(branch=branch, kind=_kind(cell("kind")), parent_org=text["parent_org"],
                            established=_date(cell("established")), secretary=text["secretary"])
        entries.setdefault(row_key(entry), entry)
    return list(entries.values())


def roster_path(home: Path, config: Config) -> Path | None:
    """The workspace's roster file: `[roster] path` (relative to the workspace), else roster.xlsx or
    roster.csv in it; None when there is none. A configured path that does not exist is an error."""
    if config.roster.path:
        path = Path(config.roster.path)
        path = path if path.is_absolute() else Path(home) / path
        if not path.is_file():
            raise RosterError(f"roster.path: {path} 不存在 / does not exist")
        return path
    return next((Path(home) / n for n in ROSTER_NAMES if (Path(home) / n).is_file()), None)


def workspace_roster(home: Path, config: Config) -> list[RosterEntry]:
    """The workspace's roster entries, or [] when it has no roster."""
    path = roster_path(home, config)
    return load_roster(path) if path is not None else []


# --- matching names -------------------------------------------------------------------------------------------

_ORDINALS = re.compile(r"[0-9一二三四五六七八九十]+")
# What every branch name shares: a short name made only of these (教工支部, 一学生支部) names no branch alone.
_GENERIC = re.compile(r"总支|支部|教工|教职工|教师|学生|研究生|本科生|机关|党|[0-9一二三四五六七八九十]")


def name_key(name: str) -> str:
    """A branch name as compared: punctuation and white space dropped, 中共/第 dropped, 党支部 → 支部."""
    key = identity(name) or ""
    key = re.sub(r"^(中国共产党|中共)", "", key)
    return key.replace("党支部", "支部").replace("党总支", "总支").replace("第", "")


def _entry_keys(entry: RosterEntry) -> list[str]:
    """An entry's names as compared: its own, and with its parent organisation in front ('教工第二支部' of
    信息学院 is '信息学院教工二支部')."""
    own = name_key(entry.branch)
    org = name_key(entry.parent_org or "")
    return [own, org + own] if org and not own.startswith(org) else [own]


def row_key(entry: RosterEntry) -> str:
    """The entry's fullest name as compared: one branch of a roster (two colleges' 学生支部 are two)."""
    return _entry_keys(entry)[-1]


def _distinct(key: str) -> int:
    return len(_GENERIC.sub("", key))


class RosterIndex:
    """Roster entries indexed for matching many names: built once (or entry by entry with `add`), then
    `match(name)` is `match_branch(name, entries)` — the same answer — without comparing the name with every
    entry. The exact names are a dict; of the containment rule, the names this one contains are looked up
    among its substrings, and the names containing it are the names holding its rarest two-character piece
    (an inverted index of character bigrams), each then put to the very test match_branch puts every name to."""

    def __init__(self, entries: Iterable[RosterEntry] = ()) -> None:
        self._first: dict[str, RosterEntry] = {}  # a name as compared → the first entry with it
        self._all: dict[str, list[RosterEntry]] = {}  # a name as compared → every entry with it, in order
        self._digits: dict[str, list[str]] = {}  # a name as compared → its numbers
        self._bigrams: dict[str, list[str]] = {}  # two characters → the names holding them
        self._longest = 0
        self._size = 0
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return self._size

    def add(self, entry: RosterEntry) -> None:
        """Index one more entry (after those already in: the first of two entries with one name wins)."""
        self._size += 1
        for k in _entry_keys(entry):
            self._first.setdefault(k, entry)
            held = self._all.get(k)
            if held is not None:
                held.append(entry)
                continue
            self._all[k] = [entry]
            self._digits[k] = _ORDINALS.findall(k)
            self._longest = max(self._longest, len(k))
            for bigram in {k[i:i + 2] for i in range(len(k) - 1)}:
                self._bigrams.setdefault(bigram, []).append(k)

    def _containing(self, key: str) -> list[str]:
        """The indexed names longer than `key` that contain it."""
        if len(key) < 2 or _distinct(key) < 2:  # key would be the shorter: it could not match anyway
            return []
        postings = [self._bigrams.get(key[i:i + 2]) for i in range(len(key) - 1)]
        if any(p is None for p in postings):
            return []
        rarest = min((p for p in postings if p is not None), key=len)
        return [k for k in rarest if len(k) > len(key) and key in k]

    def _contained(self, key: str) -> list[str]:
        """The indexed names shorter than `key` that it contains."""
        longest = min(self._longest, len(key) - 1)
        found = {key[i:j] for i in range(len(key)) for j in range(i + 1, min(len(key), i + longest) + 1)}
        return [k for k in found if k in self._all]

    def match(self, name: str | None) -> RosterEntry | None:
        """The entry `name` names, exactly as match_branch(name, entries) would find it."""
        key = name_key(name or "")
        if not key or not self._size:
            return None
        same = self._first.get(key)
        if same is not None:
            return same
        digits = _ORDINALS.findall(key)
        near: dict[int, tuple[int, RosterEntry]] = {}  # id(entry) → (its longest matching key, entry)
        for k in (*self._contained(key), *self._containing(key)):
            if (k in key or key in k) and _distinct(min(k, key, key=len)) >= 2 and self._digits[k] == digits:
                for e in self._all[k]:
                    near[id(e)] = max(near.get(id(e), (0, e)), (len(k), e), key=lambda t: t[0])
        return _only_longest(near)


def _only_longest(near: dict[int, tuple[int, RosterEntry]]) -> RosterEntry | None:
    ranked = sorted(near.values(), key=lambda t: -t[0])
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][0] > ranked[1][0]):
        return ranked[0][1]  # the only one, or the only one that long (信息学院计算机系支部 over 计算机系支部)
    return None


def match_branch(name: str | None, roster: Sequence[RosterEntry]) -> RosterEntry | None:
    """The roster entry a branch name names: the same name (alone or after its parent organisation); else the
    only entry whose name contains this one or is contained in it (full vs short forms: '计算机系教工支部' ~
    '信息学院计算机系教工党支部'), the shorter having at least two characters of its own beyond 学生/教工/支部 and
    numbers; else None. Names that differ in a number never match. (To match many names against one roster,
    build a RosterIndex once.)"""
    if not name_key(name or "") or not roster:
        return None
    return RosterIndex(roster).match(name)
