"""品牌历年记录: a document's brand in earlier campaigns and in the imported brand library, for its review page.

An earlier brand is the document's history when it belongs to the same organisation (its branch name matched
to the document's as the roster matches names: pipeline.roster.RosterIndex, its parent organisation in front
when known) and its name is the same (NFKC, white space aside) or scores at least
`checks.similar_brand_name.similar` with the 雷同 matcher (checks.name_similarity). A similar name of another
organisation is never history.

Owns the matching only, as a plain function of the records and the earlier brands given (pipeline.review_page
gathers these once per write of the pages). Must not read files or talk to a database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checks import name_similarity
from pipeline.model import vocabulary as V
from pipeline.model.config import Config, SimilaritySettings
from pipeline.model.records import DocumentRecord
from pipeline.roster import RosterEntry, RosterIndex, row_key

DEFAULT_SIMILAR = 80.0  # when the campaign's configuration has no checks.similar_brand_name.similar


@dataclass(frozen=True)
class EarlierBrand:
    """A brand recorded before this campaign: a stored document of another campaign, or an imported library
    brand (document_id None)."""

    brand_name: str
    branch_name: str | None
    year: int | None = None
    campaign: str | None = None  # the other campaign's id (a stored document)
    source: str | None = None  # 来源 of a library brand, as imported
    parent_org: str | None = None
    file: str | None = None  # the document's file, or the file the library brand was imported from
    doc_type: str | None = None
    document_id: int | None = None
    href: str | None = None  # the other campaign's page of the document, when it has one


@dataclass(frozen=True)
class HistoryRow:
    """One row of 品牌历年记录 as the page shows it."""

    when: str  # 年份/活动
    branch: str
    brand: str
    source: str
    href: str | None
    score: float
    same_name: bool
    sort: tuple[int, str, str]


def compact(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def similar_cutoff(config: Config) -> float:
    value = config.checks.get("similar_brand_name", {}).get("similar")
    return float(value) if isinstance(value, int | float) else DEFAULT_SIMILAR


def _row(item: EarlierBrand, score: float, same_name: bool) -> HistoryRow:
    year = f"{item.year} 年" if item.year else ""
    if item.document_id is not None:
        label = item.campaign or ""
        when_ = f"{year}（{label}）" if year and label and label != str(item.year) else (year or label or V.EMPTY)
        kind = V.zh_doc_type(item.doc_type) if item.doc_type else "材料"
        source = f"往届{kind}（{item.file}）" if item.file else f"往届{kind}"
    else:
        when_ = "　".join(t for t in (year, item.source or "") if t) or "年份不详"
        source = f"品牌库（{item.file}）" if item.file else "品牌库"
    return HistoryRow(when=when_, branch=item.branch_name or V.EMPTY, brand=item.brand_name, source=source,
                      href=item.href, score=score, same_name=same_name,
                      sort=(item.year or 0, item.campaign or item.source or "", item.brand_name))


def _queries(entry: RosterEntry) -> list[str]:
    """An organisation's names to look up, fullest first: with its parent organisation in front, then alone."""
    parent, branch = entry.parent_org, entry.branch
    fuller = [parent + branch] if parent and not compact(branch).startswith(compact(parent)) else []
    return [*fuller, branch]


def _lookup(index: RosterIndex, entry: RosterEntry) -> str | None:
    for query in _queries(entry):
        match = index.match(query)
        if match is not None:
            return row_key(match)
    return None


def _organisations(earlier: Sequence[EarlierBrand]) -> tuple[dict[str, list[EarlierBrand]], dict[str, RosterEntry]]:
    """The earlier brands by organisation (its fullest branch name as compared) and one entry for each."""
    groups: dict[str, list[EarlierBrand]] = {}
    entries: dict[str, RosterEntry] = {}
    for item in earlier:
        if not item.branch_name or not item.brand_name:
            continue
        entry = RosterEntry(branch=item.branch_name, parent_org=item.parent_org)
        key = row_key(entry)
        if key:
            groups.setdefault(key, []).append(item)
            entries.setdefault(key, entry)
    return groups, entries


def brand_history(records: Iterable[DocumentRecord], earlier: Sequence[EarlierBrand], settings: SimilaritySettings,
                  similar: float) -> dict[int, list[HistoryRow]]:
    """Document id → its history rows, oldest first, for the current records with a brand and a branch name;
    documents without history are left out.

    Organisations are matched both ways, as the roster matches names (RosterIndex): each of this campaign's
    branches looked up among the earlier organisations, and each earlier organisation among this campaign's
    branches (so an earlier full name and an earlier short name both reach the branch). Each lookup is one
    index query, each distinct name once, and only the brands of a document's own organisation are scored: linear
    in the records and the earlier brands."""
    groups, earlier_entries = _organisations(earlier)
    out: dict[int, list[HistoryRow]] = {}
    if not groups:
        return out
    docs: list[tuple[DocumentRecord, str]] = []
    current: dict[str, RosterEntry] = {}
    for rec in records:
        if not rec.current or rec.id is None or not rec.brand_name or not rec.branch_name:
            continue
        entry = RosterEntry(branch=rec.branch_name, parent_org=rec.fields.parent_org if rec.fields else None)
        key = row_key(entry)
        if key:
            docs.append((rec, key))
            current.setdefault(key, entry)
    if not docs:
        return out
    earlier_index = RosterIndex(earlier_entries.values())
    current_index = RosterIndex(current.values())
    linked: dict[str, list[str]] = {key: [] for key in current}  # this campaign's branch → earlier organisations
    for key, entry in current.items():
        found = _lookup(earlier_index, entry)
        if found is not None:
            linked[key].append(found)
    for key, entry in earlier_entries.items():
        found = _lookup(current_index, entry)
        if found is not None and key not in linked[found]:
            linked[found].append(key)
    scores: dict[tuple[str, str], float] = {}
    for rec, key in docs:
        brand = rec.brand_name or ""
        mine = compact(brand)
        rows = []
        for item in (i for g in linked[key] for i in groups[g]):
            same = compact(item.brand_name) == mine
            pair = (brand, item.brand_name)
            if not same and pair not in scores:
                scores[pair] = name_similarity.score(brand, item.brand_name, settings)
            score = 100.0 if same else scores[pair]
            if same or score >= similar:
                rows.append(_row(item, score, same))
        if rows and rec.id is not None:
            out[rec.id] = sorted(rows, key=lambda r: r.sort)
    return out
