"""Storage of records, check results, similar-name pairs and passes (SQLAlchemy 2; SQLite or PostgreSQL).

The only module that imports SQLAlchemy (besides the Alembic migrations it runs). The schema is created and
upgraded by Alembic on open. It stores and loads records; it must not extract, check or score anything.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.engine import CursorResult, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from pipeline.model.names import LibraryBrand, NameRow
from pipeline.model.records import CheckResult, DocumentRecord, SimilarName
from pipeline.model.versions import series_key

_NOT_STORED = {"checks", "similar", "version", "versions", "current", "id"}  # kept in columns and tables of their own


class Base(DeclarativeBase):
    pass


class PassRow(Base):
    __tablename__ = "passes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    source: Mapped[str] = mapped_column(Text)
    counts: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    kind: Mapped[str] = mapped_column(String(12), default="intake", server_default="intake")  # intake | nightly
    ruleset: Mapped[str | None] = mapped_column(String(16), nullable=True)


ARRIVAL_ACTIVE = ("claimed", "committed")  # at most one active arrival per (source, key): the claim


class ArrivalRow(Base):
    """One inbox entry (or mail) taken in. claimed → committed (its records stored, in the same transaction)
    → done (its files placed and the inbox entry gone); or claimed → released (abandoned unrecorded: the file
    changed under us, vanished, or its claimer died before committing). pipeline.claims owns the moves."""

    __tablename__ = "arrivals"
    __table_args__ = (
        Index("uq_arrivals_active", "source", "key", unique=True,
              sqlite_where=text("state IN ('claimed', 'committed')"),
              postgresql_where=text("state IN ('claimed', 'committed')")),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, index=True)  # the inbox folder (or mailbox) it came from
    key: Mapped[str] = mapped_column(Text)  # its path relative to the source (or the mail's identity)
    state: Mapped[str] = mapped_column(String(12), index=True)
    owner: Mapped[str] = mapped_column(Text)  # host:pid:start of the process working on it
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    inode: Mapped[int] = mapped_column(BigInteger)
    pass_id: Mapped[int | None] = mapped_column(ForeignKey("passes.id"), nullable=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100), index=True)
    pass_id: Mapped[int | None] = mapped_column(ForeignKey("passes.id"), nullable=True)
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    detected: Mapped[str] = mapped_column(String(40))
    doc_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    brand_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    branch_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)
    stored_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    arrival_id: Mapped[int | None] = mapped_column(ForeignKey("arrivals.id"), nullable=True)
    ruleset: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the rules its checks were run under
    # resubmissions (pipeline.model.versions): its series, its number in it, and whether it is the latest
    series: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    current: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    extraction: Mapped[str | None] = mapped_column(String(16), nullable=True)  # extractors.registry.extraction_key
    record: Mapped[dict] = mapped_column(JSON)  # the DocumentRecord without checks and similar
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CheckRow(Base):
    __tablename__ = "check_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    limit: Mapped[Any] = mapped_column(JSON, nullable=True)
    message: Mapped[str] = mapped_column(Text)
    where: Mapped[str | None] = mapped_column(Text, nullable=True)


class SimilarRow(Base):
    __tablename__ = "similar_pairs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    same_branch: Mapped[bool] = mapped_column(Boolean)


class LibraryRow(Base):
    """A brand of an earlier year imported into the brand library (pipeline.library owns what `key` is: the
    same brand imported twice has one key, and one row)."""

    __tablename__ = "library_brands"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    brand_name: Mapped[str] = mapped_column(Text)
    branch_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    parent_org: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported_from: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


_LIBRARY_FIELDS = ("brand_name", "branch_name", "year", "source", "parent_org", "note", "imported_from")


class ClaimLost(RuntimeError):
    """A batch's claims were taken over by another process before it could commit: nothing was stored."""


