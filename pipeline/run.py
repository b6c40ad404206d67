"""One pass over an inbox: intake → extraction → checks → storage → similar names → reports.

Owns the order of the stages (run_stages: the plain engine and the Prefect flow both follow it) and what each
stage does with a batch. Judging one document, with the per-document error boundary, is pipeline.judge.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from checks.registry import validate_config
from extractors.registry import extraction_key, read_all
from pipeline import ingest
from pipeline.campaign import run_campaign
from pipeline.claims import Claims, Seen
from pipeline.commit import Arrival, commit, recover
from pipeline.ingest import InboxEntry
from pipeline.judge import guarded, judge, rejected_record
from pipeline.model import progress
from pipeline.model.config import Config, load_config, ruleset_of
from pipeline.model.errors import BadInput
from pipeline.model.records import DocumentRecord, Submission
from pipeline.nightly import (
    campaign_inputs,
    made_lock,
    read_made,
    record_made,
    rejudge,
    report_inputs,
    reports_present,
)
from pipeline.reextract import reextract
from pipeline.roster import RosterError, workspace_roster
from pipeline.store import Store
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class PassSummary:
    documents: int = 0  # in the campaign, after this pass
    new: int = 0  # arrivals recorded by this pass
    passed: int = 0
    warned: int = 0
    failed: int = 0
    rejected: int = 0
    duplicates: int = 0
    unknown: int = 0  # needs_review: not recognised as a form or a report, never passed or failed
    attached: int = 0  # picture files counted toward the report they came with
    similar_pairs: int = 0
    waiting: int = 0  # inbox files still being written: left for the next pass
    rejudged: int = 0  # nightly: documents checked again under changed rules
    earlier_versions: int = 0  # resubmitted documents a later version replaced (kept in the history)
    reports: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    pass_id: int | None = None  # the pass in the store (its new records: Store.records_with_ids(pass_id=…))

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int) and k != "pass_id"}


def prepare(ws: Workspace) -> tuple[Config, dict[str, Any]]:
    """Load and validate every setting before any document is read."""
    config = load_config(ws.config_path)
    return config, validate_config(config)


@dataclass
class Plan:
    arrivals: list[Arrival]
    waiting: int  # entries still being written, left for a later pass


def plan(ws: Workspace, config: Config) -> Plan:
    """The inbox entries to take in now: settled ones (see `settled`), and from a mirrored --inbox only
    those not taken in before with the same size and modification time."""
    listed = ingest.list_inbox(ws.inbox, config.intake)
    entries = settled(listed, config.intake.settle_seconds)
    waiting = len(listed) - len(entries)
    if not ws.own_inbox:
        with _store(ws) as store:
            seen = Claims(store).latest_done(source_of(ws))
        entries = [e for e in entries if seen.get(e.name) != (e.size, e.mtime_ns)]
    return Plan([Arrival(entry=e) for e in entries], waiting)


def source_of(ws: Workspace) -> str:
    return str(ws.inbox)


def settled(entries: list[InboxEntry], settle_seconds: float) -> list[InboxEntry]:
    """Entries whose size and modification time have not changed for `settle_seconds`: older ones at once;
    for newer ones (or ones dated in the future) wait out the rest of the time once and look again. What is
    still changing is left in the inbox (logged) for a later pass."""
    now = time.time_ns()
    wait_ns = int(settle_seconds * 1e9)
    young = [e for e in entries if e.kind == "file" and now - e.mtime_ns < wait_ns]
    if not young:
        return entries
    remaining = max(min(wait_ns - (now - e.mtime_ns), wait_ns) for e in young)
    time.sleep(max(remaining, 0) / 1e9)
    changed: set[str] = set()
    for e in young:
        try:
            info = os.lstat(e.path)
        except FileNotFoundError:
            changed.add(e.name)
            continue
        if (info.st_size, info.st_mtime_ns, info.st_ino) != (e.size, e.mtime_ns, e.inode):
            changed.add(e.name)
            log.info("%s is still being written: left for the next pass", e.name)
    return [e for e in entries if e.name not in changed]


def process(arrivals: list[Arrival], config: Config, params: dict[str, Any], store: Store | None) -> list[Arrival]:
    """Read, extract and check a batch. Identical bytes are extracted once: later arrivals (in this batch or
    already stored) copy the first one's results and are marked duplicate_of it. Formats whose reader
    batches (legacy .doc/.wps through LibreOffice) are read together. An entry that changed while it was
    read, or vanished, gets `skip` set and no records (it is taken in by a later pass, or was never ours)."""
    slots: list[tuple[Arrival, Submission]] = []
    for arrival in arrivals:
        subs = _read(arrival, config)
        if isinstance(subs, DocumentRecord):
            arrival.records, arrival.payloads = [subs], [None]
        elif subs is not None:
            slots.extend((arrival, sub) for sub in subs)

    shas = sorted({sub.sha256 for _, sub in slots if sub.size > 0})
    stored = _stored_records(store, store.first_by_sha(config.campaign.id, shas) if store else {})
    firsts: dict[str, int] = {}
    for n, (_, sub) in enumerate(slots):
        if sub.size > 0 and sub.sha256 not in stored:
            firsts.setdefault(sub.sha256, n)
    to_read = sorted(set(firsts.values()) | {n for n, (_, sub) in enumerate(slots) if sub.size == 0})
    layouts = dict(zip(to_read, read_all([slots[n][1] for n in to_read], config), strict=True))

    judged: dict[int, DocumentRecord] = {}
    for n, (arrival, sub) in enumerate(slots):
        if n in layouts:
            rec = judged[n] = guarded(sub, sub.file, partial(judge, sub, config, params, layouts.pop(n)))
        else:
            rec = guarded(sub, sub.file, partial(_duplicate_of_first, sub, stored, judged, firsts))
        arrival.records.append(rec)
        arrival.payloads.append(sub.data if sub.origin and sub.origin.container else None)
    seen = dt.datetime.now(dt.UTC)
    for arrival in arrivals:
        for rec in arrival.records:
            rec.received_at = received_at(rec, seen)
    return arrivals


def received_at(rec: DocumentRecord, seen: dt.datetime) -> dt.datetime:
    """A mail's attachments arrived when the mail was sent (its Date header, when it parses and is not in
    the future); anything else when brandreview first saw it (a copied file's modification time is often
    its author's, not its arrival's)."""
    raw = rec.origin.mail_date if rec.origin else None
    if raw:
        try:
            when = dt.datetime.fromisoformat(raw)  # pipeline.mail_headers writes the Date header in ISO form
        except ValueError:
            return seen
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        if when <= seen + dt.timedelta(minutes=10):
            return when.astimezone(dt.UTC)
    return seen


def _read(arrival: Arrival, config: Config) -> list[Submission] | DocumentRecord | None:
    """The submissions in one entry, the record of why there are none, or None when it changed or vanished
    since it was listed (arrival.skip says which)."""
    entry = arrival.entry
    refused = ingest.refusal(entry)
    if refused is not None:
        return rejected_record(None, entry.name, refused)
    try:
        data, after = ingest.read_bounded(entry.path, config.intake)
    except FileNotFoundError:
        arrival.skip = "vanished"
        return None
    except BadInput as exc:
        return rejected_record(None, entry.name, exc)
    if (after.st_size, after.st_mtime_ns, after.st_ino) != (entry.size, entry.mtime_ns, entry.inode):
        arrival.skip = "changed while being read"
        return None
    arrival.data = data
    subs: list[Submission] = []

    def unpack() -> DocumentRecord:
        subs.extend(ingest.submissions_from_bytes(data, entry.name, config.intake, source_path=str(entry.path)))
        return DocumentRecord(file=entry.name, sha256="")

    record = guarded(None, entry.name, unpack)
    return subs if record.status == "ok" else record


def batches(arrivals: list[Arrival], max_docs: int = BATCH, max_bytes: int = 256 * 2**20) -> list[list[Arrival]]:
    """Consecutive groups of at most `max_docs` files and about `max_bytes` on disk (bounded memory)."""
    out: list[list[Arrival]] = []
    current: list[Arrival] = []
    size = 0
    for arrival in arrivals:
        n = arrival.entry.size
        if current and (len(current) >= max_docs or size + n > max_bytes):
            out.append(current)
            current, size = [], 0
        current.append(arrival)
        size += n
    if current:
        out.append(current)
    return out


def _stored_records(store: Store | None, known: dict[str, tuple[int, str]]) -> dict[str, DocumentRecord]:
    if not store or not known:
        return {}
    wanted = {doc_id for doc_id, _ in known.values()}
    by_id = dict(store.records_by_ids(sorted(wanted)))
    return {sha: by_id[doc_id] for sha, (doc_id, _) in known.items() if doc_id in by_id}


def _duplicate_of_first(sub: Submission, stored: dict[str, DocumentRecord], judged: dict[int, DocumentRecord],
                        firsts: dict[str, int]) -> DocumentRecord:
    return _duplicate(sub, stored.get(sub.sha256) or judged[firsts[sub.sha256]])


def _duplicate(sub: Submission, original: DocumentRecord) -> DocumentRecord:
    rec = original.model_copy(deep=True)
    rec.file, rec.origin, rec.duplicate_of = sub.file, sub.origin, original.file
    rec.notes = [*sub.notes, f"与 {original.file} 内容完全相同 / identical bytes to {original.file}"]
    rec.similar = []
    return rec


def summarize(records: list[DocumentRecord], similar_pairs: int, new: int) -> PassSummary:
    """Counts over the current records (each resubmission counted once, as its latest version)."""
    verdicts = Counter(r.verdict for r in records)
    return PassSummary(
        documents=len(records), new=new, passed=verdicts["passed"], warned=verdicts["warned"], failed=verdicts["failed"],
        rejected=verdicts["rejected"], duplicates=sum(1 for r in records if r.duplicate_of),
        unknown=verdicts["needs_review"], attached=verdicts["attached"],
        similar_pairs=similar_pairs, earlier_versions=sum(r.versions - 1 for r in records if r.version))


_PASS_ONLY = ("new", "waiting", "rejudged")  # counts of one pass, not of the campaign


def finalize(store: Store, ws: Workspace, config: Config, pairs: int, pass_id: int, new: int) -> PassSummary:
    """Summary (over the current records) and reports (loaded once), and the pass closed. When nothing the
    reports follow from changed since a pass wrote them (pipeline.nightly.report_inputs), they are kept, and
    so are the counts that pass wrote down: no record is loaded."""
    from pipeline.exports import write_reports

    with made_lock(ws):
        made = read_made(ws)
        inputs = report_inputs(ws, config, campaign_inputs(store, config, ws.home), made)
        done = made.get("reports") or {}
        kept = done.get("counts") if done.get("inputs") == inputs and reports_present(ws) else None
        if isinstance(kept, dict):
            summary = PassSummary()
            for key, value in kept.items():
                if key in PassSummary.__dataclass_fields__ and key not in _PASS_ONLY and isinstance(value, int):
                    setattr(summary, key, value)
            summary.reports = ws.reports
            log.info("reports: nothing changed since they were written: kept")
        else:
            records = store.records(config.campaign.id)
            summary = summarize([r for r in records if r.current], pairs, new)
            summary.reports = write_reports(records, ws, config)
            record_made(ws, "reports", {"inputs": inputs, "counts": summary.as_dict()})
    summary.new, summary.similar_pairs, summary.pass_id = new, pairs, pass_id
    store.finish_pass(pass_id, summary.as_dict())
    return summary


def start_pass(ws: Workspace, config: Config) -> int:
    """Repair what a killed process left, then open the pass in the database; its id."""
    with _store(ws) as store:
        recover(ws, store, Claims(store))
        return store.start_pass(config.campaign.id, str(ws.inbox), "intake", ruleset_of(config))


def start_nightly(ws: Workspace, config: Config) -> int:
    with _store(ws) as store:
        recover(ws, store, Claims(store))
        return store.start_pass(config.campaign.id, "nightly", "nightly", ruleset_of(config))


def rejudge_step(ws: Workspace, config: Config, params: dict[str, Any]) -> int:
    """Every current document extracted under another extractor or settings read again from its archived
    copy (pipeline.reextract), then every one judged under other rules checked again; how many in all."""
    with _store(ws) as store:
        return reextract(store, config, params) + rejudge(store, config, params)


def intake_batch(batch: list[Arrival], ws: Workspace, config: Config, params: dict[str, Any], pass_id: int) -> int:
    """Claim, read, judge, place and store one batch of arrivals; the number of records stored. Entries
    another process holds are left to it."""
    with _store(ws) as store:
        claims = Claims(store)
        got = claims.claim(source_of(ws), [Seen(a.name, a.entry.size, a.entry.mtime_ns, a.entry.inode)
                                           for a in batch], pass_id)
        mine = [a for a in batch if a.name in got]
        for arrival in mine:
            arrival.claim = got[arrival.name]
        process(mine, config, params, store)
        for reason in sorted({a.skip for a in mine if a.skip}):
            claims.release([a.claim.id for a in mine if a.skip == reason and a.claim], reason)
        kept = [a for a in mine if not a.skip]
        stored = commit(kept, ws, store, claims, config.campaign.id, pass_id, ruleset_of(config),
                        extraction_key(config))
        log.info("batch of %d: %d taken (%d held by another process, %d still changing), %d records stored",
                 len(batch), len(kept), len(batch) - len(mine), len(mine) - len(kept), stored)
        progress.report("advance", len(batch))
        for arrival in batch:
            arrival.data, arrival.records, arrival.payloads = None, [], []  # the batch's memory goes now
        return stored


def campaign_step(ws: Workspace, config: Config, params: dict[str, Any]) -> int:
    """The campaign-wide checks over every stored record; the number of cross-branch similar pairs. Kept as
    they are (no record loaded) when nothing they follow from changed since a pass last ran them
    (pipeline.nightly.campaign_inputs)."""
    with _store(ws) as store, made_lock(ws):
        inputs = campaign_inputs(store, config, ws.home)
        done = read_made(ws).get("campaign") or {}
        if done.get("inputs") == inputs and isinstance(done.get("pairs"), int):
            log.info("campaign checks: nothing changed since they last ran: kept")
            return int(done["pairs"])
        try:
            roster = workspace_roster(ws.home, config)
        except (OSError, RosterError) as exc:  # the reports say so too; the checks go on without it
            log.warning("campaign checks without the roster: %s", exc)
            roster = []
        pairs = run_campaign(store, config, params, roster)
        record_made(ws, "campaign", {"inputs": inputs, "pairs": pairs})
        return pairs


def finish_pass(ws: Workspace, config: Config, pairs: int, pass_id: int, new: int) -> PassSummary:
    with _store(ws) as store:
        return finalize(store, ws, config, pairs, pass_id, new)


@contextmanager
def _store(ws: Workspace) -> Iterator[Store]:
    store = Store(ws.db_url)
    try:
        yield store
    finally:
        store.close()


@dataclass(frozen=True)
class Stages:
    """What each stage of a pass does; run_stages fixes their order, so a new stage is added in one place.
    PLAIN holds the functions above; flows/intake.py wraps the same functions as Prefect tasks."""

    start: Callable[[Workspace, Config], int]
    plan: Callable[[Workspace, Config], Plan]
    intake: Callable[[list[Arrival], Workspace, Config, dict[str, Any], int], int]
    campaign: Callable[[Workspace, Config, dict[str, Any]], int]
    finish: Callable[[Workspace, Config, int, int, int], PassSummary]


PLAIN = Stages(start=start_pass, plan=plan, intake=intake_batch, campaign=campaign_step, finish=finish_pass)


def run_stages(ws: Workspace, stages: Stages = PLAIN, batch: int = BATCH) -> PassSummary:
    """One pass: settings validated → crash repair and pass opened → the inbox in batches → campaign-wide
    checks → reports."""
    config, params = prepare(ws)
    pass_id = stages.start(ws, config)
    planned = stages.plan(ws, config)
    progress.report("total", sum(1 for _ in planned.arrivals), "收取材料 taking in files")
    new = sum(stages.intake(chunk, ws, config, params, pass_id) for chunk in batches(planned.arrivals, batch))
    pairs = stages.campaign(ws, config, params)
    summary = stages.finish(ws, config, pairs, pass_id, new)
    summary.waiting = planned.waiting
    return summary


@dataclass(frozen=True)
class NightlyStages:
    """The nightly run's stages (flows/serve.py wraps the same functions as Prefect tasks)."""

    start: Callable[[Workspace, Config], int]
    rejudge: Callable[[Workspace, Config, dict[str, Any]], int]
    campaign: Callable[[Workspace, Config, dict[str, Any]], int]
    finish: Callable[[Workspace, Config, int, int, int], PassSummary]


PLAIN_NIGHTLY = NightlyStages(start=start_nightly, rejudge=rejudge_step, campaign=campaign_step,
                              finish=finish_pass)


def run_nightly(ws: Workspace, stages: NightlyStages = PLAIN_NIGHTLY) -> PassSummary:
    """The nightly run: every document re-judged under the current campaign.toml where its rules changed,
    similar names over the campaign and the earlier ones, reports written again."""
    config, params = prepare(ws)
    pass_id = stages.start(ws, config)
    rejudged = stages.rejudge(ws, config, params)
    pairs = stages.campaign(ws, config, params)
    summary = stages.finish(ws, config, pairs, pass_id, 0)
    summary.rejudged = rejudged
    return summary


def run_pass(ws: Workspace, batch: int = BATCH) -> PassSummary:
    """The whole pass without any orchestrator (the Prefect flow follows the same run_stages)."""
    return run_stages(ws, PLAIN, batch)
