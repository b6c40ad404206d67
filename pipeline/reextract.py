"""The extraction cache: a stored record stands for its bytes as long as the extractor and the extraction
settings are the same (extractors.registry.extraction_key); the nightly run reads again, from the archived
copy, only the documents extracted under another key.

Owns choosing what to read again, reading it from `stored_path` and storing the new records. It reads each
distinct content once (duplicates share their original's new record) and in batches (bounded memory; legacy
files go through one LibreOffice per batch).

Decisions: a stored copy that is missing or whose bytes no longer hash to the record's sha256 is not read: the
record stays as it was and the log says why (nothing is guessed from a changed file). A record with no bytes of
its own (a refused link, a mail without attachments, a file too large to read) keeps its record and is checked
again. Reading again keeps the document's name, origin, arrival time, version and place in the archive.
"""

from __future__ import annotations

import hashlib
import logging
from functools import partial
from pathlib import Path
from typing import Any

from checks.registry import run_checks
from extractors.registry import extraction_key, read_all
from pipeline import ingest
from pipeline.judge import guarded, judge
from pipeline.model.config import Config, ruleset_of
from pipeline.model.errors import BadInput
from pipeline.model.records import DocumentRecord, Submission
from pipeline.store import Store

log = logging.getLogger(__name__)
BATCH = 100


def reextract(store: Store, config: Config, params: dict[str, Any]) -> int:
    """Read again every current document extracted under another key; the number of documents read."""
    key = extraction_key(config)
    outdated = store.outdated(config.campaign.id, key)
    read = 0
    for start in range(0, len(outdated), BATCH):
        chunk = outdated[start:start + BATCH]
        fresh, n = _again(chunk, config, params)
        store.replace_records(fresh, ruleset_of(config), key)
        read += n
    if outdated:
        log.info("extraction: %d documents under an older extractor or settings, %d read again", len(outdated), read)
    return read


def _again(chunk: list[tuple[int, DocumentRecord]], config: Config,
           params: dict[str, Any]) -> tuple[dict[int, DocumentRecord], int]:
    subs: dict[str, Submission] = {}
    for _, rec in chunk:
        if rec.sha256 and rec.sha256 not in subs and (sub := _submission(rec, config)) is not None:
            subs[rec.sha256] = sub
    order = list(subs)
    layouts = dict(zip(order, read_all([subs[sha] for sha in order], config), strict=True))
    made = {sha: guarded(sub, sub.file, partial(judge, sub, config, params, layouts[sha]))
            for sha, sub in subs.items()}
    out: dict[int, DocumentRecord] = {}
    for doc_id, old in chunk:
        new = made.get(old.sha256)
        out[doc_id] = _carry(old, new) if new is not None else _rechecked(old, params)
    return out, len(subs)


def _submission(rec: DocumentRecord, config: Config) -> Submission | None:
    """The stored copy as one submission, or None when it cannot be trusted to be the same bytes."""
    if not rec.stored_path or rec.detected in ("eml_no_attachments", "too_large"):
        return None
    path = Path(rec.stored_path)
    try:
        data, _ = ingest.read_bounded(path, config.intake)
    except (OSError, BadInput) as exc:
        log.warning("%s: its stored copy %s cannot be read again (%s): record kept", rec.file, path, exc)
        return None
    if hashlib.sha256(data).hexdigest() != rec.sha256:
        log.warning("%s: its stored copy %s has changed since it was recorded: record kept", rec.file, path)
        return None
    found = ingest.submissions_from_bytes(data, rec.file, config.intake, source_path=str(path))
    if len(found) != 1 or found[0].sha256 != rec.sha256:
        return None  # a container (mail, archive): its members are records of their own
    sub = found[0]
    sub.origin = rec.origin
    return sub


def _carry(old: DocumentRecord, new: DocumentRecord) -> DocumentRecord:
    """The new extraction with what belongs to the arrival, not to the bytes."""
    rec = new.model_copy(deep=True)
    rec.file, rec.origin, rec.stored_path, rec.received_at = old.file, old.origin, old.stored_path, old.received_at
    rec.duplicate_of = old.duplicate_of
    if old.duplicate_of:  # a duplicate's notes say whose copy it is (pipeline.run._duplicate)
        rec.notes, rec.similar = list(old.notes), []
    return rec


def _rechecked(old: DocumentRecord, params: dict[str, Any]) -> DocumentRecord:
    rec = old.model_copy(deep=True)
    rec.checks = run_checks(rec, params) if rec.status == "ok" else []
    return rec
