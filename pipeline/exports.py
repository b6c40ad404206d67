"""What other programs read: the JSONL/CSV export, from stored records only, and the writing of every report
file of a pass (exports and the review page, pipeline.review_page). Owns the export format (documented in
README) — keep it stable. Must not extract or check.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checks.registry import CAMPAIGN_CHECKS, CHECKS
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord
from pipeline.review_page import write_pages
from pipeline.summary_rows import columns, neutralise, row
from pipeline.workspace import Workspace
from pipeline.xlsx_export import write_summary_xlsx

CHECK_IDS = tuple(dict.fromkeys([*(c.id for c in CHECKS), *(c.id for c in CAMPAIGN_CHECKS)]))


def export_record(rec: DocumentRecord) -> dict[str, Any]:
    """One document in the documented export shape."""
    report = None
    if rec.report is not None:
        r = rec.report
        report = {"brand_name": r.brand_name, "branch_name": r.branch_name, "word_count": r.word_count,
                  "word_count_office": r.word_count_office, "word_count_office_app": r.word_count_office_app,
                  "sections": list(r.sections),
                  "photos": r.photo_count, "captioned_photos": r.captioned_photos, "news": list(r.news)}
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
        "received_at": rec.received_at.isoformat() if rec.received_at else None,
        "version": rec.version,
        "versions": rec.versions,
        "current": rec.current,
        "id": rec.id,
    }


def to_jsonl(records: Iterable[DocumentRecord]) -> str:
    return "".join(json.dumps(export_record(r), ensure_ascii=False) + "\n" for r in records)


CSV_COLUMNS = ["file", "sha256", "doc_type", "status", "verdict", "error", "branch_name", "brand_name", "leader",
               "branch_opinion", "signed", "date", "parent_org", "members", "phone", "established",
               "budget", "budget_yuan", "slogan", "logo",
               "word_count", "word_count_office", "word_count_office_app", "sections", "photos",
               "captioned_photos", "news", *(f"check_{c}" for c in CHECK_IDS), "similar", "duplicate_of", "ocr_confidence",
               "converted_from", "received_at", "version", "versions", "current", "id"]


def to_csv(records: Iterable[DocumentRecord], chinese: bool = False, zone: str = "Asia/Shanghai") -> str:
    """UTF-8 with BOM, so spreadsheet programs show the Chinese text correctly. `chinese`: the 汇总表's columns
    instead (Chinese headers and values, each check's mark and reason; times in `zone`), every document with
    whether it is current. Text that starts like a formula (= + - @) gets an apostrophe in front, in both."""
    buf = io.StringIO()
    if chinese:
        from zoneinfo import ZoneInfo

        cols = columns(ZoneInfo(zone), history=True)
        table = csv.writer(buf, lineterminator="\n")
        table.writerow([c.header for c in cols])
        table.writerows(row(cols, rec) for rec in records)
        return "\ufeff" + buf.getvalue()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        f = rec.fields
        r = rec.report
        checks = {c.id: c.status for c in rec.checks}
        writer.writerow({k: neutralise(v) for k, v in {
            "file": rec.file, "sha256": rec.sha256, "doc_type": rec.doc_type, "status": rec.status,
            "verdict": rec.verdict, "error": rec.error or "", "branch_name": rec.branch_name or "",
            "brand_name": rec.brand_name or "", "leader": (f.leader if f else "") or "",
            "branch_opinion": (f.branch_opinion if f else "") or "",
            "signed": "" if not f or f.signed is None else str(f.signed).lower(),
            "date": (f.date if f else "") or "",
            "parent_org": (f.parent_org if f else "") or "", "members": "、".join(f.members or []) if f else "",
            "phone": (f.phone if f else "") or "", "established": (f.established if f else "") or "",
            "budget": (f.budget if f else "") or "", "budget_yuan": "" if not f or f.budget_yuan is None else
            f"{f.budget_yuan:g}", "slogan": (f.slogan if f else "") or "",
            "logo": "" if not f or f.logo is None else str(f.logo).lower(),
            "word_count": r.word_count if r else "", "word_count_office": (r.word_count_office if r else "") or "",
            "word_count_office_app": (r.word_count_office_app if r else "") or "",
            "sections": "|".join(r.sections) if r else "", "photos": r.photo_count if r else "",
            "captioned_photos": r.captioned_photos if r else "", "news": len(r.news) if r else "",
            **{f"check_{c}": checks.get(c, "") for c in CHECK_IDS},
            "similar": "|".join(f"{s.brand_name}@{s.file}:{s.score:g}" for s in rec.similar),
            "duplicate_of": rec.duplicate_of or "",
            "ocr_confidence": rec.ocr.confidence if rec.ocr else "",
            "converted_from": rec.converted_from or "",
            "received_at": rec.received_at.isoformat() if rec.received_at else "",
            "version": rec.version or "", "versions": rec.versions, "current": str(rec.current).lower(),
            "id": rec.id if rec.id is not None else "",
        }.items()})
    return "\ufeff" + buf.getvalue()


def write_reports(records: list[DocumentRecord], ws: Workspace, config: Config) -> Path:
    """export.jsonl, export.csv (every document, each saying whether it is its submission's current version)
    and the review pages (index.html and docs/<id>.html for the current ones, pipeline.review_page) for the
    campaign's records, each written atomically into reports/."""
    ws.reports.mkdir(parents=True, exist_ok=True)
    for name, text in (("export.jsonl", to_jsonl(records)), ("export.csv", to_csv(records))):
        tmp = ws.reports / f".{name}.part"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(ws.reports / name)
    write_summary_xlsx(records, ws.reports, ws.home, config)
    write_pages(records, ws.reports, ws.home, config)
    return ws.reports
