"""The one place formats (Readers) and document kinds (Interpreters) are registered, and the extract step.

A Reader turns bytes of one detected format into a Layout (its adapter here imports the format's package lazily,
so `brandreview check` loads only what it reads); an Interpreter scores a Layout and extracts its record.
Highest score wins; below `classify.min_score` the document is 'unknown'. When a Word file or a PDF holds
pictures of pages instead of text, extractors.ocr.handoff decides that OCR reads them. Nothing else lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractors.interpret import application, application_score, outcome_report, self_check
from extractors.interpret.classify import Score
from pipeline.model.config import Config
from pipeline.model.errors import BadInput, ReasonCode
from pipeline.model.layout import Layout
from pipeline.model.records import DetectedFormat, DocType, Extraction, Submission


@dataclass(frozen=True)
class Reader:
    name: str
    formats: tuple[DetectedFormat, ...]  # sniffed kinds this reader takes (pipeline.sniff)
    read: Callable[[Submission, Config], Layout]
    # readers with a costly start-up (LibreOffice) also take many files at once
    read_batch: Callable[[list[Submission], Config], list[Layout | Exception]] | None = None


@dataclass(frozen=True)
class Interpreter:
    doc_type: DocType
    score: Callable[[Layout, Config], Score]
    extract: Callable[[Layout, Config], Extraction]


def _read_docx(sub: Submission, config: Config) -> Layout:
    from extractors.docx.reader import read_docx
    from extractors.ocr.handoff import pasted_scan

    layout = read_docx(sub.data, config.intake)
    return pasted_scan(sub.data, layout, config) or layout


def _read_pdf(sub: Submission, config: Config) -> Layout:
    from extractors.ocr.handoff import scanned_pdf
    from extractors.pdf.reader import read_pdf

    layout = read_pdf(sub.data, config)
    return scanned_pdf(sub.data, layout, config) or layout


def _read_legacy(sub: Submission, config: Config) -> Layout:
    from extractors.legacy.convert import read_legacy

    return read_legacy(sub.data, config, name=f"document.{sub.extension or 'doc'}")


def _read_legacy_batch(subs: list[Submission], config: Config) -> list[Layout | Exception]:
    from extractors.legacy.convert import convert_batch, legacy_layout

    out: list[Layout | Exception] = []
    converted = convert_batch([(f"document.{s.extension or 'doc'}", s.data) for s in subs], config.legacy)
    for sub, result in zip(subs, converted, strict=True):
        if isinstance(result, Exception):
            out.append(result)
            continue
        try:
            out.append(legacy_layout(result, sub.data, config))
        except Exception as exc:  # noqa: BLE001 - reported per document by the caller
            out.append(exc)
    return out


def _read_image(sub: Submission, config: Config) -> Layout:
    from extractors.ocr.reader import read_image

    return read_image(sub.data, config)


READERS: tuple[Reader, ...] = (
    # a zip that is not a readable docx (truncated, or another archive) gets the docx reader's precise reason
    Reader(name="docx", formats=("docx", "zip"), read=_read_docx),
    Reader(name="pdf", formats=("pdf",), read=_read_pdf),
    Reader(name="legacy", formats=("doc",), read=_read_legacy, read_batch=_read_legacy_batch),
    Reader(name="image", formats=("jpeg", "png", "tiff", "bmp", "webp"), read=_read_image),
)

INTERPRETERS: tuple[Interpreter, ...] = (
    Interpreter(doc_type="application", score=application_score.score, extract=application.extract),
    Interpreter(doc_type="outcome_report", score=outcome_report.score, extract=outcome_report.extract),
    Interpreter(doc_type="self_check", score=self_check.score, extract=self_check.extract),
)

_REFUSALS: dict[DetectedFormat, tuple[ReasonCode, str, str]] = {
    "empty": ("empty", "文件为空（0 字节）", "the file is empty"),
    "encrypted_ooxml": ("encrypted", "文件已加密（设有打开密码），无法读取，请提交未加密的版本",
                        "the file is password-protected; submit an unencrypted copy"),
    "text": ("unsupported", "纯文本文件不是申报材料，请提交 Word 或 PDF 文件",
             "plain text is not a submission; send Word or PDF"),
    "eml_no_attachments": ("no_attachments", "邮件中没有附件", "the mail has no attachments"),
    # a .msg is unpacked at intake (pipeline.ingest); one left whole is damaged, or came inside an archive
    "msg": ("bad_mail", "Outlook 邮件（.msg）未能拆开：文件已损坏，或在压缩包中（压缩包中的 .msg 不拆开），请直接提交其中的附件",
            "the Outlook mail (.msg) was not unpacked: it is damaged, or came inside an archive (a .msg in an "
            "archive is not unpacked); send its attachments themselves"),
    "mht": ("unsupported", "网页格式（.mht）不是申报材料，请提交 Word 或 PDF 文件",
            "a saved web page is not a submission; send Word or PDF"),
    "ofd": ("unsupported", "暂不支持 OFD 文件，请提交 Word 或 PDF 文件", "OFD is not supported; send Word or PDF"),
    "odt": ("unsupported", "暂不支持 ODT 文件，请另存为 .docx 后提交", "ODT is not supported yet; save as .docx"),
    "unknown": ("unrecognised", "无法识别文件内容：不是 Word 或 PDF 文档，文件可能已损坏或扩展名有误",
                "the content is not a Word or PDF document; the file may be damaged or misnamed"),
    "too_large": ("too_large", "附件超过大小上限，未读取", "the attachment exceeds the size limit and was not read"),
}


def reader_for(submission: Submission) -> Reader:
    for reader in READERS:
        if submission.detected in reader.formats:
            return reader
    code, zh, en = _REFUSALS.get(
        submission.detected,
        ("unsupported", f"不支持的文件类型（识别为 {submission.detected}），请提交 Word（.docx）或 PDF 文件",
         f"unsupported file type (detected {submission.detected}); send .docx or PDF"),
    )
    raise BadInput(code, zh, en)


_KIND_ZH = {"application": "申报表", "outcome_report": "成果报告", "self_check": "自查报告"}


def interpret(layout: Layout, config: Config) -> Extraction:
    """The best-scoring interpreter's record, with a note saying what the classification rests on; below
    `classify.min_score` the document is 'unknown' (a person looks at it) and the note says why."""
    scores = [(it.score(layout, config), n, it) for n, it in enumerate(INTERPRETERS)]
    best_score, _, best = max(scores, key=lambda s: (s[0].points, -s[1]))
    if best_score.points < config.classify.min_score:
        why = "；".join(f"{_KIND_ZH.get(it.doc_type, it.doc_type)}（{s.points:.1f} 分）：{'，'.join(s.evidence)}"
                       for s, _, it in scores)
        return Extraction(doc_type="unknown", notes=[
            f"未识别为申报表或成果报告，需人工查看。依据：{why} / not recognised as an application form or an "
            f"outcome report (scores {[round(s[0].points, 1) for s in scores]}): a person should look at it"])
    extraction = best.extract(layout, config)
    extraction.notes.insert(0, f"识别为{_KIND_ZH.get(best.doc_type, best.doc_type)}（{best_score.points:.1f} 分）："
                               f"{'，'.join(best_score.evidence)} / classified as {best.doc_type}")
    return extraction


def read_all(submissions: list[Submission], config: Config) -> list[Layout | Exception]:
    """Layouts for many submissions, in order; a reader that batches (LibreOffice) gets its files at once.
    Failures are returned in place (BadInput for known bad input), never raised."""
    results: list[Layout | Exception | None] = [None] * len(submissions)
    groups: dict[str, list[int]] = {}
    readers: dict[str, Reader] = {}
    for n, sub in enumerate(submissions):
        try:
            reader = reader_for(sub)
        except BadInput as exc:
            results[n] = exc
            continue
        readers[reader.name] = reader
        groups.setdefault(reader.name, []).append(n)
    for name, indexes in groups.items():
        reader = readers[name]
        if reader.read_batch is not None and len(indexes) > 1:
            try:
                batch = reader.read_batch([submissions[i] for i in indexes], config)
            except Exception as exc:  # noqa: BLE001 - the whole batch failed: each document says so
                batch = [exc] * len(indexes)
            for i, result in zip(indexes, batch, strict=True):
                results[i] = result
            continue
        for i in indexes:
            try:
                results[i] = reader.read(submissions[i], config)
            except Exception as exc:  # noqa: BLE001 - reported per document by the caller
                results[i] = exc
    return [r if r is not None else BadInput("internal_error", "未读取", "not read") for r in results]


def finish(layout: Layout, submission: Submission, config: Config) -> Extraction:
    """Classify and interpret a Layout; carry over its notes, OCR confidence and conversion."""
    extraction = interpret(layout, config)
    extraction.notes.extend(layout.notes)
    if layout.ocr:
        extraction.ocr_confidence = layout.ocr_confidence if layout.ocr_confidence is not None else 0.0
    if submission.detected == "doc":
        extraction.converted_from = "wps" if submission.extension == "wps" else "doc"
    return extraction


def extract(submission: Submission, config: Config) -> Extraction:
    """Read and interpret one submission; raises BadInput for anything unusable."""
    return finish(reader_for(submission).read(submission, config), submission, config)


# The extraction cache (pipeline.reextract): a stored record was made by this code under these settings. Bump
# EXTRACTOR_VERSION whenever a reader or an interpreter would extract anything differently from the same bytes;
# the nightly run then reads every archived document again. The settings that shape extraction count too.
EXTRACTOR_VERSION = "2026.12.08.1"  # 12.08: 经费预算, 品牌标语, 品牌标识, news items, 自查报告 (issue 11)
_EXTRACTION_SETTINGS = ("intake", "legacy", "ocr", "classify", "labels", "report", "pdf")


def extraction_key(config: Config) -> str:
    """A short hash of the extractor version and the extraction settings: records made under another key are
    stale (their bytes are read again by the next nightly run)."""
    import hashlib
    import json

    settings = config.model_dump(mode="json", include=set(_EXTRACTION_SETTINGS))
    text = json.dumps({"version": EXTRACTOR_VERSION, "settings": settings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
