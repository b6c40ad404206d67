"""PDF submissions. For now: refuse encrypted PDFs clearly and everything else as 'PDF support pending'.

The full reader (pdfplumber tables, headings, photos and captions by position) comes with the formats issue.
"""

from __future__ import annotations

import re

from extractors.layout import Layout
from pipeline.errors import BadInput
from pipeline.rules import Config

_ENCRYPT = re.compile(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)")


def read_pdf(data: bytes, config: Config) -> Layout:
    tail = data[-65536:] if len(data) > 65536 else data
    if _ENCRYPT.search(tail) or _ENCRYPT.search(data[:65536]):
        raise BadInput("encrypted", "PDF 文件已加密，无法读取，请提交未加密的版本",
                       "the PDF is encrypted; submit an unencrypted copy")
    raise BadInput("pdf_pending", "暂不支持 PDF 文件（PDF 支持即将提供），请同时提交 Word 版本",
                   "PDF support pending; please also send the Word file")
