"""quota_per_parent_org: each parent organisation recommends at most its quota (seed 003: 机关党委推荐 1–2 个
样板支部，各党总支推荐 1 个).

Campaign-wide: the current applications grouped by parent organisation — the form's 所属党组织, else the
roster's (Campaign.orgs; one parent however it is written when the roster names it). `quotas` maps a word of
the parent's name to its most ({"机关党委" = 2, "党总支" = 1}; the longest word the name holds decides). The
branches are counted (one organisation's two forms are one). Over its quota: a warning on each of that
parent's applications, naming them and the quota. A parent no word names has no quota. Off (`quotas = {}`):
no result at all.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import Field

from checks.across import named
from checks.check import Campaign, CampaignCheck, CampaignDocument, CampaignOutcome, Params
from pipeline.model.records import CheckResult


class QuotaPerParentOrgParams(Params):
    quotas: dict[str, Annotated[int, Field(ge=0)]]  # a word of the parent organisation's name → the most it recommends


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def quota_of(parent: str, quotas: dict[str, int]) -> tuple[str, int] | None:
    """The quota of a parent organisation: its longest word in `quotas` (the first of equal length)."""
    words = [(w, n) for w, n in quotas.items() if _plain(w) and _plain(w) in _plain(parent)]
    return max(words, key=lambda wn: len(_plain(wn[0]))) if words else None


def run_campaign(campaign: Campaign, params: QuotaPerParentOrgParams) -> CampaignOutcome:
    if not params.quotas:
        return CampaignOutcome(results={})
    docs = campaign.current(("application",))
    groups: dict[str, list[CampaignDocument]] = {}
    for doc in docs:
        org = campaign.orgs.get(doc.id)
        if org is not None and org.parent_key:
            groups.setdefault(org.parent_key, []).append(doc)
    results: dict[int, CheckResult] = {}
    for doc in docs:
        org = campaign.orgs.get(doc.id)
        if org is None or not org.parent_key or not org.parent_org:
            results[doc.id] = CheckResult(id="quota_per_parent_org", status="skip",
                                          message="未识别到所属党组织，无法核对推荐名额")
            continue
        group = groups[org.parent_key]
        branches = len({campaign.orgs[d.id].key for d in group})
        quota = quota_of(org.parent_org, params.quotas)
        if quota is None:
            results[doc.id] = CheckResult(id="quota_per_parent_org", status="pass", value=branches,
                                          message=f"“{org.parent_org}”推荐 {branches} 个，未设名额")
            continue
        word, most = quota
        if branches <= most:
            results[doc.id] = CheckResult(id="quota_per_parent_org", status="pass", value=branches, limit=most,
                                          message=f"“{org.parent_org}”推荐 {branches} 个，名额 {most} 个")
            continue
        results[doc.id] = CheckResult(
            id="quota_per_parent_org", status="warn", value=branches, limit=most,
            where="、".join(d.record.file for d in group if d.id != doc.id),
            message=f"“{org.parent_org}”推荐了 {branches} 个，超过名额 {most} 个（{word}）："
                    + "、".join(named(d) for d in group))
    return CampaignOutcome(results=campaign.with_duplicates(results))


CAMPAIGN_CHECK = CampaignCheck(id="quota_per_parent_org", params=QuotaPerParentOrgParams, run=run_campaign,
                               applies_to=("application",), title="各党组织推荐名额")
