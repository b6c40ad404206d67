"""The typed records every stage passes on: submissions, extracted facts, check results, documents.

Owns the shapes only, and the closed sets they use (Literals: pydantic validates them, mypy checks their
use). Must not read files, talk to a database or know about any library that does.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from pipeline.model.errors import ReasonCode
from pipeline.model.vocabulary import zh_doc_type, zh_field, zh_section, zh_status, zh_verdict

DocType = Literal["application", "outcome_report", "self_check", "unknown"]
Status = Literal["ok", "rejected"]
CheckStatus = Literal["pass", "fail", "warn", "skip"]
Verdict = Literal["passed", "warned", "failed", "rejected", "needs_review", "attached"]
SectionKey = Literal["brand_name", "background", "connotation", "measures", "outcomes"]
SECTION_KEYS: tuple[SectionKey, ...] = get_args(SectionKey)

# What pipeline.sniff can tell from the bytes (its docstring says what each is); 'doc' also covers .wps.
SniffedFormat = Literal[
    "empty", "docx", "xlsx", "pptx", "odt", "ofd", "zip", "7z", "rar", "pdf", "doc", "encrypted_ooxml", "msg", "ole",
    "rtf", "eml", "mht", "jpeg", "png", "gif", "tiff", "bmp", "webp", "heic", "html", "xml", "text", "unknown",
]
# A submission's detected format: what sniff said, or what intake decided instead of reading it
# ('eml_no_attachments': a mail with nothing attached; 'too_large': an attachment over the size cap).
DetectedFormat = Literal[SniffedFormat, "eml_no_attachments", "too_large"]
ConvertedFrom = Literal["doc", "wps"]  # the legacy format LibreOffice converted a document from


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Origin(_Model):
    """Where a submission came from besides the file itself (a mail, an upload)."""

    container: str | None = None  # e.g. the .eml file an attachment came in
    mail_from: str | None = None
    mail_subject: str | None = None
    mail_date: str | None = None


class Submission(_Model):
    """One document as it arrived: its bytes (not serialised), their hash and what they really are."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    file: str  # name as dropped; attachments: 'mail.eml/attachment.docx'
    data: bytes = Field(repr=False, exclude=True)
    sha256: str
    size: int
    detected: DetectedFormat
    extension: str  # lower-case suffix as named, without the dot
    source_path: str | None = None  # the inbox file this came from (the .eml for attachments)
    origin: Origin | None = None
    notes: list[str] = Field(default_factory=list)

    @property
    def extension_mismatch(self) -> bool:
        """The name's extension says another type than the content (unknowable for empty/oversize)."""
        if not self.extension or self.detected in _NO_TYPE:
            return False
        return _ext_family(self.extension) != _ext_family(self.detected)


_NO_TYPE = {"empty", "too_large", "unknown"}
_FAMILY = {
    "docm": "docx", "dotx": "docx", "dotm": "docx", "htm": "html", "txt": "text", "csv": "text", "md": "text",
    "jpg": "jpeg", "jpe": "jpeg", "tif": "tiff", "wps": "doc", "dot": "doc", "wpt": "doc", "et": "ole",
    "eml_no_attachments": "mail", "eml": "mail", "msg": "mail", "mhtml": "mht", "xls": "ole", "ppt": "ole",
}


def _ext_family(name: str) -> str:
    return _FAMILY.get(name, name)


class ApplicationFields(_Model):
    """What an application form (申报表/申报书) says."""

    branch_name: str | None = None
    brand_name: str | None = None
    leader: str | None = None
    summary: str | None = None
    measures: str | None = None
    expected_outcomes: str | None = None
    branch_opinion: str | None = None
    signed: bool | None = None
    date: str | None = None  # YYYY-MM-DD
    members: list[str] | None = None  # 成员: names as written, in order
    parent_org: str | None = None  # 所属党委 / 所在党总支: the unit's parent organisation
    phone: str | None = None  # 联系电话, white space removed
    established: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}(-\d{2})?$")  # 成立时间: YYYY-MM[-DD]
    budget: str | None = None  # 经费预算 as written
    budget_yuan: float | None = None  # its amount in 元 (a table of items: its 合计, else their sum)
    slogan: str | None = None  # 品牌标语 / 品牌口号
    logo: bool | None = None  # 品牌标识: an image in its row (None: the form has no such row)
    logo_target: str | None = None  # the logo image's package member (word/media/image3.png)


class Photo(_Model):
    """An embedded picture in a report body and the caption that belongs to it."""

    caption: str | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    where: str = ""  # reviewer-readable position, e.g. '第 12 段'
    target: str | None = None  # archive member holding the image (word/media/image1.jpeg)


class SectionHit(_Model):
    key: SectionKey
    heading: str  # as written
    where: str = ""


