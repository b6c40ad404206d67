"""The one exception type for known bad input: a reason code plus a bilingual, reviewer-readable message.

Owns BadInput and the closed set of reason codes (`ReasonCode`), which records store as `error_code`. Raised by
intake and extractors; caught only at the per-document boundary in pipeline.run. Must not import anything
else of the project.
"""

from __future__ import annotations

from typing import Literal, get_args

# Every reason a submission can be rejected for. Stored records carry these codes, so a code that has been
# shipped stays in this list even when nothing raises it any more (old records must still load).
ReasonCode = Literal[
    # intake (pipeline.ingest, pipeline.cli); mail_too_deep: the attachments are all in mails attached inside
    # attached mails deeper than pipeline.ingest.MAX_MAIL_DEPTH
    "not_found", "unreadable", "too_large", "bad_mail", "mail_too_deep",
    # inbox entries that are never read (pipeline.ingest): a symbolic link, a FIFO/socket/device
    "symlink", "not_regular",
    # refused by detected type before any reader runs (extractors.registry)
    "empty", "encrypted", "unsupported", "no_attachments", "unrecognised",
    # any reader: a file cut short while being copied or downloaded (extractors.incomplete); a PDF whose pages
    # hold nothing at all (extractors.pdf)
    "incomplete", "blank",
    # archives (.zip/.7z/.rar) unpacked by pipeline.archives: damaged, or over the count/size/ratio limits
    "bad_archive", "archive_bomb",
    # Word .docx (extractors.docx)
    "corrupt_zip", "malformed_xml", "not_docx",
    # PDF with a text layer (extractors.pdf) and scanned PDFs (extractors.ocr)
    "corrupt_pdf", "bad_pdf", "too_slow", "too_much_text", "too_many_pages", "page_too_complex",
    # pictures (extractors.ocr)
    "bad_image",
    # legacy .doc/.wps (extractors.legacy)
    "doc_unreadable", "converter_missing", "conversion_timeout", "conversion_failed",
    # the per-document boundary: something unexpected went wrong
    "internal_error",
]
REASON_CODES: frozenset[str] = frozenset(get_args(ReasonCode))


class BadInput(Exception):
    """A submission we cannot use, and why (Chinese first, then English)."""

    def __init__(self, code: ReasonCode, zh: str, en: str):
        if code not in REASON_CODES:  # a typo must fail where it is raised, not when the record is built
            raise ValueError(f"unknown reason code {code!r}; known: {sorted(REASON_CODES)}")
        super().__init__(f"{zh} / {en}")
        self.code: ReasonCode = code
        self.zh = zh
        self.en = en

    @property
    def message(self) -> str:
        return f"{self.zh}（{self.en}）"