def normalise_url(url: str) -> str:
    """'postgresql://…' → the psycopg 3 driver this project installs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """One database: open (migrating to the newest schema), add a pass's records, load them back."""

    def __init__(self, url: str, engine_options: dict[str, Any] | None = None):
        self.url = normalise_url(url)
        self.engine: Engine = create_engine(self.url, **(engine_options or {}))
        if make_url(self.url).get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- passes ------------------------------------------------------------------------------------------
    def start_pass(self, campaign: str, source: str, kind: str = "intake", ruleset: str | None = None) -> int:
        with Session(self.engine) as s, s.begin():
            row = PassRow(campaign=campaign, started_at=_now(), source=source, kind=kind, ruleset=ruleset)
            s.add(row)
            s.flush()
            return row.id

    def finish_pass(self, pass_id: int, counts: dict[str, int]) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.get(PassRow, pass_id)
            if row is not None:
                row.finished_at = _now()
                row.counts = counts

    def last_passes(self, campaign: str, n: int = 5) -> list[dict[str, Any]]:
        with Session(self.engine) as s:
            rows = s.scalars(select(PassRow).where(PassRow.campaign == campaign).order_by(PassRow.id.desc()).limit(n))
            return [dict(id=r.id, kind=r.kind, started_at=r.started_at, finished_at=r.finished_at,
                         counts=r.counts or {}, ruleset=r.ruleset) for r in rows]

    def placed_counts(self, campaign: str, archive: str, quarantine: str) -> dict[str, int]:
        """How many of the campaign's documents are kept in archive/ and in quarantine/."""
        with Session(self.engine) as s:
            paths = s.scalars(select(DocumentRow.stored_path).where(DocumentRow.campaign == campaign))
            out = {"archived": 0, "quarantined": 0}
            for path in paths:
                if path and path.startswith(archive):
                    out["archived"] += 1
                elif path and path.startswith(quarantine):
                    out["quarantined"] += 1
            return out

    # -- documents ---------------------------------------------------------------------------------------
    def first_by_sha(self, campaign: str, sha256s: list[str]) -> dict[str, tuple[int, str]]:
        """For each hash already stored (not itself a duplicate): (id, file) of its first arrival."""
        found: dict[str, tuple[int, str]] = {}
        if not sha256s:
            return found
        with Session(self.engine) as s:
            for start in range(0, len(sha256s), 500):
                chunk = sha256s[start:start + 500]
                rows = s.execute(
                    select(DocumentRow.sha256, DocumentRow.id, DocumentRow.file)
                    .where(DocumentRow.campaign == campaign, DocumentRow.sha256.in_(chunk),
                           DocumentRow.duplicate_of_id.is_(None))
                    .order_by(DocumentRow.id)
                )
                for sha, doc_id, file in rows:
                    found.setdefault(sha, (doc_id, file))
        return found

    def add(self, records: list[DocumentRecord], campaign: str, pass_id: int | None,
            duplicate_ids: dict[int, int] | None = None, arrival_ids: Sequence[int | None] | None = None,
            ruleset: str | None = None, extraction: str | None = None) -> list[int]:
        """Store a batch in one transaction; duplicate_ids maps a batch index to the stored original's id
        (an index into this same batch is given as -(index + 1)). arrival_ids (one per record) are the claims
        the records answer: they become 'committed' in the same transaction, so a claim is committed exactly
        when its records exist. A document that is a version of a submission (pipeline.model.versions) gets
        the next number of its series and becomes its current version, in the same transaction."""
        duplicate_ids = duplicate_ids or {}
        arrivals = list(arrival_ids) if arrival_ids is not None else [None] * len(records)
        with Session(self.engine) as s, s.begin():
            rows = [DocumentRow(
                campaign=campaign, pass_id=pass_id, file=rec.file, sha256=rec.sha256, size=rec.size,
                detected=rec.detected, doc_type=rec.doc_type, status=rec.status, error_code=rec.error_code,
                error=rec.error, brand_name=rec.brand_name, branch_name=rec.branch_name,
                stored_path=rec.stored_path, record=rec.model_dump(mode="json", exclude=_NOT_STORED),
                arrival_id=arrival, ruleset=ruleset, extraction=extraction, created_at=_now(),
                series=series_key(rec) if n not in duplicate_ids else None)
                for n, (rec, arrival) in enumerate(zip(records, arrivals, strict=True))]
            claimed = sorted({a for a in arrivals if a is not None})
            if claimed:
                done = dml(s, update(ArrivalRow).where(ArrivalRow.id.in_(claimed), ArrivalRow.state == "claimed")
                                 .values(state="committed", heartbeat_at=_now()))
                if done.rowcount != len(claimed):  # a claim taken over (its owner was thought dead): store nothing
                    raise ClaimLost(f"{len(claimed) - done.rowcount} of {len(claimed)} claims are no longer ours")
            _number_versions(s, campaign, rows)
            s.add_all(rows)
            s.flush()  # one multi-row INSERT … RETURNING for the ids
            for n, dup in duplicate_ids.items():
                rows[n].duplicate_of_id = rows[-dup - 1].id if dup < 0 else dup
            s.add_all(c for row, rec in zip(rows, records, strict=True) for c in _check_rows(row.id, rec.checks))
            return [row.id for row in rows]

    def stale(self, campaign: str, ruleset: str) -> list[tuple[int, DocumentRecord]]:
        """(id, record) of the campaign's current documents whose checks were run under other rules (or none
        known). Earlier versions keep the results they had."""
        with Session(self.engine) as s:
            ids = list(s.scalars(select(DocumentRow.id).where(
                DocumentRow.campaign == campaign, DocumentRow.current.is_(True),
                (DocumentRow.ruleset != ruleset) | DocumentRow.ruleset.is_(None)).order_by(DocumentRow.id)))
        return self.records_with_ids(ids=ids) if ids else []

    def outdated(self, campaign: str, extraction: str) -> list[tuple[int, DocumentRecord]]:
        """(id, record) of the campaign's current documents extracted under another extraction key (or none
        known): their bytes are to be read again."""
        with Session(self.engine) as s:
            ids = list(s.scalars(select(DocumentRow.id).where(
                DocumentRow.campaign == campaign, DocumentRow.current.is_(True),
                (DocumentRow.extraction != extraction) | DocumentRow.extraction.is_(None)).order_by(DocumentRow.id)))
        return self.records_with_ids(ids=ids) if ids else []

    def replace_records(self, records: Mapping[int, DocumentRecord], ruleset: str, extraction: str) -> None:
        """Each document's record (extracted again) and its per-document check results replaced, with the
        keys it was made under, in one transaction; its series and version stay (the campaign checks'
        results are replaced by run_campaign after)."""
        ids = sorted(records)
        with Session(self.engine) as s, s.begin():
            for start in range(0, len(ids), 500):
                s.execute(delete(CheckRow).where(CheckRow.document_id.in_(ids[start:start + 500])))
            for doc_id in ids:
                rec = records[doc_id]
                s.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(
                    detected=rec.detected, doc_type=rec.doc_type, status=rec.status, error_code=rec.error_code,
                    error=rec.error, brand_name=rec.brand_name, branch_name=rec.branch_name,
                    record=rec.model_dump(mode="json", exclude=_NOT_STORED), ruleset=ruleset,
                    extraction=extraction))
            s.add_all(c for doc_id in ids for c in _check_rows(doc_id, records[doc_id].checks))

    def replace_checks(self, results: Mapping[int, Sequence[CheckResult]], check_ids: Sequence[str],
                       ruleset: str) -> None:
        """Each document's results of the given per-document checks replaced, and its ruleset set, in one
        transaction (the campaign checks' results stay: run_campaign replaces those)."""
        ids = sorted(results)
        with Session(self.engine) as s, s.begin():
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                s.execute(delete(CheckRow).where(CheckRow.document_id.in_(chunk), CheckRow.check_id.in_(check_ids)))
                s.execute(update(DocumentRow).where(DocumentRow.id.in_(chunk)).values(ruleset=ruleset))
            s.add_all(c for doc_id in ids for c in _check_rows(doc_id, list(results[doc_id])))

    def digest(self, campaign: str) -> str:
        """A hash of the campaign's documents as the campaign checks and the reports see them (which there are,
        their bytes, names, kind, status, duplicate, version, whether current, archived copy, arrival, and the
        keys their extraction and their checks were made under) and of the other campaigns' names. It changes
        when a document is added, removed, extracted again or checked under other rules; rewriting the campaign
        checks' results and the similar pairs leaves it as it was. Reads columns only, never a record."""
        h = hashlib.sha256()
        d = DocumentRow
        with Session(self.engine) as s:
            own = s.execute(select(
                d.id, d.file, d.sha256, d.size, d.detected, d.doc_type, d.status, d.error_code, d.brand_name,
                d.branch_name, d.duplicate_of_id, d.stored_path, d.arrival_id, d.ruleset, d.extraction, d.series,
                d.version, d.current).where(d.campaign == campaign).order_by(d.id))
            for row in own:
                h.update(repr(tuple(row)).encode())
        h.update(b"\0earlier\0")
        for name in self.names(exclude_campaign=campaign):
            h.update(repr(name).encode())
        h.update(b"\0library\0")
        for brand in self.library():
            h.update(repr(brand).encode())
        return h.hexdigest()

    def library(self) -> list[LibraryBrand]:
        """The brands imported into the brand library, in import order."""
        columns = [getattr(LibraryRow, f) for f in _LIBRARY_FIELDS]
        with Session(self.engine) as s:
            return [LibraryBrand(id=row[0], **dict(zip(_LIBRARY_FIELDS, row[1:], strict=True)))
                    for row in s.execute(select(LibraryRow.id, *columns).order_by(LibraryRow.id))]

    def add_library(self, brands: Sequence[tuple[str, LibraryBrand]]) -> int:
        """Store the (key, brand) pairs whose key is not stored yet (the first of a key given twice); returns
        how many were added."""
        now = _now()
        with Session(self.engine) as s, s.begin():
            keys = list(dict.fromkeys(key for key, _ in brands))
            known: set[str] = set()
            for start in range(0, len(keys), 500):
                known.update(s.scalars(select(LibraryRow.key).where(LibraryRow.key.in_(keys[start:start + 500]))))
            rows: dict[str, dict[str, Any]] = {}
            for key, brand in brands:
                if key not in known and key not in rows:
                    rows[key] = dict(key=key, imported_at=now, **{f: getattr(brand, f) for f in _LIBRARY_FIELDS})
            values = list(rows.values())
            for start in range(0, len(values), 1000):
                s.execute(insert(LibraryRow), values[start:start + 1000])
            return len(values)

    def names(self, campaign: str | None = None, exclude_campaign: str | None = None) -> list[NameRow]:
        """Brand names of stored, non-duplicate, accepted documents (of one campaign, or of all others)."""
        with Session(self.engine) as s:
            q = select(DocumentRow.id, DocumentRow.file, DocumentRow.brand_name, DocumentRow.branch_name,
                       DocumentRow.campaign).where(
                DocumentRow.brand_name.is_not(None), DocumentRow.duplicate_of_id.is_(None),
                DocumentRow.status == "ok")
            if campaign is not None:
                q = q.where(DocumentRow.campaign == campaign)
            if exclude_campaign is not None:
                q = q.where(DocumentRow.campaign != exclude_campaign)
            return [NameRow(doc_id, file, brand or "", branch, campaign_)  # brand: never None (the where above)
                    for doc_id, file, brand, branch, campaign_ in s.execute(q.order_by(DocumentRow.id))]

    def replace_similarity(self, campaign: str, pairs: Sequence[tuple[int, int, float, bool]],
                           results: Mapping[int, CheckResult | Sequence[CheckResult]],
                           cleared: Mapping[str, Sequence[int]] | None = None) -> None:
        """Swap the campaign's similar pairs and the campaign checks' results (each document's stored result
        of each check id given is replaced; `cleared`: check id → documents whose result of it is dropped
        when none is given) in one transaction."""
        given = {doc_id: [r] if isinstance(r, CheckResult) else list(r) for doc_id, r in results.items()}
        by_check: dict[str, list[int]] = {check_id: list(ids) for check_id, ids in (cleared or {}).items()}
        for doc_id, doc_results in given.items():
            for result in doc_results:
                by_check.setdefault(result.id, []).append(doc_id)
        with Session(self.engine) as s, s.begin():
            s.execute(delete(SimilarRow).where(SimilarRow.campaign == campaign))
            s.add_all(SimilarRow(campaign=campaign, document_id=a, other_id=b, score=score, same_branch=same)
                      for a, b, score, same in pairs)
            for check_id, ids in by_check.items():
                for start in range(0, len(ids), 500):
                    s.execute(delete(CheckRow).where(CheckRow.document_id.in_(ids[start:start + 500]),
                                                     CheckRow.check_id == check_id))
            for doc_id, doc_results in given.items():
                s.add_all(_check_rows(doc_id, doc_results))

    def records(self, campaign: str | None = None, current_only: bool = False) -> list[DocumentRecord]:
        """Stored records in arrival order, with their checks and similar names (duplicates share their
        original's similar names); current_only leaves out versions a later one replaced."""
        return [rec for _, rec in self.records_with_ids(campaign, current_only=current_only)]

    def records_by_ids(self, ids: list[int]) -> list[tuple[int, DocumentRecord]]:
        return self.records_with_ids(ids=ids) if ids else []

    def records_with_ids(self, campaign: str | None = None, ids: list[int] | None = None,
                         pass_id: int | None = None, current_only: bool = False) -> list[tuple[int, DocumentRecord]]:
        """(database id, record) pairs in arrival order, each with its version, the number of versions of its
        submission and whether it is the current one."""
        with Session(self.engine) as s:
            q = select(DocumentRow)
            if current_only:
                q = q.where(DocumentRow.current.is_(True))
            if campaign is not None:
                q = q.where(DocumentRow.campaign == campaign)
            if ids is not None:
                q = q.where(DocumentRow.id.in_(ids))
            if pass_id is not None:
                q = q.where(DocumentRow.pass_id == pass_id)
            rows = list(s.scalars(q.order_by(DocumentRow.id)))
            by_id = {r.id: r for r in rows}
            ids = list(by_id)
            checks: dict[int, list[CheckResult]] = {}
            similar: dict[int, list[SimilarName]] = {}
            counts = _series_counts(s, rows)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for c in s.scalars(select(CheckRow).where(CheckRow.document_id.in_(chunk)).order_by(CheckRow.id)):
                    checks.setdefault(c.document_id, []).append(CheckResult.model_validate(dict(
                        id=c.check_id, status=c.status, value=c.value, limit=c.limit, message=c.message,
                        where=c.where)))  # the stored status is validated against CheckStatus
                pairs = s.execute(select(SimilarRow, DocumentRow).join(
                    DocumentRow, DocumentRow.id == SimilarRow.other_id).where(SimilarRow.document_id.in_(chunk)))
                for pair, other in pairs:
                    similar.setdefault(pair.document_id, []).append(SimilarName(
                        brand_name=other.brand_name or "", file=other.file, score=pair.score,
                        same_branch=pair.same_branch, branch_name=other.branch_name,
                        campaign=other.campaign if other.campaign != pair.campaign else None))
            out = []
            for r in rows:
                rec = DocumentRecord.model_validate(r.record)
                rec.checks = checks.get(r.id, [])
                rec.id, rec.version, rec.current = r.id, r.version, r.current
                rec.versions = counts.get((r.campaign, r.series), 1) if r.series else 1
                original = r.duplicate_of_id or r.id
                rec.similar = sorted(similar.get(original, []), key=lambda x: (-x.score, x.file))
                if r.duplicate_of_id in by_id:
                    rec.duplicate_of = by_id[r.duplicate_of_id].file
                out.append((r.id, rec))
            return out


