"""What reviewers and other programs read: the JSONL/CSV export and the HTML review page, from stored
records only. Owns the export format (documented in README) — keep it stable. Must not extract or check.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from checks.registry import CHECKS
from pipeline.records import DOC_TYPE_ZH, FIELD_NAMES_ZH, SECTION_NAMES_ZH, DocumentRecord
from pipeline.rules import Config
from pipeline.workspace import Workspace

CHECK_IDS = tuple(c.id for c in CHECKS)


def export_record(rec: DocumentRecord) -> dict[str, Any]:
    """One document in the documented export shape."""
    report = None
    if rec.report is not None:
        r = rec.report
        report = {"brand_name": r.brand_name, "branch_name": r.branch_name, "word_count": r.word_count,
                  "word_count_office": r.word_count_office, "word_count_office_app": r.word_count_office_app,
                  "sections": list(r.sections),
                  "photos": r.photo_count, "captioned_photos": r.captioned_photos}
    return {
        "file": rec.file,
        "sha256": rec.sha256,
        "doc_type": rec.doc_type,
        "status": rec.status,
        "error": rec.error,
        "fields": rec.fields.model_dump() if rec.fields is not None else None,
        "report": report,
        "checks": [{"id": c.id, "status": c.status, "value": c.value, "limit": c.limit, "message": c.message}
                   for c in rec.checks],
        "similar": [{"brand_name": s.brand_name, "file": s.file, "score": round(s.score, 1),
                     "same_branch": s.same_branch}
                    for s in rec.similar],
        "duplicate_of": rec.duplicate_of,
        "ocr": rec.ocr.model_dump() if rec.ocr is not None else None,
        "converted_from": rec.converted_from,
    }


def to_jsonl(records: Iterable[DocumentRecord]) -> str:
    return "".join(json.dumps(export_record(r), ensure_ascii=False) + "\n" for r in records)


CSV_COLUMNS = ["file", "sha256", "doc_type", "status", "verdict", "error", "branch_name", "brand_name", "leader",
               "branch_opinion", "signed", "date", "parent_org", "members", "phone", "established",
               "word_count", "word_count_office", "word_count_office_app", "sections", "photos",
               "captioned_photos", *(f"check_{c}" for c in CHECK_IDS), "similar", "duplicate_of", "ocr_confidence",
               "converted_from"]


def to_csv(records: Iterable[DocumentRecord]) -> str:
    """UTF-8 with BOM, so spreadsheet programs show the Chinese text correctly."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        f = rec.fields
        r = rec.report
        checks = {c.id: c.status for c in rec.checks}
        writer.writerow({
            "file": rec.file, "sha256": rec.sha256, "doc_type": rec.doc_type, "status": rec.status,
            "verdict": rec.verdict, "error": rec.error or "", "branch_name": rec.branch_name or "",
            "brand_name": rec.brand_name or "", "leader": (f.leader if f else "") or "",
            "branch_opinion": (f.branch_opinion if f else "") or "",
            "signed": "" if not f or f.signed is None else str(f.signed).lower(),
            "date": (f.date if f else "") or "",
            "parent_org": (f.parent_org if f else "") or "", "members": "、".join(f.members or []) if f else "",
            "phone": (f.phone if f else "") or "", "established": (f.established if f else "") or "",
            "word_count": r.word_count if r else "", "word_count_office": (r.word_count_office if r else "") or "",
            "word_count_office_app": (r.word_count_office_app if r else "") or "",
            "sections": "|".join(r.sections) if r else "", "photos": r.photo_count if r else "",
            "captioned_photos": r.captioned_photos if r else "",
            **{f"check_{c}": checks.get(c, "") for c in CHECK_IDS},
            "similar": "|".join(f"{s.brand_name}@{s.file}:{s.score:g}" for s in rec.similar),
            "duplicate_of": rec.duplicate_of or "",
            "ocr_confidence": rec.ocr.confidence if rec.ocr else "",
            "converted_from": rec.converted_from or "",
        })
    return "\ufeff" + buf.getvalue()


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
STATUS_ZH = {"pass": "通过", "fail": "不通过", "warn": "提醒", "skip": "跳过"}
VERDICT_ZH = {"passed": "通过", "warned": "通过（有提醒）", "failed": "不通过", "rejected": "无法处理",
              "needs_review": "需人工查看"}


_ORDER = {"failed": 0, "rejected": 1, "needs_review": 2, "warned": 3, "passed": 4}


def render_html(records: list[DocumentRecord], config: Config) -> str:
    """The review page: what needs attention first (不通过, 无法处理, 提醒), then what passed."""
    verdicts = Counter(r.verdict for r in records)
    records = sorted(records, key=lambda r: (_ORDER[r.verdict], r.file))
    return _ENV.get_template("review.html").render(
        records=records, config=config, verdicts=verdicts, status_zh=STATUS_ZH, verdict_zh=VERDICT_ZH,
        doc_type_zh=DOC_TYPE_ZH, field_zh=FIELD_NAMES_ZH, section_zh=SECTION_NAMES_ZH,
        limits=config.checks)


def write_reports(records: list[DocumentRecord], ws: Workspace, config: Config) -> Path:
    """export.jsonl, export.csv and index.html for the campaign's records, written atomically into reports/."""
    ws.reports.mkdir(parents=True, exist_ok=True)
    for name, text in (("export.jsonl", to_jsonl(records)), ("export.csv", to_csv(records)),
                       ("index.html", render_html(records, config))):
        tmp = ws.reports / f".{name}.part"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(ws.reports / name)
    return ws.reports
