"""A campaign's accepted brand names as the store gives them back and campaign-wide checks compare them.

Owns these shapes only: NameRow (one accepted, non-duplicate document's names), SimilarPair (a scored pair as
stored) and LibraryBrand (a brand of an earlier year imported into the brand library, pipeline.library). Must not
read files, talk to a database or score anything.
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


@dataclass(frozen=True)
class LibraryBrand:
    """One brand of the brand library (党建品牌资源库) as imported from a spreadsheet of earlier years' brands."""

    brand_name: str
    branch_name: str | None = None
    year: int | None = None
    source: str | None = None  # the campaign or list it came from (来源), as written
    parent_org: str | None = None
    note: str | None = None
    imported_from: str | None = None  # the file's name
    id: int | None = None  # its database id once stored