def _number_versions(s: Session, campaign: str, rows: list[DocumentRow]) -> None:
    """Give each new row that has a series the next version number of it and make it current (earlier ones
    of the series stop being current). On PostgreSQL the campaign is locked for the transaction, so two
    processes never give out one number twice (SQLite transactions are serialised already)."""
    series = sorted({r.series for r in rows if r.series})
    if not series:
        return
    if s.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.blake2b(f"versions:{campaign}".encode(), digest_size=8).digest(), "big", signed=True)
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    last: dict[str, int] = {}
    for start in range(0, len(series), 500):
        chunk = series[start:start + 500]
        found = s.execute(select(DocumentRow.series, func.max(DocumentRow.version))
                          .where(DocumentRow.campaign == campaign, DocumentRow.series.in_(chunk))
                          .group_by(DocumentRow.series))
        last.update({key: n or 0 for key, n in found if key})
        s.execute(update(DocumentRow).where(DocumentRow.campaign == campaign, DocumentRow.series.in_(chunk),
                                            DocumentRow.current.is_(True)).values(current=False))
    newest: dict[str, DocumentRow] = {}
    for row in rows:
        if row.series:
            row.version = last[row.series] = last.get(row.series, 0) + 1
            if row.series in newest:  # two versions of one series in one batch: the later is current
                newest[row.series].current = False
            newest[row.series] = row
            row.current = True


