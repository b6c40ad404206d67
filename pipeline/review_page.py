"""Writes the review pages into reports/: index.html (the campaign overview) and docs/<id>.html (one page per
current document), after every pass, from stored records only.

Owns the static folder: each page written whole (a temporary file, then renamed over the old one), the pages of
documents no longer current removed, the thumbnails cached under reports/.thumbs/ by content. The pages
themselves are plain functions in pipeline.pages (the web application serves the same). Must not extract or
check.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from pipeline.branches import RosterEntry, RosterError, workspace_roster
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord
from pipeline.pages.document import document_html
from pipeline.pages.overview import overview_html
from pipeline.pages.site import DOCS, build_site, static_links
from pipeline.pages.thumbs import ThumbCache

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


def write_pages(records: Sequence[DocumentRecord], reports: Path, home: Path, config: Config,
                roster: Sequence[RosterEntry] | None = None) -> Path:
    """index.html and docs/<id>.html for the campaign's `records` (every version; pages for the current ones);
    the pages of documents that are no longer current are removed. `roster`: the branches expected (default:
    the workspace's roster file). Returns index.html."""
    problem = None
    if roster is None:
        roster, problem = roster_of(home, config)
    docs = reports / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    _clean(reports)
    _clean(docs)
    thumbs = ThumbCache(reports / THUMBS)
    site = build_site(records, config, static_links(reports, home, on_document_page=True), thumbs)
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
