"""required_documents: each branch sends every kind of document the campaign asks for (seed 003: the 申报书 and
the 自查报告 both; a branch with only one is incomplete).

Campaign-wide: the current documents grouped by organisation (Campaign.orgs, as the overview matches
branch names). A branch that sent some of the kinds in `kinds` but not all fails on each of its documents of
those kinds, naming what is missing; one that sent them all passes. A branch that sent none is no document's
problem: the overview's roster coverage lists it. Kinds are compared as the record's doc_type strings
("application", "outcome_report", "self_check" …). Off (`kinds = []`): no result at all.
"""

from __future__ import annotations

from typing import get_args

from pydantic import field_validator

from checks.across import named
from checks.check import Campaign, CampaignCheck, CampaignDocument, CampaignOutcome, Params
from pipeline.model.records import CheckResult, DocType
from pipeline.model.vocabulary import zh_doc_type

KINDS: tuple[DocType, ...] = get_args(DocType)  # every kind there is: the check judges whichever `kinds` names


class RequiredDocumentsParams(Params):
    kinds: list[str]

    @field_validator("kinds")
    @classmethod
    def _known(cls, kinds: list[str]) -> list[str]:
        unknown = [k for k in kinds if k not in KINDS or k == "unknown"]
        if unknown:
            raise ValueError(f"unknown document kind(s) {unknown}; known: {[k for k in KINDS if k != 'unknown']}")
        return list(dict.fromkeys(kinds))


def run_campaign(campaign: Campaign, params: RequiredDocumentsParams) -> CampaignOutcome:
    kinds = tuple(params.kinds)
    if not kinds:
        return CampaignOutcome(results={})
    docs = campaign.current(kinds)
    groups: dict[str, list[CampaignDocument]] = {}
    for doc in docs:
        if (org := campaign.orgs.get(doc.id)) is not None:
            groups.setdefault(org.key, []).append(doc)
    wanted = "、".join(zh_doc_type(k) for k in kinds)
    results: dict[int, CheckResult] = {}
    for doc in docs:
        org = campaign.orgs.get(doc.id)
        if org is None:
            results[doc.id] = CheckResult(id="required_documents", status="skip", limit=list(kinds),
                                          message=f"未识别到党支部，无法核对{wanted}是否齐全")
            continue
        group = groups[org.key]
        sent = [k for k in kinds if any(d.record.doc_type == k for d in group)]
        missing = [k for k in kinds if k not in sent]
        if not missing:
            results[doc.id] = CheckResult(id="required_documents", status="pass", value=sent, limit=list(kinds),
                                          message=f"“{org.name}”的{wanted}均已提交")
            continue
        results[doc.id] = CheckResult(
            id="required_documents", status="fail", value=sent, limit=list(kinds),
            message=f"“{org.name}”只提交了{'、'.join(zh_doc_type(k) for k in sent)}（"
                    + "、".join(named(d) for d in group) + f"），缺少{'、'.join(zh_doc_type(k) for k in missing)}")
    return CampaignOutcome(results=campaign.with_duplicates(results))


CAMPAIGN_CHECK = CampaignCheck(id="required_documents", params=RequiredDocumentsParams, run=run_campaign,
                               applies_to=KINDS, title="材料齐全")
