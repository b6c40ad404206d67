"""Writes the review pages into reports/: index.html (the campaign overview) and docs/<id>.html (one page per
current document), after every pass, from stored records only.

Owns the static folder: each page written whole (a temporary file, then renamed over the old one), the pages of
documents no longer current removed, the thumbnails cached under reports/.thumbs/ by content. The pages
themselves are plain functions in pipeline.pages (the web application serves the same). Must not extract or
check. Gathers, once per write, the brands recorded before this campaign (品牌历年记录 on each page: the other
campaigns' current documents and the imported library brands, from the workspace's database, each document
linked to its page in the workspace that archived it when that page exists).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pipeline.branches import RosterEntry, RosterError, workspace_roster
from pipeline.library import campaign_year
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord
from pipeline.pages.document import document_html
from pipeline.pages.history import EarlierBrand, brand_history, compact, similar_cutoff
from pipeline.pages.overview import overview_html
from pipeline.pages.site import DOCS, build_site, relative_href, static_links
from pipeline.pages.thumbs import ThumbCache
from pipeline.store import DocumentRow, Store
from pipeline.workspace import WORKSPACE_FILE, WorkspaceError, remembered_database

log = logging.getLogger(__name__)

THUMBS = ".thumbs"
_TMP = ".writing"  # suffix of a page being written


def write_text(path: Path, text: str) -> None:
    """`text` into `path` whole: a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}{_TMP}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _clean(folder: Path) -> None:
    for left in folder.glob(f".*{_TMP}"):  # what a killed writer left
        left.unlink(missing_ok=True)


def roster_of(home: Path, config: Config) -> tuple[list[RosterEntry], str | None]:
    """The workspace's roster ([] when it has none), or [] and why it could not be read (shown on the page:
    a broken roster must not stop the reports)."""
    try:
        return workspace_roster(home, config), None
    except (RosterError, OSError) as exc:
        log.warning("roster not read: %s", exc)
        return [], str(exc)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # archive/<day>/ (pipeline.workspace.dated)


def _home_of(stored_path: str | None) -> Path | None:
    """The workspace that archived a file: the folder holding archive/<day>/ in its stored path."""
    if not stored_path:
        return None
    parts = Path(stored_path).parts
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] == "archive" and _DAY.fullmatch(parts[i + 1]):
            return Path(*parts[:i])
    return None


def earlier_brands(store: Store, config: Config, reports: Path) -> list[EarlierBrand]:
    """The brands recorded before this campaign, in two queries: the imported library brands (but those whose
    来源 is this campaign: an export of the library imported again) and the current, accepted, non-duplicate
    documents of every other campaign, each with the href of its page in its own workspace's reports/docs/
    when that page exists (never one in this workspace: those pages are this campaign's)."""
    own = compact(config.campaign.id)
    out = [EarlierBrand(brand_name=b.brand_name, branch_name=b.branch_name, year=b.year, source=b.source,
                        parent_org=b.parent_org, file=b.imported_from)
           for b in store.library() if compact(b.source) != own]
    q = select(DocumentRow.id, DocumentRow.campaign, DocumentRow.file, DocumentRow.brand_name,
               DocumentRow.branch_name, DocumentRow.doc_type, DocumentRow.stored_path).where(
        DocumentRow.campaign != config.campaign.id, DocumentRow.brand_name.is_not(None),
        DocumentRow.branch_name.is_not(None), DocumentRow.duplicate_of_id.is_(None), DocumentRow.status == "ok",
        DocumentRow.current.is_(True)).order_by(DocumentRow.id)
    pages: dict[Path, set[str]] = {}  # another workspace's reports/docs/ → the pages in it (listed once)
    here = (reports / DOCS).resolve()
    with Session(store.engine) as s:
        rows = list(s.execute(q))
    for doc_id, campaign, file, brand, branch, doc_type, stored_path in rows:
        href = None
        other = _home_of(stored_path)
        if other is not None:
            folder = (other / "reports" / DOCS).resolve()
            if folder != here:
                if folder not in pages:
                    try:
                        pages[folder] = {p.name for p in folder.iterdir()}
                    except OSError:
                        pages[folder] = set()
                if f"{doc_id}.html" in pages[folder]:
                    href = relative_href(folder / f"{doc_id}.html", here)
        out.append(EarlierBrand(brand_name=brand or "", branch_name=branch, year=campaign_year(campaign),
                                campaign=campaign, file=file, doc_type=doc_type, document_id=doc_id, href=href))
    return out


def workspace_history(home: Path, config: Config, reports: Path) -> list[EarlierBrand]:
    """earlier_brands from the workspace's database ([] for a folder that is no workspace, or when the database
    cannot be read: the pages are written without the section, never not written)."""
    if not (home / WORKSPACE_FILE).is_file():
        return []
    try:
        store = Store(remembered_database(home, None))
    except (SQLAlchemyError, WorkspaceError, OSError) as exc:
        log.warning("brand history not read: %s", exc)
        return []
    try:
        return earlier_brands(store, config, reports)
    except SQLAlchemyError as exc:
        log.warning("brand history not read: %s", exc)
        return []
    finally:
        store.close()


def write_pages(records: Sequence[DocumentRecord], reports: Path, home: Path, config: Config,
                roster: Sequence[RosterEntry] | None = None, earlier: Sequence[EarlierBrand] | None = None) -> Path:
    """index.html and docs/<id>.html for the campaign's `records` (every version; pages for the current ones);
    the pages of documents that are no longer current are removed. `roster`: the branches expected (default:
    the workspace's roster file). `earlier`: the brands recorded before this campaign (default: read once from
    the workspace's database, workspace_history). Returns index.html."""
    problem = None
    if roster is None:
        roster, problem = roster_of(home, config)
    docs = reports / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    _clean(reports)
    _clean(docs)
    if earlier is None:
        earlier = workspace_history(home, config, reports)
    history = brand_history(records, earlier, config.similarity, similar_cutoff(config))
    thumbs = ThumbCache(reports / THUMBS)
    site = build_site(records, config, static_links(reports, home, on_document_page=True), thumbs, history)
    written = set()
    for doc_id, rec in sorted(site.current.items()):
        name = f"{doc_id}.html"
        write_text(docs / name, document_html(rec, site))
        written.add(name)
    for page in docs.glob("*.html"):
        if page.name not in written:
            page.unlink(missing_ok=True)
    thumbs.prune()
    index = reports / "index.html"
    write_text(index, overview_html(records, config, static_links(reports, home, on_document_page=False), roster,
                                    roster_problem=problem))
    log.info("review pages: %s and %d document pages", index, len(written))
    return index
