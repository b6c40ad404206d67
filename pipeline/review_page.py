"""The review page (Chinese, for reviewers): what needs attention first, each document with its checks and
evidence, written from stored records only. Owns the page and the Chinese names of statuses and verdicts; the
machine-readable exports are pipeline.exports. Must not extract or check.
"""

from __future__ import annotations

from collections import Counter

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.model.config import Config
from pipeline.model.records import (
    DOC_TYPE_ZH,
    FIELD_NAMES_ZH,
    SECTION_NAMES_ZH,
    STATUS_ZH,
    VERDICT_ZH,
    DocumentRecord,
)

_ENV = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(["html"]))


def chinese_part(message: str | None) -> str:
    """'中文说明（English explanation）' → '中文说明': reviewers read the Chinese; exports keep both."""
    if not message:
        return ""
    head, sep, tail = message.rpartition("（")
    if sep and head and tail.endswith("）") and sum(ch.isascii() for ch in tail) > 0.8 * len(tail):
        return head
    return message


_ENV.filters["zh"] = chinese_part


_ORDER = {"failed": 0, "rejected": 1, "needs_review": 2, "warned": 3, "passed": 4, "attached": 5}


def render_html(records: list[DocumentRecord], config: Config) -> str:
    """The review page: what needs attention first (不通过, 无法处理, 提醒), then what passed."""
    verdicts = Counter(r.verdict for r in records)
    records = sorted(records, key=lambda r: (_ORDER[r.verdict], r.file))
    return _ENV.get_template("review.html").render(
        records=records, config=config, verdicts=verdicts, status_zh=STATUS_ZH, verdict_zh=VERDICT_ZH,
        doc_type_zh=DOC_TYPE_ZH, field_zh=FIELD_NAMES_ZH, section_zh=SECTION_NAMES_ZH,
        limits=config.checks)
