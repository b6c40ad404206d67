"""What the terminal shows, run as a user runs it (a real process, a narrow terminal): `check` gives every
check its Chinese name and the whole evidence, wrapped and never cut, and a closing line of counts; `run` shows
a progress bar and lists the files it took in with their verdicts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

from checks.registry import BY_ID, validate_config
from pipeline.campaign import judge_in_memory
from pipeline.judge import guarded, judge, read_arrival
from pipeline.model.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, columns: int = 72) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "BRANDREVIEW_PROGRESS": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


def _column(output: str, n: int, columns: int = 4) -> str:
    """The text of the n-th column of every row of the tables with that many columns, white space removed."""
    cells = [line.split("│")[n] for line in output.splitlines() if line.count("│") == columns + 1]
    return re.sub(r"\s+", "", "".join(cells))


def test_check_shows_the_whole_evidence_with_chinese_names(samples_dir, manifest):
    failing = [n for n, t in manifest["files"].items() if "/" not in n and t.get("doc_type") == "outcome_report"
               and "fail" in t.get("expect_checks", {}).values()][:2]
    paths = [samples_dir / n for n in failing] + [samples_dir / "random.docx", samples_dir / "支委会会议记录（3月12日）.docx"]
    done = _cli("check", *map(str, paths))
    assert done.returncode == 1, done.stderr
    config = load_config()
    params = validate_config(config)
    records = []
    for path in paths[:2]:
        subs = read_arrival(path, path.name, config)
        assert not hasattr(subs, "status")
        records.extend(guarded(s, s.file, partial(judge, s, config, params)) for s in subs)
    judge_in_memory(records, config, params)
    names, messages, evidence = _column(done.stdout, 1), _column(done.stdout, 3), _column(done.stdout, 4)
    for rec in records:
        for c in rec.checks:
            assert re.sub(r"\s+", "", BY_ID[c.id].title) in names, c.id
            assert re.sub(r"\s+", "", c.message) in messages, c.message
            if c.where:
                assert re.sub(r"\s+", "", c.where) in evidence, c.where
    assert "…" not in done.stdout
    assert "report_length" not in done.stdout and "photo_count" not in done.stdout
    assert re.search(r"共 4 个文件：通过 0（其中有提醒 0），不通过 2，无法处理 1，需人工查看 1", done.stdout), done.stdout
    assert "检查文件" in done.stderr and "4/4" in done.stderr


def test_run_shows_progress_and_lists_what_was_new(samples_dir, manifest, tmp_path):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    names = [n for n in manifest["files"] if "/" not in n and n.endswith(".docx")][:5]
    for n in names:
        shutil.copy(samples_dir / n, home / "inbox" / n)
    done = _cli("run", "--home", str(home), "--engine", "plain", columns=120)
    assert done.returncode == 0, done.stderr
    assert "收取材料" in done.stderr and f"{len(names)}/{len(names)}" in done.stderr
    listed = _column(done.stdout, 1, columns=3)
    for n in names:
        assert re.sub(r"\s+", "", n) in listed
    verdicts = _column(done.stdout, 2, columns=3)
    assert any(word in verdicts for word in ("通过", "不通过", "无法处理", "需人工查看"))
    again = _cli("run", "--home", str(home), "--engine", "plain")
    assert "new this pass" not in again.stdout, "nothing new: no list"
