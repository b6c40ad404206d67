"""The campaign by branch: each branch of the roster (pipeline.roster) and each other branch the documents
name, its current application and outcome report paired, whether each arrived after its deadline
(`[deadlines]`), and one status per branch.

Owns the pairing, the deadlines and the per-branch status. Reads stored records only; must not extract or judge
(verdicts come from the checks). Used by the overview page, the 汇总表 and the notices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from checks.check import Organisation
from pipeline.model.config import Config, DeadlineSettings
from pipeline.model.records import DocumentRecord
from pipeline.model.versions import identity
from pipeline.model.vocabulary import zh_branch_status
from pipeline.roster import (  # re-exported: the roster's API is reached through this module too
    RosterEntry,
    RosterError,
    RosterIndex,
    load_roster,
    match_branch,
    name_key,
    roster_path,
    row_key,
    workspace_roster,
)

__all__ = ["BranchRow", "RosterEntry", "RosterError", "RosterIndex", "STATUS_ZH", "by_branch", "deadline",
           "expects_self_check", "is_late", "load_roster", "match_branch", "organisations", "parent_coverage",
           "roster_path", "workspace_roster"]

Status = Literal["missing", "failed", "late", "incomplete", "pending", "warned", "passed"]
STATUS_ZH: dict[Status, str] = {s: zh_branch_status(s) for s in get_args(Status)}


@dataclass
class BranchRow:
    """One branch: its roster entry (None: a name that matches no roster entry, shown all the same), its
    current application and report (None: not submitted), whether each arrived after its deadline."""

    branch: str  # the roster's name, else the name as extracted
    roster: RosterEntry | None
    application: DocumentRecord | None = None
    report: DocumentRecord | None = None
    self_check: DocumentRecord | None = None  # its current 自查报告 (a kind some campaigns ask for beside the form)
    application_late: bool = False
    report_late: bool = False
    self_check_late: bool = False
    names: list[str] = field(default_factory=list)  # the branch names as the documents give them
    others: list[DocumentRecord] = field(default_factory=list)  # further current documents matched to it
    status_code: Status = "missing"

    @property
    def status(self) -> str:
        """The branch's one status, in Chinese."""
        return STATUS_ZH[self.status_code]

    @property
    def application_versions(self) -> int:
        return self.application.versions if self.application else 0

    @property
    def report_versions(self) -> int:
        return self.report.versions if self.report else 0


# --- deadlines ------------------------------------------------------------------------------------------------

def deadline(settings: DeadlineSettings, doc_type: str) -> dt.datetime | None:
    """The deadline of a kind of document, aware, or None when none is set."""
    text = {"application": settings.application, "outcome_report": settings.report,
            "self_check": settings.self_check}.get(doc_type)
    if not text:
        return None
    zone = ZoneInfo(settings.timezone)
    if len(text) == 10:  # a date alone: the end of that day
        day = dt.date.fromisoformat(text)
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone) - dt.timedelta(microseconds=1)
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


def is_late(record: DocumentRecord | None, settings: DeadlineSettings) -> bool:
    """Received after its kind's deadline (a record with no arrival time is never late)."""
    if record is None or record.received_at is None:
        return False
    due = deadline(settings, record.doc_type)
    if due is None:
        return False
    at = record.received_at if record.received_at.tzinfo else record.received_at.replace(tzinfo=dt.UTC)
    return at > due


# --- by branch ------------------------------------------------------------------------------------------------

def _status(row: BranchRow, settings: DeadlineSettings, now: dt.datetime) -> Status:
    docs = [d for d in (row.application, row.report, row.self_check) if d is not None]
    if not docs:
        return "missing"
    verdicts = {d.verdict for d in docs}
    if verdicts & {"failed", "rejected"}:
        return "failed"
    if row.application_late or row.report_late or row.self_check_late:
        return "late"
    if row.application is None:
        return "incomplete"
    if row.report is None:
        due = deadline(settings, "outcome_report")
        return "pending" if due is None or now <= due else "incomplete"
    return "warned" if "warned" in verdicts else "passed"


def _latest(a: DocumentRecord | None, b: DocumentRecord) -> bool:
    """b replaces a as the row's document: it arrived later (or a is None)."""
    if a is None:
        return True
    return ((b.received_at or dt.datetime.min.replace(tzinfo=dt.UTC)).timestamp(), b.id or 0) > \
        ((a.received_at or dt.datetime.min.replace(tzinfo=dt.UTC)).timestamp(), a.id or 0)


def by_branch(records: Iterable[DocumentRecord], roster: Sequence[RosterEntry], config: Config,
              now: dt.datetime | None = None) -> list[BranchRow]:
    """One row per branch: every roster entry (in roster order, submitted or not), then every other branch
    name the current documents give (by name). A document without a branch name joins the row whose document
    has its brand name, else no row. Only current, accepted applications and reports count; of two current
    documents of one kind matched to one branch the later is the row's, the other is in `others`."""
    now = now or dt.datetime.now(dt.UTC)
    rows: dict[str, BranchRow] = {}
    for e in roster:
        rows.setdefault(row_key(e), BranchRow(branch=e.branch, roster=e))
    docs = [r for r in records if r.current and r.status == "ok" and r.duplicate_of is None
            and r.doc_type in ("application", "outcome_report", "self_check")]
    nameless = []
    listed_index = RosterIndex(roster)  # built once: matching each name against every entry grows as n²
    unlisted = RosterIndex()  # the rows off the roster, as entries of their own: added as each row is made
    for rec in docs:
        name = rec.branch_name
        if not name or not name_key(name):
            nameless.append(rec)
            continue
        entry = listed_index.match(name)
        if entry is None:  # names of one branch not on the roster match each other the same way
            entry = unlisted.match(name)
        key = row_key(entry) if entry else name_key(name)
        row = rows.get(key)
        if row is None:
            row = rows[key] = BranchRow(branch=name, roster=None)
            unlisted.add(RosterEntry(branch=name))
        _place(row, rec, name)
    brands = {identity(d.brand_name): row for row in rows.values() for d in (row.application, row.report)
              if d is not None and d.brand_name}
    for rec in nameless:
        if (found := brands.get(identity(rec.brand_name))) is not None:
            _place(found, rec, None)
    listed = [rows.pop(row_key(e)) for e in roster if row_key(e) in rows]
    out = listed + sorted(rows.values(), key=lambda r: r.branch)
    for row in out:
        row.application_late = is_late(row.application, config.deadlines)
        row.report_late = is_late(row.report, config.deadlines)
        row.self_check_late = is_late(row.self_check, config.deadlines)
        row.status_code = _status(row, config.deadlines, now)
    return out


