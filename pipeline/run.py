"""One pass over an inbox: intake → extraction → checks → storage → similar names → reports.

Owns the order of the stages (run_stages: the plain engine and the Prefect flow both follow it) and what each
stage does with a batch. Judging one document, with the per-document error boundary, is pipeline.judge.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from checks.registry import validate_config
from extractors.registry import read_all
from pipeline import ingest
from pipeline.campaign import run_campaign
from pipeline.judge import guarded, judge, read_arrival
from pipeline.model.config import Config, load_config
from pipeline.model.records import DocumentRecord, Submission
from pipeline.store import Store
from pipeline.workspace import Workspace, dated, place_bytes, place_file

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class Arrival:
    """One file found in the inbox and what became of it."""

    path: Path
    name: str  # display name: path relative to the inbox
    records: list[DocumentRecord] = field(default_factory=list)
    # bytes of each record's own file when it is a mail attachment (kept only until placed)
    payloads: list[bytes | None] = field(default_factory=list)


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
    similar_pairs: int = 0
    reports: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)}


def prepare(ws: Workspace) -> tuple[Config, dict[str, Any]]:
    """Load and validate every setting before any document is read."""
    config = load_config(ws.config_path)
    return config, validate_config(config)


def plan(ws: Workspace, config: Config) -> list[Arrival]:
    return [Arrival(path=p, name=p.relative_to(ws.inbox).as_posix())
            for p in ingest.list_inbox(ws.inbox, config.intake)]


def process(arrivals: list[Arrival], config: Config, params: dict[str, Any], store: Store | None) -> list[Arrival]:
    """Read, extract and check a batch. Identical bytes are extracted once: later arrivals (in this batch or
    already stored) copy the first one's results and are marked duplicate_of it. Formats whose reader
    batches (legacy .doc/.wps through LibreOffice) are read together."""
    slots: list[tuple[Arrival, Submission]] = []
    for arrival in arrivals:
        subs = read_arrival(arrival.path, arrival.name, config)
        if isinstance(subs, DocumentRecord):
            arrival.records, arrival.payloads = [subs], [None]
            continue
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
    return arrivals


def batches(arrivals: list[Arrival], max_docs: int = BATCH, max_bytes: int = 256 * 2**20) -> list[list[Arrival]]:
    """Consecutive groups of at most `max_docs` files and about `max_bytes` on disk (bounded memory)."""
    out: list[list[Arrival]] = []
    current: list[Arrival] = []
    size = 0
    for arrival in arrivals:
        try:
            n = arrival.path.stat().st_size
        except OSError:
            n = 0
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


def commit(arrivals: list[Arrival], ws: Workspace, store: Store, campaign: str, pass_id: int) -> int:
    """Place each file (archive/ or quarantine/), store the batch in one transaction, then let the inbox go."""
    records: list[DocumentRecord] = []
    for arrival in arrivals:
        ok = any(r.status == "ok" for r in arrival.records)
        is_mail = any(r.origin and r.origin.container for r in arrival.records)
        folder = dated(ws.archive if ok else ws.quarantine)
        placed = place_file(arrival.path, folder, arrival.name)
        if not ok:
            _write_reason(placed, arrival.records)
        for rec, payload in zip(arrival.records, arrival.payloads, strict=True):
            if is_mail and payload is not None:
                target = dated(ws.archive if rec.status == "ok" else ws.quarantine)
                attachment = rec.file.rsplit("/", 1)[-1]
                rec.stored_path = str(place_bytes(payload, target, f"{arrival.name}.files/{attachment}"))
                if rec.status != "ok":
                    _write_reason(Path(rec.stored_path), [rec])
            else:
                rec.stored_path = str(placed)
            records.append(rec)
    store.add(records, campaign, pass_id, _duplicate_links(records, store, campaign))
    if ws.own_inbox:
        for arrival in arrivals:
            arrival.path.unlink(missing_ok=True)
    for arrival in arrivals:
        arrival.payloads = []
    return len(records)


def _duplicate_links(records: list[DocumentRecord], store: Store, campaign: str) -> dict[int, int]:
    """Batch index → stored id (or -(batch index + 1)) of each duplicate's original."""
    first_in_batch: dict[str, int] = {}
    links: dict[int, int] = {}
    stored = store.first_by_sha(campaign, sorted({r.sha256 for r in records if r.duplicate_of}))
    for n, rec in enumerate(records):
        if rec.duplicate_of is None:
            first_in_batch.setdefault(rec.sha256, n)
            continue
        if rec.sha256 in stored:
            links[n] = stored[rec.sha256][0]
        elif rec.sha256 in first_in_batch:
            links[n] = -(first_in_batch[rec.sha256] + 1)
    return links


