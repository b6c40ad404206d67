"""budget: an application's 经费预算 — present and an amount when `required` (seed 002: 经费预算 present and
numeric), and no more than the yearly amount for its kind of applicant as a warning (seed 003: 2.5万 for a
标杆院系, 1万 for a 样板支部). Off by default: not required and no amounts (0) give no result at all."""

from __future__ import annotations

from pydantic import Field

from checks.applicant import APPLICANT_ZH, applicant
from checks.check import Check, Params
from pipeline.model.records import CheckResult, CheckStatus, DocumentRecord


class BudgetParams(Params):
    required: bool  # 经费预算 must be filled in with an amount
    max_yuan_college: float = Field(ge=0)  # most a 学院 / 党总支 / 党委 may ask for, in 元 (0: no limit)
    max_yuan_branch: float = Field(ge=0)  # most a 支部 may ask for, in 元 (0: no limit)


def _yuan(amount: float) -> str:
    if amount >= 10000 and amount % 100 == 0:
        return f"{amount / 10000:g} 万元"
    return f"{amount:,.2f}".rstrip("0").rstrip(".") + " 元"


def run(record: DocumentRecord, params: BudgetParams) -> CheckResult | None:
    who = applicant(record)
    limit = params.max_yuan_college if who == "college" else params.max_yuan_branch
    if not params.required and not limit:
        return None
    f = record.fields
    text = f.budget if f else None
    amount = f.budget_yuan if f else None
    miss: CheckStatus = "fail" if params.required else "skip"
    if not text:
        return CheckResult(id="budget", status=miss, limit=limit or None, message="未填写经费预算")
    if amount is None:
        return CheckResult(id="budget", status=miss, value=text[:60], limit=limit or None,
                           message=f"经费预算“{text[:40]}”中没有可识别的金额，请写明金额（如“2.5万元”）", where=text[:60])
    if limit and amount > limit:
        return CheckResult(id="budget", status="warn", value=amount, limit=limit,
                           message=f"经费预算 {_yuan(amount)}，超过{APPLICANT_ZH[who]}每年 {_yuan(limit)} 的额度",
                           where=text[:60])
    return CheckResult(id="budget", status="pass", value=amount, limit=limit or None,
                       message=f"经费预算 {_yuan(amount)}" + (f"（{APPLICANT_ZH[who]}每年额度 {_yuan(limit)}）"
                                                            if limit else ""), where=text[:60])


CHECK = Check(id="budget", params=BudgetParams, run=run, applies_to=("application",), title="经费预算金额")
