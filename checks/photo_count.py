"""photo_count: a report carries between `min_photos` and `max_photos` photos; uncaptioned photos warn."""

from __future__ import annotations

from checks.check import Check, Params
from pipeline.model.records import CheckResult, DocumentRecord


class PhotoCountParams(Params):
    min_photos: int
    max_photos: int
    caption_required: bool


def run(record: DocumentRecord, params: PhotoCountParams) -> CheckResult:
    report = record.report
    assert report is not None
    n = report.photo_count
    limit = [params.min_photos, params.max_photos]
    uncaptioned = [p for p in report.photos if not p.caption]
    where = "；".join(p.where for p in uncaptioned) or None
    if n < params.min_photos or n > params.max_photos:
        return CheckResult(id="photo_count", status="fail", value=n, limit=limit,
                           message=f"报告附照片 {n} 张，应为 {params.min_photos}–{params.max_photos} 张", where=where)
    if uncaptioned and params.caption_required:
        return CheckResult(id="photo_count", status="warn", value=n, limit=limit,
                           message=f"报告附照片 {n} 张，其中 {len(uncaptioned)} 张没有注释（图题）", where=where)
    return CheckResult(id="photo_count", status="pass", value=n, limit=limit,
                       message=f"报告附照片 {n} 张，均有注释")


CHECK = Check(id="photo_count", params=PhotoCountParams, run=run,
              applies_to=("outcome_report",), title="照片数量与注释")