def _write_reason(placed: Path, records: list[DocumentRecord]) -> None:
    reasons = "\n".join(f"{r.file}: {r.error or '未通过'}" for r in records if r.status != "ok")
    placed.with_name(placed.name + ".reason.txt").write_text(reasons + "\n", encoding="utf-8")


def summarize(records: list[DocumentRecord], similar_pairs: int, new: int) -> PassSummary:
    verdicts = Counter(r.verdict for r in records)
    return PassSummary(
        documents=len(records), new=new, passed=verdicts["passed"], warned=verdicts["warned"], failed=verdicts["failed"],
        rejected=verdicts["rejected"], duplicates=sum(1 for r in records if r.duplicate_of),
        unknown=verdicts["needs_review"],
        similar_pairs=similar_pairs)


def finalize(store: Store, ws: Workspace, config: Config, pairs: int, pass_id: int, new: int) -> PassSummary:
    """Summary and reports from the stored records (loaded once), and the pass closed."""
    from pipeline.exports import write_reports

    records = store.records(config.campaign.id)
    summary = summarize(records, pairs, new)
    summary.reports = write_reports(records, ws, config)
    store.finish_pass(pass_id, summary.as_dict())
    return summary


def start_pass(ws: Workspace, config: Config) -> int:
    """Open the pass in the database; its id."""
    with _store(ws) as store:
        return store.start_pass(config.campaign.id, str(ws.inbox))


def intake_batch(batch: list[Arrival], ws: Workspace, config: Config, params: dict[str, Any], pass_id: int) -> int:
    """Read, judge, place and store one batch of arrivals; the number of records stored."""
    with _store(ws) as store:
        return commit(process(batch, config, params, store), ws, store, config.campaign.id, pass_id)


def campaign_step(ws: Workspace, config: Config, params: dict[str, Any]) -> int:
    """The campaign-wide checks over every stored record; the number of cross-branch similar pairs."""
    with _store(ws) as store:
        return run_campaign(store, config, params)


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
    plan: Callable[[Workspace, Config], list[Arrival]]
    intake: Callable[[list[Arrival], Workspace, Config, dict[str, Any], int], int]
    campaign: Callable[[Workspace, Config, dict[str, Any]], int]
    finish: Callable[[Workspace, Config, int, int, int], PassSummary]


PLAIN = Stages(start=start_pass, plan=plan, intake=intake_batch, campaign=campaign_step, finish=finish_pass)


def run_stages(ws: Workspace, stages: Stages = PLAIN, batch: int = BATCH) -> PassSummary:
    """One pass: settings validated → pass opened → the inbox in batches → campaign-wide checks → reports."""
    config, params = prepare(ws)
    pass_id = stages.start(ws, config)
    new = sum(stages.intake(chunk, ws, config, params, pass_id) for chunk in batches(stages.plan(ws, config), batch))
    pairs = stages.campaign(ws, config, params)
    return stages.finish(ws, config, pairs, pass_id, new)


def run_pass(ws: Workspace, batch: int = BATCH) -> PassSummary:
    """The whole pass without any orchestrator (the Prefect flow follows the same run_stages)."""
    return run_stages(ws, PLAIN, batch)
