"""The campaign-wide similar-name step: compare every stored name of the campaign with every other and with
earlier campaigns' names, store the pairs and re-judge `similar_brand_name` on each document.

Owns deciding which documents belong to the same branch (linked, not 雷同). Scoring is checks.name_similarity.
"""

from __future__ import annotations

import re
from typing import Any

from checks import name_similarity
from checks.registry import BY_ID
from pipeline.model.config import Config
from pipeline.model.records import CheckResult, DocumentRecord, SimilarName
from pipeline.store import NameRow, Store

_PUNCT = re.compile(r"[\s\u3000“”\"'‘’「」《》（）()·•、，,.。:：;；\-—_]+")
_AFFIX = re.compile(r"^(中共|中国共产党)|(委员会)$")


def branch_key(name: str | None) -> str | None:
    """A branch name reduced for comparison: '中共信息学院第一党支部 ' → '信息学院第一党支部'."""
    if not name:
        return None
    key = _AFFIX.sub("", _PUNCT.sub("", name))
    return key or None


_KIND_WORDS = re.compile(
    "一支部一特色|一支部一品牌|申报书|申报表|申请书|申请表|成果报告|总结报告|情况报告|结题|结项|中期|党建|品牌|创建|项目|精品|特色|"
    r"工作|申报|成果|报告|总结|材料|方案|汇报|附件\d*|最终版|修改版|修订版|定稿|副本|终稿|[vV]\d+|\(\d+\)|（\d+）|~\d+")
Evidence = frozenset[tuple[str, str]]


def origin_evidence(rec: DocumentRecord) -> Evidence:
    """What two documents of one unit share even when no branch name was found: the mail they came in and
    its sender, the folder they were dropped in, the leader named, the submitter's file-name stem."""
    keys: set[tuple[str, str]] = set()
    if rec.origin and rec.origin.container:
        keys.add(("mail", rec.origin.container))
    if rec.origin and rec.origin.mail_from:
        keys.add(("sender", rec.origin.mail_from.strip().lower()))
    folder, _, leaf = rec.file.rpartition("/")
    if folder:
        keys.add(("folder", folder))
    stem = _KIND_WORDS.sub("", _PUNCT.sub("", leaf.rsplit(".", 1)[0]))
    if len(stem) >= 2:
        keys.add(("stem", stem))
    if rec.fields and rec.fields.leader and len(rec.fields.leader) <= 10:
        keys.add(("leader", _PUNCT.sub("", rec.fields.leader)))
    return frozenset(keys)


def same_branch(a: NameRow, b: NameRow, origins: dict[int, Evidence]) -> bool:
    """One branch's documents: the same branch name; or one mail; or, when a branch name is missing, any
    other evidence of common origin (origin_evidence)."""
    ka, kb = branch_key(a.branch_name), branch_key(b.branch_name)
    if ka and kb and ka == kb:
        return True
    ea, eb = origins.get(a.id, frozenset()), origins.get(b.id, frozenset())
    if any(k[0] == "mail" for k in ea & eb):
        return True  # attachments of one mail come from one branch
    if ka and kb:
        return False
    return bool(ea & eb)


def pair_names(current: list[NameRow], earlier: list[NameRow], origins: dict[int, Evidence],
               config: Config, cutoff: float) -> tuple[list[tuple[int, int, float, bool]], int]:
    """Directed pairs (id, other id, score, same branch) at or above `cutoff`, and the number of
    cross-branch pairs (unordered). Pairs within `current` go both ways; pairs with `earlier` one way."""
    prepared = name_similarity.prepare([n.brand_name for n in current], config.similarity)
    rows: list[tuple[int, int, float, bool]] = []
    cross = 0
    for pair in name_similarity.similar_pairs(prepared, None, config.similarity, cutoff):
        a, b = current[pair.left], current[pair.right]
        same = same_branch(a, b, origins)
        cross += 0 if same else 1
        rows.append((a.id, b.id, pair.score, same))
        rows.append((b.id, a.id, pair.score, same))
    if earlier and current:
        old = name_similarity.prepare([n.brand_name for n in earlier], config.similarity)
        for pair in name_similarity.similar_pairs(prepared, old, config.similarity, cutoff):
            a, b = current[pair.left], earlier[pair.right]
            same = same_branch(a, b, {})
            cross += 0 if same else 1
            rows.append((a.id, b.id, pair.score, same))
    return rows, cross


def _similar_lists(rows: list[tuple[int, int, float, bool]], names: list[NameRow],
                   campaign: str) -> dict[int, list[SimilarName]]:
    """Each document's similar names; `campaign` is set only on names of earlier campaigns."""
    by_id = {n.id: n for n in names}
    similar: dict[int, list[SimilarName]] = {}
    for a_id, b_id, score, same in rows:
        other = by_id[b_id]
        similar.setdefault(a_id, []).append(SimilarName(
            brand_name=other.brand_name, file=other.file, score=score, same_branch=same,
            campaign=other.campaign if other.campaign != campaign else None, branch_name=other.branch_name))
    for items in similar.values():
        items.sort(key=lambda s: (-s.score, s.file))
    return similar


def run_similarity(store: Store, config: Config, params: dict[str, Any]) -> int:
    """Recompute the campaign's similar pairs; returns the number of cross-branch pairs (unordered)."""
    campaign = config.campaign.id
    check_params = params["similar_brand_name"]
    current = store.names(campaign=campaign)
    earlier = store.names(exclude_campaign=campaign)
    records = store.records_with_ids(campaign)
    origins = {doc_id: origin_evidence(rec) for doc_id, rec in records}
    rows, cross = pair_names(current, earlier, origins, config, float(check_params.similar))
    similar = _similar_lists(rows, [*current, *earlier], campaign)

    check = BY_ID["similar_brand_name"]
    results: dict[int, CheckResult] = {}
    originals: dict[str, int] = {}
    for doc_id, rec in records:
        if rec.duplicate_of is None:
            originals.setdefault(rec.file, doc_id)
    for doc_id, rec in records:
        if rec.status != "ok" or rec.doc_type not in check.applies_to:
            continue
        source_id = originals.get(rec.duplicate_of, doc_id) if rec.duplicate_of else doc_id
        judged = rec.model_copy(update={"similar": similar.get(source_id, [])})
        results[doc_id] = check.run(judged, check_params)
    store.replace_similarity(campaign, rows, results)
    return cross


def judge_in_memory(records: list[DocumentRecord], config: Config, params: dict[str, Any]) -> int:
    """The same step for records that are not stored (brandreview check): fills `similar` and re-judges."""
    check = BY_ID["similar_brand_name"]
    check_params = params["similar_brand_name"]
    names = [NameRow(id=n, file=r.file, brand_name=r.brand_name, branch_name=r.branch_name, campaign=config.campaign.id)
             for n, r in enumerate(records) if r.brand_name and r.status == "ok" and not r.duplicate_of]
    origins = {n: origin_evidence(r) for n, r in enumerate(records)}
    rows, cross = pair_names(names, [], origins, config, float(check_params.similar))
    similar = _similar_lists(rows, names, config.campaign.id)
    for n, rec in enumerate(records):
        rec.similar = similar.get(n, [])
        if rec.status == "ok" and rec.doc_type in check.applies_to:
            rec.checks = [c for c in rec.checks if c.id != check.id] + [check.run(rec, check_params)]
    return cross
