"""The campaign-wide step of a pass: load the campaign's documents and earlier names (earlier campaigns' and the
brand library's imported brands, pipeline.library), run every
registered campaign check (checks.registry.CAMPAIGN_CHECKS, similar_brand_name among them) and store what
they return: their results on each document, and the similar-name pairs.

Owns the loading and the storing only; what is similar, which documents are one branch's and what that means
for a document are the checks' judgement (checks.similar_brand_name, checks.common_origin).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checks import registry
from checks.check import Campaign, CampaignDocument
from pipeline.branches import RosterEntry, organisations
from pipeline.library import earlier_names
from pipeline.model.config import Config
from pipeline.model.records import DocumentRecord
from pipeline.store import Store


def _documents(records: list[tuple[int, DocumentRecord]]) -> tuple[CampaignDocument, ...]:
    """(id, record) pairs as campaign documents; a duplicate shares the first original of its file name."""
    originals: dict[str, int] = {}
    for doc_id, rec in records:
        if rec.duplicate_of is None:
            originals.setdefault(rec.file, doc_id)
    return tuple(CampaignDocument(id=doc_id, record=rec,
                                  original=originals.get(rec.duplicate_of, doc_id) if rec.duplicate_of else doc_id)
                 for doc_id, rec in records)


def load_campaign(store: Store, config: Config, roster: Sequence[RosterEntry] = ()) -> Campaign:
    """The campaign's stored documents (earlier versions too: a branch's versions are one branch's, never
    雷同 with each other), the other campaigns' accepted names and the brand library's imported brands (ids below
    zero: no document's), and each current document's organisation against the roster (pipeline.branches)."""
    campaign = config.campaign.id
    records = store.records_with_ids(campaign)
    return Campaign(id=campaign, config=config, documents=_documents(records),
                    earlier=(*store.names(exclude_campaign=campaign), *earlier_names(store, campaign)),
                    orgs=organisations(records, roster))


def _own_ids() -> list[str]:
    """The campaign checks with no per-document check of their id: only their campaign run gives results."""
    return [c.id for c in registry.CAMPAIGN_CHECKS if c.id not in registry.BY_ID]


def run_campaign(store: Store, config: Config, params: dict[str, Any], roster: Sequence[RosterEntry] = ()) -> int:
    """Run the campaign checks on the stored campaign and store their results and pairs; returns the number
    of similar pairs between different branches (unordered). A pair with an imported library brand is in the
    results' messages and counted, but not stored as a pair (it names no document). A check of its own (no
    per-document twin) that now gives a current document no result (switched off, the conflict resolved)
    leaves it none: its earlier result is dropped."""
    campaign = load_campaign(store, config, roster)
    found = registry.run_campaign_checks(campaign, params)
    current = [d.id for d in campaign.documents if d.record.current]
    store.replace_similarity(config.campaign.id, [p for p in found.pairs if p.other_id > 0], found.results,
                             cleared={check_id: current for check_id in _own_ids()})
    return found.cross_branch_pairs


def judge_in_memory(records: list[DocumentRecord], config: Config, params: dict[str, Any],
                    roster: Sequence[RosterEntry] = ()) -> int:
    """The same step for records that are not stored (brandreview check): fills each record's `similar` and
    replaces its results of the campaign checks."""
    campaign = Campaign(id=config.campaign.id, config=config, documents=_documents(list(enumerate(records))),
                        orgs=organisations(list(enumerate(records)), roster))
    found = registry.run_campaign_checks(campaign, params)
    for doc in campaign.documents:
        rec = records[doc.id]
        rec.similar = found.similar.get(doc.original, [])
        for result in found.results.get(doc.id, []):
            rec.checks = [c for c in rec.checks if c.id != result.id] + [result]
    return found.cross_branch_pairs
