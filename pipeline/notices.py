"""退回通知: for each branch whose current application or report failed a check, a short notice saying in plain
Chinese what is wrong, what to do and by when — a Word file to print or attach, and the same text as a .txt
for the body of an e-mail — under reports/退回通知/.

Owns the wording of the advice per check and the notice's layout. Branches come from pipeline.branches
(by_branch: the roster's names when there is a roster); reads stored records only, must not extract or judge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pipeline.branches import BranchRow, RosterEntry, deadline, match_branch
from pipeline.docx_out import HEADING_FONT, new_document, text_run, to_bytes, write_atomically
from pipeline.model.config import Config
from pipeline.model.records import CheckResult, DocumentRecord
from pipeline.model.vocabulary import zh_check, zh_doc_type, zh_field, zh_section
from pipeline.sheets import received, version_text
from pipeline.workspace import safe_relative, short_name

FOLDER = "退回通知"
TITLE = "退回修改通知"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # not in a file name on Windows, where these are opened


@dataclass
class Notice:
    branch: str
    title: str
    paragraphs: list[str]  # the notice's text after the title, one paragraph each

    @property
    def text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"


def failing(rec: DocumentRecord | None) -> list[CheckResult]:
    return [c for c in rec.checks if c.status == "fail"] if rec is not None else []


def _ints(*values: object) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _names(keys: Sequence[object]) -> str:
    return "、".join(zh_section(str(k)) for k in keys)


def advice(rec: DocumentRecord, c: CheckResult) -> str:
    """One failing check in plain Chinese: what is wrong and what to do."""
    kind = zh_doc_type(rec.doc_type)
    value, limit = c.value, c.limit
    if c.id == "report_length" and _ints(value, limit):
        assert isinstance(value, int) and isinstance(limit, int)
        return f"{kind} {value:,} 字，超过 {limit:,} 字的上限，请删减约 {value - limit:,} 字"
    if c.id == "brand_name_length" and _ints(value, limit):
        assert isinstance(value, int) and isinstance(limit, int)
        return f"品牌名称“{rec.brand_name}”共 {value} 字，超过 {limit} 字的上限，请精简到 {limit} 字以内"
    if c.id == "photo_count" and isinstance(limit, list) and len(limit) == 2 and _ints(value, *limit):
        assert isinstance(value, int)
        low, high = limit
        if value < low:
            return f"{kind}附照片 {value} 张，少于 {low} 张，请补充至少 {low - value} 张有图注的活动照片"
        return f"{kind}附照片 {value} 张，超过 {high} 张的上限，请精选到 {high} 张以内"
    if c.id == "report_structure" and isinstance(value, list) and isinstance(limit, list):
        missing = [k for k in limit if k not in value]
        if missing:
            return f"{kind}缺少“{_names(missing)}”部分，请按“{_names(limit)}”的顺序补齐"
        return f"{kind}各部分的顺序是“{_names(value)}”，请调整为“{_names(limit)}”"
    if c.id == "required_fields" and isinstance(value, list):
        items = []
        fields = [str(v) for v in value if v not in ("signed", "date")]
        if fields:
            items.append(f"{kind}未填写“{'、'.join(zh_field(f) for f in fields)}”，请补填完整")
        if "signed" in value:
            items.append("签字栏未签字，请由负责人签字")
        if "date" in value:
            items.append("未填写日期，请补填")
        if items:
            return "；".join(items)
    if c.id == "similar_brand_name" and isinstance(limit, list) and limit:
        near = limit[-1]
        others = [s for s in rec.similar if not s.same_branch and isinstance(near, int | float) and s.score >= near]
        if others:
            named = "、".join(dict.fromkeys(f"“{s.brand_name}”" for s in others))
            return (f"品牌名称“{rec.brand_name}”与其他支部的品牌名称{named}几乎相同，"
                    "请另拟一个体现本支部特色的名称，或与组织部联系说明情况")
    return f"{zh_check(c.id)}：{c.message.rstrip('。')}，请按要求修改"


def _due(rec: DocumentRecord, config: Config, now: dt.datetime) -> str:
    due = deadline(config.deadlines, rec.doc_type)
    if due is None or due < now:
        return "请尽快修改后重新提交。"
    return f"请于 {due:%Y年%m月%d日 %H:%M} 前修改后重新提交。"


def notice(row: BranchRow, config: Config, now: dt.datetime | None = None) -> Notice | None:
    """The notice for one branch, or None when neither its application nor its report failed."""
    now = now or dt.datetime.now(dt.UTC)
    docs = [d for d in (row.application, row.report) if d is not None and failing(d)]
    if not docs:
        return None
    zone = ZoneInfo(config.deadlines.timezone)
    paragraphs = [f"{row.branch}：",
                  f"你支部报送的{config.campaign.name}材料已经审核，以下{'两份材料' if len(docs) > 1 else '材料'}"
                  "未通过，需要修改："]
    for n, rec in enumerate(docs, 1):
        number = ("一、", "二、")[n - 1] if len(docs) > 1 else ""
        head = (f"{number}{zh_doc_type(rec.doc_type)}（文件“{rec.file.rsplit('/', 1)[-1]}”，{version_text(rec)}，"
                f"{received(rec, zone)}收到）")
        items = [f"{i}. {advice(rec, c)}。" for i, c in enumerate(failing(rec), 1)]
        paragraphs.append("\n".join([head, *items, _due(rec, config, now)]))
    paragraphs.append("修改后请按原渠道重新报送，重新报送的材料将作为新版本重新审核。如有疑问，请与组织部联系。")
    paragraphs.append(f"{config.campaign.name}审核组\n{now.astimezone(zone):%Y年%m月%d日}")
    return Notice(branch=row.branch, title=TITLE, paragraphs=paragraphs)


def notice_docx(n: Notice) -> bytes:
    doc = new_document(size_pt=14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(18)
    text_run(title, n.title, HEADING_FONT, 20, bold=True)
    last = len(n.paragraphs) - 1
    for i, text in enumerate(n.paragraphs):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(6)
        p.paragraph_format.line_spacing = 1.3
        if 0 < i < last:
            p.paragraph_format.first_line_indent = Pt(28) if "\n" not in text else None
        if i == last:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.space_before = Pt(24)
        p.add_run(text)
    return to_bytes(doc)


def file_stem(branch: str) -> str:
    return short_name(f"{TITLE}-{_UNSAFE.sub('_', branch).strip(' .') or '未命名支部'}", 180)


def select(rows: Sequence[BranchRow], branch: str | None) -> list[BranchRow]:
    """The rows of `branch` (matched tolerantly, as the roster is: full or short name), or every row."""
    if branch is None:
        return list(rows)
    entries = [RosterEntry(branch=name) for row in rows for name in dict.fromkeys([row.branch, *row.names])]
    entry = match_branch(branch, entries)
    if entry is None:
        return []
    return [row for row in rows if entry.branch in (row.branch, *row.names)]


def write_notices(rows: Sequence[BranchRow], config: Config, reports: Path, branch: str | None = None,
                  now: dt.datetime | None = None) -> list[Path]:
    """Write a .docx and a .txt per failing branch into reports/退回通知/ and return the .docx paths. Without
    `branch`, notices of branches that no longer fail are removed, so the folder is never stale."""
    folder = reports / safe_relative(FOLDER)
    written: list[Path] = []
    for row in select(rows, branch):
        n = notice(row, config, now)
        if n is None:
            continue
        stem = file_stem(row.branch)
        written.append(write_atomically(folder / f"{stem}.docx", notice_docx(n)))
        write_atomically(folder / f"{stem}.txt", n.text.encode("utf-8"))
    if branch is None and folder.is_dir():
        keep = {p.stem for p in written}
        for old in folder.iterdir():
            if old.suffix in (".docx", ".txt") and old.stem.startswith(TITLE) and old.stem not in keep:
                old.unlink()
    return written
