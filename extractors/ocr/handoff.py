"""When a document that should carry text holds pictures of pages instead, OCR reads them: the hand-over policy.

Owns the two decisions and their thresholds: a Word file whose body is only page pictures (a signed form scanned
and pasted into Word) has its pictures read by OCR; a PDF whose pages are mostly bare images (a scan), or whose
text layer is nearly empty, is read as a scan. Each returns the OCR Layout, or None to keep the reader's own.
"""

from __future__ import annotations

from pipeline.model.config import Config
from pipeline.model.layout import Layout

PASTED_SCAN_MAX_CHARS = 20  # a Word body with fewer characters beside its pictures is only pictures
SCANNED_PDF_MIN_CHARS = 50  # a PDF text layer with fewer characters is no text layer


def is_pasted_scan(layout: Layout) -> bool:
    """A Word file that is only pictures of pages (a signed form scanned and pasted into Word)."""
    text = sum(len("".join(p.text.split())) for p in layout.paragraphs())
    pictures = [pic for p in layout.paragraphs() for pic in p.pictures if pic.target]
    return text < PASTED_SCAN_MAX_CHARS and bool(pictures)


def pasted_scan(data: bytes, layout: Layout, config: Config) -> Layout | None:
    """OCR each pasted page picture (read with the same member cap) into one Layout, pages in order; None
    when the Word file is not a pasted scan or none of its pictures can be read."""
    if not is_pasted_scan(layout):
        return None
    from extractors.docx.package import Package
    from extractors.ocr.reader import read_image

    pkg = Package(data, config.intake)
    targets = [pic.target for p in layout.paragraphs() for pic in p.pictures if pic.target]
    pages = [read_image(blob, config) for t in targets if (blob := pkg.read(t))]
    if not pages:
        return None
    merged = pages[0].model_copy(update={"blocks": [b for page in pages for b in page.blocks],
                                         "pages": len(pages), "header_texts": layout.header_texts,
                                         "footer_texts": layout.footer_texts})
    scores = [p.ocr_confidence for p in pages if p.ocr_confidence is not None]
    merged.ocr_confidence = sum(scores) / len(scores) if scores else None
    merged.notes = [*layout.notes, "Word 文件中只有图片（扫描件粘贴），已对图片进行文字识别 / "
                                   "the Word file holds only page pictures; they were read by OCR"]
    return merged


def scanned_pdf(data: bytes, layout: Layout, config: Config) -> Layout | None:
    """The PDF read by OCR when at least half its pages are bare images, or when it has images and almost no
    text; None to keep the text layer."""
    from extractors.pdf.reader import scanned_pages

    scanned = scanned_pages(data)
    text = sum(len(p.text.strip()) for p in layout.paragraphs())
    if scanned and (len(scanned) * 2 >= (layout.pages or 1) or text < SCANNED_PDF_MIN_CHARS):
        from extractors.ocr.reader import read_scanned_pdf

        return read_scanned_pdf(data, config)
    return None
