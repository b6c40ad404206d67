"""Tagged PDF: which paragraph each marked-content sequence of a page belongs to.

Word's "Save as PDF" (structure tags are on by default) and LibreOffice with "Tagged PDF" write a structure
tree: every paragraph is a P (or H1…, a list item's Lbl/LBody, a table cell…) element that owns the page's
marked-content ids of its text. That settles the one question a PDF's geometry cannot: whether a line that
fills its column to the edge ends its paragraph. Owns only that reading; the paragraph logic
(extractors.pdf.paragraphs) decides what to do with it, and an untagged PDF simply gives nothing.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

# Block-level standard structure types (PDF 32000-1 §14.8.4.3, and PDF 2.0's Title): the nearest one above
# a marked-content id is its paragraph. Grouping types (Document, Sect, Table, TR, L, LI…) are not.
BLOCK_TYPES = frozenset({"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Title", "Caption", "Lbl", "LBody",
                         "TOCI", "BlockQuote", "Note", "TD", "TH"})
MAX_ELEMENTS = 50_000  # a page's structure elements read at most (a hostile tree is not walked forever)


def spans_pages(block: int) -> bool:
    """Whether the paragraph of this number (from paragraph_ids) also has text on another page."""
    return bool(block & 1)


def paragraph_ids(page: object) -> dict[int, int]:
    """Marked-content id → a paragraph number unique on this page, from the page's structure tree; empty for an
    untagged page. `page` is a raw FPDF_PAGE. A number is odd when its paragraph also owns marked content on
    another page (it runs over a page break): spans_pages."""
    tree = pdfium_c.FPDF_StructTree_GetForPage(page)
    if not tree:
        return {}
    try:
        owner: dict[int, int] = {}
        elsewhere: list[int] = []  # per paragraph: 1 when it (or a Span in it) has content on another page
        stack = [(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i), -1)
                 for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree))]
        seen = 0
        while stack and seen < MAX_ELEMENTS:
            element, block = stack.pop()
            if not element:
                continue
            seen += 1
            if _type(element) in BLOCK_TYPES:
                block = len(elsewhere)
                elsewhere.append(0)
            if block >= 0:
                elsewhere[block] |= _elsewhere(element)
            for i in range(max(pdfium_c.FPDF_StructElement_CountChildren(element), 0)):
                # (a marked-content kid of this page; GetMarkedContentIdAtIndex would also give the ids a
                # paragraph running over a page break owns on the next page, which this page's ids repeat)
                mcid = pdfium_c.FPDF_StructElement_GetChildMarkedContentID(element, i)
                if mcid >= 0:
                    if block >= 0:
                        owner.setdefault(mcid, block)
                    continue
                stack.append((pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i), block))
        return {mcid: 2 * block + elsewhere[block] for mcid, block in owner.items()}
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)


def _type(element: object) -> str:
    """The element's structure type after role mapping ('P', 'H1', …)."""
    size = pdfium_c.FPDF_StructElement_GetType(element, None, 0)
    if size <= 2 or size > 256:
        return ""
    buf = ctypes.create_string_buffer(size)
    pdfium_c.FPDF_StructElement_GetType(element, buf, size)
    return buf.raw[: size - 2].decode("utf-16-le", "replace")


def _elsewhere(element: object) -> int:
    """1 when the element owns content on another page than this tree's, else 0: ids it lists that are no
    marked-content kid of this page, or kids pdfium leaves out of this page's tree (elements on another)."""
    listed = sum(1 for k in range(max(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element), 0))
                 if pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, k) >= 0)
    here = dropped = 0
    for i in range(max(pdfium_c.FPDF_StructElement_CountChildren(element), 0)):
        if pdfium_c.FPDF_StructElement_GetChildMarkedContentID(element, i) >= 0:
            here += 1
        elif not pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i):
            dropped += 1
    return int(listed > here or dropped > 0)
