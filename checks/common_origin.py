"""Whether two documents come from one branch, so a near-identical name between them is linked, not 雷同.

Owns the judgement of common origin: the branch name as compared (branch_key), the other evidence two
documents of one unit share when no branch name was found (origin_evidence) and the decision (same_branch).
It reads records and names only; it must not score names (checks.name_similarity) or judge a check.
"""

from __future__ import annotations

import re

from pipeline.model.names import NameRow
from pipeline.model.records import DocumentRecord

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
