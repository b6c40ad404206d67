"""Similar-name groups for the overview: the connected components of the similar pairs between different
branches, so three near-identical names are one group, not three pairs.

Owns the grouping only; which names are similar, and how much, is checks.similar_brand_name's finding stored
on each record (`similar`). Pairs within one branch (its application and report) are no group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.model.records import DocumentRecord


@dataclass(frozen=True)
class Member:
    doc_id: int | None  # None: a name from an earlier campaign (no page)
    brand: str
    branch: str | None
    file: str
    campaign: str | None = None


@dataclass(frozen=True)
class Cluster:
    members: list[Member]
    pairs: list[tuple[int, int, float]]  # indexes into members, the score
    top: float  # the highest score in the group


def similar_clusters(current: Mapping[int, DocumentRecord]) -> list[Cluster]:
    """The groups of current documents linked by similar names of other branches, the closest first."""
    ids_by_file = {rec.file: doc_id for doc_id, rec in current.items()}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[str, Member] = {}
    edges: dict[tuple[str, str], float] = {}
    for doc_id, rec in sorted(current.items()):
        for s in rec.similar:
            if s.same_branch:
                continue
            here = f"d{doc_id}"
            other_id = None if s.campaign else ids_by_file.get(s.file)
            if s.campaign is None and other_id is None:
                continue  # a document no longer current
            there = f"d{other_id}" if other_id is not None else f"e{s.campaign}|{s.file}"
            members.setdefault(here, Member(doc_id, rec.brand_name or "", rec.branch_name, rec.file))
            members.setdefault(there, Member(other_id, s.brand_name, s.branch_name, s.file, s.campaign))
            key = (min(here, there), max(here, there))
            edges[key] = max(edges.get(key, 0.0), s.score)
            parent[find(here)] = find(there)
    groups: dict[str, list[str]] = {}
    for node in members:
        groups.setdefault(find(node), []).append(node)
    out = []
    for nodes in groups.values():
        nodes.sort(key=lambda n: (members[n].doc_id is None, members[n].doc_id or 0, n))
        index = {n: i for i, n in enumerate(nodes)}
        pairs = sorted(((index[a], index[b], score) for (a, b), score in edges.items() if a in index),
                       key=lambda p: -p[2])
        out.append(Cluster([members[n] for n in nodes], pairs, max(p[2] for p in pairs)))
    out.sort(key=lambda c: (-c.top, -len(c.members), c.members[0].brand))
    return out
