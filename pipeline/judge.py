"""Judging one document, and the per-document error boundary: the only place that catches everything.

Owns turning a submission into a checked record (extraction, checks, notes), reading an arrival into its
submissions, and `guarded`, which turns known bad input into a rejected record and anything unexpected into
an internal-error record (logged with its traceback), so one bad file never stops the others. The pass
(pipeline.run) and `brandreview check` (pipeline.cli) both go through it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checks.registry import run_checks
from extractors.registry import extract, finish
from pipeline import ingest
from pipeline.model.config import Config
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout
from pipeline.model.records import FIELD_NAMES_ZH, DocumentRecord, OcrInfo, Submission

log = logging.getLogger(__name__)


def rejected_record(sub: Submission | None, name: str, exc: BadInput) -> DocumentRecord:
    return DocumentRecord(
        file=sub.file if sub else name, sha256=sub.sha256 if sub else "", size=sub.size if sub else 0,
        detected=sub.detected if sub else "unknown", status="rejected", error=exc.message, error_code=exc.code,
        origin=sub.origin if sub else None, notes=list(sub.notes) if sub else [])


def internal_record(sub: Submission | None, name: str, exc: Exception) -> DocumentRecord:
    log.error("internal error on %s:\n%s", name, traceback.format_exc())
    return rejected_record(sub, name, BadInput("internal_error", f"处理时发生内部错误：{type(exc).__name__}",
                                         f"internal error while processing: {exc!r}"))


def judge(sub: Submission, config: Config, params: dict[str, Any],
          layout: Layout | Exception | None = None) -> DocumentRecord:
    """Extract and check one submission (from its already-read `layout` when given); known bad input
    becomes a rejected record, anything unexpected is raised to the caller's boundary."""
    notes = list(sub.notes)
    if sub.extension_mismatch and sub.extension:
        notes.append(f"扩展名为 .{sub.extension}，实际内容为 {sub.detected} / extension .{sub.extension} but content is {sub.detected}")
    try:
        if layout is None:
            extraction = extract(sub, config)
        elif isinstance(layout, Exception):
            raise layout
        else:
            extraction = finish(layout, sub, config)
    except BadInput as exc:
        rec = rejected_record(sub, sub.file, exc)
        rec.notes = notes
        return rec
    ocr = None
    if extraction.ocr_confidence is None and extraction.field_confidence:
        names = "、".join(FIELD_NAMES_ZH.get(k, k) for k in sorted(extraction.field_confidence))
        notes.append(f"以下栏目按近似标签识别，请核对：{names} / found by a loose label match, please check: "
                     f"{', '.join(sorted(extraction.field_confidence))}")
    if extraction.ocr_confidence is not None:
        ocr = OcrInfo(confidence=round(extraction.ocr_confidence, 3),
                      field_confidence={k: round(v, 3) for k, v in extraction.field_confidence.items()})
    rec = DocumentRecord(
        file=sub.file, sha256=sub.sha256, size=sub.size, detected=sub.detected, doc_type=extraction.doc_type,
        fields=extraction.fields, report=extraction.report, title=extraction.title, origin=sub.origin,
        notes=notes + extraction.notes, ocr=ocr, converted_from=extraction.converted_from)
    rec.checks = run_checks(rec, params)
    return rec



def guarded(sub: Submission | None, name: str, work: Callable[[], DocumentRecord]) -> DocumentRecord:
    """The per-document boundary: `work()`'s record, or a rejected one saying why it could not be made."""
    try:
        return work()
    except BadInput as exc:
        return rejected_record(sub, name, exc)
    except Exception as exc:  # noqa: BLE001 - the per-document boundary: one bad file never stops the others
        return internal_record(sub, name, exc)


def read_arrival(path: Path, name: str, config: Config) -> list[Submission] | DocumentRecord:
    """The submissions in one arrived file (a mail gives one per attachment), or the record of why none."""
    if not path.is_file():
        return rejected_record(None, name, BadInput("not_found", "文件不存在", "file not found"))
    subs: list[Submission] = []

    def read() -> DocumentRecord:
        subs.extend(ingest.read_submissions(path, name, config.intake))
        return DocumentRecord(file=name, sha256="")

    record = guarded(None, name, read)
    return subs if record.status == "ok" else record
