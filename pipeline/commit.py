"""Committing a judged batch exactly once: place its files, store its records, then let the inbox go.

Owns the order that makes a crash at any moment harmless, for arrivals claimed by pipeline.claims:
1. every file of an arrival is placed through its claim's staging (pipeline.staging: journalled hard links);
2. the batch's records are stored in one transaction that also marks the claims committed (Store.add);
3. the inbox entries are removed (own inbox only; a folder given with --inbox is mirrored, never changed),
   empty folders left behind pruned, the staging dropped and the claims marked done.
`recover` repairs what a dead process left at any step: an uncommitted claim is undone (its placed names
removed; the inbox file is still there and is taken again), a committed one is finished. So every inbox
entry ends as exactly one set of records with its files archived or quarantined, whatever is killed when.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.claims import Claim, Claims
from pipeline.ingest import InboxEntry
from pipeline.model.records import DocumentRecord
from pipeline.staging import Staging
from pipeline.store import Store
from pipeline.workspace import Workspace, dated

log = logging.getLogger(__name__)


@dataclass
class Arrival:
    """One inbox entry, its claim and what became of it."""

    entry: InboxEntry
    claim: Claim | None = None
    data: bytes | None = None  # the bytes judged (read once); None when too large or never read
    skip: str | None = None  # why it was let go unrecorded (changed while read, vanished)
    records: list[DocumentRecord] = field(default_factory=list)
    # bytes of each record's own file when it is a member of a mail or an archive (kept only until placed)
    payloads: list[bytes | None] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.entry.path

    @property
    def name(self) -> str:
        return self.entry.name


def place(arrival: Arrival, ws: Workspace) -> None:
    """Stage and link every file of one claimed arrival; sets each record's stored_path."""
    assert arrival.claim is not None
    stage = Staging(ws.home, arrival.claim.id)
    ok = any(r.status == "ok" for r in arrival.records)
    folder = dated(ws.archive if ok else ws.quarantine)
    if arrival.entry.kind != "file":
        staged, name = stage.stage_bytes(_describe(arrival.entry).encode("utf-8")), f"{arrival.name}.txt"
    elif arrival.data is not None:
        staged, name = stage.stage_bytes(arrival.data), arrival.name
    else:  # too large to read: the quarantine keeps the file as it is
        staged, name = stage.stage_copy(arrival.path), arrival.name
    placed = stage.place(staged, folder, name)
    if not ok:
        _place_reason(stage, placed, arrival.records)
    for rec, payload in zip(arrival.records, arrival.payloads, strict=True):
        if payload is None:
            rec.stored_path = str(placed)
            continue
        target = dated(ws.archive if rec.status == "ok" else ws.quarantine)
        inside = placed.relative_to(folder).as_posix()
        within = rec.file.removeprefix(f"{arrival.name}/")  # an archive's folders are kept
        member = stage.place(stage.stage_bytes(payload), target, f"{inside}.files/{within}")
        rec.stored_path = str(member)
        if rec.status != "ok":
            _place_reason(stage, member, [rec])
    arrival.payloads = [None] * len(arrival.records)


def _describe(entry: InboxEntry) -> str:
    if entry.kind == "symlink":
        try:
            return f"符号链接 / symbolic link → {os.readlink(entry.path)}\n"
        except OSError as exc:
            return f"符号链接 / symbolic link (unreadable: {exc})\n"
    return "特殊文件（管道、套接字或设备）/ special file (pipe, socket or device)\n"


def _place_reason(stage: Staging, placed: Path, records: list[DocumentRecord]) -> None:
    reasons = "\n".join(f"{r.file}: {r.error or '未通过'}" for r in records if r.status != "ok")
    note = stage.stage_bytes((reasons + "\n").encode("utf-8"))
    stage.place(note, placed.parent, placed.name + ".reason.txt", limit=240)  # placed names are ≤ 200 + '~n' bytes


def commit(arrivals: list[Arrival], ws: Workspace, store: Store, claims: Claims, campaign: str,
           pass_id: int, ruleset: str | None = None, extraction: str | None = None) -> int:
    """Place, store (one transaction, claims committed with it), then finish; the number of records stored.
    Anything failing before the transaction commits undoes the batch's placements and releases its claims."""
    records: list[DocumentRecord] = []
    arrival_ids: list[int | None] = []
    try:
        for arrival in arrivals:
            place(arrival, ws)
            assert arrival.claim is not None
            records.extend(arrival.records)
            arrival_ids.extend([arrival.claim.id] * len(arrival.records))
        store.add(records, campaign, pass_id, duplicate_links(records, store, campaign), arrival_ids, ruleset,
                  extraction)
    except BaseException:
        for arrival in arrivals:
            if arrival.claim is not None:
                Staging(ws.home, arrival.claim.id).undo()
        claims.release([a.claim.id for a in arrivals if a.claim], "the batch could not be stored")
        raise
    finish([a.claim for a in arrivals if a.claim], ws, claims)
    return len(records)


def finish(done: list[Claim], ws: Workspace, claims: Claims) -> None:
    """After the commit: the inbox entries go (own inbox), the staging is dropped, the claims are done."""
    own = ws.home / "inbox"
    for claim in done:
        if Path(claim.source) == own:
            _remove_original(own, claim)
        Staging(ws.home, claim.id).clear()
    claims.done(c.id for c in done)


def _remove_original(inbox: Path, claim: Claim) -> None:
    path = inbox / claim.key
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if (info.st_size, info.st_mtime_ns, info.st_ino) != (claim.size, claim.mtime_ns, claim.inode):
        log.info("%s changed after it was taken in: left for the next pass", claim.key)
        return
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != inbox and inbox in parent.parents:
        try:
            parent.rmdir()  # only when empty: a folder dropped as a whole leaves nothing behind
        except OSError:
            break
        parent = parent.parent


def recover(ws: Workspace, store: Store, claims: Claims) -> tuple[int, int]:
    """Repair what dead processes left: (claims undone, claims finished)."""
    undone = finished = 0
    dead = claims.take_over_dead()
    for claim in dead:
        if claim.state == "claimed":
            Staging(ws.home, claim.id).undo()
            claims.release([claim.id], "its process died before committing; taken again")
            undone += 1
    committed = [c for c in dead if c.state == "committed"]
    if committed:
        finish(committed, ws, claims)
        finished = len(committed)
    _sweep_staging(ws, claims)
    if undone or finished:
        log.warning("recovered after a crash: %d claims undone, %d finished", undone, finished)
    return undone, finished


def _sweep_staging(ws: Workspace, claims: Claims) -> None:
    """Staging folders whose claim is over (done or released) are leftovers of a crash during clean-up."""
    root = ws.home / ".staging"
    try:
        ids = [int(p.name) for p in root.iterdir() if p.name.isdigit()]
    except FileNotFoundError:
        return
    for claim_id, state in claims.states(ids).items():
        if state == "released":
            Staging(ws.home, claim_id).undo()
        elif state == "done":
            Staging(ws.home, claim_id).clear()


def duplicate_links(records: list[DocumentRecord], store: Store, campaign: str) -> dict[int, int]:
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
