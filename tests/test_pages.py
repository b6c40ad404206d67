"""The review pages, rendered from the records of a real pass over the sample inbox and read back with lxml:
one page per current document with every check's mark, value, limit and evidence in Chinese (no Python
literal anywhere), thumbnails taken from the archived originals, links to the similar submissions and to the
original; the overview's counts, charts, branch rows and similar-name groups; pages regenerated after every
pass (a resubmitted report replaces its page).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from urllib.parse import unquote

import lxml.html
import pytest
import sample_reports as R
import sample_text as T
from PIL import Image

from pipeline.model import vocabulary as V
from pipeline.model.config import load_config
from pipeline.model.wordcount import count_words
from pipeline.pages.document import document_html
from pipeline.pages.site import build_site, static_links
from pipeline.pages.thumbs import SIZE, ThumbCache
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

# What a Python value printed into a page looks like: a list or dict repr, True/False/None.
PY_LITERAL = re.compile(r"\[\s*'|\[\s*\d+(\.\d+)?\s*,\s*\d|\{\s*'|\[\]|\bTrue\b|\bFalse\b|\bNone\b|\bnan\b")


# The mail from 土木工程学院学生第二党支部 arrived 2024-04-15 10:23 (Beijing): its application after the
# application deadline, its report before the report deadline; the files dropped today are after both.
CAMPAIGN = """[campaign]
id = "pages"
name = "页面测试"
year = 2024
[deadlines]
application = "2024-04-15 10:00"
report = "2024-04-15 12:00"
"""
ROSTER = """党支部,类型,所属党组织,支部书记
土木工程学院学生第二党支部,学生,土木工程学院党委,杜鹏
体育部教工党支部,教工,体育部党总支,
从未提交材料的党支部,教工,图书馆党委,李明
"""


@pytest.fixture(scope="module")
def site(samples_dir, tmp_path_factory):
    home = tmp_path_factory.mktemp("pages")
    (home / "campaign.toml").write_text(CAMPAIGN, encoding="utf-8")
    (home / "roster.csv").write_text(ROSTER, encoding="utf-8")
    ws = Workspace.open(home, inbox=samples_dir)
    run_pass(ws)
    config = load_config(ws.config_path)
    store = Store(ws.db_url)
    try:
        records = store.records(config.campaign.id)
    finally:
        store.close()
    return {"ws": ws, "config": config, "records": records, "current": [r for r in records if r.current]}


def _page(ws: Workspace, doc_id: int) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((ws.reports / "docs" / f"{doc_id}.html").read_text(encoding="utf-8"))


def _text(tree: lxml.html.HtmlElement) -> str:
    for el in tree.xpath("//script|//style"):
        el.drop_tree()
    return tree.text_content()


def _by_file(site, suffix: str):
    return next(r for r in site["current"] if r.file.endswith(suffix))


def test_one_page_per_current_document_and_none_for_earlier_versions(site):
    ws = site["ws"]
    pages = {p.name for p in (ws.reports / "docs").glob("*.html")}
    assert pages == {f"{r.id}.html" for r in site["current"]}
    earlier = [r for r in site["records"] if not r.current]
    assert earlier, "the samples hold resubmissions"
    assert not any(f"{r.id}.html" in pages for r in earlier)
    assert not list(ws.reports.rglob("*.writing")), "no half-written page is left"


def test_every_page_names_each_check_in_chinese_with_mark_value_and_limit(site):
    for rec in site["current"]:
        tree = _page(site["ws"], rec.id)
        text = _text(lxml.html.fromstring(lxml.html.tostring(tree)))
        assert not PY_LITERAL.search(text), (rec.file, PY_LITERAL.search(text))
        assert not re.search(r"\b(brand_name_length|report_length|photo_count|required_fields|similar_brand_name|"
                             r"report_structure|ocr_confidence|needs_review|outcome_report)\b", text), rec.file
        for c in rec.checks:
            (box,) = tree.xpath(f'//section[@id="check-{c.id}"]')
            assert V.zh_check(c.id) in box.xpath("string(h3)") and V.zh_mark(c.status) == box.xpath("string(h3/span)")
            assert box.xpath('string(.//td[@class="value"])').strip() == V.zh_value(c.id, c.value)
            assert box.xpath('string(.//td[@class="limit"])').strip() == V.zh_limit(c.id, c.limit)
        badge = tree.xpath('//span[contains(@class, "badge")]')[0]
        assert badge.text_content() == V.zh_verdict(rec.verdict)
        if rec.version:
            assert f"第 {rec.version} 版，共 {rec.versions} 版" in text
        assert V.zh_doc_type(rec.doc_type) in text


def test_arrival_by_mail_names_sender_and_subject(site):
    rec = next(r for r in site["current"] if r.origin and r.origin.mail_from and r.status == "ok")
    rows = {tr.findtext("th"): tr.xpath("string(td)") for tr in _page(site["ws"], rec.id).xpath('//table[@id="identity"]/tr')}
    assert rows["发件人"] == rec.origin.mail_from and rows["邮件主题"] == rec.origin.mail_subject
    assert rows["来源"] == f"电子邮件 {rec.origin.container}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rows["收到时间"])


def test_the_original_link_opens_the_archived_file(site):
    for rec in site["current"]:
        page = site["ws"].reports / "docs" / f"{rec.id}.html"
        (href,) = lxml.html.fromstring(page.read_text("utf-8")).xpath('//a[@class="original"]/@href')
        target = (page.parent / unquote(href)).resolve()
        assert hashlib.sha256(target.read_bytes()).hexdigest() == rec.sha256, rec.file


def test_photos_are_thumbnails_from_the_original_with_caption_or_no_caption(site):
    reports = [r for r in site["current"] if r.report and r.report.photos and r.detected == "docx"]
    assert reports
    uncaptioned = 0
    for rec in reports:
        (box,) = _page(site["ws"], rec.id).xpath('//section[@id="check-photo_count"]')
        figures = box.xpath(".//figure")
        assert len(figures) >= len(rec.report.photos)
        for photo, fig in zip(rec.report.photos, figures, strict=False):
            (src,) = fig.xpath(".//img/@src")
            mime, data = re.fullmatch(r"data:(image/(?:jpeg|png));base64,(.+)", src).groups()
            img = Image.open(io.BytesIO(base64.b64decode(data)))
            assert max(img.size) <= SIZE and img.format.lower() == mime.split("/")[1]
            caption = fig.xpath("string(figcaption)")
            if photo.caption:
                assert f"“{photo.caption}”" in caption
            else:
                assert "无图注" in caption
                uncaptioned += 1
            assert photo.where in caption
    assert uncaptioned, "a sample report has a photo without caption"


def test_missing_or_broken_original_gives_a_note_not_a_crash(site, tmp_path):
    rec = next(r for r in site["current"] if r.report and r.report.photos and r.detected == "docx")
    config = site["config"]
    for stored, note in ((tmp_path / "gone.docx", "已不在原处"), (tmp_path / "broken.docx", "无法读取")):
        if stored.name == "broken.docx":
            stored.write_bytes(b"not a zip at all")
        moved = rec.model_copy(update={"stored_path": str(stored), "sha256": hashlib.sha256(stored.name.encode()).hexdigest()})
        links = static_links(tmp_path, tmp_path, on_document_page=True)
        tree = lxml.html.fromstring(document_html(moved, build_site([moved], config, links, ThumbCache())))
        (box,) = tree.xpath('//section[@id="check-photo_count"]')
        assert not box.xpath(".//img") and note in box.text_content()


def test_too_long_brand_name_marks_the_overflow(site):
    rec = next(r for r in site["current"] if any(c.id == "brand_name_length" and c.status == "fail" for c in r.checks))
    limit = site["config"].checks["brand_name_length"]["max_chars"]
    (box,) = _page(site["ws"], rec.id).xpath('//section[@id="check-brand_name_length"]')
    kept, over = box.xpath('string(.//span[@class="counted"])'), box.xpath('string(.//span[@class="over"])')
    assert kept + over == rec.brand_name and over
    assert count_words(kept) == limit


def test_report_length_states_count_limit_and_overflow(site):
    rec = next(r for r in site["current"] if any(c.id == "report_length" and c.status == "fail" for c in r.checks))
    limit = site["config"].checks["report_length"]["max_chars"]
    text = _page(site["ws"], rec.id).xpath('//section[@id="check-report_length"]')[0].text_content()
    assert f"{rec.report.word_count:,} 字" in text and f"{limit:,} 字" in text
    assert f"超出 {rec.report.word_count - limit} 字" in text


def test_report_structure_quotes_headings_and_names_missing_parts(site):
    rec = next(r for r in site["current"] if any(c.id == "report_structure" and c.status == "fail" for c in r.checks))
    rows = _page(site["ws"], rec.id).xpath('//table[@id="sections"]/tr')
    found = {h.key: h for h in rec.report.headings}
    assert len(rows) == len(site["config"].checks["report_structure"].get("required", site["config"].report.order))
    for tr in rows:
        name, heading, _, state = (td.text_content() for td in tr.xpath("td"))
        key = next(k for k in site["config"].report.order if V.zh_section(k) == name)
        if key in found:
            assert heading == f"“{found[key].heading}”"
        else:
            assert "缺少" in state


def test_similar_names_link_to_the_other_submission(site):
    rec = next(r for r in site["current"] if any(c.id == "similar_brand_name" and c.status == "fail" for c in r.checks))
    tree = _page(site["ws"], rec.id)
    links = tree.xpath('//table[@id="similar"]//a[@class="similar-link"]')
    assert links
    for a in links:
        other = lxml.html.fromstring((site["ws"].reports / "docs" / a.get("href")).read_text("utf-8"))
        row = a.getparent().getparent()
        assert row.xpath("string(td[1])").strip("“”") in other.xpath('string(//table[@id="identity"])')
        assert re.fullmatch(r"\d+ 分", row.xpath("string(td[4])"))


def test_ocr_confidence_per_field(site):
    rec = next(r for r in site["current"] if r.ocr)
    tree = _page(site["ws"], rec.id)
    rows = tree.xpath('//table[@id="ocr"]/tr')
    assert {tr.xpath("string(td[1])") for tr in rows} == {V.zh_field(k) for k in rec.ocr.field_confidence}
    assert tree.xpath('//table[@id="fields"]//th[text()="OCR 置信度"]')


def test_rejected_file_shows_its_reason(site):
    rec = next(r for r in site["current"] if r.status == "rejected" and r.error_code)
    (box,) = _page(site["ws"], rec.id).xpath('//div[@id="error"]')
    assert V.zh_reason(rec.error_code) in box.text_content()
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", box.text_content()), "the English part is left out"


def _overview(site):
    tree = lxml.html.fromstring((site["ws"].reports / "index.html").read_text("utf-8"))
    data = {s.get("id"): json.loads(s.text) for s in tree.xpath('//script[@type="application/json"]')}
    return tree, data


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | dict):
        for v in value.values() if isinstance(value, dict) else value:
            yield from _strings(v)


def test_overview_counts_charts_and_rows(site):
    tree, data = _overview(site)
    counts = {box.get("data-verdict"): int(box.findtext("b")) for box in tree.xpath('//section[@id="counts"]/div')}
    for verdict, n in counts.items():
        assert n == sum(1 for r in site["current"] if r.verdict == verdict)
    assert sum(counts.values()) == len(site["current"])
    fails = {}
    for r in site["current"]:
        for c in r.checks:
            if c.status == "fail":
                fails[V.zh_check(c.id)] = fails.get(V.zh_check(c.id), 0) + 1
    (chart,) = tree.xpath('//section[@id="charts"]/div[1]/svg')
    labels = [t.text for t in chart.xpath("./text[not(@class)]")]
    assert sorted(labels) == sorted(fails) and len(chart.xpath("./rect")) == len(fails)
    assert [t.text for t in chart.xpath('./text[@class="n"]')] == [f"{n} 份" for n in sorted(fails.values(), reverse=True)]

    table = data["branches-data"]
    assert [c["label"] for c in table["columns"]][:6] == ["党支部", "所属党组织", "类型", "品牌名称", "申报表", "成果报告"]
    ids = [cell[0] for row in table["rows"] for cell in row[4:6] if cell]
    assert len(ids) == len(set(ids)), "each document in one branch row"
    paired = {r.id for r in site["current"] if r.doc_type in ("application", "outcome_report") and r.status == "ok"
              and not r.duplicate_of and r.branch_name}
    assert paired <= set(ids)
    others = [row[0][1] for row in data["files-data"]["rows"]]
    assert set(ids) | set(others) == {r.id for r in site["current"]}
    text = _text(tree) + " ".join(_strings(data))
    assert not PY_LITERAL.search(text), PY_LITERAL.search(text)


def test_similar_names_are_grouped(site):
    tree, _ = _overview(site)
    pairs = {(r.id, s.file) for r in site["current"] for s in r.similar if not s.same_branch and not s.campaign}
    assert pairs
    clusters = tree.xpath('//div[@class="cluster"]')
    files = [set(c.xpath(".//li/a/text()")) for c in clusters]
    by_id = {r.id: r for r in site["current"]}
    for doc_id, other in pairs:
        assert any(by_id[doc_id].file in group and other in group for group in files)


CAPS = list(T.CAPTIONS[:4])


def _report(seed: int, captions: list[str | None]) -> bytes:
    from datetime import datetime

    b = T.BRANDS["xinhuo"]
    return R.build(R.ReportSpec("xinhuo", seed, f"{b.branch}“{b.brand}”党建品牌创建成果报告", "2024年1月22日",
                                datetime(2024, 1, 22, 9), captions=captions))[0]


def test_pages_are_regenerated_after_every_pass(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text('[campaign]\nid = "p"\nname = "页面"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    ws = Workspace.open(home)
    (ws.inbox / "薪火-成果报告.docx").write_bytes(_report(801, CAPS[:2]))  # two photos: too few
    run_pass(ws)
    (first,) = (ws.reports / "docs").glob("*.html")
    page = lxml.html.fromstring(first.read_text("utf-8"))
    assert page.xpath('string(//section[@id="check-photo_count"]//td[@class="value"])') == "2 张"
    assert len(page.xpath('//section[@id="check-photo_count"]//img')) == 2

    (ws.inbox / "薪火-成果报告.docx").write_bytes(_report(802, CAPS))  # the branch sends it again, corrected
    run_pass(ws)
    pages = list((ws.reports / "docs").glob("*.html"))
    assert len(pages) == 1 and pages[0] != first and not first.exists(), "the replaced version's page is gone"
    page = lxml.html.fromstring(pages[0].read_text("utf-8"))
    assert page.xpath('string(//section[@id="check-photo_count"]//td[@class="value"])') == "4 张"
    assert len(page.xpath('//section[@id="check-photo_count"]//img')) == 4
    assert "第 2 版，共 2 版" in page.text_content()
    assert [tr.xpath("string(td[1])") for tr in page.xpath('//table[@id="versions"]/tr')] == \
        ["第 1 版", "第 2 版（当前）（本页）"]
    _, data = _overview({"ws": ws})
    (row,) = data["branches-data"]["rows"]
    report = row[5]
    assert report[0] == int(pages[0].stem) and report[2:4] == [2, 2]
    assert data["branches-data"]["columns"][5]["values"][report[1]] == V.zh_verdict("passed")


def test_roster_coverage_and_lateness(site):
    tree, data = _overview(site)
    table = data["branches-data"]
    rows = {row[0]: row for row in table["rows"]}
    tumu = rows["土木工程学院学生第二党支部"]
    assert table["columns"][1]["values"][tumu[1]] == "土木工程学院党委"
    assert table["columns"][2]["values"][tumu[2]] == "学生"
    assert (tumu[4][4], tumu[5][4]) == (1, 0), "application late, report on time"
    assert rows["从未提交材料的党支部"][4:6] == [None, None]
    (cov,) = tree.xpath('//section[@id="coverage"]')
    assert "名单中共 3 个支部" in cov.text_content()
    assert "从未提交材料的党支部" in cov.xpath('string(.//table[@id="no-application"])')
    assert "从未提交材料的党支部" in cov.xpath('string(.//table[@id="no-report"])')
    assert "土木工程学院学生第二党支部" in cov.xpath('string(.//table[@id="late"])')
    assert "体育部教工党支部" in cov.xpath('string(.//table[@id="no-application"])')
    (chart,) = tree.xpath('//section[@id="charts"]/div[2]/svg')
    assert "土木工程学院党委" in [t.text for t in chart.xpath("./text[not(@class)]")]
    page = _page(site["ws"], tumu[4][0])
    rows = {tr.findtext("th"): tr.xpath("string(td)") for tr in page.xpath('//table[@id="identity"]/tr')}
    assert rows["截止时间"] == "2024-04-15 10:00（逾期提交）"