def _series_counts(s: Session, rows: Sequence[DocumentRow]) -> dict[tuple[str, str], int]:
    """How many versions each series of these rows has (by campaign and series)."""
    wanted: dict[str, set[str]] = {}
    for r in rows:
        if r.series:
            wanted.setdefault(r.campaign, set()).add(r.series)
    out: dict[tuple[str, str], int] = {}
    for campaign, keys in wanted.items():
        ordered = sorted(keys)
        for start in range(0, len(ordered), 500):
            found = s.execute(select(DocumentRow.series, func.count()).where(
                DocumentRow.campaign == campaign, DocumentRow.series.in_(ordered[start:start + 500]))
                .group_by(DocumentRow.series))
            out.update({(campaign, key): n for key, n in found if key})
    return out


def dml(session: Session, statement: Any) -> CursorResult[Any]:
    """Run an UPDATE/DELETE; its result, which tells how many rows it changed."""
    return cast(CursorResult[Any], session.execute(statement))


def _check_rows(doc_id: int, checks: list[CheckResult]) -> list[CheckRow]:
    return [CheckRow(document_id=doc_id, check_id=c.id, status=c.status, value=c.value, limit=c.limit,
                     message=c.message, where=c.where) for c in checks]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout=60000")  # another process's transaction: wait for it, not fail
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    """Every SQLite transaction takes the write lock at its start (BEGIN IMMEDIATE): two processes on one
    file then queue instead of failing when a read turns into a write (SQLITE_BUSY_SNAPSHOT)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("pipeline") / "migrations"))
    with _migration_lock(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two processes opening one new database: one migrates, one waits
            conn.execute(text("SELECT pg_advisory_xact_lock(7263514)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (a lock file beside it)."""
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
