"""What a page needs besides its own record: how pages link to each other and to the archived originals, the
campaign's other documents (for similar names, photos sent beside a report, versions) and the thumbnail cache.

Owns the links of the static reports/ folder (index.html, docs/<id>.html, originals by relative file: links);
the web application on the roadmap gives its own Links and serves the same pages. Must not read documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from checks.beside import photos_beside
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord
from pipeline.model.versions import series_key
from pipeline.pages.history import HistoryRow
from pipeline.pages.thumbs import ThumbCache

DOCS = "docs"  # reports/docs/<id>.html


@dataclass(frozen=True)
class Links:
    """Hrefs as seen from one page: a document's page by id (`doc_pattern` with '{id}', which the overview's
    script fills in too), the overview, a record's archived original."""

    doc_pattern: str
    overview: str
    original: Callable[[DocumentRecord], str | None]

    def doc(self, doc_id: int) -> str:
        return self.doc_pattern.replace("{id}", str(doc_id))


def relative_href(target: Path, start: Path) -> str:
    """`target` as a relative link from a page in the folder `start`."""
    rel = os.path.relpath(target, start)
    return "/".join(quote(part) for part in Path(rel).parts)


def static_links(reports: Path, home: Path, on_document_page: bool) -> Links:
    """The links of the reports/ folder: the overview in reports/, the document pages in reports/docs/."""
    start = reports / DOCS if on_document_page else reports

    def original(rec: DocumentRecord) -> str | None:
        if not rec.stored_path:
            return None
        path = Path(rec.stored_path)
        return relative_href(path if path.is_absolute() else home / path, start)

    if on_document_page:
        return Links(doc_pattern="{id}.html", overview="../index.html", original=original)
    return Links(doc_pattern=f"{DOCS}/{{id}}.html", overview="index.html", original=original)


@dataclass
class Site:
    """The campaign's documents as the pages see them."""

    config: Config
    links: Links
    thumbs: ThumbCache
    current: dict[int, DocumentRecord] = field(default_factory=dict)  # id → current record (each has a page)
    ids_by_file: dict[str, int] = field(default_factory=dict)  # a current document's file → its id
    beside: dict[int, list[int]] = field(default_factory=dict)  # report id → picture ids counted toward it
    counted_toward: dict[int, int] = field(default_factory=dict)  # picture id → the report it counts toward
    history: dict[str, list[DocumentRecord]] = field(default_factory=dict)  # series key → versions, oldest first
    # document id → its brand in earlier campaigns and the brand library (pipeline.pages.history), oldest first
    brand_history: dict[int, list[HistoryRow]] = field(default_factory=dict)

    def href(self, doc_id: int | None) -> str | None:
        """The page of a current document, or None (no id, or not current: no page)."""
        return self.links.doc(doc_id) if doc_id is not None and doc_id in self.current else None

    def href_of_file(self, file: str | None) -> str | None:
        return self.href(self.ids_by_file.get(file)) if file else None

    def versions_of(self, rec: DocumentRecord) -> list[DocumentRecord]:
        key = series_key(rec)
        return self.history.get(key, []) if key else []


def build_site(records: Sequence[DocumentRecord], config: Config, links: Links, thumbs: ThumbCache,
               brand_history: dict[int, list[HistoryRow]] | None = None) -> Site:
    """A Site over every record of the campaign (current and earlier versions); `brand_history`: each
    document's 品牌历年记录 (pipeline.pages.history.brand_history), none when not given."""
    site = Site(config=config, links=links, thumbs=thumbs, brand_history=dict(brand_history or {}))
    for rec in records:
        if rec.current and rec.id is not None:
            site.current[rec.id] = rec
            site.ids_by_file.setdefault(rec.file, rec.id)
        key = series_key(rec)
        if key:
            site.history.setdefault(key, []).append(rec)
    for versions in site.history.values():
        versions.sort(key=lambda r: (r.version or 0, r.id or 0))
    found = photos_beside(sorted(site.current.items()))
    for report_id, pictures in found.items():
        site.beside[report_id] = [b.doc for b in pictures]
        for b in pictures:
            site.counted_toward[b.doc] = report_id
    return site
