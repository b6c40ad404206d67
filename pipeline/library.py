"""The brand library (党建品牌资源库): every brand ever recorded — the brands of earlier years imported from a
spreadsheet (.xlsx, or .csv in UTF-8 or GBK) and every brand name stored from a campaign's documents — read,
imported, exported and searched with the 雷同 matcher (checks.name_similarity) through a candidate index.

Owns reading and checking the import file, the brands' identity (what makes a row the same brand twice), the
export's columns and the search index. Must not judge a document: the campaign step hands the imported brands
to checks.similar_brand_name as earlier names (`earlier_names`), which decides what a similar name means.

The index. A name's comparison key (name_similarity.prepare: stock words dropped or weighed down, distinctive
characters weighed up, Han characters replaced by their toneless syllable, so homophones are one symbol) is a
string; fuzz.ratio of two keys is 200·LCS / (len a + len b), and the LCS is at most the number of symbols the
two keys share (a multiset intersection, the same for the key and its sorted-token variant). The index keeps,
per symbol, which keys hold it how many times (numpy arrays), so a query adds up the shared symbols of every key
at once and scores with the real matcher only the keys whose bound reaches the cut-off. The bound never
discards a key that could reach it: the ranking is the one a comparison with every name gives.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from checks import name_similarity
from pipeline.model.config import ConfigError, SimilaritySettings
from pipeline.model.names import LibraryBrand, NameRow
from pipeline.roster import _header
from pipeline.store import Store
from pipeline.summary_rows import FORMULA_STARTS, neutralise
from pipeline.table_file import read_rows

# Import columns: the header as written (compared without white space and brackets) → our field.
COLUMNS: dict[str, tuple[str, ...]] = {
    "brand_name": ("品牌名称", "党建品牌名称", "党建品牌", "品牌", "品牌名", "支部品牌", "brand", "brand_name"),
    "branch_name": ("党支部", "支部", "党支部名称", "支部名称", "党组织名称", "党组织", "申报单位", "创建单位", "单位",
                    "branch", "branch_name"),
    "year": ("年份", "年度", "创建年份", "创建年度", "立项年份", "年", "year"),
    "source": ("来源", "活动", "活动名称", "批次", "类别", "项目类别", "source", "campaign"),
    "parent_org": ("所属党组织", "所属党委", "所在党委", "上级党组织", "所属党总支", "所在党总支", "所属单位", "学院",
                   "parent_org", "parent"),
    "note": ("备注", "说明", "note", "notes"),
}
HEADERS_ZH = {"brand_name": "品牌名称", "branch_name": "党支部", "year": "年份", "source": "来源",
              "parent_org": "所属党组织", "note": "备注"}  # the export's columns, in this order
HEADER_ROWS = 20  # the header is looked for in the first rows only
MAX_ROWS = 500_000  # rows of one import file
MAX_NAME = 100  # characters of a brand name
MAX_TEXT = 500  # characters of any other cell
YEARS = (1921, 2100)
SEARCH_CUTOFF = 60.0  # `library search`: names scoring at least this are listed
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_YEAR = re.compile(r"((?:19|20)\d{2})")


class LibraryError(ConfigError):
    """The import file cannot be read, or has no brand-name column."""


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (1 = the first row)
    zh: str
    en: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.zh} / row {self.row}: {self.en}"


@dataclass
class ImportReport:
    file: str
    rows: int = 0  # data rows read (blank rows not counted)
    added: int = 0
    known: int = 0  # rows already in the library (or twice in the file)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One brand of the library: imported (`library_id`) or a stored document's (`document_id`)."""

    brand_name: str
    branch_name: str | None
    year: int | None
    source: str | None
    parent_org: str | None = None
    note: str | None = None
    library_id: int | None = None
    document_id: int | None = None
    file: str | None = None  # the document's file, or the file the brand was imported from


# ------------------------------------------------------------------------------------------------ import


def read_brands(path: Path) -> tuple[list[tuple[int, LibraryBrand]], list[RowError], int]:
    """The file's brands with their row numbers, the rows that could not be taken, and how many data rows
    there were. The first row (of the first HEADER_ROWS) naming a brand-name column is the header."""
    path = Path(path)
    rows = _rows(path)
    at, columns = _find_header(rows, path)
    brands: list[tuple[int, LibraryBrand]] = []
    errors: list[RowError] = []
    count = 0
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        cells = {name: _text(row[i]) if i < len(row) else None for name, i in columns.items()}
        if not any(cells.values()) and not any(_text(v) for v in row):
            continue
        count += 1
        if count > MAX_ROWS:
            errors.append(RowError(number, f"超过 {MAX_ROWS} 行，其余各行未导入",
                                   f"more than {MAX_ROWS} rows, the rest were not imported"))
            break
        problem = _row_problem(row, columns, cells)
        if problem:
            errors.append(RowError(number, *problem))
            continue
        brands.append((number, LibraryBrand(
            brand_name=cells["brand_name"] or "", branch_name=cells.get("branch_name"),
            year=_year(row[columns["year"]]) if "year" in columns and columns["year"] < len(row) else None,
            source=cells.get("source"), parent_org=cells.get("parent_org"), note=cells.get("note"),
            imported_from=path.name)))
    return brands, errors, count


