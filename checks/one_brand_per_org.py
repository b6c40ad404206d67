"""one_brand_per_org: a party organisation creates one brand (seed 001: 每个党组织原则上创建一个品牌).

Campaign-wide: the current applications grouped by organisation (Campaign.orgs: the branch name matched
against the roster as the overview matches it, pipeline.branches.organisations). An organisation with two or
more different brands (names compared as versions compare them) fails on each of its applications, the
message naming the others (file and brand). One brand sent twice, or once per kind of document, is one.
Applications without a brand name or an organisation are not counted. Off (`enabled = false`): no result.
"""

from __future__ import annotations

from checks.across import others
from checks.check import Campaign, CampaignCheck, CampaignDocument, CampaignOutcome, Params
from pipeline.model.records import CheckResult
from pipeline.model.versions import identity


class OneBrandPerOrgParams(Params):
    enabled: bool


def run_campaign(campaign: Campaign, params: OneBrandPerOrgParams) -> CampaignOutcome:
    if not params.enabled:
        return CampaignOutcome(results={})
    docs = campaign.current(("application",))
    groups: dict[str, list[CampaignDocument]] = {}
    for doc in docs:
        org = campaign.orgs.get(doc.id)
        if org is not None and identity(doc.record.brand_name):
            groups.setdefault(org.key, []).append(doc)
    results: dict[int, CheckResult] = {}
    for doc in docs:
        org = campaign.orgs.get(doc.id)
        if org is None or not identity(doc.record.brand_name):
            results[doc.id] = CheckResult(id="one_brand_per_org", status="skip", limit=1,
                                          message="未识别到党组织或品牌名称，无法核对是否一个党组织申报多个品牌")
            continue
        group = groups[org.key]
        brands = {identity(d.record.brand_name) for d in group}
        if len(brands) == 1:
            results[doc.id] = CheckResult(id="one_brand_per_org", status="pass", value=1, limit=1,
                                          message=f"“{org.name}”只申报了这一个品牌")
            continue
        different = [d for d in group if identity(d.record.brand_name) != identity(doc.record.brand_name)]
        results[doc.id] = CheckResult(
            id="one_brand_per_org", status="fail", value=len(brands), limit=1,
            where="、".join(d.record.file for d in different),
            message=f"“{org.name}”申报了 {len(brands)} 个不同的品牌，另有：{others(doc, different)}"
                    "（每个党组织限创建一个品牌）")
    return CampaignOutcome(results=campaign.with_duplicates(results))


CAMPAIGN_CHECK = CampaignCheck(id="one_brand_per_org", params=OneBrandPerOrgParams, run=run_campaign,
                               applies_to=("application",), title="一个党组织一个品牌")
