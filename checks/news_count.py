"""news_count: an outcome report shows at least `min_items` published news items (seed 004: 每个支部至少在学院
及以上平台刊发至少 2 篇新闻稿件). Items are what the report lists (ReportFacts.news: the lines under a heading
with 宣传 / 报道 / 新闻 / 推送 / 刊发, or lines holding a link or a 《title》 beside a medium — extractors.interpret.
outcome_report), plus the news files sent in the same submission (a file named with 新闻 / 报道 / 推送 / 稿件, or
a saved link or page: .url / .html) where the campaign run adds them (`news_files`). Off by default (0: no result)."""

from __future__ import annotations

import re

from pydantic import Field

from checks.check import Check, Params
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


def judge(record: DocumentRecord, params: NewsCountParams, news_files: list[str] | None = None) -> CheckResult | None:
    if not params.min_items:
        return None
    listed = list(record.report.news) if record.report else []
    files = list(news_files or [])
    n = len(listed) + len(files)
    where = "；".join([*listed[:3], *files[:3]])[:200] or None
    parts = f"报告列出 {len(listed)} 篇" + (f"，另附新闻文件 {len(files)} 份" if files else "")
    if n < params.min_items:
        return CheckResult(id="news_count", status="fail", value=n, limit=params.min_items,
                           message=f"已刊发的宣传报道 {n} 篇（{parts}），少于 {params.min_items} 篇", where=where)
    return CheckResult(id="news_count", status="pass", value=n, limit=params.min_items,
                       message=f"已刊发的宣传报道 {n} 篇（{parts}，至少 {params.min_items} 篇）", where=where)


def run(record: DocumentRecord, params: NewsCountParams) -> CheckResult | None:
    return judge(record, params)


CHECK = Check(id="news_count", params=NewsCountParams, run=run, applies_to=("outcome_report",), title="宣传报道篇数")