class ReportFacts(_Model):
    """What an outcome report (成果报告) says and how it is built."""

    brand_name: str | None = None
    branch_name: str | None = None
    word_count: int = 0
    word_count_office: int | None = None  # Word's own count from docProps/app.xml, only when Word saved it
    word_count_office_app: str | None = None  # the Word that saved it, e.g. 'Microsoft Office Word 16.0000'
    sections: list[SectionKey] = Field(default_factory=list)  # keys found, in order
    headings: list[SectionHit] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    news: list[str] = Field(default_factory=list)  # published news items the report lists, as written

    @property
    def photo_count(self) -> int:
        return len(self.photos)

    @property
    def captioned_photos(self) -> int:
        return sum(1 for p in self.photos if p.caption)


class OcrInfo(_Model):
    """How far recognised (OCR) text can be trusted."""

    confidence: float  # mean recognition confidence over the document (0–1)
    field_confidence: dict[str, float] = Field(default_factory=dict)  # field → lowest confidence of its text


class Extraction(_Model):
    """An interpreter's answer for one document."""

    doc_type: DocType
    fields: ApplicationFields | None = None
    report: ReportFacts | None = None
    title: str | None = None
    notes: list[str] = Field(default_factory=list)
    field_confidence: dict[str, float] = Field(default_factory=dict)  # OCR only: field → lowest confidence
    ocr_confidence: float | None = None  # OCR only: mean recognition confidence
    converted_from: ConvertedFrom | None = None


class CheckResult(_Model):
    id: str
    status: CheckStatus
    value: int | float | str | bool | list | None = None
    limit: int | float | str | list | None = None
    message: str = ""  # Chinese, for reviewers
    where: str | None = None


class SimilarName(_Model):
    brand_name: str
    file: str
    score: float
    same_branch: bool = False
    campaign: str | None = None
    branch_name: str | None = None


class DocumentRecord(_Model):
    """Everything known about one arrival: the unit that is stored, checked, reported and exported."""

    file: str
    sha256: str
    size: int = 0
    detected: DetectedFormat = "unknown"
    doc_type: DocType = "unknown"
    status: Status = "ok"
    error: str | None = None  # reviewer-readable reason (Chinese / English)
    error_code: ReasonCode | None = None
    fields: ApplicationFields | None = None
    report: ReportFacts | None = None
    title: str | None = None
    checks: list[CheckResult] = Field(default_factory=list)
    similar: list[SimilarName] = Field(default_factory=list)
    duplicate_of: str | None = None
    origin: Origin | None = None
    notes: list[str] = Field(default_factory=list)
    stored_path: str | None = None  # where the file now lives (archive/ or quarantine/)
    ocr: OcrInfo | None = None  # set when the text was recognised from images
    converted_from: ConvertedFrom | None = None  # when LibreOffice converted the file first
    received_at: dt.datetime | None = None  # when it reached brandreview: the mail's date, else when it was dropped
    # Resubmissions (pipeline.model.versions): the same branch's documents of one kind are versions of one
    # submission. The store sets these from its columns; they are not part of the stored record.
    version: int | None = None  # 1, 2, … in arrival order; None: not a version of anything (unrecognised, rejected)
    versions: int = 1  # how many versions its submission has
    current: bool = True  # False: a later version replaced it (it stays in the history with its results)
    id: int | None = None  # its id in the store (set by the store; shown on the pages, in the exports, to `sheet`)

    @property
    def brand_name(self) -> str | None:
        if self.fields and self.fields.brand_name:
            return self.fields.brand_name
        if self.report and self.report.brand_name:
            return self.report.brand_name
        return None

    @property
    def branch_name(self) -> str | None:
        if self.fields and self.fields.branch_name:
            return self.fields.branch_name
        if self.report and self.report.branch_name:
            return self.report.branch_name
        return None

    @property
    def verdict(self) -> Verdict:
        """'rejected', 'needs_review' (not recognised as a form or a report: a person decides what it is),
        'attached' (a picture or news file counted toward the report it was sent beside), 'failed' (a check
        failed), 'warned' or 'passed'."""
        if self.status == "rejected":
            return "rejected"
        if self.doc_type == "unknown":
            # a picture or news file counted toward the report it was sent beside (checks.photo_count,
            # checks.news_count, checks.beside)
            if any(c.id in ("photo_count", "news_count") and c.status == "pass" for c in self.checks):
                return "attached"
            return "needs_review"
        statuses = {c.status for c in self.checks}
        if "fail" in statuses:
            return "failed"
        if "warn" in statuses:
            return "warned"
        return "passed"


# The Chinese names, derived from the one table in pipeline.model.vocabulary (kept for the modules that
# import them from here).
SECTION_NAMES_ZH: dict[str, str] = {k: zh_section(k) for k in SECTION_KEYS}
FIELD_NAMES_ZH: dict[str, str] = {k: zh_field(k) for k in ApplicationFields.model_fields}
DOC_TYPE_ZH: dict[str, str] = {k: zh_doc_type(k) for k in get_args(DocType)}
STATUS_ZH: dict[str, str] = {k: zh_status(k) for k in get_args(CheckStatus)}
VERDICT_ZH: dict[str, str] = {k: zh_verdict(k) for k in get_args(Verdict)}
