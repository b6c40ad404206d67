"""Resubmissions are versions: the same branch sending the same kind of document again makes a new version;
the latest is current and is what the summary, the reports and the export count; earlier ones stay in the
history with their results; identical bytes stay a duplicate. On SQLite and on PostgreSQL, through real passes
over real report files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import sample_reports as R
import sample_text as T

from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
CAPS = list(T.CAPTIONS[:4])


def _report(brand: str, seed: int, captions: list[str | None]) -> bytes:
    b = T.BRANDS[brand]
    spec = R.ReportSpec(brand, seed, f"{b.branch}“{b.brand}”党建品牌创建成果报告", "2024年1月22日",
                        datetime(2024, 1, 22, 9), captions=captions)
    return R.build(spec)[0]


def _home(tmp_path: Path, db_url: str) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text('[campaign]\nid = "v"\nname = "版本"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    return Workspace.open(home, db=db_url)


def _export(ws: Workspace, *extra: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "export", "--home", str(ws.home), *extra],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_a_corrected_report_replaces_the_failing_one(tmp_path, db_url):
    ws = _home(tmp_path, db_url)
    first = _report("xinhuo", 901, CAPS[:2])  # two photos: fails photo_count
    corrected = _report("xinhuo", 902, CAPS)  # four captioned photos
    other = _report("jingji", 903, CAPS)
    (ws.inbox / "薪火-成果报告.docx").write_bytes(first)
    (ws.inbox / "经济-成果报告.docx").write_bytes(other)
    one = run_pass(ws)
    assert (one.documents, one.failed) == (2, 1)

    (ws.inbox / "薪火-成果报告.docx").write_bytes(corrected)  # the same name again, corrected
    two = run_pass(ws)
    assert two.new == 1
    assert two.documents == 2, "the corrected report replaces the failing one in the counts"
    assert (two.passed + two.warned, two.failed) == (2, 0)

    (ws.inbox / "再发一次.docx").write_bytes(corrected)  # identical bytes: a duplicate, not a version
    three = run_pass(ws)
    assert three.duplicates == 1

    current = {r["file"]: r for r in _export(ws, "--current")}
    assert set(current) == {"薪火-成果报告.docx", "经济-成果报告.docx", "再发一次.docx"}
    report = current["薪火-成果报告.docx"]
    assert (report["version"], report["versions"], report["current"]) == (2, 2, True)
    assert report["report"]["photos"] == 4
    assert current["再发一次.docx"]["version"] is None and current["再发一次.docx"]["duplicate_of"]
    assert (current["经济-成果报告.docx"]["version"], current["经济-成果报告.docx"]["versions"]) == (1, 1)

    history = _export(ws)
    assert len(history) == 4, "the export keeps every document; the earlier version says it is not current"
    old = [r for r in history if r["file"] == "薪火-成果报告.docx" and not r["current"]]
    assert len(old) == 1 and old[0]["version"] == 1 and old[0]["versions"] == 2
    assert {c["id"]: c["status"] for c in old[0]["checks"]}["photo_count"] == "fail", "history keeps its results"
    # the two versions of one branch's report are one branch's: linked, never 雷同
    assert all(s["same_branch"] for r in history for s in r["similar"] if s["file"] == "薪火-成果报告.docx")

    page = (ws.reports / "docs" / f"{report['id']}.html").read_text(encoding="utf-8")
    assert "第 2 版，共 2 版" in page


def test_two_versions_in_one_batch_and_the_application_apart(tmp_path, db_url):
    ws = _home(tmp_path, db_url)
    (ws.inbox / "a").mkdir()
    (ws.inbox / "a" / "1-初稿.docx").write_bytes(_report("xinhuo", 911, CAPS[:1]))
    (ws.inbox / "a" / "2-定稿.docx").write_bytes(_report("xinhuo", 912, CAPS))
    summary = run_pass(ws)
    assert summary.documents == 1
    store = Store(ws.db_url)
    try:
        every = store.records("v")
        now = store.records("v", current_only=True)
    finally:
        store.close()
    assert sorted((r.version, r.current) for r in every) == [(1, False), (2, True)]
    assert [r.file for r in now] == ["a/2-定稿.docx"] and now[0].versions == 2
