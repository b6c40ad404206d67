"""Opening a PDF with pypdfium2, for the text-layer reader and the scan (OCR) reader alike.

Owns the process-wide pdfium lock (pdfium is not thread-safe: every pdfium call in the process goes under
PDFIUM_LOCK, which is not re-entrant) and the one translation of pdfium's failures into BadInput: a
document that needs a password (pdfium's password or security-handler error code) is 'encrypted', any
other failure to open it, or a page that cannot be loaded, is 'corrupt_pdf'. It must not read pages'
contents.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.model.errors import BadInput, ReasonCode

PDFIUM_LOCK = threading.Lock()
DAMAGED: ReasonCode = "corrupt_pdf"  # the reason code of a PDF (or a page of it) that cannot be read


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The document; BadInput 'encrypted' or 'corrupt_pdf' when pdfium cannot open it. Call under PDFIUM_LOCK."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise BadInput("encrypted", "PDF 文件已加密，无法读取，请提交未加密的版本",
                           "the PDF is encrypted; submit an unencrypted copy") from exc
        raise BadInput(DAMAGED, "PDF 文件已损坏或不完整，无法打开，请重新导出后提交",
                       f"the PDF is damaged or incomplete and cannot be opened ({exc})") from exc


def damaged_page(number: int, exc: Exception) -> BadInput:
    """The BadInput for page `number` (1-based) that pdfium cannot load, read or render."""
    return BadInput(DAMAGED, f"PDF 第 {number} 页已损坏，无法读取，请重新导出后提交",
                    f"page {number} of the PDF is damaged and cannot be read ({exc})")
