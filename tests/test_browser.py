"""The review pages in a real browser: Playwright for Python driving Debian's Chromium (/usr/bin/chromium, from
`make system-deps`; Playwright's own browsers are never downloaded). Opens the overview from its file:// URL,
sorts, filters and searches the branch table, follows a link to a failing document, prints it to PDF (one
submission, tables that do not squash) and takes screenshots; any console error or page error fails the test.
Under CI=true a missing Playwright or Chromium fails instead of skipping.

BRANDREVIEW_SCREENSHOTS=DIR also saves the screenshots there (the README's come from docs/screenshots/).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from test_pages import CAMPAIGN, ROSTER

from pipeline.run import run_pass
from pipeline.workspace import Workspace

CHROMIUM = "/usr/bin/chromium"


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (make test installs Playwright, make system-deps Chromium)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python")
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium ({CHROMIUM})")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--allow-file-access-from-files"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def reports(samples_dir, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("browser")
    (home / "campaign.toml").write_text(CAMPAIGN, encoding="utf-8")  # deadlines and a roster, as in test_pages
    (home / "roster.csv").write_text(ROSTER, encoding="utf-8")
    run_pass(Workspace.open(home, inbox=samples_dir))
    return home / "reports"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    yield pg
    context.close()
    assert not errors, errors


def _shots(tmp_path: Path) -> list[Path]:
    out = [tmp_path]
    extra = os.environ.get("BRANDREVIEW_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        out.append(Path(extra))
    return out


def _column(pg, table: str, col: int) -> list[str]:
    return pg.eval_on_selector_all(f"#{table} tbody tr", f"rows => rows.map(r => r.cells[{col}].innerText.trim())")


def _sorted_zh(pg, values: list[str], descending: bool = False) -> bool:
    return pg.evaluate("([v, d]) => v.every((x, i) => i === 0 || (d ? -1 : 1) * v[i - 1].localeCompare(x, 'zh-CN') <= 0)",
                       [values, descending])


def test_overview_sort_filter_search_follow_print(page, reports, tmp_path):
    page.goto((reports / "index.html").as_uri())
    for folder in _shots(tmp_path):
        page.screenshot(path=str(folder / "overview.png"))
    rows = page.locator("#branches tbody tr")
    total = rows.count()
    assert total > 10
    assert page.locator("#branches .shown").inner_text().startswith(f"共 {total} 行")

    # sort by branch name, then the other way
    header = page.locator("#branches th", has_text="党支部")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert _sorted_zh(page, _column(page, "branches", 0))
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert _sorted_zh(page, _column(page, "branches", 0), descending=True)

    # sort by the report's verdict: failing reports first, the branches without one last
    page.locator("#branches th", has_text="成果报告").click()
    verdicts = _column(page, "branches", 5)
    assert verdicts[0].startswith("不通过") and verdicts[-1] == "未提交"

    # filter: only the branches whose report failed
    page.select_option('#branches select[aria-label="按成果报告筛选"]', label="不通过")
    failing = rows.count()
    assert 0 < failing < total
    assert all(v.startswith("不通过") for v in _column(page, "branches", 5))
    # and a search within them
    first_brand = _column(page, "branches", 3)[0]
    page.fill("#branches input[type=search]", first_brand)
    assert rows.count() >= 1 and all(first_brand in b for b in _column(page, "branches", 3))
    page.fill("#branches input[type=search]", "")
    assert rows.count() == failing

    for folder in _shots(tmp_path):
        page.screenshot(path=str(folder / "overview-filtered.png"))

    # follow the link to a failing report
    link = page.locator("#branches tbody tr td:nth-child(6) a.failed").first
    link.click()
    page.wait_for_load_state()
    assert re.search(r"/docs/\d+\.html$", page.url)
    assert page.locator(".badge").inner_text() == "不通过"
    assert page.locator("section.check.fail h3").count() >= 1
    assert "✗ 不通过" in page.locator("section.check.fail h3").first.inner_text()
    for folder in _shots(tmp_path):
        page.screenshot(path=str(folder / "document.png"))

    # print: every table at least as wide as its words need, nothing past the page's edge
    page.emulate_media(media="print")
    squashed = page.evaluate("""() => {
        const page = document.body.clientWidth, bad = [];
        for (const cell of document.querySelectorAll('th, td')) {
            const r = cell.getBoundingClientRect();
            if (r.width && r.width < 30) bad.push('narrow ' + cell.innerText.slice(0, 10) + ' ' + r.width);
            if (r.right > page + 1) bad.push('beyond the page ' + cell.innerText.slice(0, 10));
        }
        return bad;
    }""")
    assert not squashed, squashed
    pdf = tmp_path / "document.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
        pages = len(doc.pages)
    assert "检查结果" in text and "✗ 不通过" in text.replace("✗不通过", "✗ 不通过")
    assert re.search(r"品牌名称\s*字数|报告\s*字数|照片数量与注释|报告结构", text), "check names on one line each"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert sum(len(ln.strip()) <= 2 for ln in lines) < 0.1 * len(lines), "no column squashed to a character a line"
    assert pages <= 6


def test_document_pages_have_no_errors_and_print_one_submission(page, reports, tmp_path):
    docs = sorted((reports / "docs").glob("*.html"), key=lambda p: int(p.stem))
    for doc in docs:
        page.goto(doc.as_uri())
        assert page.locator("article.submission").count() == 1
        broken = page.evaluate("() => [...document.images].filter(i => !i.complete || !i.naturalWidth).length")
        assert broken == 0, doc.name
    # the print of a report with photos: thumbnails kept, one submission
    page.goto(docs[0].as_uri())
    pdf = tmp_path / "one.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
    if os.environ.get("BRANDREVIEW_SCREENSHOTS"):
        shutil.copy(pdf, Path(os.environ["BRANDREVIEW_SCREENSHOTS"]) / "document.pdf")