def import_file(store: Store, path: Path) -> ImportReport:
    """Read the file and add its brands that the library does not hold yet; bad rows are reported, not added."""
    brands, errors, count = read_brands(path)
    added = store.add_library([(brand_key(b), b) for _, b in brands])
    return ImportReport(file=Path(path).name, rows=count, added=added, known=len(brands) - added, errors=errors)


def brand_key(brand: LibraryBrand) -> str:
    """What makes two rows one brand: name, branch, year, source and parent organisation, compared after NFKC
    without white space (the note and the file it came from aside)."""
    parts = [brand.brand_name, brand.branch_name, brand.year, brand.source, brand.parent_org]
    text = "\x1f".join("" if p is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(p))) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def _rows(path: Path) -> list[list[Any]]:
    return read_rows(path, LibraryError, "品牌表", max_rows=MAX_ROWS + HEADER_ROWS + 1, csv_suffixes=(".csv", ".txt"))


def _find_header(rows: list[list[Any]], path: Path) -> tuple[int, dict[str, int]]:
    """The header row's index and its columns (our field → index; the first of two same-meaning columns)."""
    wanted = {_header(h): ours for ours, heads in COLUMNS.items() for h in heads}
    for at, row in enumerate(rows[:HEADER_ROWS]):
        columns = {wanted[_header(c)]: i for i, c in reversed(list(enumerate(row))) if _header(c) in wanted}
        if "brand_name" in columns:
            return at, columns
    raise LibraryError(f"{path}: 品牌表没有“品牌名称”列 / the file has no brand-name column (one of "
                       f"{', '.join(COLUMNS['brand_name'])})")


def _text(value: object) -> str | None:
    """A cell as text: NFC, control characters removed, white space collapsed, an export's apostrophe before
    formula-looking text taken off again; None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()[:10]
    text = re.sub(r"\s+", " ", _CONTROL.sub("", unicodedata.normalize("NFC", str(value)))).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # neutralised by an export (summary_rows.neutralise): the text as it was
    return text or None


def _year(value: object) -> int | None:
    """2021, 2021.0, '2021', '2021年', '2021年度', '2021-2022' (its first year), a date → the year."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.year
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not float(value).is_integer():
            raise ValueError(value)
        year = int(value)
    else:
        m = _YEAR.search(unicodedata.normalize("NFKC", str(value)))
        if not m:
            raise ValueError(value)
        year = int(m.group(1))
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(value)
    return year


def _row_problem(row: list[Any], columns: dict[str, int], cells: dict[str, str | None]) -> tuple[str, str] | None:
    name = cells.get("brand_name")
    if not name:
        return "缺少品牌名称", "no brand name"
    if len(name) > MAX_NAME:
        return f"品牌名称超过 {MAX_NAME} 字", f"the brand name is longer than {MAX_NAME} characters"
    if not any(unicodedata.category(ch)[0] in "LN" for ch in unicodedata.normalize("NFKC", name)):
        return "品牌名称没有文字", "the brand name has no letters or digits"
    for field_name, text in cells.items():
        if text and len(text) > MAX_TEXT:
            return (f"“{HEADERS_ZH[field_name]}”超过 {MAX_TEXT} 字",
                    f"{field_name} is longer than {MAX_TEXT} characters")
    i = columns.get("year")
    if i is not None and i < len(row):
        try:
            _year(row[i])
        except ValueError:
            return (f"年份“{cells.get('year')}”无法识别（应为 {YEARS[0]}–{YEARS[1]} 之间的年份）",
                    f"the year '{cells.get('year')}' is not a year between {YEARS[0]} and {YEARS[1]}")
    return None


# ------------------------------------------------------------------------------------------------ the library


