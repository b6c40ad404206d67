"""report_length: an outcome report's Word-style 字数 is at most `max_chars` (seed 004: 3000 字)."""

from __future__ import annotations

from checks.check import Check, Params
from pipeline.model.records import CheckResult, DocumentRecord


class ReportLengthParams(Params):
    max_chars: int


def run(record: DocumentRecord, params: ReportLengthParams) -> CheckResult:
    report = record.report
    assert report is not None
    n = report.word_count
    office = f"（Word 自身统计：{report.word_count_office} 字）" if report.word_count_office is not None else ""
    if n > params.max_chars:
        return CheckResult(id="report_length", status="fail", value=n, limit=params.max_chars,
                           message=f"报告正文共 {n} 字，超过 {params.max_chars} 字的上限，需删减 {n - params.max_chars} 字{office}")
    return CheckResult(id="report_length", status="pass", value=n, limit=params.max_chars,
                       message=f"报告正文共 {n} 字（上限 {params.max_chars} 字）{office}")


CHECK = Check(id="report_length", params=ReportLengthParams, run=run,
              applies_to=("outcome_report",), title="报告字数")
