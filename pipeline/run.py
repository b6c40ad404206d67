"""One pass over an inbox: intake → extraction → checks → storage → similar names → reports.

Owns the per-document boundary (the only place that catches everything and turns it into a rejected record)
and the order of the stages. Each stage is a plain function so flows/ can wrap them as Prefect tasks.
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.registry import run_checks, validate_config
from extractors.registry import extract, finish, read_all
from pipeline import ingest
from pipeline.campaign import run_similarity
from pipeline.model.config import Config, load_config
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout
from pipeline.model.records import FIELD_NAMES_ZH, DocumentRecord, OcrInfo, Submission
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


def _rejected(sub: Submission | None, name: str, exc: BadInput) -> DocumentRecord:
    return DocumentRecord(
        file=sub.file if sub else name, sha256=sub.sha256 if sub else "", size=sub.size if sub else 0,
        detected=sub.detected if sub else "unknown", status="rejected", error=exc.message, error_code=exc.code,
        origin=sub.origin if sub else None, notes=list(sub.notes) if sub else [])


def _internal(sub: Submission | None, name: str, exc: Exception) -> DocumentRecord:
    log.error("internal error on %s:\n%s", name, traceback.format_exc())
    return _rejected(sub, name, BadInput("internal_error", f"处理时发生内部错误：{type(exc).__name__}",
                                         f"internal error while processing: {exc!r}"))


def judge(sub: Submission, config: Config, params: dict[str, Any],
          layout: Layout | Exception | None = None) -> DocumentRecord:
    """Extract and check one submission (from its already-read `layout` when given); known bad input
    becomes a rejected record, anything unexpected is raised to the caller's boundary."""
    notes = list(sub.notes)
    if sub.extension_mismatch and sub.extension:
        notes.append(f"扩展名为 .{sub.extension}，实际内容为 {sub.detected} / extension .{sub.extension} but content is {sub.detected}")
    try:
        if layout is None:
            extraction = extract(sub, config)
        elif isinstance(layout, Exception):
            raise layout
        else:
            extraction = finish(layout, sub, config)
    except BadInput as exc:
        rec = _rejected(sub, sub.file, exc)
        rec.notes = notes
        return rec
    ocr = None
    if extraction.ocr_confidence is None and extraction.field_confidence:
        names = "、".join(FIELD_NAMES_ZH.get(k, k) for k in sorted(extraction.field_confidence))
        notes.append(f"以下栏目按近似标签识别，请核对：{names} / found by a loose label match, please check: "
                     f"{', '.join(sorted(extraction.field_confidence))}")
    if extraction.ocr_confidence is not None:
        ocr = OcrInfo(confidence=round(extraction.ocr_confidence, 3),
                      field_confidence={k: round(v, 3) for k, v in extraction.field_confidence.items()})
    rec = DocumentRecord(
        file=sub.file, sha256=sub.sha256, size=sub.size, detected=sub.detected, doc_type=extraction.doc_type,
        fields=extraction.fields, report=extraction.report, title=extraction.title, origin=sub.origin,
        notes=notes + extraction.notes, ocr=ocr, converted_from=extraction.converted_from)
    rec.checks = run_checks(rec, params)
    return rec


def process(arrivals: list[Arrival], config: Config, params: dict[str, Any], store: Store | None) -> list[Arrival]:
    """Read, extract and check a batch. Identical bytes are extracted once: later arrivals (in this batch or
    already stored) copy the first one's results and are marked duplicate_of it. Formats whose reader
    batches (legacy .doc/.wps through LibreOffice) are read together."""
    slots: list[tuple[Arrival, Submission]] = []
    for arrival in arrivals:
        try:
            subs = ingest.read_submissions(arrival.path, arrival.name, config.intake)
        except BadInput as exc:
            arrival.records, arrival.payloads = [_rejected(None, arrival.name, exc)], [None]
            continue
        except Exception as exc:  # noqa: BLE001 - the per-document boundary
            arrival.records, arrival.payloads = [_internal(None, arrival.name, exc)], [None]
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
        try:
            if n in layouts:
                rec = judge(sub, config, params, layouts.pop(n))
                judged[n] = rec
            else:
                original = stored.get(sub.sha256) or judged[firsts[sub.sha256]]
                rec = _duplicate(sub, original)
        except Exception as exc:  # noqa: BLE001 - the per-document boundary
            rec = _internal(sub, sub.file, exc)
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


def run_pass(ws: Workspace, batch: int = BATCH) -> PassSummary:
    """The whole pass without any orchestrator (what the Prefect flow does stage by stage)."""
    config, params = prepare(ws)
    store = Store(ws.db_url)
    try:
        pass_id = store.start_pass(config.campaign.id, str(ws.inbox))
        new = 0
        for chunk in batches(plan(ws, config), batch):
            new += commit(process(chunk, config, params, store), ws, store, config.campaign.id, pass_id)
        pairs = run_similarity(store, config, params)
        return finalize(store, ws, config, pairs, pass_id, new)
    finally:
        store.close()
