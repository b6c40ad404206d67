"""A campaign's accepted brand names as the store gives them back and campaign-wide checks compare them.

Owns these two shapes only: NameRow (one accepted, non-duplicate document's names) and SimilarPair (a scored
pair as stored). Must not read files, talk to a database or score anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class NameRow:
    id: int  # the document's database id (records not stored: their position in the list)
    file: str
    brand_name: str
    branch_name: str | None
    campaign: str


class SimilarPair(NamedTuple):
    """Directed: `document_id`'s similar names include `other_id`'s (pairs within a campaign go both ways)."""

    document_id: int
    other_id: int
    score: float
    same_branch: bool
