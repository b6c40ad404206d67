"""What a check is. A per-document `Check`: an id, a pydantic Params model (limits, all required, unknown keys
rejected) and a pure function judging one DocumentRecord. A campaign-wide `CampaignCheck`: the same id and
Params, and a pure function judging every document of a campaign at once (a `Campaign`: its records and
earlier campaigns' names) into one result per document and any similar-name pairs to store.

No check reads files or databases: pipeline.campaign loads the Campaign and stores the CampaignOutcome.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from pipeline.model.config import Config
from pipeline.model.names import NameRow, SimilarPair
from pipeline.model.records import CheckResult, DocType, DocumentRecord, SimilarName


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Check:
    id: str  # = module name = config table [checks.<id>] = export id
    params: type[Params]
    run: Callable[[DocumentRecord, Any], CheckResult | None]  # None: switched off, no result at all
    applies_to: tuple[DocType, ...]
    title: str  # Chinese, for reviewers
    when: Callable[[DocumentRecord], bool] | None = None  # further condition (e.g. only OCR documents)


@dataclass(frozen=True)
class CampaignDocument:
    """One document of the campaign as a campaign-wide check sees it."""

    id: int  # its database id (records not stored: their position in the list)
    record: DocumentRecord  # as stored: with its per-document checks, without similar names
    original: int  # whose similar names it shares: its own id, or (a duplicate) its original's


@dataclass(frozen=True)
class Organisation:
    """The party organisation (branch) a document is from: its branch name matched against the roster the way
    the overview matches it (pipeline.branches.organisations), so documents of one organisation share a key."""

    key: str  # one organisation, one key
    name: str  # the roster's name, else the name as the first document gives it
    parent_org: str | None = None  # the document's own 所属党组织, else the roster's (as the roster writes it)
    parent_key: str | None = None  # one parent organisation, one key (None: no parent known)
    kind: str = "其他"  # the roster's 类型 (教工 / 学生 / 其他)
    listed: bool = False  # on the roster


@dataclass(frozen=True)
class Campaign:
    """Everything a campaign-wide check may read."""

    id: str
    config: Config
    documents: tuple[CampaignDocument, ...]  # every document of this campaign in arrival order (rejected too)
    earlier: tuple[NameRow, ...] = ()  # earlier campaigns' accepted names in the same database
    orgs: Mapping[int, Organisation] = field(default_factory=dict)  # document id → its organisation (documents
    # whose branch is not known, by its name or by its brand name, have none)

    def names(self) -> list[NameRow]:
        """This campaign's accepted names: documents that are ok, have a brand name and are no duplicate."""
        return [NameRow(id=d.id, file=d.record.file, brand_name=name, branch_name=d.record.branch_name,
                        campaign=self.id)
                for d in self.documents
                if d.record.duplicate_of is None and d.record.status == "ok" and (name := d.record.brand_name)]

    def judged(self, applies_to: tuple[DocType, ...]) -> list[CampaignDocument]:
        """The documents a check of these doc types judges: accepted ones (duplicates too)."""
        return [d for d in self.documents if d.record.status == "ok" and d.record.doc_type in applies_to]

    def current(self, kinds: tuple[str, ...]) -> list[CampaignDocument]:
        """What a rule across submissions counts: the current version of each accepted document of these
        kinds, no duplicate (a resubmission replaces the version before it; the same bytes twice count once)."""
        return [d for d in self.documents if d.record.current and d.record.status == "ok"
                and d.record.duplicate_of is None and d.record.doc_type in kinds]

    def with_duplicates(self, results: dict[int, CheckResult]) -> dict[int, CheckResult]:
        """`results` and, for each duplicate of a document given one, the same result."""
        out = dict(results)
        for d in self.documents:
            if d.original != d.id and d.original in results and d.record.status == "ok":
                out.setdefault(d.id, results[d.original])
        return out


@dataclass
class CampaignOutcome:
    """What one campaign check found."""

    results: dict[int, CheckResult]  # document id → its result (only documents of Campaign.judged)
    pairs: list[SimilarPair] = field(default_factory=list)  # stored as the campaign's similar pairs
    similar: dict[int, list[SimilarName]] = field(default_factory=dict)  # original id → its similar names,
    # best first, as the stored pairs give them back (what `brandreview check` shows without a store)


@dataclass(frozen=True)
class CampaignCheck:
    id: str  # = module name = config table [checks.<id>]; the same id as a per-document Check replaces its result
    params: type[Params]
    run: Callable[[Campaign, Any], CampaignOutcome]
    applies_to: tuple[DocType, ...]
    title: str  # Chinese, for reviewers
