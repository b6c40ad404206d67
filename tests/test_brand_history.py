"""品牌历年记录 on a document's review page (pipeline.pages.history, gathered by pipeline.review_page): two
campaigns in one database (two workspaces sharing a --db URL) and an imported library brand; the later
document's page lists the earlier campaign's document (linked to its page in the other workspace) and the
library brand of the same branch, and not a similar or identical name of another organisation; a page without
history has no such section. Also the matching alone: same organisation by roster name matching, a similar or
identical name, on SQLite and PostgreSQL for the pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from pipeline.library import import_file
from pipeline.model.config import load_config
from pipeline.model.records import DocumentRecord
from pipeline.pages.history import EarlierBrand, brand_history, similar_cutoff
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace


def _campaign(year: int) -> str:
    return f'[campaign]\nid = "{year}"\nname = "{year}年度党建品牌创建"\nyear = {year}\n'


def _sample_application(manifest: dict) -> tuple[str, dict]:
    for name, entry in sorted(manifest["files"].items()):
        fields = entry.get("fields") or {}
        if (entry["doc_type"] == "application" and entry["status"] == "ok" and name.endswith(".docx")
                and "/" not in name and not entry.get("duplicate_of") and fields.get("brand_name")
                and fields.get("branch_name") and entry.get("set") != "real_style"):
            return name, fields
    raise AssertionError("no plain application sample")


def _workspace(root: Path, year: int, sample: Path, db_url: str) -> Workspace:
    home = root / str(year)
    (home / "inbox").mkdir(parents=True)
    (home / "campaign.toml").write_text(_campaign(year), encoding="utf-8")
    shutil.copy(sample, home / "inbox" / sample.name)
    return Workspace.open(home, db=db_url)


def _only_doc(ws: Workspace) -> tuple[int, lxml.html.HtmlElement]:
    (page,) = sorted((ws.reports / "docs").glob("*.html"))
    return int(page.stem), lxml.html.fromstring(page.read_text(encoding="utf-8"))


def test_the_later_page_lists_the_earlier_campaign_and_the_library(db_url, samples_dir, manifest, tmp_path):
    name, fields = _sample_application(manifest)
    brand, branch = fields["brand_name"], fields["branch_name"]
    earlier = _workspace(tmp_path, 2025, samples_dir / name, db_url)
    run_pass(earlier)
    earlier_id, earlier_page = _only_doc(earlier)
    assert not earlier_page.xpath("//table[@id='brand-history']")  # nothing earlier: no section at all
    assert "品牌历年记录" not in earlier_page.text_content()

    library = tmp_path / "old.csv"
    library.write_text("品牌名称,党支部,年份,来源\n"
                       f"“{brand}”党建品牌,{branch},2021,2021年一支部一特色\n"  # the same branch, a similar name
                       f"{brand},另一学院教工党支部,2022,2022年一支部一特色\n"  # another organisation, the same name
                       f"“{brand}”工作室,另一学院学生党支部,2023,\n"  # another organisation, a similar name
                       f"毫不相干的名字,{branch},2020,\n", encoding="utf-8")  # the same branch, another brand
    store = Store(earlier.db_url)
    try:
        assert import_file(store, library).added == 4
    finally:
        store.close()

    later = _workspace(tmp_path, 2026, samples_dir / name, db_url)
    run_pass(later)
    later_id, page = _only_doc(later)
    assert later_id != earlier_id
    (table,) = page.xpath("//table[@id='brand-history']")
    assert page.xpath("//h2[text()='品牌历年记录']")
    assert [th.text_content() for th in table.xpath(".//thead//th")] == ["年份/活动", "党支部", "品牌名称", "来源"]
    rows = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath(".//tr[td]")]
    assert len(rows) == 2, rows  # oldest first: the library's 2021 brand, then the 2025 campaign's document
    assert rows[0][0].startswith("2021 年") and "2021年一支部一特色" in rows[0][0]
    assert rows[0][1] == branch and rows[0][2].startswith(f"“{brand}”党建品牌") and "相似度" in rows[0][2]
    assert rows[0][3] == "品牌库（old.csv）"
    assert rows[1][0] == "2025 年" and rows[1][1] == branch and rows[1][2] == f"{brand}（名称相同）"
    assert rows[1][3].startswith("往届申报表（") and name in rows[1][3]
    text = table.text_content()
    assert "另一学院" not in text and "工作室" not in text and "毫不相干" not in text

    (link,) = table.xpath(".//a[@class='history']")
    target = (later.reports / "docs" / link.get("href")).resolve()
    assert target == (earlier.reports / "docs" / f"{earlier_id}.html").resolve()
    assert target.is_file()
    assert not table.xpath(".//tr[td][1]//a")  # a library brand has no page

    # the earlier page is gone (its campaign rewritten without it): the row stays, without a link
    (earlier.reports / "docs" / f"{earlier_id}.html").unlink()
    (later.reports / "index.html").unlink()  # the next pass writes the reports again
    run_pass(later)
    _, page = _only_doc(later)
    (table,) = page.xpath("//table[@id='brand-history']")
    assert len(table.xpath(".//tr[td]")) == 2 and not table.xpath(".//a")


def _rec(doc_id: int, brand: str, branch: str | None) -> DocumentRecord:
    return DocumentRecord.model_validate({
        "id": doc_id, "file": f"{doc_id}.docx", "sha256": "0" * 64, "size": 1, "detected": "docx",
        "doc_type": "application", "status": "ok",
        "fields": {"brand_name": brand, "branch_name": branch}})


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "campaign.toml"
    path.write_text(_campaign(2026), encoding="utf-8")
    return load_config(path)


def test_only_the_same_organisation_with_a_similar_or_the_same_name(config):
    earlier = [
        EarlierBrand("红烛先锋", "信息学院计算机系教工党支部", year=2024, campaign="2024", document_id=7, href="x.html"),
        EarlierBrand("红烛先锋", "化学学院教工党支部", year=2024, campaign="2024", document_id=8),  # another branch
        EarlierBrand("“红烛先锋”工作室", "计算机系教工支部", year=2022, source="品牌库"),  # short form, similar
        EarlierBrand("书香致远", "计算机系教工支部", year=2021),  # the same branch, another brand
        EarlierBrand("红烛先锋", None, year=2020),  # no branch: no organisation to match
    ]
    recs = [_rec(1, "红烛先锋", "信息学院计算机系教工党支部"), _rec(2, "红烛领航", "物理学院学生党支部"),
            _rec(3, "星火燎原", "信息学院计算机系教工党支部")]
    history = brand_history(recs, earlier, config.similarity, similar_cutoff(config))
    assert list(history) == [1]  # 红烛领航 is another organisation's; 星火燎原 has no earlier name like it
    rows = history[1]
    assert [(r.when, r.branch, r.brand, r.same_name, r.href) for r in rows] == [
        ("2022 年　品牌库", "计算机系教工支部", "“红烛先锋”工作室", False, None),
        ("2024 年", "信息学院计算机系教工党支部", "红烛先锋", True, "x.html")]
    assert rows[0].score >= similar_cutoff(config)
    assert brand_history(recs, [], config.similarity, 80.0) == {}
