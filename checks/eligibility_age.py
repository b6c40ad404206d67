"""eligibility_age: the applicant was founded (成立时间, ApplicationFields.established) at least N full years
before the application date — the form's date, else when it was received (seed 003: a college committee and a
branch at least 3 years, a student branch at least 2). A student branch is told by the roster's 类型 (学生) when
the roster lists it (the campaign run, through Campaign.orgs), else by its name (学生, 研究生, 本科生). A
成立时间 given to the month counts from the month's first day. No 成立时间: a warning. Off by default (no result)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from checks.applicant import APPLICANT_ZH, applicant
from checks.check import Campaign, CampaignCheck, CampaignOutcome, Check, Params
from pipeline.model.records import CheckResult, DocumentRecord


class EligibilityAgeParams(Params):
    enabled: bool
    min_years_college: int = Field(ge=0)  # a 学院 / 党总支 / 党委
    min_years_branch: int = Field(ge=0)  # a 支部
    min_years_student_branch: int = Field(ge=0)  # a student branch


def _founded(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def full_years(start: dt.date, end: dt.date) -> int:
    """Whole years from `start` to `end` (a 29 February counts from 1 March in other years)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, -1)


def _applied(record: DocumentRecord) -> tuple[dt.date | None, str]:
    if record.fields and record.fields.date:
        return dt.date.fromisoformat(record.fields.date), "填表日期"
    if record.received_at is not None:
        return record.received_at.date(), "收到日期"
    return None, ""


def judge(record: DocumentRecord, params: EligibilityAgeParams, roster_kind: str | None = None) -> CheckResult | None:
    if not params.enabled:
        return None
    who = applicant(record, roster_kind)
    need = {"college": params.min_years_college, "branch": params.min_years_branch,
            "student_branch": params.min_years_student_branch}[who]
    established = record.fields.established if record.fields else None
    if not established:
        return CheckResult(id="eligibility_age", status="warn", limit=need,
                           message=f"未填写成立时间，无法核对{APPLICANT_ZH[who]}须成立满 {need} 年的条件")
    applied, by = _applied(record)
    if applied is None:
        return CheckResult(id="eligibility_age", status="skip", limit=need, message="没有填表日期，无法核对成立年限")
    years = full_years(_founded(established), applied)
    if years < need:
        return CheckResult(id="eligibility_age", status="fail", value=max(years, 0), limit=need,
                           message=f"{APPLICANT_ZH[who]}成立于 {established}，至{by} {applied.isoformat()} 成立不满 {need} "
                                   f"年（{max(years, 0)} 年），不符合申报条件", where=established)
    return CheckResult(id="eligibility_age", status="pass", value=years, limit=need,
                       message=f"{APPLICANT_ZH[who]}成立于 {established}，至{by}已满 {years} 年（须满 {need} 年）",
                       where=established)


def run(record: DocumentRecord, params: EligibilityAgeParams) -> CheckResult | None:
    return judge(record, params)


def run_campaign(campaign: Campaign, params: EligibilityAgeParams) -> CampaignOutcome:
    """The same judgement with the roster's 类型 for the documents whose organisation the roster lists."""
    results: dict[int, CheckResult] = {}
    if params.enabled:
        for d in campaign.judged(("application",)):
            org = campaign.orgs.get(d.id)
            if org is None or not org.listed:
                continue
            if (result := judge(d.record, params, org.kind)) is not None:
                results[d.id] = result
    return CampaignOutcome(results=results)


CHECK = Check(id="eligibility_age", params=EligibilityAgeParams, run=run, applies_to=("application",),
              title="成立年限")
CAMPAIGN_CHECK = CampaignCheck(id="eligibility_age", params=EligibilityAgeParams, run=run_campaign,
                               applies_to=("application",), title="成立年限")
