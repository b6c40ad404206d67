"""one_project_per_host: a person hosts (主持) one project of the campaign (seed 002: 每位项目主持人限申报一项).

Campaign-wide: the current applications grouped by host — ApplicationFields.leader (项目主持人 / 负责人),
compared without white space, bracketed notes and the titles 老师 / 教授 / 副教授; co-hosts written together
(张明、李华) each host the project. A host with two or more different projects (brand names compared as
versions compare them; a form without a name is a project of its own) fails on each of them, the message
naming the others (file and name). The same project sent twice is one project. Off (`enabled = false`): no
result at all.
"""

from __future__ import annotations

import re
import unicodedata

from checks.across import others
from checks.check import Campaign, CampaignCheck, CampaignDocument, CampaignOutcome, Params
from pipeline.model.records import CheckResult
from pipeline.model.versions import identity

_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_TITLES = re.compile(r"(副教授|教授|老师)$")
_SEPARATORS = re.compile(r"[、，,；;/／]+|\s{2,}")


class OneProjectPerHostParams(Params):
    enabled: bool


def hosts(leader: str | None) -> list[str]:
    """The people a 主持人 cell names, as compared: '张 明 老师' → ['张明']; '张明、李华教授' → ['张明', '李华']."""
    if not leader:
        return []
    text = _BRACKETS.sub("", unicodedata.normalize("NFKC", leader)).strip()
    out = []
    for part in _SEPARATORS.split(text):
        name = re.sub(r"\s+", "", part)
        while (shorter := _TITLES.sub("", name)) != name and shorter:
            name = shorter
        if name and name not in out:
            out.append(name)
    return out


def _project(doc: CampaignDocument) -> str:
    return identity(doc.record.brand_name) or f"#{doc.id}"


def run_campaign(campaign: Campaign, params: OneProjectPerHostParams) -> CampaignOutcome:
    if not params.enabled:
        return CampaignOutcome(results={})
    docs = campaign.current(("application",))
    by_host: dict[str, list[CampaignDocument]] = {}
    for doc in docs:
        fields = doc.record.fields
        for host in hosts(fields.leader if fields else None):
            by_host.setdefault(host, []).append(doc)
    results: dict[int, CheckResult] = {}
    for doc in docs:
        fields = doc.record.fields
        mine = hosts(fields.leader if fields else None)
        if not mine:
            results[doc.id] = CheckResult(id="one_project_per_host", status="skip", limit=1,
                                          message="未识别到项目主持人，无法核对是否一人主持多个项目")
            continue
        clashes = []
        for host in mine:
            group = by_host[host]
            projects = {_project(d) for d in group}
            if len(projects) > 1:
                clashes.append((host, len(projects), group))
        if not clashes:
            results[doc.id] = CheckResult(id="one_project_per_host", status="pass", value=1, limit=1,
                                          message=f"项目主持人“{'、'.join(mine)}”未主持其他项目")
            continue
        said = "；".join(f"项目主持人“{host}”共主持 {n} 个项目，另有：{others(doc, group)}" for host, n, group in clashes)
        results[doc.id] = CheckResult(
            id="one_project_per_host", status="fail", value=max(n for _, n, _ in clashes), limit=1,
            where="、".join(d.record.file for _, _, g in clashes for d in g if d.id != doc.id),
            message=f"{said}（每位主持人限主持一个项目）")
    return CampaignOutcome(results=campaign.with_duplicates(results))


CAMPAIGN_CHECK = CampaignCheck(id="one_project_per_host", params=OneProjectPerHostParams, run=run_campaign,
                               applies_to=("application",), title="一人主持一个项目")
