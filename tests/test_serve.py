"""`brandreview serve` as a staff member runs it: a real process with its own real Prefect server, files
dropped into the watched inbox, the deployments and their runs read back from the Prefect API, SIGTERM; and
the nightly run re-judging stored submissions under a changed campaign.toml without reading a document."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from service_process import stop

from pipeline.run import run_nightly, run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
BRANDREVIEW = [sys.executable, "-c", "from pipeline.cli import main; main()"]


def _api(url: str, path: str, body: dict | None = None) -> object:
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _count_records(ws: Workspace) -> int:
    store = Store(ws.db_url)
    try:
        return len(store.records())
    finally:
        store.close()


def _state(home: Path) -> dict:
    try:
        return json.loads((home / ".service.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _intake_runs(api: str) -> list[dict]:
    runs = _api(api, "/flow_runs/filter", {"flows": {"name": {"any_": ["brandreview-intake"]}}, "limit": 200})
    assert isinstance(runs, list)
    return runs


def test_serve_watches_the_inbox_schedules_the_nightly_run_and_stops_on_sigterm(tmp_path, samples_dir, manifest):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    (home / "campaign.toml").write_text(
        '[campaign]\nid = "2026"\nname = "测试"\nyear = 2026\n[intake]\nsettle_seconds = 1.0\n'
        '[serve]\nnightly_cron = "30 1 * * *"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen([*BRANDREVIEW, "serve", "--home", str(home)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        state = _wait(lambda: _state(home).get("api_url") and _state(home), 180, "the service to start")
        api = state["api_url"]
        status = subprocess.run([*BRANDREVIEW, "status", "--home", str(home)], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert status.returncode == 0 and "运行中" in status.stdout, status.stdout + status.stderr

        deployments = _api(api, "/deployments/filter")
        by_name = {d["name"]: d for d in deployments}
        assert {"intake", "nightly"} <= set(by_name)
        [schedule] = by_name["nightly"]["schedules"]
        assert schedule["schedule"]["cron"] == "30 1 * * *"
        assert schedule["schedule"]["timezone"] == "Asia/Shanghai"

        # the start-up run (nothing waiting) first, then one drop of 50 files
        _wait(lambda: [r for r in _intake_runs(api) if r["state_type"] == "COMPLETED"], 120, "the first run")
        before = len(_intake_runs(api))
        names = sorted({n.split("/", 1)[0] for n in manifest["files"]})[:50]
        for name in names:
            shutil.copyfile(samples_dir / name, home / "inbox" / name)
        ws = Workspace.open(home)
        _wait(lambda: not any((home / "inbox").iterdir()) and _count_records(ws) >= len(names), 300,
              "the dropped files to be recorded")
        time.sleep(3)  # a second run, if the drop made one, would have been created by now
        runs = _intake_runs(api)
        assert len(runs) - before == 1, "50 files dropped at once make one intake run"
        assert all(r["state_type"] in ("COMPLETED", "SCHEDULED") for r in runs)

        # files that keep coming one at a time: a burst that finds a run not yet begun makes no run of its own
        before, bursts = len(runs), sorted({n.split("/", 1)[0] for n in manifest["files"]})[50:58]
        assert len(bursts) == 8
        for name in bursts:
            shutil.copyfile(samples_dir / name, home / "inbox" / f"逐个-{name}")
            time.sleep(1.3)  # longer than serve.debounce_ms: each is a burst of its own
        _wait(lambda: not any((home / "inbox").iterdir()) and _count_records(ws) >= len(names) + len(bursts), 300,
              "the files dropped one at a time to be recorded")
        time.sleep(3)
        made = len(_intake_runs(api)) - before
        assert 1 <= made <= 5, f"{made} intake runs for {len(bursts)} drops: runs pile up behind each other"
    finally:
        out = stop(proc)
    assert proc.returncode == 0, out.decode(errors="replace")[-3000:]
    assert b"Traceback" not in out, out.decode(errors="replace")[-3000:]  # a clean stop is a quiet one
    assert not (home / ".service.json").exists()
    status = subprocess.run([*BRANDREVIEW, "status", "--home", str(home)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert status.returncode == 3 and "未运行" in status.stdout
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{api}/health", timeout=3)  # the server it started is gone too


def test_nightly_rejudges_under_changed_rules_without_reading_a_document(tmp_path, samples_dir, manifest,
                                                                         monkeypatch):
    source = tmp_path / "source"
    shutil.copytree(samples_dir, source)
    ws = Workspace.open(tmp_path / "home", inbox=source)
    config = ws.config_path
    config.write_text(config.read_text(encoding="utf-8") + "\n[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    run_pass(ws)
    before = {r.file: r.verdict for r in Store(ws.db_url).records()}
    current = {r.file for r in Store(ws.db_url).records(current_only=True)}  # resubmissions count once

    import extractors.registry

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the nightly run read a document")

    monkeypatch.setattr(extractors.registry, "read_all", no_reading)
    monkeypatch.setattr(extractors.registry, "extract", no_reading)
    import pipeline.reextract

    monkeypatch.setattr(pipeline.reextract, "read_all", no_reading)
    unchanged = run_nightly(ws)
    assert unchanged.rejudged == 0 and unchanged.documents == len(current)

    config.write_text(config.read_text(encoding="utf-8") + "\n[checks.brand_name_length]\nmax_chars = 6\n",
                      encoding="utf-8")
    changed = run_nightly(ws)
    assert changed.rejudged == len(current)
    after = {r.file: r for r in Store(ws.db_url).records()}
    turned = [f for f, rec in after.items() if before[f] == "passed" and rec.verdict == "failed"]
    assert turned, "a shorter brand-name limit fails some submissions the next morning"
    for f in turned:
        [result] = [c for c in after[f].checks if c.id == "brand_name_length"]
        assert result.status == "fail" and result.limit == 6
    assert run_nightly(ws).rejudged == 0


def _written(reports):
    return {p.relative_to(reports): p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()}


def test_an_unchanged_nightly_run_rewrites_nothing_and_a_rule_change_rewrites_the_reports(tmp_path, samples_dir,
                                                                                          monkeypatch):
    source = tmp_path / "source"
    shutil.copytree(samples_dir, source)
    ws = Workspace.open(tmp_path / "home", inbox=source)
    config = ws.config_path
    config.write_text(config.read_text(encoding="utf-8") + "\n[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    first = run_pass(ws)
    before = _written(ws.reports)
    assert any(str(p).startswith("docs") for p in before) and Path("汇总表.xlsx") in before

    loads = []
    real_records = Store.records

    def counted(self, *args, **kwargs):
        loads.append(args)
        return real_records(self, *args, **kwargs)

    monkeypatch.setattr(Store, "records", counted)
    unchanged = run_nightly(ws)
    assert _written(ws.reports) == before, "an unchanged nightly run rewrote reports"
    assert not loads, "an unchanged nightly run loaded the records"
    assert (unchanged.documents, unchanged.failed, unchanged.similar_pairs) == \
        (first.documents, first.failed, first.similar_pairs)

    (ws.reports / "index.html").unlink()  # a report deleted by hand is written again
    run_nightly(ws)
    assert (ws.reports / "index.html").is_file()

    loads.clear()
    config.write_text(config.read_text(encoding="utf-8") + "\n[checks.brand_name_length]\nmax_chars = 6\n",
                      encoding="utf-8")
    changed = run_nightly(ws)
    assert loads and changed.failed > first.failed
    after = _written(ws.reports)
    assert after[Path("index.html")] != before[Path("index.html")]
    assert after[Path("export.jsonl")] != before[Path("export.jsonl")]
    assert '"limit": 6' in (ws.reports / "export.jsonl").read_text(encoding="utf-8")


def test_the_nightly_deployment_runs_on_its_cron_schedule(tmp_path, samples_dir, manifest):
    """The schedule is not only registered: Prefect's server (its scheduler service) makes the runs and serve
    runs them. Every minute here; the run re-judges the submissions taken in at start-up."""
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    name = sorted({n.split("/", 1)[0] for n in manifest["files"]})[0]
    shutil.copyfile(samples_dir / name, home / "inbox" / name)
    (home / "campaign.toml").write_text(
        '[campaign]\nid = "2026"\nname = "测试"\nyear = 2026\n[intake]\nsettle_seconds = 0\n'
        '[serve]\nnightly_cron = "* * * * *"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen([*BRANDREVIEW, "serve", "--home", str(home)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        api = _wait(lambda: _state(home).get("api_url"), 180, "the service to start")
        _wait(lambda: _count_records(Workspace.open(home)) == 1, 180, "the start-up intake run")
        since = time.time()

        def nightly_done() -> list[dict]:
            runs = _api(api, "/flow_runs/filter", {"flows": {"name": {"any_": ["brandreview-nightly"]}}})
            return [r for r in runs if r["state_type"] == "COMPLETED" and r["start_time"]
                    and dt.datetime.fromisoformat(r["start_time"]).timestamp() > since]

        [run, *_] = _wait(nightly_done, 200, "a scheduled nightly run to complete after the intake")
        assert run["auto_scheduled"] is True  # made by the schedule, not by hand
        assert _count_records(Workspace.open(home)) == 1  # re-judged, not taken in again
    finally:
        out = stop(proc)
    assert proc.returncode == 0, out.decode(errors="replace")[-3000:]
