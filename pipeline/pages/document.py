"""One document's report page (reports/docs/<id>.html): who sent what, when and how; every check with its
mark, value against limit and evidence; the extracted fields; the versions; the brand's earlier years (品牌历年记录);
a link to the archived original.

A plain function of a stored record and its Site → an HTML string (self-contained: CSS inline, photos as
data: URIs), so the static reports and the web application serve the same page. Must not extract or judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.branches import deadline, is_late
from pipeline.model import vocabulary as V
from pipeline.model.records import ApplicationFields, DocumentRecord
from pipeline.pages.env import ENV, NOT_FOUND, chinese_part, when
from pipeline.pages.evidence import check_view
from pipeline.pages.history import similar_cutoff
from pipeline.pages.site import Site
from pipeline.pages.thumbs import picture_thumbnail

_SEVERITY = {"fail": 0, "warn": 1, "pass": 2, "skip": 3}  # the checks on the page: what needs attention first


@dataclass(frozen=True)
class FieldRow:
    name: str
    value: str
    long: bool = False  # a paragraph: shown wrapped in full
    confidence: str | None = None  # OCR: the lowest confidence of its text
    doubtful: bool = False


def arrival(rec: DocumentRecord, zone: str | None = None) -> list[tuple[str, str]]:
    """How and when the document arrived, as label/value rows."""
    rows = [("收到时间", when(rec.received_at, zone))]
    origin = rec.origin
    if origin and origin.container and (origin.mail_from or origin.mail_subject or origin.mail_date):
        rows.append(("来源", f"电子邮件 {origin.container}"))
        rows += [(label, value) for label, value in (
            ("发件人", origin.mail_from), ("邮件主题", origin.mail_subject),
            ("邮件日期", when(origin.mail_date, zone) if origin.mail_date else None)) if value]
    elif origin and origin.container:
        rows.append(("来源", f"压缩包 {origin.container} 中的文件"))
    else:
        folder = rec.file.rpartition("/")[0]
        rows.append(("来源", f"放入收件箱的文件夹 {folder}/" if folder else "直接放入收件箱的文件"))
    return rows


def version_text(rec: DocumentRecord) -> str:
    if rec.version is None:
        return "不属于任何支部的版本序列" if rec.status == "ok" else V.EMPTY
    return f"第 {rec.version} 版，共 {rec.versions} 版" + ("" if rec.current else "（已被新版本取代）")


def field_rows(rec: DocumentRecord, site: Site) -> list[FieldRow]:
    """The extracted form fields or report facts, in the form's order, each with its OCR confidence."""
    conf = rec.ocr.field_confidence if rec.ocr else {}
    low = site.config.checks.get("ocr_confidence", {}).get("min_confidence")
    rows: list[FieldRow] = []

    def add(key: str, value: Any, long: bool = False) -> None:
        text = NOT_FOUND if value in (None, "", []) else V.plain(value)
        c = conf.get(key)
        rows.append(FieldRow(V.zh_field(key), text, long, None if c is None else f"{c:.2f}",
                             c is not None and low is not None and c < low))

    if rec.fields is not None:
        values = rec.fields.model_dump()
        for key in ApplicationFields.model_fields:
            add(key, values[key], key in ("summary", "measures", "expected_outcomes", "branch_opinion"))
    if rec.report is not None:
        r = rec.report
        add("brand_name", r.brand_name)
        add("branch_name", r.branch_name)
        add("word_count", f"{r.word_count:,} 字")
        if r.word_count_office is not None:
            add("word_count_office", f"{r.word_count_office:,} 字（{r.word_count_office_app or '保存软件未知'}）")
        add("sections", "、".join(V.zh_section(k) for k in r.sections) or "无")
        add("photo_count", f"{r.photo_count} 张，其中有图注 {r.captioned_photos} 张")
    return rows


def _doc_info(rec: DocumentRecord) -> list[tuple[str, str]]:
    rows = [("文件", rec.file), ("文件类型", V.zh_format(rec.detected)), ("文件大小", ENV.filters["size"](rec.size)),
            ("SHA-256 校验值", rec.sha256)]
    if rec.title:
        rows.insert(1, ("文档标题", rec.title))
    if rec.converted_from:
        rows.append(("转换", f"由旧版 .{rec.converted_from} 文件经 LibreOffice 转换后读取"))
    if rec.ocr is not None:
        rows.append(("OCR 识别", f"文字由图像识别得到，整体置信度 {rec.ocr.confidence:.2f}"))
    if rec.id is not None:
        rows.insert(0, ("编号", str(rec.id)))
    return rows


def document_context(rec: DocumentRecord, site: Site) -> dict[str, Any]:
    """Everything document.html draws, as plain values."""
    picture = picture_thumbnail(rec.stored_path, rec.sha256, rec.detected, site.thumbs)
    counted = site.counted_toward.get(rec.id) if rec.id is not None else None
    duplicate_href = site.href_of_file(rec.duplicate_of)
    zone = site.config.deadlines.timezone
    rows = arrival(rec, zone)
    due = deadline(site.config.deadlines, rec.doc_type)
    if due is not None:
        late = is_late(rec, site.config.deadlines)
        rows.insert(1, ("截止时间", f"{when(due, zone)}" + ("（逾期提交）" if late else "（按时）")))
    versions = [{"version": v.version, "when": when(v.received_at, zone), "file": v.file, "verdict": V.zh_verdict(v.verdict),
                 "verdict_code": v.verdict, "current": v.current, "href": site.href(v.id), "this": v is rec or v.id == rec.id}
                for v in site.versions_of(rec)] if rec.versions > 1 else []
    return {
        "rec": rec, "config": site.config, "links": site.links,
        "title": rec.brand_name or rec.title or rec.file.rsplit("/", 1)[-1],
        "kind": V.zh_doc_type(rec.doc_type), "verdict": V.zh_verdict(rec.verdict),
        "version": version_text(rec), "arrival": rows, "info": _doc_info(rec),
        "original": site.links.original(rec),
        "error": chinese_part(rec.error) if rec.error else None,
        "reason": V.zh_reason(rec.error_code) if rec.error_code else None,
        "checks": sorted((check_view(rec, c, site) for c in rec.checks), key=lambda c: _SEVERITY[c.status]),
        "fields": field_rows(rec, site), "picture": picture,
        "counted_toward": (site.current[counted], site.href(counted)) if counted is not None else None,
        "duplicate_href": duplicate_href, "versions": versions,
        "brand_history": site.brand_history.get(rec.id, []) if rec.id is not None else [],
        "history_cutoff": similar_cutoff(site.config),
        "notes": [chinese_part(n) for n in rec.notes],
    }


def document_html(rec: DocumentRecord, site: Site) -> str:
    """The document's page as one self-contained HTML string."""
    return ENV.get_template("document.html").render(**document_context(rec, site))