def entries(store: Store) -> list[Entry]:
    """The whole library: the imported brands, then every accepted document's brand name of every campaign
    (a brand recorded twice with the same name, branch, year and source is listed once)."""
    out: list[Entry] = []
    seen: set[tuple[str | None, str | None, int | None, str | None]] = set()

    def add(entry: Entry) -> None:
        key = (_compact(entry.brand_name), _compact(entry.branch_name), entry.year, _compact(entry.source))
        if key not in seen:
            seen.add(key)
            out.append(entry)

    for b in store.library():
        add(Entry(brand_name=b.brand_name, branch_name=b.branch_name, year=b.year, source=b.source,
                  parent_org=b.parent_org, note=b.note, library_id=b.id, file=b.imported_from))
    for n in store.names():
        add(Entry(brand_name=n.brand_name, branch_name=n.branch_name, year=campaign_year(n.campaign),
                  source=n.campaign, document_id=n.id, file=n.file))
    return out


def earlier_names(store: Store, campaign: str) -> list[NameRow]:
    """The imported brands as earlier names for the campaign's similar-name check: ids below zero (no
    document's), the file shown is where the brand came from. A brand whose source is this campaign (an
    export of the library imported again) is left out: it is this campaign's own document."""
    own = _compact(campaign)
    return [NameRow(id=-(b.id or 0), file=b.source or b.imported_from or "品牌库", brand_name=b.brand_name,
                    branch_name=b.branch_name, campaign=f"品牌库 {b.year}" if b.year else "品牌库")
            for b in store.library() if _compact(b.source) != own]


def campaign_year(campaign: str) -> int | None:
    m = _YEAR.search(campaign)
    return int(m.group(1)) if m else None


