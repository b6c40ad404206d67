"""similar_brand_name: the brand name is not near-identical to another branch's (雷同), this year or earlier.

Two registrations of one check. CAMPAIGN_CHECK is the judgement: every accepted name of the campaign against
every other and against earlier campaigns' names (scores from checks.name_similarity, at or above `similar`),
each pair marked same-branch or not (checks.common_origin), then `run` on each document with its similar
names. CHECK is `run` alone, on a record as it is (what a document shows before the campaign step replaces
its result). The same branch's own documents are listed as linked, never a problem.
"""

from __future__ import annotations

from checks import name_similarity
from checks.check import Campaign, CampaignCheck, CampaignOutcome, Check, Params
from checks.common_origin import Evidence, origin_evidence, same_branch
from pipeline.model.config import SimilaritySettings
from pipeline.model.names import NameRow, SimilarPair
from pipeline.model.records import CheckResult, CheckStatus, DocumentRecord, SimilarName


class SimilarBrandNameParams(Params):
    similar: float
    near_identical: float


def run(record: DocumentRecord, params: SimilarBrandNameParams) -> CheckResult:
    limit = [params.similar, params.near_identical]
    if not record.brand_name:
        return CheckResult(id="similar_brand_name", status="skip", limit=limit, message="未识别到品牌名称，无法比对")
    others = [s for s in record.similar if not s.same_branch and s.score >= params.similar]
    linked = [s for s in record.similar if s.same_branch]
    if not others:
        note = f"（同一支部的 {len(linked)} 份材料已关联）" if linked else ""
        return CheckResult(id="similar_brand_name", status="pass", value=None, limit=limit,
                           message=f"未发现与其他支部雷同的品牌名称{note}")
    others.sort(key=lambda s: -s.score)
    top = others[0]
    status: CheckStatus = "fail" if top.score >= params.near_identical else "warn"
    unconfirmed = not record.branch_name or not top.branch_name
    if unconfirmed:
        status = "warn"  # without both branch names it may be one unit's own documents: a person confirms
    listed = "；".join(
        f"“{s.brand_name}”（{s.branch_name or '支部未识别'}，{'往届（' + s.campaign + '）' if s.campaign else ''}{s.file}，相似度 {s.score:.0f}）"
        for s in others[:5])
    word = "几乎相同" if top.score >= params.near_identical else "相近"
    if unconfirmed:
        return CheckResult(
            id="similar_brand_name", status=status, value=round(top.score, 1), limit=limit, where=top.file,
            message=f"品牌名称“{record.brand_name}”与以下材料的名称{word}：{listed}。"
                    "因未识别到支部名称，无法判断是否为同一单位的材料，请确认")
    return CheckResult(id="similar_brand_name", status=status, value=round(top.score, 1), limit=limit,
                       message=f"品牌名称“{record.brand_name}”与其他支部的名称{word}：{listed}", where=top.file)


CHECK = Check(id="similar_brand_name", params=SimilarBrandNameParams, run=run,
              applies_to=("application", "outcome_report"), title="品牌名称雷同")


def pair_names(current: list[NameRow], earlier: list[NameRow], origins: dict[int, Evidence],
               settings: SimilaritySettings, cutoff: float) -> list[SimilarPair]:
    """Directed pairs at or above `cutoff`: pairs within `current` go both ways, pairs with `earlier` one way
    (from the current document)."""
    prepared = name_similarity.prepare([n.brand_name for n in current], settings)
    rows: list[SimilarPair] = []
    for pair in name_similarity.similar_pairs(prepared, None, settings, cutoff):
        a, b = current[pair.left], current[pair.right]
        same = same_branch(a, b, origins)
        rows.append(SimilarPair(a.id, b.id, pair.score, same))
        rows.append(SimilarPair(b.id, a.id, pair.score, same))
    if earlier and current:
        old = name_similarity.prepare([n.brand_name for n in earlier], settings)
        for pair in name_similarity.similar_pairs(prepared, old, settings, cutoff):
            a, b = current[pair.left], earlier[pair.right]
            rows.append(SimilarPair(a.id, b.id, pair.score, same_branch(a, b, {})))
    return rows


def similar_lists(pairs: list[SimilarPair], names: list[NameRow], campaign: str) -> dict[int, list[SimilarName]]:
    """Each document's similar names, best first; `campaign` is set only on names of earlier campaigns."""
    by_id = {n.id: n for n in names}
    similar: dict[int, list[SimilarName]] = {}
    for a_id, b_id, score, same in pairs:
        other = by_id[b_id]
        similar.setdefault(a_id, []).append(SimilarName(
            brand_name=other.brand_name, file=other.file, score=score, same_branch=same,
            campaign=other.campaign if other.campaign != campaign else None, branch_name=other.branch_name))
    for items in similar.values():
        items.sort(key=lambda s: (-s.score, s.file))
    return similar


def run_campaign(campaign: Campaign, params: SimilarBrandNameParams) -> CampaignOutcome:
    """The campaign's similar pairs, and `run` on every judged document with its (or its original's) names."""
    current = campaign.names()
    origins = {d.id: origin_evidence(d.record) for d in campaign.documents}
    pairs = pair_names(current, list(campaign.earlier), origins, campaign.config.similarity, float(params.similar))
    similar = similar_lists(pairs, [*current, *campaign.earlier], campaign.id)
    results: dict[int, CheckResult] = {}
    for doc in campaign.judged(CAMPAIGN_CHECK.applies_to):
        results[doc.id] = run(doc.record.model_copy(update={"similar": similar.get(doc.original, [])}), params)
    return CampaignOutcome(results=results, pairs=pairs, similar=similar)


CAMPAIGN_CHECK = CampaignCheck(id="similar_brand_name", params=SimilarBrandNameParams, run=run_campaign,
                               applies_to=CHECK.applies_to, title=CHECK.title)
