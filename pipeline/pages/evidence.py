"""The evidence behind each check on a document's page: what was counted against which limit, which parts
were found under which headings, every photo with its caption, the similar names with their scores, the
fields missing, the doubtful OCR fields — built from the stored record only (photos from its archived original).

Owns the view of one check result (CheckView) and its evidence; the words come from
pipeline.model.vocabulary, the layout from pipeline/templates/document.html. Must not judge anything: the
statuses, values and limits are the checks' own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checks.beside import caption_of
from pipeline.model import vocabulary as V
from pipeline.model.records import CheckResult, DocumentRecord
from pipeline.model.wordcount import count_words
from pipeline.pages.site import Site
from pipeline.pages.thumbs import Thumb, photo_thumbnail, picture_thumbnail


@dataclass
class CheckView:
    id: str
    name: str
    status: str
    mark: str
    value: str
    limit: str
    message: str
    where: str | None
    kind: str = "plain"  # which evidence block the template draws
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PhotoView:
    number: int
    caption: str | None
    where: str
    size: str | None
    thumb: Thumb
    href: str | None = None  # a picture file's own page


def split_at_limit(text: str, limit: int) -> tuple[str, str]:
    """`text` cut where its Word-style count passes `limit`: (what fits, the overflow)."""
    if count_words(text) <= limit:
        return text, ""
    lo, hi = 0, len(text)  # the longest prefix that still fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count_words(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo], text[lo:]


def _number(x: Any) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _length(rec: DocumentRecord, c: CheckResult) -> dict[str, Any]:
    value, limit = _number(c.value), _number(c.limit)
    data: dict[str, Any] = {"over": max(0, value - limit) if value is not None and limit is not None else 0}
    if c.id == "brand_name_length" and rec.brand_name and limit is not None:
        data["kept"], data["overflow"] = split_at_limit(rec.brand_name, limit)
    if c.id == "report_length" and rec.report is not None:
        data["office"] = rec.report.word_count_office
        data["office_app"] = rec.report.word_count_office_app
    return data


def _structure(rec: DocumentRecord, c: CheckResult, site: Site) -> dict[str, Any]:
    required = [str(k) for k in c.limit] if isinstance(c.limit, list) else list(site.config.report.order)
    hits = rec.report.headings if rec.report else []
    found = [h.key for h in hits]
    rank = {k: i for i, k in enumerate(required)}
    in_order = _longest_ordered([k for k in found if k in rank], rank)
    rows = []
    for key in required:
        hit = next((h for h in hits if h.key == key), None)
        state = "missing" if hit is None else ("ok" if key in in_order else "order")
        rows.append({"name": V.zh_section(key), "heading": hit.heading if hit else None,
                     "where": hit.where if hit else None, "state": state})
    return {"rows": rows, "found": [V.zh_section(k) for k in found]}


def _longest_ordered(keys: list[str], rank: dict[str, int]) -> set[str]:
    """The keys that stand in the required order (the longest run in order; the rest are out of place)."""
    best: list[list[str]] = []
    for k in keys:
        longest: list[str] = []
        for seq in best:
            if rank[seq[-1]] < rank[k] and len(seq) > len(longest):
                longest = seq
        best.append([*longest, k])
    winner: list[str] = []
    for seq in best:
        if len(seq) > len(winner):
            winner = seq
    return set(winner)


def _photos(rec: DocumentRecord, site: Site) -> dict[str, Any]:
    photos = []
    if rec.report is not None:
        for i, p in enumerate(rec.report.photos, 1):
            size = f"{p.width_cm:.1f} × {p.height_cm:.1f} 厘米" if p.width_cm and p.height_cm else None
            photos.append(PhotoView(i, p.caption, p.where, size,
                                    photo_thumbnail(rec.stored_path, rec.sha256, rec.detected, p.target, site.thumbs)))
    n = len(photos)
    for j, pic_id in enumerate(site.beside.get(rec.id, []) if rec.id is not None else [], n + 1):
        pic = site.current[pic_id]
        thumb = picture_thumbnail(pic.stored_path, pic.sha256, pic.detected, site.thumbs) or Thumb(note="不是图片文件")
        photos.append(PhotoView(j, caption_of(pic.file), f"随报告另附：{pic.file}", None, thumb, site.href(pic_id)))
    return {"photos": photos, "inline": n}


def _similar(rec: DocumentRecord, site: Site) -> dict[str, Any]:
    rows = []
    for s in sorted(rec.similar, key=lambda s: (s.same_branch, -s.score)):
        rows.append({"brand": s.brand_name, "branch": s.branch_name, "file": s.file, "score": f"{s.score:.0f}",
                     "href": None if s.campaign else site.href_of_file(s.file),
                     "kind": "same" if s.same_branch else ("earlier" if s.campaign else "other"),
                     "campaign": s.campaign})
    return {"rows": rows}


def _required(rec: DocumentRecord, c: CheckResult) -> dict[str, Any]:
    missing = {str(k) for k in c.value} if isinstance(c.value, list) else set()
    wanted = [str(k) for k in c.limit] if isinstance(c.limit, list) else []
    fields = rec.fields.model_dump() if rec.fields else {}
    rows = [{"name": V.zh_field(k), "ok": k not in missing and fields.get(k) not in (None, "", []),
             "value": _excerpt(V.plain(fields.get(k)))} for k in wanted]
    for extra in ("signed", "date"):
        if extra not in wanted:
            value = fields.get(extra)
            rows.append({"name": V.zh_field(extra), "ok": extra not in missing and value not in (None, False, ""),
                         "value": "未找到签字栏" if value is None and extra == "signed" else V.plain(value)})
    return {"rows": rows}


def _excerpt(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "……"


def _ocr(rec: DocumentRecord, c: CheckResult) -> dict[str, Any]:
    limit = c.limit if isinstance(c.limit, int | float) and not isinstance(c.limit, bool) else None
    conf = rec.ocr.field_confidence if rec.ocr else {}
    rows = [{"name": V.zh_field(k), "confidence": f"{v:.2f}", "doubtful": limit is not None and v < limit}
            for k, v in sorted(conf.items(), key=lambda kv: kv[1])]
    return {"rows": rows, "overall": f"{rec.ocr.confidence:.2f}" if rec.ocr else None}


_KIND = {"brand_name_length": "length", "report_length": "length", "report_structure": "structure",
         "photo_count": "photos", "similar_brand_name": "similar", "required_fields": "required",
         "ocr_confidence": "ocr"}


def check_view(rec: DocumentRecord, c: CheckResult, site: Site) -> CheckView:
    kind = _KIND.get(c.id, "plain")
    if kind == "photos" and rec.doc_type != "outcome_report":
        kind = "plain"  # a picture file: its result names the report it counts toward
    data: dict[str, Any] = {}
    if kind == "length":
        data = _length(rec, c)
    elif kind == "structure":
        data = _structure(rec, c, site)
    elif kind == "photos":
        data = _photos(rec, site)
    elif kind == "similar":
        data = _similar(rec, site)
    elif kind == "required":
        data = _required(rec, c)
    elif kind == "ocr":
        data = _ocr(rec, c)
    return CheckView(id=c.id, name=V.zh_check(c.id), status=c.status, mark=V.zh_mark(c.status),
                     value=V.zh_value(c.id, c.value), limit=V.zh_limit(c.id, c.limit), message=c.message,
                     where=c.where, kind=kind, data=data)
