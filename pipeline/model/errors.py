"""The one exception type for known bad input: a reason code plus a bilingual, reviewer-readable message.

Raised by intake and extractors; caught only at the per-document boundary in pipeline.run.
"""

from __future__ import annotations


class BadInput(Exception):
    """A submission we cannot use, and why (Chinese first, then English)."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en

    @property
    def message(self) -> str:
        return f"{self.zh}（{self.en}）"
