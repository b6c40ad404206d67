"""Claims on inbox entries: what makes intake exactly-once across processes and crashes.

Owns the arrivals table's life cycle (pipeline.store.ArrivalRow): claim → (records stored, in Store.add's
transaction) committed → done, or → released. One active claim per (source, key) is enforced by a partial
unique index, so two processes that see the same file cannot both take it. A claim whose owner died (same
host: its pid is gone or belongs to a newer process; other host: no heartbeat for the lease) is taken over by
the next process that starts a pass (on PostgreSQL with SELECT … FOR UPDATE SKIP LOCKED, so two survivors never
repair the same claim). It must not read documents or move files: pipeline.staging does the moves.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pipeline.store import ARRIVAL_ACTIVE, ArrivalRow, Store, dml

LEASE = dt.timedelta(minutes=60)  # a claim of another host with no heartbeat for this long is dead


@dataclass(frozen=True)
class Seen:
    """What the inbox listing saw of one entry (lstat): its identity while it is being taken in."""

    key: str
    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True)
class Claim:
    id: int
    source: str
    key: str
    state: str
    size: int
    mtime_ns: int
    inode: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _start_ticks(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux /proc), '' where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return fields[19].decode()
    except (OSError, IndexError):
        return ""


@cache
def me() -> str:
    """This process as an owner: host:pid:start (the start time tells a reused pid from the first one)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_start_ticks(os.getpid())}"


def owner_alive(owner: str, heartbeat: dt.datetime) -> bool:
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        if heartbeat.tzinfo is None:
            heartbeat = heartbeat.replace(tzinfo=dt.UTC)
        return _now() - heartbeat < LEASE
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return not start or _start_ticks(pid) == start


class Claims:
    """Claim operations on one Store for one process."""

    def __init__(self, store: Store, owner: str | None = None):
        self.store = store
        self.owner = owner or me()

    def claim(self, source: str, seen: Sequence[Seen], pass_id: int | None) -> dict[str, Claim]:
        """Claim what no one else holds; key → our claim for the entries we got."""
        if not seen:
            return {}
        now = _now()
        rows = [dict(source=source, key=s.key, state="claimed", owner=self.owner, size=s.size,
                     mtime_ns=s.mtime_ns, inode=s.inode, pass_id=pass_id, claimed_at=now, heartbeat_at=now)
                for s in seen]
        dialect = self.store.engine.dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        active = ArrivalRow.state.in_(ARRIVAL_ACTIVE)
        got: dict[str, Claim] = {}
        with Session(self.store.engine) as s, s.begin():
            for start in range(0, len(rows), 200):
                stmt = insert(ArrivalRow).values(rows[start:start + 200]).on_conflict_do_nothing(
                    index_elements=["source", "key"], index_where=active).returning(
                    ArrivalRow.id, ArrivalRow.key, ArrivalRow.size, ArrivalRow.mtime_ns, ArrivalRow.inode)
                for id_, key, size, mtime_ns, inode in s.execute(stmt):
                    got[key] = Claim(id_, source, key, "claimed", size, mtime_ns, inode)
        return got

    def release(self, ids: Iterable[int], note: str) -> None:
        self._finish(ids, "released", ("claimed",), note)

    def done(self, ids: Iterable[int]) -> None:
        self._finish(ids, "done", ("committed",), None)

    def _finish(self, ids: Iterable[int], state: str, from_states: tuple[str, ...], note: str | None) -> None:
        wanted = sorted(set(ids))
        with Session(self.store.engine) as s, s.begin():
            for start in range(0, len(wanted), 500):
                s.execute(update(ArrivalRow).where(
                    ArrivalRow.id.in_(wanted[start:start + 500]), ArrivalRow.owner == self.owner,
                    ArrivalRow.state.in_(from_states)).values(state=state, finished_at=_now(), note=note))

    def heartbeat(self, ids: Iterable[int]) -> None:
        wanted = sorted(set(ids))
        with Session(self.store.engine) as s, s.begin():
            s.execute(update(ArrivalRow).where(ArrivalRow.id.in_(wanted), ArrivalRow.owner == self.owner)
                      .values(heartbeat_at=_now()))

    def take_over_dead(self) -> list[Claim]:
        """Active claims whose owner is dead, now ours to repair (undo a claimed one, finish a committed one)."""
        with Session(self.store.engine) as s, s.begin():
            rows = s.scalars(select(ArrivalRow).where(ArrivalRow.state.in_(ARRIVAL_ACTIVE),
                                                      ArrivalRow.owner != self.owner)
                             .with_for_update(skip_locked=True)).all()
            dead = [r for r in rows if not owner_alive(r.owner, r.heartbeat_at)]
            taken: list[Claim] = []
            for r in dead:
                moved = dml(s, update(ArrivalRow).where(ArrivalRow.id == r.id, ArrivalRow.owner == r.owner)
                                  .values(owner=self.owner, heartbeat_at=_now()))
                if moved.rowcount == 1:  # nobody took it between our read and this write
                    taken.append(Claim(r.id, r.source, r.key, r.state, r.size, r.mtime_ns, r.inode))
            return taken

    def latest_done(self, source: str) -> dict[str, tuple[int, int]]:
        """key → (size, mtime_ns) of the last arrival from `source` taken in under that key (mirrored inboxes:
        an unchanged file is not taken again)."""
        with Session(self.store.engine) as s:
            last = (select(ArrivalRow.key, func.max(ArrivalRow.id).label("id"))
                    .where(ArrivalRow.source == source, ArrivalRow.state.in_(("done", "committed")))
                    .group_by(ArrivalRow.key).subquery())
            rows = s.execute(select(ArrivalRow.key, ArrivalRow.size, ArrivalRow.mtime_ns)
                             .join(last, ArrivalRow.id == last.c.id))
            return {key: (size, mtime_ns) for key, size, mtime_ns in rows}

    def states(self, ids: Sequence[int]) -> dict[int, str]:
        with Session(self.store.engine) as s:
            return {i: st for i, st in s.execute(select(ArrivalRow.id, ArrivalRow.state)
                                                 .where(ArrivalRow.id.in_(list(ids))))} if ids else {}

    def counts(self) -> dict[str, int]:
        with Session(self.store.engine) as s:
            return {state: n for state, n in s.execute(
                select(ArrivalRow.state, func.count()).group_by(ArrivalRow.state))}
