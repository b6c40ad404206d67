"""news_count: an outcome report shows at least `min_items` published news items (seed 004: 每个支部至少在学院
及以上平台刊发至少 2 篇新闻稿件). Items are what the report lists (ReportFacts.news: the lines under a heading
with 宣传 / 报道 / 新闻 / 推送 / 刊发, or lines holding a link or a 《title》 beside a medium — extractors.interpret.
outcome_report), plus the news files sent beside it: a file named with 新闻 / 报道 / 推送 / 稿件, or a saved link or
page (.url / .html), accepted and not recognised as a form or a report, in the same mail, archive or folder as
the report — joined to it exactly as pictures are (checks.beside: the nearest folder holding a report, only when
the reports there are one submission; loose files at the top of the inbox join nothing). The campaign-wide run
(CAMPAIGN_CHECK, the same id and limit) replaces the per-document result of every report and names each news
file it counted; each news file gets a result saying which report it was counted toward. Off by default
(0: no result)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import Field

from checks.beside import files_beside
from checks.check import Campaign, CampaignCheck, CampaignOutcome, Check, Params
from pipeline.model.records import CheckResult, DocumentRecord

_NEWS_FILE = re.compile(r"新闻|报道|推送|稿件")
NEWS_EXTENSIONS = ("url", "html", "htm", "webloc")


class NewsCountParams(Params):
    min_items: int = Field(ge=0)  # fewest published news items (0: the check is off)


def is_news_file(name: str) -> bool:
    """A file that is itself a news item: named with 新闻 / 报道 / 推送 / 稿件, or a saved link or web page."""
    base = name.rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    return ext in NEWS_EXTENSIONS or bool(_NEWS_FILE.search(base.rsplit(".", 1)[0]))


def _is_news_document(rec: DocumentRecord) -> bool:
    return rec.status == "ok" and rec.doc_type == "unknown" and not rec.duplicate_of and is_news_file(rec.file)


def news_beside(documents: Sequence[tuple[int, DocumentRecord]]) -> dict[int, list[tuple[int, str, str]]]:
    """Report id → the news files counted toward it as (document id, file, the folder they share), in name
    order; the same join as the pictures' (checks.beside.files_beside)."""
    return {report: [(doc_id, rec.file, folder) for doc_id, rec, folder in found]
            for report, found in files_beside(documents, _is_news_document).items()}


def judge(record: DocumentRecord, params: NewsCountParams, news_files: list[str] | None = None) -> CheckResult | None:
    if not params.min_items:
        return None
    listed = list(record.report.news) if record.report else []
    files = list(news_files or [])
    n = len(listed) + len(files)
    where = "；".join([*listed[:3], *files[:3]])[:200] or None
    names = "、".join(f.rsplit("/", 1)[-1] for f in files)
    parts = f"报告列出 {len(listed)} 篇" + (f"，另附新闻稿 {len(files)} 篇：{names}" if files else "")
    if n < params.min_items:
        return CheckResult(id="news_count", status="fail", value=n, limit=params.min_items,
                           message=f"已刊发的宣传报道 {n} 篇（{parts}），少于 {params.min_items} 篇", where=where)
    return CheckResult(id="news_count", status="pass", value=n, limit=params.min_items,
                       message=f"已刊发的宣传报道 {n} 篇（{parts}，至少 {params.min_items} 篇）", where=where)


def run(record: DocumentRecord, params: NewsCountParams) -> CheckResult | None:
    return judge(record, params)


def run_campaign(campaign: Campaign, params: NewsCountParams) -> CampaignOutcome:
    if not params.min_items:
        return CampaignOutcome(results={})
    documents = [(d.id, d.record) for d in campaign.documents]
    found = news_beside(documents)
    results: dict[int, CheckResult] = {}
    for d in campaign.judged(("outcome_report",)):
        result = judge(d.record, params, [file for _, file, _ in found.get(d.id, [])])
        if result is not None:
            results[d.id] = result
    files = {doc_id: rec.file for doc_id, rec in documents}
    for report_id, news in sorted(found.items()):  # versions of one report: the latest names it
        for doc_id, _, where in news:
            results[doc_id] = CheckResult(id="news_count", status="pass", value=None, limit=None, where=where,
                                          message=f"作为报告《{files[report_id]}》的新闻稿计入（同在 {where}）")
    return CampaignOutcome(results=results)


CHECK = Check(id="news_count", params=NewsCountParams, run=run, applies_to=("outcome_report",), title="宣传报道篇数")
CAMPAIGN_CHECK = CampaignCheck(id="news_count", params=NewsCountParams, run=run_campaign,
                               applies_to=("outcome_report", "unknown"), title="宣传报道篇数")
