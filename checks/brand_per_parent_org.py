"""brand_per_parent_org: every parent organisation of the roster has at least `min_per_parent_org` branches
that submitted (seed 000: 每个党总支至少创建一个品牌).

A coverage rule: a parent organisation that fell short has no document to carry the result, so the check
judges no document; the overview's roster section and the 汇总表's 名单覆盖 sheet list the parents below the
minimum (pipeline.branches.parent_coverage, given `minimum(config)`). Off (`min_per_parent_org = 0`):
nothing is listed.
"""

from __future__ import annotations

from pydantic import Field

from checks.check import Campaign, CampaignCheck, CampaignOutcome, Params
from pipeline.model.config import Config


class BrandPerParentOrgParams(Params):
    min_per_parent_org: int = Field(ge=0)


def minimum(config: Config) -> int:
    """The campaign's minimum of submitting branches per parent organisation (0: off)."""
    return BrandPerParentOrgParams.model_validate(config.checks.get("brand_per_parent_org", {})).min_per_parent_org \
        if "brand_per_parent_org" in config.checks else 0


def run_campaign(campaign: Campaign, params: BrandPerParentOrgParams) -> CampaignOutcome:
    return CampaignOutcome(results={})  # no document to attach to: the coverage shows it


CAMPAIGN_CHECK = CampaignCheck(id="brand_per_parent_org", params=BrandPerParentOrgParams, run=run_campaign,
                               applies_to=(), title="各党组织品牌覆盖")
