"""The PDF Reader: bytes of a PDF with a text layer (saved from Word, WPS or LibreOffice) → the neutral Layout.

Owns the order of work and the bounds: open the document with pdfium (extractors.pdf.document, shared
with the OCR reader: cut short → BadInput 'incomplete', encrypted → 'encrypted', unreadable → 'corrupt_pdf'),
refuse more pages than `pdf.max_pages`, read page by page under a cooperative deadline (`pdf.max_seconds` →
'too_slow') and a cap on the characters kept in memory (`pdf.max_chars` → 'too_much_text'), closing each page
at once (pdf_page; a page pdfium cannot load is left out and named in a note, none readable → 'corrupt_pdf';
nothing on any page → 'blank', or 'corrupt_pdf' when pdfium had to rebuild a broken cross-reference table to
get that far, since the emptiness may then be the damage), then hand
the pages to pdf_flow (tables, furniture, reading order) and pdf_blocks (paragraphs, pictures, tables).
Scanned pages (no text layer, a page-sized image) are not recognised here: they are noted and listed by
`scanned_pages` for the OCR reader. pdfplumber is not used: the whole read takes about a sixth of the time
pdfplumber needs just to extract the text. It must not interpret the Layout (no fields, no checks).
pdfium is not thread-safe: one document at a time, under pdf.document.PDFIUM_LOCK (shared with the OCR reader).
"""

from __future__ import annotations

import time
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.pdf.blocks import BlockMaker, keep_picture
from extractors.pdf.document import DAMAGED, PDFIUM_LOCK, damaged_pages, open_pdf, repaired
from extractors.pdf.flow import flow
from extractors.pdf.lines import LineMaker
from extractors.pdf.margins import Furniture
from extractors.pdf.page import FontBook, PageContent, PageLimits, read_page
from pipeline.model.config import Config
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout

_SCAN_TEXT = 20  # a page with fewer real characters than this has no usable text layer
_SCAN_COVER = 0.5  # ... and when an image covers this share of it, it is a scanned page


def read_pdf(data: bytes, config: Config) -> Layout:
    """The Layout of a PDF given as bytes; BadInput when it cannot (or may not) be read."""
    settings = config.pdf
    limits = PageLimits(settings.max_chars_per_page, settings.max_objects_per_page)
    deadline = time.monotonic() + settings.max_seconds
    fonts = FontBook()
    pages: list[PageContent] = []
    damaged: list[int] = []
    total = 0
    with PDFIUM_LOCK:
        doc = open_pdf(data)
        try:
            count = len(doc)
            _check_pages(count, settings.max_pages)
            title = (doc.get_metadata_dict(skip_empty=True).get("Title") or "").strip() or None
            rebuilt = repaired(doc)
            for index in range(count):
                if time.monotonic() > deadline:
                    raise BadInput("too_slow", f"PDF 读取超时（{settings.max_seconds:g} 秒内只读完 {index}/{count} 页）",
                                   f"reading the PDF took too long ({index}/{count} pages in {settings.max_seconds:g} s)")
                try:
                    pages.append(read_page(doc, index, fonts, limits))
                except pdfium.PdfiumError:
                    damaged.append(index + 1)
                    continue
                total += len(pages[-1].glyphs)
                if total > settings.max_chars:
                    raise BadInput("too_much_text", f"PDF 文字过多（前 {index + 1} 页已超过 {settings.max_chars} 个字符），未读取",
                                   f"the PDF holds more than {settings.max_chars} characters (reached on page {index + 1})")
        finally:
            doc.close()
    notes = _soundness(pages, damaged, count, rebuilt)
    layout = _assemble(pages, fonts, config)
    layout.notes[:0] = notes
    layout.title = title
    return layout


def _soundness(pages: list[PageContent], damaged: list[int], count: int, rebuilt: bool) -> list[str]:
    """Notes on what could not be read; BadInput when nothing could: every page damaged, or nothing on any
    page ('blank' — unless pdfium rebuilt a broken cross-reference table to get there: then the emptiness may
    be the damage, and the PDF is 'corrupt_pdf')."""
    notes: list[str] = []
    if damaged:
        refused, note = damaged_pages(damaged, count)
        if refused is not None:
            raise refused
        notes.append(note)
    if not any(_has_content(p) for p in pages):
        if rebuilt or damaged:
            raise BadInput(DAMAGED, "PDF 文件结构已损坏（交叉引用表无效或有页面无法读取），未能读出任何内容，请重新导出后提交",
                           "the PDF's structure is damaged (broken cross-reference table or unreadable pages) and "
                           "nothing could be read from it; export it again")
        raise BadInput("blank", f"PDF 没有任何内容（空白页）：{count} 页上没有文字、图片或图形，请检查导出的文件后重新提交",
                       f"the PDF holds nothing: its {count} page(s) carry no text, pictures or drawings (blank "
                       f"pages); check the export and send it again")
    only_fields = [p.number for p in pages if not _has_content(p, annotations=False) and p.annotations]
    if only_fields:
        listed = "、".join(map(str, only_fields))
        notes.append(f"PDF 第 {listed} 页的内容只在批注或表单域中，未读取 / page(s) "
                     f"{', '.join(map(str, only_fields))} hold content only in annotations or form fields, "
                     "which are not read")
    if rebuilt:
        notes.append("PDF 的交叉引用表已损坏，已按文件内容重建后读取，请核对原件 / the PDF's cross-reference table "
                     "was broken and was rebuilt from the file's contents: check the result against the original")
    return notes


