"""The outputs a reviewer hands on, from a real pass over the samples, through the commands: the 审核意见表
(`sheet`: Word opened with python-docx, PDF through LibreOffice read back with pypdfium2 — one page per
submission), the 退回通知 (`notice`: a .docx and a .txt per branch with failures, saying what to fix and by when)
and the booklet (`booklet`: a cover, a table of contents, one chapter per passing report with its photos)."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.model import vocabulary as V
from pipeline.run import run_pass
from pipeline.sheets import TITLE, sheet_records
from pipeline.store import Store
from pipeline.workspace import Workspace

runner = CliRunner()
PY_LITERAL = re.compile(r"\[\s*'|'\s*\]|\[\d+, \d+\]|\bNone\b|\bTrue\b|\bFalse\b")


@pytest.fixture(scope="module")
def home(samples_dir, tmp_path_factory):
    home = tmp_path_factory.mktemp("outputs_home")
    run_pass(Workspace.open(home, inbox=samples_dir))
    with (home / "campaign.toml").open("a", encoding="utf-8") as f:
        f.write('\n[deadlines]\napplication = "2099-04-15"\nreport = "2099-01-31 17:00"\n')
    return home


@pytest.fixture(scope="module")
def records(home):
    store = Store(Workspace.open(home).db_url)
    try:
        return store.records(None)
    finally:
        store.close()


def _invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _failing(rec) -> list:
    return [c for c in rec.checks if c.status == "fail"]


# --- 审核意见表 -------------------------------------------------------------------------------------------


def test_a_sheet_for_one_document_by_id(home, records):
    rec = next(r for r in records if r.current and r.doc_type == "outcome_report" and _failing(r))
    out = home / "one.docx"
    result = _invoke("sheet", str(rec.id), "--home", str(home), "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(io.BytesIO(out.read_bytes()))
    text = _text(doc)
    assert TITLE in text and rec.branch_name in text and rec.brand_name in text
    assert "审核人（签字）" in text and "年____月____日" in text
    checks = doc.tables[2]  # the heading, the contents, the checks, the opinion box
    rows = [[c.text for c in row.cells] for row in checks.rows]
    assert rows[0][:2] == ["检查项", "结果"]
    assert [r[0] for r in rows[1:]] == [V.zh_check(c.id) for c in rec.checks]
    assert [r[1] for r in rows[1:]] == [V.zh_mark(c.status) for c in rec.checks]
    for row, c in zip(rows[1:], rec.checks, strict=True):
        assert row[3].startswith(c.message or "")
    assert not PY_LITERAL.search(text), PY_LITERAL.search(text)
    assert "审核意见" in text and len(doc.tables) == 4


def test_a_sheet_by_file_name_is_the_same_document(home, records):
    rec = next(r for r in records if r.current and r.doc_type == "application" and "/" not in r.file)
    out = home / "by-name.docx"
    result = _invoke("sheet", rec.file, "--home", str(home), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"编号：{rec.id}" in _text(Document(str(out)))


def test_an_unknown_document_is_a_clear_error(home):
    result = _invoke("sheet", "999999", "--home", str(home))
    assert result.exit_code == 2
    assert "找不到材料" in result.output and "no document" in result.output
    assert _invoke("sheet", "--home", str(home)).exit_code == 2  # neither DOC nor --all


def test_every_sheet_is_one_printed_page(home, records):
    chosen = sheet_records(records)
    assert len(chosen) > 10
    out = home / "all.pdf"
    result = _invoke("sheet", "--all", "--format", "pdf", "--home", str(home), "--out", str(out))
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(out.read_bytes())
    try:
        assert len(pdf) == len(chosen)  # nothing spills onto a second page
        for n, rec in enumerate(chosen):
            page = re.sub(r"\s", "", pdf[n].get_textpage().get_text_range())
            assert TITLE in page and f"编号：{rec.id}" in page
    finally:
        pdf.close()
    default = home / "reports" / "审核意见表" / "审核意见表-全部.docx"
    assert _invoke("sheet", "--all", "--home", str(home)).exit_code == 0 and default.is_file()
    doc = Document(str(default))
    titles = [p for p in doc.paragraphs if p.text == TITLE]
    assert len(titles) == len(chosen)
    assert [p.paragraph_format.page_break_before for p in titles] == [False] + [True] * (len(chosen) - 1)


# --- 退回通知 --------------------------------------------------------------------------------------------


def test_notices_for_exactly_the_branches_with_failures(home, records):
    result = _invoke("notice", "--home", str(home))
    assert result.exit_code == 0, result.output
    folder = home / "reports" / "退回通知"
    texts = {p.stem.removeprefix("退回修改通知-"): p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    assert {p.stem for p in folder.glob("*.docx")} == {p.stem for p in folder.glob("*.txt")}
    current = [r for r in records if r.current and r.doc_type in ("application", "outcome_report")
               and not r.duplicate_of]
    failing = [r for r in current if _failing(r)]
    assert failing and texts
    for rec in failing:  # every failing document is in its branch's notice, by file name (one naming no
        if not rec.branch_name:  # branch has no one to be sent back to: the overview lists it apart)
            continue
        assert any(rec.file.rsplit("/", 1)[-1] in t for t in texts.values()), rec.file
    for rec in current:
        if not _failing(rec) and rec.branch_name in texts:  # a branch with a failure of its other document
            assert rec.file.rsplit("/", 1)[-1] not in texts[rec.branch_name]
    passing = {r.branch_name for r in current} - {r.branch_name for r in failing}
    assert passing and not passing & set(texts)
    for text in texts.values():
        assert text.startswith("退回修改通知")
        assert "请于 2099年01月31日 17:00 前修改后重新提交" in text or "请于 2099年04月15日 23:59 前" in text
        assert not PY_LITERAL.search(text)


def test_a_notice_says_what_to_fix_in_plain_chinese(home, records):
    folder = home / "reports" / "退回通知"
    long = next(r for r in records if r.current and any(c.id == "report_length" and c.status == "fail"
                                                         for c in r.checks))
    text = next(p.read_text(encoding="utf-8") for p in folder.glob("*.txt")
                if long.file.rsplit("/", 1)[-1] in p.read_text(encoding="utf-8"))
    check = next(c for c in long.checks if c.id == "report_length")
    assert f"{check.value:,} 字，超过 {check.limit:,} 字的上限，请删减约 {check.value - check.limit:,} 字" in text
    doc = Document(str(folder / next(p.name for p in folder.glob("*.docx")
                                     if long.file.rsplit("/", 1)[-1] in _text(Document(str(p))))))
    assert "请删减约" in _text(doc)


def test_one_branchs_notice_by_its_short_name(home, records, tmp_path):
    rec = next(r for r in records if r.current and _failing(r) and r.branch_name
               and r.branch_name.endswith("党支部"))
    short = rec.branch_name.replace("党支部", "支部")
    result = _invoke("notice", "--home", str(home), "--branch", short)
    assert result.exit_code == 0, result.output
    assert rec.branch_name in result.output
    assert _invoke("notice", "--home", str(home), "--branch", "不存在的支部").exit_code == 1


# --- 汇编成册 -------------------------------------------------------------------------------------------


def test_the_booklet_has_a_chapter_per_passing_report_with_its_photos(home, records):
    out = home / "booklet.docx"
    result = _invoke("booklet", "--home", str(home), "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    passing = [r for r in records if r.current and r.status == "ok" and not r.duplicate_of
               and r.doc_type == "outcome_report" and r.verdict in ("passed", "warned")]
    assert passing
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert sorted(chapters) == sorted(r.brand_name or "" for r in passing)
    assert not [r for r in records if r.current and r.doc_type == "outcome_report" and r.verdict == "failed"
                and r.brand_name in chapters and r.brand_name not in {p.brand_name for p in passing}]
    parts = {p.text for p in doc.paragraphs if p.style.name == "Heading 2"}
    assert parts  # the reports' own part headings
    word_photos = sum(r.report.photo_count for r in passing if r.detected == "docx" and r.report)
    assert len(doc.inline_shapes) >= min(word_photos, 1) and len(doc.inline_shapes) > 0
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(doc.inline_shapes)
    named = {ph.caption for r in passing if r.report for ph in r.report.photos if ph.caption}
    assert named & set(captions)
    xml = doc.element.body.xml
    assert "TOC \\o" in xml and doc.settings.element.find(qn("w:updateFields")) is not None
    cover = "\n".join(p.text for p in doc.paragraphs[:25])
    assert "党建品牌创建成果汇编" in cover and f"共收录 {len(passing)} 个党建品牌" in cover
