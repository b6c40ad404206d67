"""The one place checks are registered, their config tables validated, and a record (or a whole campaign)
judged by all of them.

Adding a check: a module with CHECK = Check(...), one line in CHECKS, a [checks.<id>] table in
pipeline/model/defaults.toml and an entry in README. A campaign-wide check (it compares documents with each
other: similar names, one project per host, quotas per parent organisation): a module with
CAMPAIGN_CHECK = CampaignCheck(...) and one line in CAMPAIGN_CHECKS, the rest the same; pipeline.campaign runs
them after every pass and stores their results. A campaign check with a per-document check's id (both with
one Params) replaces that check's result. A crashing check gives 'skip' with the error, never a lost
document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from checks import (
    brand_name_length,
    brand_per_parent_org,
    budget,
    eligibility_age,
    logo,
    news_count,
    ocr_confidence,
    one_brand_per_org,
    one_project_per_host,
    photo_count,
    quota_per_parent_org,
    report_length,
    report_structure,
    required_documents,
    required_fields,
    similar_brand_name,
    slogan,
)
from checks.check import Campaign, CampaignCheck, Check, Params
from pipeline.model.config import Config, ConfigError
from pipeline.model.names import SimilarPair
from pipeline.model.records import CheckResult, DocumentRecord, SimilarName

log = logging.getLogger(__name__)

CHECKS: tuple[Check, ...] = (
    brand_name_length.CHECK,
    report_length.CHECK,
    report_structure.CHECK,
    photo_count.CHECK,
    required_fields.CHECK,
    similar_brand_name.CHECK,
    ocr_confidence.CHECK,
    budget.CHECK,
    slogan.CHECK,
    logo.CHECK,
    eligibility_age.CHECK,
    news_count.CHECK,
)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}
CAMPAIGN_CHECKS: tuple[CampaignCheck, ...] = (
    similar_brand_name.CAMPAIGN_CHECK,
    photo_count.CAMPAIGN_CHECK,
    one_project_per_host.CAMPAIGN_CHECK,
    one_brand_per_org.CAMPAIGN_CHECK,
    quota_per_parent_org.CAMPAIGN_CHECK,
    required_documents.CAMPAIGN_CHECK,
    brand_per_parent_org.CAMPAIGN_CHECK,
    eligibility_age.CAMPAIGN_CHECK,
    news_count.CAMPAIGN_CHECK,
)


def _tables() -> dict[str, type[Params]]:
    """Every check id with its Params, per-document checks first, in registry order."""
    tables = {c.id: c.params for c in CHECKS}
    for check in CAMPAIGN_CHECKS:
        if tables.setdefault(check.id, check.params) is not check.params:
            raise TypeError(f"campaign check {check.id} and the check of that id have different Params")
    return tables


def validate_config(config: Config) -> dict[str, Any]:
    """Each check's Params from its [checks.<id>] table; unknown tables or keys fail by name."""
    tables = _tables()
    unknown = sorted(set(config.checks) - set(tables))
    if unknown:
        raise ConfigError(f"checks: unknown check table(s) {unknown}; known: {sorted(tables)}")
    params: dict[str, Any] = {}
    for check_id, model in tables.items():
        table = config.checks.get(check_id)
        if table is None:
            raise ConfigError(f"checks.{check_id}: missing table")
        try:
            params[check_id] = model.model_validate(table)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"checks.{check_id}: {detail}") from exc
    return params


def run_checks(record: DocumentRecord, params: dict[str, Any]) -> list[CheckResult]:
    """Every applicable check on one record, in registry order (a check that is switched off gives none)."""
    results: list[CheckResult] = []
    if record.status != "ok":
        return results
    for check in CHECKS:
        if record.doc_type not in check.applies_to or (check.when is not None and not check.when(record)):
            continue
        try:
            result = check.run(record, params[check.id])
            if result is not None:
                results.append(result)
        except Exception as exc:  # noqa: BLE001 - crash guard: a broken check must not lose the document
            log.exception("check %s crashed on %s", check.id, record.file)
            results.append(CheckResult(id=check.id, status="skip", message=f"检查出错，已跳过：{exc!r}"))
    return results


@dataclass
class CampaignResults:
    """What every campaign check found, together."""

    results: dict[int, list[CheckResult]] = field(default_factory=dict)  # document id → results, registry order
    pairs: list[SimilarPair] = field(default_factory=list)
    similar: dict[int, list[SimilarName]] = field(default_factory=dict)  # original id → similar names

    @property
    def cross_branch_pairs(self) -> int:
        """Similar pairs between different branches, each counted once (a pair within the campaign is stored
        both ways)."""
        return len({frozenset((p.document_id, p.other_id)) for p in self.pairs if not p.same_branch})


def run_campaign_checks(campaign: Campaign, params: dict[str, Any]) -> CampaignResults:
    """Every campaign check on the whole campaign, in registry order. A result for a document the check does
    not judge (rejected, another doc type) is dropped; a crashing check gives each document it judges 'skip'
    with the error, and no pairs."""
    out = CampaignResults()
    for check in CAMPAIGN_CHECKS:
        judged = [d.id for d in campaign.judged(check.applies_to)]
        try:
            outcome = check.run(campaign, params[check.id])
        except Exception as exc:  # noqa: BLE001 - a broken campaign check must not stop the pass
            log.exception("campaign check %s crashed on campaign %s", check.id, campaign.id)
            skip = CheckResult(id=check.id, status="skip", message=f"检查出错，已跳过：{exc!r}")
            for doc_id in judged:
                out.results.setdefault(doc_id, []).append(skip)
            continue
        for doc_id in judged:
            if doc_id in outcome.results:
                out.results.setdefault(doc_id, []).append(outcome.results[doc_id])
        out.pairs.extend(outcome.pairs)
        for doc_id, names in outcome.similar.items():
            out.similar.setdefault(doc_id, []).extend(names)
    return out