def _compact(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# ------------------------------------------------------------------------------------------------ export


def export_rows(items: Iterable[Entry]) -> list[list[Any]]:
    """The export's rows: the Chinese header, then one row per brand, formula-looking text neutralised."""
    rows: list[list[Any]] = [list(HEADERS_ZH.values())]
    for e in items:
        rows.append([neutralise(v) for v in (e.brand_name, e.branch_name, e.year, e.source, e.parent_org, e.note)])
    return rows


def to_csv(items: Iterable[Entry]) -> str:
    """UTF-8 CSV with a BOM (spreadsheet programs then show the Chinese)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(["" if v is None else v for v in row] for row in export_rows(items))
    return "\ufeff" + buffer.getvalue()


def to_xlsx(items: Iterable[Entry]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "品牌库"
    for row in export_rows(items):
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for column, width in zip("ABCDEF", (30, 30, 8, 24, 24, 30), strict=True):
        ws.column_dimensions[column].width = width
    for cells in ws.iter_rows(min_row=2, min_col=1, max_col=6):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_file(store: Store, path: Path) -> int:
    """Write the library to `path` (.xlsx, else CSV); returns the number of brands."""
    items = entries(store)
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        Path(path).write_bytes(to_xlsx(items))
    else:
        Path(path).write_text(to_csv(items), encoding="utf-8")
    return len(items)


# ------------------------------------------------------------------------------------------------ search


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


class Index:
    """The library's names prepared once, and per symbol of their keys the keys that hold it (see above).

    With `cache` (a folder: the workspace's .library-index/), each name's key is kept on disk, in a file per
    similarity settings and matcher version, and only names not found there are prepared (the slow part:
    ~5 s for 100,000 names); the file is rewritten with the current names when some were new."""

    def __init__(self, items: Sequence[Entry], settings: SimilaritySettings, cache: Path | None = None):
        self.entries = tuple(items)
        self.settings = settings
        names = [e.brand_name for e in self.entries]
        self.prepared = name_similarity.prepare(names, settings) if cache is None else \
            _prepare_cached(names, settings, Path(cache))
        keys = self.prepared.keys
        self.lengths = np.fromiter((len(k[0]) for k in keys), dtype=np.int32, count=len(keys))
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for slot, key in enumerate(keys):
            for symbol, times in Counter(key[0]).items():
                ids, counts = postings.setdefault(symbol, ([], []))
                ids.append(slot)
                counts.append(times)
        self.postings = {s: (np.asarray(ids, dtype=np.int32), np.asarray(counts, dtype=np.int32))
                         for s, (ids, counts) in postings.items()}

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, key: tuple[str, str], cutoff: float) -> np.ndarray:
        """The slots whose keys could score at least `cutoff` against `key` (by the shared-symbol bound)."""
        shared = np.zeros(len(self.lengths), dtype=np.int32)
        for symbol, times in Counter(key[0]).items():
            posting = self.postings.get(symbol)
            if posting is not None:
                ids, counts = posting
                shared[ids] += np.minimum(counts, times)
        bound = 200.0 * shared - cutoff * (self.lengths + len(key[0]))
        return np.flatnonzero(bound >= -1e-6)

    def search(self, text: str, limit: int | None = 20, cutoff: float = SEARCH_CUTOFF) -> list[Hit]:
        """The library's names scoring at least `cutoff` against `text`, best first (then by name)."""
        query = name_similarity.prepare([text], self.settings)
        if query.slots[0] < 0:
            return []
        slots = self.candidates(query.keys[0], cutoff).tolist()
        return self._ranked(query, slots, cutoff, limit)

    def search_all(self, text: str, limit: int | None = 20, cutoff: float = SEARCH_CUTOFF) -> list[Hit]:
        """The same answer by comparing `text` with every name (what the index is measured against)."""
        query = name_similarity.prepare([text], self.settings)
        if query.slots[0] < 0:
            return []
        return self._ranked(query, list(range(len(self.prepared.keys))), cutoff, limit)

    def _ranked(self, query: name_similarity.PreparedNames, slots: list[int], cutoff: float,
                limit: int | None) -> list[Hit]:
        keys, groups = self.prepared.keys, self.prepared.groups
        subset = name_similarity.PreparedNames(
            names=tuple(self.entries[groups[s][0]].brand_name for s in slots), slots=tuple(range(len(slots))),
            keys=tuple(keys[s] for s in slots), groups=tuple((i,) for i in range(len(slots))),
            words=self.prepared.words)
        hits = [Hit(self.entries[i], pair.score)
                for pair in name_similarity.similar_pairs(query, subset, self.settings, cutoff)
                for i in groups[slots[pair.right]]]
        written = _compact(query.names[0] or "")
        hits.sort(key=lambda h: (-h.score, _compact(h.entry.brand_name) != written, h.entry.brand_name,
                                 -(h.entry.year or 0), h.entry.branch_name or ""))
        return hits if limit is None else hits[:limit]


# ------------------------------------------------------------------------------------------------ the key cache

Key = tuple[str, str]


def _prepare_cached(names: list[str], settings: SimilaritySettings, folder: Path) -> name_similarity.PreparedNames:
    """name_similarity.prepare(names, settings), with the keys of names seen before read from the cache."""
    words = name_similarity.prepare([], settings).words
    path = folder / f"keys-{_cache_version(words)}.json"
    known = _read_cache(path)
    missing = [n for n in dict.fromkeys(names) if n not in known]
    if missing:
        fresh = name_similarity.prepare(missing, settings)
        known.update((n, fresh.keys[slot] if slot >= 0 else None) for n, slot in zip(missing, fresh.slots, strict=True))
    slots: list[int] = []
    index: dict[Key, int] = {}
    groups: list[list[int]] = []
    for i, name in enumerate(names):
        key = known[name]
        if key is None:
            slots.append(-1)
            continue
        slot = index.setdefault(key, len(index))
        if slot == len(groups):
            groups.append([])
        groups[slot].append(i)
        slots.append(slot)
    if missing:
        _write_cache(path, {n: known[n] for n in dict.fromkeys(names)})
    return name_similarity.PreparedNames(names=tuple(names), slots=tuple(slots), keys=tuple(index),
                                         groups=tuple(map(tuple, groups)), words=words)


def _cache_version(words: object) -> str:
    """The similarity settings and the matcher's code: a key made under others is another key."""
    source = Path(name_similarity.__file__).read_bytes()
    return hashlib.sha256(repr(words).encode() + b"\0" + source).hexdigest()[:16]


def _read_cache(path: Path) -> dict[str, Key | None]:
    """The cached keys in this process's pinyin codes; {} when there is no usable cache file."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        syllables: list[str] = data["syllables"]
        table = str.maketrans({chr(0xE000 + i): name_similarity.sound_code(s) for i, s in enumerate(syllables)})
        return {name: (key[0].translate(table), key[1].translate(table)) if key else None
                for name, key in data["keys"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}  # missing, from an older version, or damaged: made again


def _write_cache(path: Path, keys: dict[str, Key | None]) -> None:
    """The keys with this process's codes written as the cache's own (0xE000 + the syllable's position)."""
    import json
    import os

    syllables = name_similarity.sound_syllables()
    order = sorted(syllables)
    table = str.maketrans({code: chr(0xE000 + i) for i, code in enumerate(order)})
    data = {"syllables": [syllables[c] for c in order],
            "keys": {n: [k[0].translate(table), k[1].translate(table)] if k else None for n, k in keys.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        for old in path.parent.glob("keys-*.json"):
            if old != path:
                old.unlink(missing_ok=True)  # made under other settings or another matcher
    except OSError:
        pass  # a cache that cannot be written costs time, never an answer
