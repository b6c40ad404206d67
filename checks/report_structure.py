"""report_structure: the report has every required part (品牌名称、创建背景、品牌内涵、主要举措、取得成效),
in the required order when `in_order` is set.

`required` names section keys (records.SectionKey); an unknown name fails at start-up, naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import field_validator

from checks.check import Check, Params
from pipeline.model.records import SECTION_KEYS, SECTION_NAMES_ZH, CheckResult, DocumentRecord, SectionKey


class ReportStructureParams(Params):
    required: list[SectionKey]
    in_order: bool

    @field_validator("required", mode="before")
    @classmethod
    def _known_sections(cls, v: Any) -> Any:
        if isinstance(v, list):
            unknown = [name for name in v if name not in SECTION_KEYS]
            if unknown:
                raise ValueError(f"unknown section key(s) {unknown}; known: {list(SECTION_KEYS)}")
        return v


def _zh(keys: Sequence[str]) -> str:
    return "、".join(SECTION_NAMES_ZH.get(k, k) for k in keys)


def run(record: DocumentRecord, params: ReportStructureParams) -> CheckResult:
    report = record.report
    assert report is not None
    found = report.sections
    missing = [k for k in params.required if k not in found]
    present = [k for k in found if k in params.required]
    expected = [k for k in params.required if k in present]
    where = "；".join(h.heading for h in report.headings) or None
    problems = []
    if missing:
        problems.append(f"缺少{_zh(missing)}部分")
    if params.in_order and present != expected:
        problems.append(f"各部分顺序为“{_zh(present)}”，应为“{_zh(expected)}”")
    if problems:
        return CheckResult(id="report_structure", status="fail", value=found, limit=params.required,
                           message="；".join(problems), where=where)
    return CheckResult(id="report_structure", status="pass", value=found, limit=params.required,
                       message=f"五个部分齐全且顺序正确：{_zh(found)}", where=where)


CHECK = Check(id="report_structure", params=ReportStructureParams, run=run,
              applies_to=("outcome_report",), title="报告结构")
