"""slogan: an application's 品牌标语 — present when `required`, and at most `max_chars` 字 (counted like the
brand name: Word-style 字数). Seed 000: 简短有力、琅琅上口. Off by default: not required gives no result at all."""

from __future__ import annotations

from pydantic import Field

from checks.check import Check, Params
from pipeline.model.records import CheckResult, DocumentRecord
from pipeline.model.wordcount import count_words


class SloganParams(Params):
    required: bool  # 品牌标语 must be filled in (false: the check is off)
    max_chars: int = Field(ge=0)  # longest slogan, in 字 (0: no limit)


def run(record: DocumentRecord, params: SloganParams) -> CheckResult | None:
    if not params.required:
        return None
    slogan = record.fields.slogan if record.fields else None
    limit = params.max_chars or None
    if not slogan:
        return CheckResult(id="slogan", status="fail", limit=limit, message="未填写品牌标语")
    n = count_words(slogan)
    if limit is not None and n > limit:
        return CheckResult(id="slogan", status="fail", value=n, limit=limit,
                           message=f"品牌标语“{slogan}”共 {n} 字，超过 {limit} 字的上限", where=slogan)
    return CheckResult(id="slogan", status="pass", value=n, limit=limit,
                       message=f"品牌标语共 {n} 字" + (f"（上限 {limit} 字）" if limit else ""), where=slogan)


CHECK = Check(id="slogan", params=SloganParams, run=run, applies_to=("application",), title="品牌标语字数")
