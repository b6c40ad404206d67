"""The Prefect flow runs the pass end to end, and bad files never fail it: once through a subprocess on its own
temporary server (no server to start by hand), and in-process under Prefect's test harness, where it must give
the plain engine's pass (pipeline.run.run_pass) on the same small generated inbox: the same summary, exports,
archive and quarantine. Prefect's temporary server costs 9–20 s to start: one harness for the session."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sample_bytes import build_eml, office_lock_file
from unseen import CASES

import flows  # noqa: F401  (the package sets Prefect's settings; imported before the harness imports Prefect)
from pipeline.model.config import ConfigError
from pipeline.run import run_pass
from pipeline.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_flow_module_runs_the_pass(samples_dir, manifest, tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": ""}
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-m", "flows.intake", "--home", str(home), "--inbox", str(samples_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "reports:" in done.stdout
    lines = (home / "reports" / "export.jsonl").read_text(encoding="utf-8").splitlines()
    records = {r["file"]: r for r in map(json.loads, lines)}
    assert set(records) == set(manifest["files"])
    rejected = {n for n, t in manifest["files"].items() if t["status"] == "rejected"}
    assert {n for n, r in records.items() if r["status"] == "rejected"} == rejected


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """Prefect's own test harness: a temporary API server and database for the session's flow runs."""
    from prefect.settings import PREFECT_HOME, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with temporary_settings(updates={PREFECT_HOME: tmp_path_factory.mktemp("prefect-home")}), \
            prefect_test_harness(server_startup_timeout=None):  # None: flows' start-up timeout setting
        yield


@pytest.fixture(scope="module")
def small_inbox(tmp_path_factory) -> tuple[Path, dict]:
    """Two forms with the same brand name from two branches, a report, a notice in a sub-folder, a copy of the
    first form, a mail with a report attached, an empty file and an Office lock file; and what each is."""
    inbox = tmp_path_factory.mktemp("small-inbox")
    docs = {"青春引擎申报表.docx": "app_seed_template_4col", "修订稿.docx": "app_tracked_changes_left_in",
            "成果报告.docx": "report_heading_styles_title_branch", "通知/关于品牌创建的通知.docx": "unknown_campaign_notice"}
    truth = {}
    for name, key in docs.items():
        data, truth[name] = CASES[key]()
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
    (inbox / "青春引擎申报表-副本.docx").write_bytes((inbox / "青春引擎申报表.docx").read_bytes())
    attached, truth["mail.eml/report.docx"] = CASES["report_out_of_order"]()
    (inbox / "mail.eml").write_bytes(build_eml(
        [("From", "branch@example.edu.cn"), ("To", "zzb@example.edu.cn"), ("Subject", "report"),
         ("Date", "Mon, 22 Jan 2024 09:30:00 +0800")], "见附件。", "utf-8",
        [(f'{DOCX}; name="report.docx"', 'attachment; filename="report.docx"', attached)], "----=_part_0"))
    (inbox / "空白.docx").write_bytes(b"")
    (inbox / "~$青春引擎申报表.docx").write_bytes(office_lock_file())
    return inbox, truth


def _tree(folder: Path) -> dict[str, str]:
    """Every file under a dated folder by its path below the date, with its content's digest."""
    return {p.relative_to(folder).as_posix().split("/", 1)[1]: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _flow_run(state, at_least_tasks: int):
    """The flow run and its task runs as the harness's API server recorded them (task runs arrive as events:
    waited for, up to 30 s)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
        flow = client.read_flow(run.flow_id)
        deadline = time.monotonic() + 30
        while True:
            tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
            done = [t for t in tasks if t.state is not None and t.state.is_completed()]
            if len(done) >= at_least_tasks or time.monotonic() > deadline:
                return run, flow, tasks


def test_flow_in_the_prefect_harness_gives_the_plain_pass(prefect_harness, small_inbox, tmp_path):
    from flows.intake import intake_flow

    inbox, truth = small_inbox
    state = intake_flow(home=str(tmp_path / "flow"), inbox=str(inbox), batch=2, return_state=True)
    assert state.is_completed(), state.message
    flow_summary = state.result()
    plain_summary = run_pass(Workspace.open(tmp_path / "plain", inbox=inbox), batch=2)

    assert flow_summary.as_dict() == plain_summary.as_dict()
    arrivals = sorted(p for p in inbox.rglob("*") if p.is_file() and not p.name.startswith("~$"))
    records = len(arrivals)  # the mail's one attachment is its record
    assert (flow_summary.new, flow_summary.documents) == (records, records)
    assert (flow_summary.rejected, flow_summary.duplicates, flow_summary.unknown) == (1, 1, 1)
    assert flow_summary.similar_pairs >= 1  # 青春引擎 from two branches
    for name in ("export.jsonl", "export.csv"):  # the same, but for when each pass saw the files
        flow_text, plain_text = ((tmp_path / run / "reports" / name).read_text(encoding="utf-8") for run in ("flow", "plain"))
        assert _unclocked(flow_text, name) == _unclocked(plain_text, name)
    exported = {r["file"]: r for r in map(json.loads, (tmp_path / "flow" / "reports" / "export.jsonl").read_text(
        encoding="utf-8").splitlines())}
    assert set(exported) == set(truth) | {"青春引擎申报表-副本.docx", "空白.docx"}
    for name, want in truth.items():  # each document as its case's truth says
        rec = exported[name]
        assert rec["doc_type"] == want["doc_type"], name
        for part in ("fields", "report"):
            if want.get(part):
                assert {k: rec[part][k] for k in want[part] if k != "captions"} == \
                    {k: v for k, v in want[part].items() if k != "captions"}, name
    for folder in ("archive", "quarantine"):
        assert _tree(tmp_path / "flow" / folder) == _tree(tmp_path / "plain" / folder)
    assert set(_tree(tmp_path / "flow" / "quarantine")) == {"空白.docx", "空白.docx.reason.txt"}

    batches = -(-len(arrivals) // 2)
    run, flow, tasks = _flow_run(state, batches)
    assert flow.name == "brandreview-intake" and run.state.is_completed()
    assert len(tasks) >= batches and all(t.state.is_completed() for t in tasks), [(t.name, t.state) for t in tasks]


def test_flow_in_the_prefect_harness_refuses_a_bad_campaign_as_the_plain_pass(prefect_harness, small_inbox,
                                                                               tmp_path):
    """A setting that does not validate stops both engines before any document is read or moved."""
    from flows.intake import intake_flow

    inbox, _ = small_inbox
    bad = tmp_path / "campaign.toml"
    bad.write_text('[checks.photo_count]\nmax_photos = "五张"\n', encoding="utf-8")
    state = intake_flow(home=str(tmp_path / "flow"), inbox=str(inbox), config=str(bad), return_state=True)
    assert state.is_failed()
    with pytest.raises(ConfigError) as flow_error:
        state.result()
    with pytest.raises(ConfigError) as plain_error:
        run_pass(Workspace.open(tmp_path / "plain", inbox=inbox, config=bad))
    assert str(flow_error.value) == str(plain_error.value)
    assert "max_photos" in str(flow_error.value)
    for home in ("flow", "plain"):
        assert not any((tmp_path / home / "archive").iterdir()) and not any((tmp_path / home / "quarantine").iterdir())
        assert not (tmp_path / home / "reports" / "export.jsonl").exists()


def _unclocked(text: str, name: str) -> list:
    """An export's rows without received_at (each pass's own clock)."""
    if name.endswith(".jsonl"):
        rows = [json.loads(line) for line in text.splitlines()]
        assert rows and all(r.pop("received_at") for r in rows)
        return rows
    table = list(csv.reader(io.StringIO(text)))
    at = table[0].index("received_at")
    return [row[:at] + row[at + 1:] for row in table]
