"""汇编成册: the current outcome reports that passed (verdict passed or warned) in one Word document — a cover,
a table of contents (a Word TOC field, and since fields fill in only in Word, a written list of the chapters
with their branches), one chapter per brand: Heading 1 the brand name, the branch under it, the report's five
parts under their headings, its photos with their captions (and the picture files sent beside it).

Owns choosing and ordering the chapters and the document's layout; the content of each comes from
pipeline.booklet_source (the archived originals). Reads stored records only; must not extract or judge.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from checks.beside import photos_beside
from pipeline.booklet_source import Figure, Part, Source, read_source
from pipeline.branches import by_branch
from pipeline.docx_out import (
    HEADING_FONT,
    SERIF_FONT,
    add_field,
    cell_text,
    new_document,
    page_break,
    text_run,
    to_bytes,
    update_fields_on_open,
)
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord
from pipeline.roster import RosterEntry
from pipeline.workspace import short_name

MAX_WIDTH_CM = 14.0  # a photo's width at most (the text column is 16 cm)
TOC_PLACEHOLDER = "（目录在 Word 中打开时更新；若未显示，请右键此处选择“更新域”）"
NO_CAPTION = "（原文此图无图注）"


@dataclass
class Chapter:
    record: DocumentRecord
    branch_name: str | None  # as the roster (or the branch's other documents) name it
    source: Source
    beside: list[Figure]  # picture files sent beside the report (checks.beside)

    @property
    def title(self) -> str:
        return self.record.brand_name or self.record.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    @property
    def branch(self) -> str:
        return self.branch_name or self.record.branch_name or "（未注明党支部）"

    @property
    def figures(self) -> list[Figure]:
        return self.source.figures + self.beside


def passing_reports(records: Sequence[DocumentRecord], roster: Sequence[RosterEntry],
                    config: Config) -> list[tuple[DocumentRecord, str | None]]:
    """The current, accepted outcome reports that passed or passed with warnings, each with its branch (the
    roster's name, or the one its application gives when the report names none: pipeline.branches), in the
    roster's order, then the others in arrival order."""
    passing = [r for r in records if r.current and r.status == "ok" and not r.duplicate_of
               and r.doc_type == "outcome_report" and r.verdict in ("passed", "warned")]
    rows = {id(row.report): (n, row.branch) for n, row in enumerate(by_branch(records, roster, config)) if row.report}
    ranked = sorted(passing, key=lambda r: (rows.get(id(r), (len(rows), None))[0], r.id or 0))
    return [(r, rows[id(r)][1] if id(r) in rows else r.branch_name) for r in ranked]


def _beside(rec: DocumentRecord, records: Sequence[DocumentRecord]) -> list[Figure]:
    documents = [(r.id, r) for r in records if r.id is not None]  # earlier versions too, as photo_count sees them
    by_id = {r.id: r for r in records}
    out = []
    for b in photos_beside(documents).get(rec.id or -1, []):
        picture = by_id.get(b.doc)
        try:
            image = Path(picture.stored_path or "").read_bytes() if picture else None
        except OSError:
            image = None
        out.append(Figure(image, b.caption))
    return out


def chapters(records: Sequence[DocumentRecord], roster: Sequence[RosterEntry], config: Config) -> list[Chapter]:
    return [Chapter(rec, branch, read_source(rec, config), _beside(rec, records))
            for rec, branch in passing_reports(records, roster, config)]


def build(chs: Sequence[Chapter], config: Config) -> Document:
    doc = new_document()
    _cover(doc, chs, config)
    _contents(doc, chs)
    for ch in chs:
        _chapter(doc, ch)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE", "1")
    update_fields_on_open(doc)
    return doc


def booklet_docx(records: Sequence[DocumentRecord], roster: Sequence[RosterEntry], config: Config) -> bytes:
    return to_bytes(build(chapters(records, roster, config), config))


def default_name(config: Config) -> str:
    return short_name(f"{config.campaign.name}成果汇编.docx".replace("/", "_"))


def _cover(doc: Document, chs: Sequence[Chapter], config: Config) -> None:
    for _ in range(6):
        doc.add_paragraph()
    for text, size in ((config.campaign.name, 26.0), ("党建品牌创建成果汇编", 22.0)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(12)
        text_run(p, text, HEADING_FONT, size, bold=True)
    for _ in range(10):
        doc.add_paragraph()
    for text in (f"共收录 {len(chs)} 个党建品牌", f"{config.campaign.year}年"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text_run(p, text, SERIF_FONT, 16)
    page_break(doc)


def _contents(doc: Document, chs: Sequence[Chapter]) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    text_run(p, "目　　录", HEADING_FONT, 18, bold=True)
    add_field(doc.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u', TOC_PLACEHOLDER)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(18)
    text_run(p, "收录品牌一览", HEADING_FONT, 14, bold=True)
    for n, ch in enumerate(chs, 1):
        item = doc.add_paragraph()
        item.paragraph_format.space_after = Pt(2)
        text_run(item, f"{n}. {ch.title}", SERIF_FONT, 12, bold=True)
        text_run(item, f"　　{ch.branch}", SERIF_FONT, 12)


def _chapter(doc: Document, ch: Chapter) -> None:
    heading = doc.add_heading(ch.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.page_break_before = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    text_run(p, ch.branch, SERIF_FONT, 14)
    for note in ch.source.notes:
        _note(doc, note)
    for part in ch.source.parts:
        _part(doc, part)
    if ch.beside:
        doc.add_heading("随报告报送的照片", level=2)
        for figure in ch.beside:
            _figure(doc, figure)


def _part(doc: Document, part: Part) -> None:
    doc.add_heading(part.heading, level=2)
    for item in part.items:
        if isinstance(item, Figure):
            _figure(doc, item)
        elif isinstance(item, str):
            p = doc.add_paragraph(item)
            p.paragraph_format.first_line_indent = Pt(24)
            p.paragraph_format.line_spacing = 1.5
        elif item and any(item):
            columns = max(len(row) for row in item)
            table = doc.add_table(rows=len(item), cols=columns)
            table.style = "Table Grid"
            for r, row in enumerate(item):
                for c, text in enumerate(row):
                    cell_text(table.cell(r, c), text)


def _figure(doc: Document, figure: Figure) -> None:
    caption = figure.caption or NO_CAPTION
    image = _usable(figure.image)
    if image is None:
        _note(doc, f"图片未能从原件中取出：{caption}")
        return
    width = min(figure.width_cm or MAX_WIDTH_CM, MAX_WIDTH_CM)
    doc.add_picture(io.BytesIO(image), width=Cm(width))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph(caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _usable(image: bytes | None) -> bytes | None:
    """The picture as python-docx can place it: PNG, JPEG, GIF, BMP or TIFF as they are, others (WebP, HEIC,
    EMF …) as PNG when Pillow opens them; None when nothing can."""
    if not image:
        return None
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        Image.from_blob(image)
        return image
    except UnrecognizedImageError:
        pass
    from PIL import Image as Pil
    from PIL import UnidentifiedImageError

    try:
        with Pil.open(io.BytesIO(image)) as picture:
            out = io.BytesIO()
            picture.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _note(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    text_run(p, f"【编者注】{text}", SERIF_FONT, 10.5, bold=True)
