"""similar_brand_name: the brand name is not near-identical to another branch's (雷同), this year or earlier.

The campaign-wide comparison runs once (pipeline.campaign fills `record.similar` using checks.name_similarity);
this check only judges the pairs found. The same branch's own documents are listed as linked, never a problem.
"""

from __future__ import annotations

from checks.check import Check, Params
from pipeline.model.records import CheckResult, DocumentRecord


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
    status = "fail" if top.score >= params.near_identical else "warn"
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
