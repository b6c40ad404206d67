"""Opening a PDF with pypdfium2, for the text-layer reader and the scan (OCR) reader alike.

Owns the process-wide pdfium lock (pdfium is not thread-safe: every pdfium call in the process goes under
PDFIUM_LOCK, which is not re-entrant) and the one translation of pdfium's failures into BadInput: a PDF cut
short (a header and objects, but no `%%EOF` after them: extractors.incomplete) is 'incomplete' before pdfium
sees it (pdfium may rebuild part of such a file and show fewer pages, silently); a document that needs a
password (pdfium's password or security-handler error code) is 'encrypted', any other failure to open it is
'corrupt_pdf'; pages that cannot be loaded are named in a note, or make the PDF 'corrupt_pdf' when no page
can be (`damaged_pages`). It also says whether pdfium had to rebuild a broken cross-reference table
(`repaired`). It must not read pages' contents.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.incomplete import incomplete, pdf_cut_short
from pipeline.model.errors import BadInput, ReasonCode

PDFIUM_LOCK = threading.Lock()
DAMAGED: ReasonCode = "corrupt_pdf"  # the reason code of a PDF (or a page of it) that cannot be read


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The document; BadInput 'incomplete', 'encrypted' or 'corrupt_pdf' when it cannot be opened (or, cut
    short, must not be). Call under PDFIUM_LOCK."""
    if pdf_cut_short(data):
        raise incomplete("PDF ", f"{len(data):,} bytes arrived and the PDF stops before its end (no %%EOF)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise BadInput("encrypted", "PDF 文件已加密，无法读取，请提交未加密的版本",
                           "the PDF is encrypted; submit an unencrypted copy") from exc
        raise BadInput(DAMAGED, "PDF 文件已损坏，无法打开，请重新导出后提交",
                       f"the PDF is damaged and cannot be opened ({exc})") from exc


def repaired(doc: pdfium.PdfDocument) -> bool:
    """pdfium found the cross-reference table broken and rebuilt it by scanning the file."""
    return not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(doc.raw)


def damaged_pages(numbers: list[int], count: int) -> tuple[BadInput | None, str]:
    """For pages (1-based) pdfium could not load among `count`: the BadInput when none could be read at all,
    else None and the note naming them (the other pages are read)."""
    listed = "、".join(map(str, numbers))
    if len(numbers) >= count:
        return BadInput(DAMAGED, f"PDF 的全部 {count} 页均已损坏，无法读取，请重新导出后提交",
                        f"every page of the PDF ({count}) is damaged and cannot be read"), ""
    return None, (f"PDF 第 {listed} 页已损坏，未能读取，其余 {count - len(numbers)} 页已读取，请核对原件 / page(s) "
                  f"{', '.join(map(str, numbers))} of the PDF are damaged and were not read; the other "
                  f"{count - len(numbers)} were")
