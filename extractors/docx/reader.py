"""The .docx Reader: bytes of a Word (OOXML) document -> the neutral Layout.

Owns the order of work: open the package safely (docx_package), parse the main part, resolve styles
(docx_styles) and list labels (docx_numbering) lazily, walk the body and the referenced headers and
footers (docx_body) with the w:altChunk imports (docx_altchunk), and read the saved word count, its
application and the title (docx_props). Every problem with the bytes surfaces as BadInput with a reason
code ('corrupt_zip', 'not_docx', 'malformed_xml', 'too_large', 'encrypted'); no other exception type
escapes for bad input. It uses zipfile and lxml only (python-docx is about eight times slower), and it must
not interpret the Layout (no fields, no checks).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from lxml import etree

from extractors.docx.altchunk import MAX_CHUNKS, chunk_blocks
from extractors.docx.body import Story
from extractors.docx.ns import R_ID, W_BODY, W_FOOTER_REF, W_HEADER_REF
from extractors.docx.numbering import Numbering
from extractors.docx.package import Package, Rel, malformed, parse_xml
from extractors.docx.props import read_properties
from extractors.docx.styles import StyleSheet
from pipeline.model.config import IntakeSettings
from pipeline.model.errors import BadInput
from pipeline.model.layout import Block, Layout, flatten

# What hostile XML content can provoke deep inside the walk (lxml errors, odd values, absurd nesting).
_CONTENT_ERRORS = (etree.LxmlError, KeyError, ValueError, IndexError, OverflowError, RecursionError)


def read_docx(data: bytes, limits: IntakeSettings, chunks: bool = True) -> Layout:
    """The Layout of a .docx given as bytes; BadInput when the bytes are not a usable .docx. `chunks`: read
    w:altChunk imports (docx_altchunk; a .docx inside one is read without chunks of its own)."""
    try:
        return _read(data, limits, chunks)
    except BadInput:
        raise
    except _CONTENT_ERRORS as exc:
        raise malformed(f"{type(exc).__name__}: {exc}") from exc


def _read(data: bytes, limits: IntakeSettings, chunks: bool) -> Layout:
    pkg = Package(data, limits)
    main = pkg.main_part()
    raw = pkg.read(main) or b""
    try:
        root = parse_xml(raw)
    except (etree.LxmlError, ValueError) as exc:
        raise malformed(f"{main}: {exc}") from exc
    del raw
    body = root.find(W_BODY)
    if body is None:
        raise BadInput("not_docx", "文件不是 Word 文档：正文部分没有 Word 正文内容（w:body）",
                       f"not a Word document: {main} has no w:body")
    rels = functools.cache(lambda: pkg.rels(main))  # read only when a picture, header or odd name needs it
    styles = StyleSheet(pkg.stream(_part(pkg, rels, "/styles", "word/styles.xml")))

    def numbering() -> Numbering:
        return Numbering(pkg.xml(_part(pkg, rels, "/numbering", "word/numbering.xml")), styles)

    notes: list[str] = []
    read_chunks: dict[str, list[Block] | None] = {}  # each part read once; a bounded number of parts

    def chunk(rid: str) -> list[Block] | None:
        rel = rels().get(rid)
        if rel is None or rel.external:
            return None
        if rel.target not in read_chunks:
            if len(read_chunks) >= MAX_CHUNKS:
                notes.append(f"more than {MAX_CHUNKS} altChunk parts: {rel.target} was not read")
                return None
            read_chunks[rel.target] = chunk_blocks(pkg, rel.target, limits, notes)
        return read_chunks[rel.target]

    story = Story(rels, styles, numbering, chunk if chunks else None)
    blocks = story.blocks(body)
    layout = Layout(source_format="docx", blocks=blocks, notes=notes)
    _headers_footers(pkg, rels, story.sections, layout)
    layout.office_words, layout.office_app, layout.title = read_properties(pkg)
    layout.notes.extend(pkg.notes)
    if styles.note:
        layout.notes.append(styles.note)
    return layout


def _part(pkg: Package, rels: Callable[[], dict[str, Rel]], rel_type: str, default: str) -> str:
    """The part a relationship of `rel_type` points to; the usual name, when present, without looking."""
    if pkg.has(default):
        return default
    for rel in rels().values():
        if rel.type.endswith(rel_type) and not rel.external:
            return rel.target
    return default


def _headers_footers(pkg: Package, rels: Callable[[], dict[str, Rel]], sections: list[etree._Element],
                     layout: Layout) -> None:
    """Text and picture count of every header/footer part the sections reference, in section order."""
    seen: set[str] = set()
    for sect in sections:
        for ref in sect:
            if ref.tag != W_HEADER_REF and ref.tag != W_FOOTER_REF:
                continue
            rel = rels().get(ref.get(R_ID) or "")
            if rel is None or rel.external or rel.target in seen:
                continue
            seen.add(rel.target)
            part = pkg.xml(rel.target)
            if part is None:
                continue
            paragraphs = flatten(Story(dict, None).blocks(part))
            text = "\n".join(p.text for p in paragraphs)
            (layout.header_texts if ref.tag == W_HEADER_REF else layout.footer_texts).append(text)
            layout.header_pictures += sum(len(p.pictures) for p in paragraphs)