def _has_content(page: PageContent, annotations: bool = True) -> bool:
    """Anything on the page: a character that is not white space, an image, a painted path or shading, or
    (when `annotations`) an annotation or form field."""
    return (any(not g.ch.isspace() for g in page.glyphs) or page.marks > 0
            or (annotations and page.annotations > 0))


def scanned_pages(data: bytes, max_pages: int = 300) -> list[int]:
    """1-based numbers of the pages without a usable text layer that carry an image covering most of the
    page (scans and photographed pages): the pages to send to OCR."""
    out: list[int] = []
    with PDFIUM_LOCK:
        doc = open_pdf(data)
        try:
            _check_pages(len(doc), max_pages)
            for index in range(len(doc)):
                try:
                    page = doc[index]
                except pdfium.PdfiumError:
                    continue  # a damaged page: read_pdf names it
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                    if _is_scan(sum(1 for ch in text if not ch.isspace()), page):
                        out.append(index + 1)
                finally:
                    page.close()
        finally:
            doc.close()
    return out


def _is_scan(real_chars: int, page: pdfium.PdfPage) -> bool:
    if real_chars >= _SCAN_TEXT:
        return False
    width, height = page.get_size()
    area = max(width * height, 1.0)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= _SCAN_COVER * area:
            return True
    return False


def _check_pages(count: int, cap: int) -> None:
    if count == 0:
        raise BadInput(DAMAGED, "PDF 文件没有任何页面", "the PDF has no pages")
    if count > cap:
        raise BadInput("too_many_pages", f"PDF 共 {count} 页，超过上限 {cap} 页，未读取",
                       f"the PDF has {count} pages, more than the limit of {cap}; not read")


def _assemble(pages: list[PageContent], fonts: FontBook, config: Config) -> Layout:
    layout = Layout(source_format="pdf", pages=len(pages))
    scanned: list[int] = []
    for page in pages:
        real = sum(1 for g in page.glyphs if not g.ch.isspace())
        area = max(page.width * page.height, 1.0)
        if real < _SCAN_TEXT and any(b.width * b.height >= _SCAN_COVER * area for b in page.images):
            scanned.append(page.number)
            page.images = [b for b in page.images if b.width * b.height < _SCAN_COVER * area]
        page.images = [b for b in page.images if keep_picture(b)]
        if page.drawing_skipped:
            layout.notes.append(f"PDF 第 {page.number} 页图形对象过多，未分析表格线和图片 / page {page.number} "
                                f"has too many drawing objects: rulings and images were not analysed")
    if scanned:
        listed = ", ".join(map(str, scanned))
        layout.notes.append(f"PDF 第 {listed} 页为扫描图像，没有文字层，未识别其中文字（需 OCR）/ "
                            f"page(s) {listed} are scanned images without a text layer (OCR needed)")
    maker = LineMaker(bold_fonts=_bold_fonts(pages, fonts))
    found = Furniture()
    items = flow(pages, maker, found)
    sizes: dict[int, tuple[float, float]] = {p.number: (round(p.width), round(p.height)) for p in pages}
    layout.blocks = BlockMaker(items, sizes, config.report.caption_patterns).blocks()
    layout.header_texts, layout.footer_texts = found.header_texts, found.footer_texts
    layout.header_pictures = found.pictures
    if found.struck:
        layout.notes.append(f"PDF 中有 {found.struck} 个带删除线的字（修订痕迹中的删除内容），未计入正文 / "
                            f"{found.struck} struck-through characters (deletions shown as tracked changes) left out")
    return layout


def _bold_fonts(pages: list[PageContent], fonts: FontBook) -> set[int]:
    """Fonts that make text bold: a bold face by name, weight or drawing; a Hei (黑体) face too, unless the
    document's running Chinese text is itself set in it (then it is the plain face, e.g. a substitute font;
    Latin words set in another face do not make it bold, however many)."""
    use: Counter[int] = Counter(g.font for p in pages for g in p.glyphs if g.ch >= "\u2e80")
    use = use or Counter(g.font for p in pages for g in p.glyphs)  # (the Chinese text's face decides)
    main = use.most_common(1)[0][0] if use else -1
    main_is_hei = 0 <= main < len(fonts.fonts) and fonts.fonts[main][2]
    return {i for i, (_, styled, hei) in enumerate(fonts.fonts) if styled or (hei and not main_is_hei)}
