"""brand_name_length: the brand name is at most `max_chars` 字 (Word-style count, seed 002's 20-字 rule)."""

from __future__ import annotations

from checks.check import Check, Params
from pipeline.model.records import CheckResult, DocumentRecord
from pipeline.model.wordcount import count_words


class BrandNameLengthParams(Params):
    max_chars: int


def run(record: DocumentRecord, params: BrandNameLengthParams) -> CheckResult:
    name = record.brand_name
    if not name:
        return CheckResult(id="brand_name_length", status="skip", limit=params.max_chars,
                           message="未识别到品牌名称，无法统计字数")
    n = count_words(name)
    if n > params.max_chars:
        return CheckResult(id="brand_name_length", status="fail", value=n, limit=params.max_chars,
                           message=f"品牌名称“{name}”共 {n} 字，超过 {params.max_chars} 字的上限", where=name)
    return CheckResult(id="brand_name_length", status="pass", value=n, limit=params.max_chars,
                       message=f"品牌名称共 {n} 字（上限 {params.max_chars} 字）", where=name)


CHECK = Check(id="brand_name_length", params=BrandNameLengthParams, run=run,
              applies_to=("application", "outcome_report"), title="品牌名称字数")
