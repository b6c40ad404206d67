"""The Prefect flow runs the pass end to end on its own temporary server (no server to start by hand), and
bad files never fail it. One run only: Prefect's temporary server costs 9–20 s to start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
