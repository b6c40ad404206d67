"""bench/bench_intake.py runs end to end with tiny numbers (a real `serve` with its Prefect server, a drop, a
bulk drop, `brandreview run` both ways, the nightly run) and prints its three figures. Nothing is timed
against a limit here: the figures only have to be there and be numbers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"(\d+(?:\.\d+)?)"


def test_bench_intake_prints_its_three_figures(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # one drop: a second one within the first run would wait for Prefect's concurrency-slot retry (30 s)
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_intake.py"), "--quick", "--drops", "1",
                           "--files", "6", "--workdir", str(tmp_path / "work")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]

    latency = re.search(rf"^1\. drop → record latency: median {NUMBER} s, p95 {NUMBER} s, max {NUMBER} s "
                        rf"\(1 drops\) — baseline settle_seconds \+ debounce = .* = {NUMBER} s", out, re.M)
    assert latency, out
    median, p95, worst, floor = map(float, latency.groups())
    assert 0 < median <= p95 <= worst and floor > 0

    bulk = re.search(rf"^2\. 6-file drop: serve {NUMBER} files/s, `brandreview run` {NUMBER} files/s, "
                     rf"ratio serve/run {NUMBER}$", out, re.M)
    assert bulk, out
    assert all(float(v) > 0 for v in bulk.groups())

    nightly = re.search(rf"^3\. nightly, nothing changed: {NUMBER} s vs first pass {NUMBER} s \(6 files\) = "
                        rf"ratio {NUMBER} \(target ≤ 0\.05: (met|MISSED)\)$", out, re.M)
    assert nightly, out
    assert float(nightly.group(1)) > 0 and float(nightly.group(2)) > 0