def expects_self_check(config: Config, records: Iterable[DocumentRecord]) -> bool:
    """The campaign expects a 自查报告 of each branch: checks.required_documents.kinds names it, or some current
    document is one. Only then do the overview and 名单覆盖 show a branch's 自查报告."""
    kinds = (config.checks.get("required_documents") or {}).get("kinds") or []
    return "self_check" in kinds or any(r.current and r.doc_type == "self_check" for r in records)


def _place(row: BranchRow, rec: DocumentRecord, name: str | None) -> None:
    if name and name not in row.names:
        row.names.append(name)
    attr = {"application": "application", "self_check": "self_check"}.get(rec.doc_type, "report")
    held = getattr(row, attr)
    if _latest(held, rec):
        if held is not None:
            row.others.append(held)
        setattr(row, attr, rec)
    else:
        row.others.append(rec)


# --- organisations, for the campaign-wide checks ----------------------------------------------------------------

def organisations(documents: Sequence[tuple[int, DocumentRecord]],
                  roster: Sequence[RosterEntry] = ()) -> dict[int, Organisation]:
    """Each current, accepted document's organisation (checks.check.Organisation), matched as by_branch matches
    names: a roster entry, else the other names the documents give (one index grown name by name); a document
    without a branch name is the organisation's whose document has its brand name, else none. Its parent: the
    form's 所属党组织, else the roster's, written as the roster writes it when it names one of the roster's
    parents (RosterIndex over the parents), so '中共机关党委' and '机关党委' are one."""
    listed_index, unlisted = RosterIndex(roster), RosterIndex()
    parents = RosterIndex(RosterEntry(branch=p) for p in dict.fromkeys(e.parent_org for e in roster if e.parent_org))
    docs = [(i, r) for i, r in documents if r.current and r.status == "ok" and r.duplicate_of is None]
    named: dict[str, tuple[str, RosterEntry | None]] = {}  # key → (its name, its roster entry)
    of: dict[int, str] = {}
    nameless: list[tuple[int, DocumentRecord]] = []
    for doc_id, rec in docs:
        name = rec.branch_name
        if not name or not name_key(name):
            nameless.append((doc_id, rec))
            continue
        entry = listed_index.match(name)
        if entry is not None:
            key = row_key(entry)
        elif (other := unlisted.match(name)) is not None:
            key = row_key(other)
        else:
            key = name_key(name)
            unlisted.add(RosterEntry(branch=name))
        named.setdefault(key, (entry.branch if entry else name, entry))
        of[doc_id] = key
    brands = {identity(r.brand_name): of[i] for i, r in docs if i in of and r.brand_name}
    for doc_id, rec in nameless:
        if (found := brands.get(identity(rec.brand_name))) is not None:
            of[doc_id] = found
    out: dict[int, Organisation] = {}
    records = dict(docs)
    for doc_id, key in of.items():
        name, entry = named[key]
        fields = records[doc_id].fields
        parent = (fields.parent_org if fields and fields.parent_org else None) or (entry.parent_org if entry else None)
        if parent:
            listed_parent = parents.match(parent)
            parent = listed_parent.branch if listed_parent else parent
        out[doc_id] = Organisation(key=key, name=name, parent_org=parent, parent_key=name_key(parent or "") or None,
                                   kind=entry.kind if entry else "其他", listed=entry is not None)
    return out


@dataclass
class ParentCoverage:
    """A parent organisation of the roster and how many of its branches submitted (checks.brand_per_parent_org)."""

    parent: str  # as the roster writes it
    listed: int  # its branches on the roster
    submitted: int  # its branches (on the roster or naming it as their 所属党组织) with a current document
    silent: list[str] = field(default_factory=list)  # its roster branches that sent nothing


def parent_coverage(rows: Sequence[BranchRow], minimum: int) -> list[ParentCoverage]:
    """The roster's parent organisations with fewer than `minimum` branches that submitted, in roster order
    (`minimum` 0: none). A branch off the roster counts toward the parent its application names."""
    if minimum <= 0:
        return []
    parents: dict[str, ParentCoverage] = {}
    for row in rows:
        if row.roster is not None and row.roster.parent_org:
            parents.setdefault(row.roster.parent_org, ParentCoverage(row.roster.parent_org, 0, 0))
    index = RosterIndex(RosterEntry(branch=p) for p in parents)
    for row in rows:
        sent = row.application is not None or row.report is not None
        if row.roster is not None:
            if not row.roster.parent_org:
                continue
            cover = parents[row.roster.parent_org]
            cover.listed += 1
            if not sent:
                cover.silent.append(row.branch)
        else:
            fields = row.application.fields if row.application is not None else None
            found = index.match(fields.parent_org) if fields and fields.parent_org else None
            if found is None:
                continue
            cover = parents[found.branch]
        cover.submitted += int(sent)
    return [c for c in parents.values() if c.submitted < minimum]
