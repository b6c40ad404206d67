"""An outcome report's text and photos as the booklet (pipeline.booklet) prints them, read again from the
archived original at its record's stored_path: its five parts under their headings as written, and the
photos its record counted, each with its image bytes (word/media, reached through the part's relationships
by the Word reader) and caption.

Owns going from a stored record back to its content: the same reader the pass used (extractors.registry; a
.doc through LibreOffice's .docx of it, extractors.legacy.convert), the record's heading positions ('第 n 段')
to split the parts, its photos to choose the pictures. A PDF gives its text only. Problems (a missing or
changed original, a file that no longer reads) become notes on the chapter, never an exception.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from extractors.docx.package import Package
from pipeline.model.config import Config
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout, Paragraph, Picture, Table
from pipeline.model.records import DocumentRecord, Photo, Submission


@dataclass
class Figure:
    image: bytes | None  # None: the picture could not be taken from the original
    caption: str | None
    width_cm: float | None = None


@dataclass
class Part:
    heading: str  # as written in the report
    items: list[str | Figure | list[list[str]]] = field(default_factory=list)  # paragraphs, photos, tables


@dataclass
class Source:
    parts: list[Part] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the editor: what could not be taken over

    @property
    def figures(self) -> list[Figure]:
        return [i for p in self.parts for i in p.items if isinstance(i, Figure)]


def _read(rec: DocumentRecord, data: bytes, config: Config) -> tuple[Layout, bytes | None]:
    """The Layout the pass read, and the .docx bytes holding the pictures (None for a PDF)."""
    if rec.detected == "doc":
        from extractors.legacy.convert import convert_to_docx, legacy_layout

        name = f"document.{rec.file.rsplit('.', 1)[-1].lower() if '.' in rec.file else 'doc'}"
        docx = convert_to_docx(data, name, config.legacy)
        return legacy_layout(docx, data, config), docx
    from extractors.registry import reader_for

    sub = Submission(file=rec.file, data=data, sha256=rec.sha256, size=len(data), detected=rec.detected,
                     extension=rec.file.rsplit(".", 1)[-1].lower() if "." in rec.file else "")
    layout = reader_for(sub).read(sub, config)
    return layout, data if rec.detected in ("docx", "zip") else None


def read_source(rec: DocumentRecord, config: Config) -> Source:
    """The report's parts and photos from its archived original (notes say what is missing)."""
    out = Source()
    try:
        data = Path(rec.stored_path or "").read_bytes()
    except OSError:
        out.notes.append("原件未找到，本章正文未能收录，请从原件取用")
        return out
    if hashlib.sha256(data).hexdigest() != rec.sha256:
        out.notes.append("存档原件已与审核时不同，本章正文未收录，请核对原件")
        return out
    try:
        layout, docx = _read(rec, data, config)
    except BadInput as exc:
        out.notes.append(f"原件无法读取（{exc.zh}），本章正文未能收录")
        return out
    package = Package(docx, config.intake) if docx is not None else None
    photos = rec.report.photos if rec.report else []
    if package is None and photos:
        out.notes.append(f"原件为 PDF，文中 {len(photos)} 张照片未能收录，请从原件中取用")
    _split(rec, layout, package, photos, out)
    return out


def _image(package: Package | None, target: str | None) -> bytes | None:
    if package is None or target is None:
        return None
    try:
        chunks = package.stream(target)
        return b"".join(chunks) if chunks is not None else None
    except BadInput:
        return None


class _Photos:
    """The record's photos by image member, handed out in reading order as the pictures come."""

    def __init__(self, photos: list[Photo], package: Package | None):
        self.by_target: dict[str, deque[Photo]] = defaultdict(deque)
        for p in photos:
            if p.target:
                self.by_target[p.target].append(p)
        self.package = package
        self.captions = {" ".join(p.caption.split()) for p in photos if p.caption}

    def take(self, pictures: list[Picture]) -> list[Figure]:
        out = []
        for pic in pictures:
            queue = self.by_target.get(pic.target or "")
            if self.package is None or not queue:
                continue  # a logo or an icon the record did not count, or a PDF's picture
            photo = queue.popleft()
            out.append(Figure(_image(self.package, photo.target), photo.caption, photo.width_cm))
        return out

    def is_caption(self, text: str) -> bool:
        return " ".join(text.split()) in self.captions


def _heading_at(rec: DocumentRecord, layout: Layout) -> dict[int, str]:
    """Block index → the part heading found there (the record's '第 n 段', checked against the text; else the
    first body paragraph that is the heading as written)."""
    body = [(i, b) for i, b in enumerate(layout.blocks) if isinstance(b, Paragraph)]
    out: dict[int, str] = {}
    for hit in rec.report.headings if rec.report else []:
        number = hit.where.removeprefix("第 ").removesuffix(" 段")
        n = int(number) if number.isdigit() else 0
        if 0 < n <= len(body) and body[n - 1][1].text.strip().startswith(hit.heading[:4]):
            out[body[n - 1][0]] = hit.heading
            continue
        found = next((i for i, p in body if p.text.strip() == hit.heading and i not in out), None)
        if found is not None:
            out[found] = hit.heading
    return out


def _split(rec: DocumentRecord, layout: Layout, package: Package | None, photos: list[Photo], out: Source) -> None:
    heads = _heading_at(rec, layout)
    chosen = _Photos(photos, package)
    part: Part | None = None
    for i, block in enumerate(layout.blocks):
        if i in heads:
            part = Part(heads[i])
            out.parts.append(part)
            continue
        if part is None:
            continue  # the title and what stands before the first part: the chapter has its own heading
        if isinstance(block, Paragraph):
            figures = chosen.take(block.pictures)
            text = block.text.strip()
            if text and not chosen.is_caption(text) and not (figures and _ends_with_caption(text, figures)):
                part.items.append(text)
            part.items.extend(figures)
        else:
            _table(block, chosen, part)


def _ends_with_caption(text: str, figures: list[Figure]) -> bool:
    return any(f.caption and " ".join(text.split()).endswith(" ".join(f.caption.split())) for f in figures)


def _table(table: Table, chosen: _Photos, part: Part) -> None:
    """A photo grid gives its photos (and any other text as paragraphs); any other table its cells' text."""
    cells = [c for row in table.rows for c in row if c.vmerge != "continue"]
    pictures = [pic for c in cells for p in c.paragraphs for pic in p.pictures]
    if not pictures:
        part.items.append([[c.text.strip() for c in row if c.vmerge != "continue"] for row in table.rows])
        return
    for cell in cells:
        for p in cell.paragraphs:
            figures = chosen.take(p.pictures)
            text = p.text.strip()
            if text and not chosen.is_caption(text) and not (figures and _ends_with_caption(text, figures)):
                part.items.append(text)
            part.items.extend(figures)
