"""photo_count: a report carries between `min_photos` and `max_photos` photos; uncaptioned photos warn.

Photos sent beside the report — picture files in the same mail, archive or folder (checks.beside) — count
too: the campaign-wide run of this check (CAMPAIGN_CHECK, the same id and limits) replaces the per-document
result of every report and names each picture file it counted; the picture files themselves get a result
saying which report they were counted toward.
"""

from __future__ import annotations

from checks.beside import Beside, photos_beside
from checks.check import Campaign, CampaignCheck, CampaignOutcome, Check, Params
from pipeline.model.records import CheckResult, DocumentRecord


class PhotoCountParams(Params):
    min_photos: int
    max_photos: int
    caption_required: bool


def run(record: DocumentRecord, params: PhotoCountParams, beside: list[Beside] | None = None) -> CheckResult:
    report = record.report
    assert report is not None
    beside = beside or []
    n = report.photo_count + len(beside)
    limit = [params.min_photos, params.max_photos]
    uncaptioned = [p.where for p in report.photos if not p.caption] + [b.file for b in beside if not b.caption]
    where = "；".join(uncaptioned) or None
    counted = f"报告附照片 {n} 张"
    if beside:
        names = "、".join(b.file.rsplit("/", 1)[-1] for b in beside)
        counted += f"（文内 {report.photo_count} 张，随报告另附 {len(beside)} 张：{names}）"
    if n < params.min_photos or n > params.max_photos:
        return CheckResult(id="photo_count", status="fail", value=n, limit=limit,
                           message=f"{counted}，应为 {params.min_photos}–{params.max_photos} 张", where=where)
    if uncaptioned and params.caption_required:
        return CheckResult(id="photo_count", status="warn", value=n, limit=limit,
                           message=f"{counted}，其中 {len(uncaptioned)} 张没有注释（图题）", where=where)
    return CheckResult(id="photo_count", status="pass", value=n, limit=limit, message=f"{counted}，均有注释")


def run_campaign(campaign: Campaign, params: PhotoCountParams) -> CampaignOutcome:
    documents = [(d.id, d.record) for d in campaign.documents]
    found = photos_beside(documents)
    results: dict[int, CheckResult] = {}
    for d in campaign.judged(("outcome_report",)):
        results[d.id] = run(d.record, params, found.get(d.id))
    files = {doc_id: rec.file for doc_id, rec in documents}
    for report_id, pictures in sorted(found.items()):  # versions of one report: the latest names it
        for b in pictures:
            results[b.doc] = CheckResult(
                id="photo_count", status="pass", value=None, limit=None, where=b.where,
                message=f"作为报告《{files[report_id]}》的照片计入（同在 {b.where}）"
                        + ("" if b.caption else "，无图注"))
    return CampaignOutcome(results=results)


CHECK = Check(id="photo_count", params=PhotoCountParams, run=run,
              applies_to=("outcome_report",), title="照片数量与注释")
CAMPAIGN_CHECK = CampaignCheck(id="photo_count", params=PhotoCountParams, run=run_campaign,
                               applies_to=("outcome_report", "unknown"), title="照片数量与注释")
