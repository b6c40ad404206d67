"""What the campaign-wide rules across submissions share (one_project_per_host, one_brand_per_org,
quota_per_parent_org, required_documents): how a document is named to the reviewer in another document's
message, and a group's conflicting documents as one result each.

Pure: reads the Campaign it is given, nothing else.
"""

from __future__ import annotations

from checks.check import CampaignDocument


def named(doc: CampaignDocument) -> str:
    """A document as another document's message names it: 《file》“brand”."""
    brand = doc.record.brand_name
    return f"《{doc.record.file.rsplit('/', 1)[-1]}》" + (f"“{brand}”" if brand else "（未识别到名称）")


def others(doc: CampaignDocument, group: list[CampaignDocument], limit: int = 8) -> str:
    """The other documents of `group`, named, joined by 、 (the first `limit`, then how many more)."""
    rest = [named(d) for d in group if d.id != doc.id]
    more = f"等 {len(rest)} 份" if len(rest) > limit else ""
    return "、".join(rest[:limit]) + more
