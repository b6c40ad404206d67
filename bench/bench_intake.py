"""Benchmark of intake under `brandreview serve`: drop → record latency, a bulk drop against `brandreview run`,
and the nightly run with nothing changed against the first pass over the same files.

    .venv/bin/python bench/bench_intake.py [--drops N] [--files N] [--quick] [--settle S] [--debounce-ms MS]
                                           [--profile] [--workdir DIR] [--seed N]

Defaults: 200 drops and a 1000-file drop (--quick: 20 and 100; --drops/--files still override it).

0. Corpus: made as bench_pass.build_corpus makes it: drops + files distinct .docx files (samples/make_samples.py's valid
   forms and reports, each copy with its own brand-name word and branch serial: no two files share bytes).
1. Latency: `brandreview serve --home H` as a real subprocess, with the Prefect server it starts itself; after
   its first (start-up) intake run has completed, N single files are dropped one at a time, spaced uniformly
   at random 0.5–2.0 s apart (seeded). Each is written as `<name>.part` (ignored by intake and the watcher)
   and renamed into the inbox. A thread polls the workspace's SQLite database read-only (`documents.file`,
   every POLL s) and notes when each file's record appears. Latency = record seen − rename. The settings
   used (campaign.toml's intake.settle_seconds, serve.debounce_ms, the runner's poll) are printed; the
   baseline printed beside the figures is settle_seconds + debounce.
2. Throughput: a second `serve` on a fresh workspace (so the drop meets what `run` meets: an empty one);
   `files` files are written as `.part`, then renamed into its inbox all at once; files/s = files / (last
   record seen − first rename). serve is stopped (SIGTERM), then `brandreview run --home OTHER --inbox DIR`
   (the default Prefect engine, which starts Prefect's temporary server) and `--engine plain` run on the same
   files in a folder of their own; files/s = files / the command's wall time (interpreter start and imports
   included, as a user sees it).
3. Nightly: in a child process, run_pass (the first pass, in-process time, imports before the timer, as in
   bench_pass) on a fresh workspace with --inbox = the same files; then in a fresh child process (as a nightly
   deployment run is one) pipeline.run.run_nightly — the function flows/serve.py's nightly_flow calls, here with
   the plain stages instead of Prefect tasks — with nothing changed, timed cold, then once more warm. Ratio =
   nightly (cold) / first pass; target ≤ 0.05. --profile adds a cProfile of a cold nightly run (not timed).
No figure is asserted: a missed target is printed. The script fails (exit 1) when a file never gets a record.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pass  # noqa: E402  (bench/ is not a package)

MARK = "BENCH_JSON "
POLL = 0.05  # seconds between two looks at the database
GAP = (0.5, 2.0)  # seconds between two drops
NIGHTLY_TARGET = 0.05
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


def brandreview() -> list[str]:
    script = Path(sys.executable).with_name("brandreview")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from pipeline.cli import main; main()"]


# ------------------------------------------------------------------------------------------ corpus


def build_corpus(n: int, out: Path, samples: Path) -> list[str]:
    """N distinct .docx files in `out` made as bench_pass makes them (its templates, brand words and branch
    serials), the sample manifest read from beside the sample folder (samples/make_samples.manifest_path);
    their names in build order."""
    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(samples)],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    sys.path.insert(0, str(ROOT / "samples"))
    import make_samples

    manifest = json.loads(make_samples.manifest_path(samples).read_text(encoding="utf-8"))
    templates = []
    for name, entry in sorted(manifest["files"].items()):
        if ("/" in name or not name.endswith(".docx") or entry["status"] != "ok"
                or entry["doc_type"] not in bench_pass.DOC_TYPES or entry.get("duplicate_of")):
            continue
        values = entry["fields"] if entry["doc_type"] == "application" else entry["report"]
        brand, branch = (values or {}).get("brand_name"), (values or {}).get("branch_name")
        if not brand or not branch:
            continue
        with zipfile.ZipFile(samples / name) as z:
            members = [(info, z.read(info)) for info in z.infolist()]
        xml = dict((i.filename, d) for i, d in members)["word/document.xml"]
        if all(what.encode() in xml for what in (bench_pass._core(brand), branch)):  # else not a template
            templates.append((name, bench_pass._core(brand), branch, members))
    if not templates:
        raise SystemExit(f"no sample in {samples} can serve as a template")
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        name, core, branch, members = templates[i % len(templates)]
        new_core, new_branch = core + bench_pass.WORDS[i % len(bench_pass.WORDS)], f"{branch}{i:04d}"
        new_name = name.replace(branch, new_branch)
        if new_name == name:
            new_name = f"{i:04d}-{name}"
        with zipfile.ZipFile(out / new_name, "w") as z:
            for info, data in members:
                if info.filename == "word/document.xml":
                    data = data.replace(branch.encode(), new_branch.encode()).replace(core.encode(),
                                                                                      new_core.encode())
                z.writestr(info, data, compress_type=info.compress_type)
        names.append(new_name)
    if len(set(names)) != n or len({(out / f).read_bytes() for f in names}) != n:
        raise SystemExit("the corpus has two files with one name or the same bytes")
    return names


# ------------------------------------------------------------------------------------------ helpers


class Recorded(threading.Thread):
    """Polls a workspace's SQLite database read-only; `seen[file]` = time.time() its record was first seen."""

    def __init__(self, db: Path):
        super().__init__(name="recorded", daemon=True)
        self.db, self.last_id = db, 0
        self.seen: dict[str, float] = {}
        self.stop_event = threading.Event()
        self.errors = 0

    def run(self) -> None:
        conn = None
        while not self.stop_event.is_set():
            try:
                if conn is None and self.db.exists():
                    conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
                if conn is not None:
                    rows = conn.execute("SELECT id, file FROM documents WHERE id > ? ORDER BY id",
                                        (self.last_id,)).fetchall()
                    now = time.time()
                    for doc_id, file in rows:
                        self.seen.setdefault(file, now)
                        self.last_id = max(self.last_id, doc_id)
            except sqlite3.Error:  # the schema not there yet, or a checkpoint in the way: look again
                self.errors += 1
                if conn is not None:
                    conn.close()
                    conn = None
            self.stop_event.wait(POLL)
        if conn is not None:
            conn.close()

    def wait_for(self, names: list[str], timeout: float, what: str, alive: Any) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            missing = [n for n in names if n not in self.seen]
            if not missing:
                return
            if not alive():
                raise SystemExit(f"serve exited while waiting for {what}: {len(missing)} files without a record")
            time.sleep(0.2)
        raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}: "
                         f"{len([n for n in names if n not in self.seen])} of {len(names)} files have no record")


def _api(url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class Serve:
    """`brandreview serve --home H` as a subprocess, its output in a log file."""

    def __init__(self, home: Path, log: Path):
        self.home, self.log = home, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.api = ""

    def start(self, timeout: float = 240.0) -> float:
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        t0 = time.monotonic()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([*brandreview(), "serve", "--home", str(self.home)], cwd=ROOT, env=env,
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise SystemExit(f"serve exited with {self.proc.returncode}; see {self.log}")
            try:
                state = json.loads((self.home / ".service.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                state = {}
            if state.get("api_url"):
                self.api = str(state["api_url"])
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"serve did not start in {timeout:.0f} s; see {self.log}")
        while time.monotonic() < deadline:  # the start-up intake run (nothing waiting) has ended
            if [r for r in self.intake_runs() if r["state_type"] in TERMINAL]:
                return time.monotonic() - t0
            time.sleep(0.5)
        raise SystemExit(f"serve's first intake run did not end in {timeout:.0f} s; see {self.log}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def intake_runs(self) -> list[dict[str, Any]]:
        runs: list[dict[str, Any]] = []
        while True:
            page = _api(self.api, "/flow_runs/filter", {"flows": {"name": {"any_": ["brandreview-intake"]}},
                                                       "limit": 200, "offset": len(runs), "sort": "ID_DESC"})
            runs += page
            if len(page) < 200:
                return [r for r in runs if not r.get("auto_scheduled")]  # the sweep's future runs left out

    def wait_idle(self, timeout: float) -> float:
        """Until every triggered intake run has ended; the seconds waited."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if all(r["state_type"] in TERMINAL for r in self.intake_runs()):
                return time.monotonic() - t0
            time.sleep(1.0)
        raise SystemExit(f"serve's intake runs did not end in {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(90)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)


def _runs_since(runs: list[dict[str, Any]], before: set[str]) -> list[dict[str, Any]]:
    return [r for r in runs if r["id"] not in before]


def _run_stats(runs: list[dict[str, Any]]) -> str:
    import datetime as dt

    def at(value: str | None) -> float | None:
        return dt.datetime.fromisoformat(value).timestamp() if value else None

    durations, waits = [], []
    for r in runs:
        created, start, end = at(r.get("created")), at(r.get("start_time")), at(r.get("end_time"))
        if start and end:
            durations.append(end - start)
        if created and start:
            waits.append(start - created)
    states: dict[str, int] = {}
    for r in runs:
        states[r["state_type"]] = states.get(r["state_type"], 0) + 1
    text = f"{len(runs)} intake runs {states}"
    if durations:
        text += f"; run time median {statistics.median(durations):.1f} s, max {max(durations):.1f} s"
    if waits:
        text += f"; created → started median {statistics.median(waits):.1f} s, max {max(waits):.1f} s"
    return text


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]  # nearest rank


def _drop(src: Path, inbox: Path) -> None:
    tmp = inbox / f"{src.name}.part"
    tmp.write_bytes(src.read_bytes())


def _count_records(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def _db_path(home: Path) -> Path:
    from sqlalchemy.engine import make_url

    from pipeline.workspace import Workspace

    url = make_url(Workspace.open(home).db_url)
    if not url.drivername.startswith("sqlite") or not url.database:
        raise SystemExit(f"{home}: this benchmark reads a SQLite workspace database, not {url.drivername}")
    return Path(url.database)


def timed(args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited with {proc.returncode}:\n{proc.stdout[-3000:]}")
    return wall


# ------------------------------------------------------------------------------------- child runs


def child_first(home: Path, inbox: Path) -> dict[str, Any]:
    from pipeline.exports import write_reports  # noqa: F401  (imported by run_pass; loaded before timing)
    from pipeline.run import run_pass
    from pipeline.workspace import Workspace

    ws = Workspace.open(home, inbox=inbox)
    t0 = time.perf_counter()
    summary = run_pass(ws)
    return {"seconds": time.perf_counter() - t0, "summary": summary.as_dict()}


def child_nightly(home: Path, profile: bool) -> dict[str, Any]:
    from pipeline.exports import write_reports  # noqa: F401  (as above: imports are not the run's cost)
    from pipeline.run import run_nightly
    from pipeline.workspace import Workspace

    ws = Workspace.open(home)
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        run_nightly(ws)
        prof.disable()
        out = {}
        for key in ("cumulative", "tottime"):
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(30)
            out[key] = buf.getvalue()
        return out
    t0 = time.perf_counter()
    cold = run_nightly(ws)
    cold_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_nightly(ws)
    warm_s = time.perf_counter() - t0
    return {"seconds": cold_s, "warm_seconds": warm_s, "summary": cold.as_dict()}


def bench_child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"child {args} exited with {proc.returncode}:\n{proc.stdout[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1][len(MARK):])
    return result


# ----------------------------------------------------------------------------------- parent side


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drops", type=int, help="single-file drops timed under serve (default 200; --quick 20)")
    parser.add_argument("--files", type=int, help="files of the bulk drop (default 1000; --quick 100)")
    parser.add_argument("--quick", action="store_true", help="a short run: 20 drops, 100 files")
    parser.add_argument("--settle", type=float, help="intake.settle_seconds for the served workspace "
                                                     "(default: the shipped default)")
    parser.add_argument("--debounce-ms", type=int, help="serve.debounce_ms (default: the shipped default)")
    parser.add_argument("--seed", type=int, default=9, help="of the drop spacing")
    parser.add_argument("--profile", action="store_true", help="also cProfile a cold nightly run; print top 30")
    parser.add_argument("--workdir", type=Path, help="keep everything here instead of a temp folder")
    parser.add_argument("--child", choices=["first", "nightly", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inbox", type=Path, help=argparse.SUPPRESS)
    ns = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # each figure as soon as it is known
    os.environ.pop("BRANDREVIEW_DB", None)  # every workspace here is SQLite, the default
    # serve, run and the flow runs import the checkout this script is in (not another editable install's)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])

    if ns.child:
        if ns.child == "first":
            result = child_first(ns.home, ns.inbox)
        else:
            result = child_nightly(ns.home, ns.child == "profile")
        print(MARK + json.dumps(result, ensure_ascii=False))
        return

    ns.drops = ns.drops if ns.drops is not None else (20 if ns.quick else 200)
    ns.files = ns.files if ns.files is not None else (100 if ns.quick else 1000)
    if ns.drops < 1 or ns.files < 1:
        parser.error("--drops and --files must be at least 1")
    tmp = None
    if ns.workdir:
        work = ns.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench_intake-")
        work = Path(tmp.name)
    try:
        _parent(ns, work)
    finally:
        if tmp:
            tmp.cleanup()


def _workspace(home: Path, ns: argparse.Namespace) -> Any:
    """A fresh workspace whose campaign.toml carries the --settle / --debounce-ms given (else the defaults)."""
    from pipeline.workspace import Workspace

    ws = Workspace.open(home)
    extra = ""
    if ns.settle is not None:
        extra += f"\n[intake]\nsettle_seconds = {ns.settle}\n"
    if ns.debounce_ms is not None:
        extra += f"\n[serve]\ndebounce_ms = {ns.debounce_ms}\n"
    if extra:
        ws.config_path.write_text(ws.config_path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return ws


def _pass_starts(db: Path) -> dict[str, float]:
    """file → when the pass that recorded it started (passes.started_at, UTC)."""
    import datetime as dt

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT d.file, p.started_at FROM documents d JOIN passes p ON d.pass_id = p.id")
        out = {}
        for file, started in rows:
            at = dt.datetime.fromisoformat(str(started))
            out[file] = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).timestamp()
    return out


def _served(home: Path, log: Path) -> tuple[Serve, Recorded]:
    serve, recorded = Serve(home, log), Recorded(_db_path(home))
    recorded.start()
    try:
        started = serve.start()
    except BaseException:
        serve.stop()
        recorded.stop_event.set()
        raise
    print(f"serve --home {home.name}: up with its Prefect server, start-up intake run ended, in {started:.1f} s "
          f"(log {log})")
    return serve, recorded


def _stop(serve: Serve, recorded: Recorded) -> float:
    t0 = time.monotonic()
    serve.stop()
    recorded.stop_event.set()
    if serve.proc is not None and serve.proc.returncode != 0:
        print(f"warning: serve exited with {serve.proc.returncode} on SIGTERM; see {serve.log}")
    return time.monotonic() - t0


def _parent(ns: argparse.Namespace, work: Path) -> None:
    from pipeline.model.config import load_config

    for name in ("corpus", "drops", "bulk", "samples", "home-serve", "home-bulk", "home-run", "home-plain",
                 "home-first"):
        shutil.rmtree(work / name, ignore_errors=True)
    t0 = time.perf_counter()
    names = build_corpus(ns.drops + ns.files, work / "corpus", work / "samples")
    drops_dir, bulk_dir = work / "drops", work / "bulk"
    drops_dir.mkdir()
    bulk_dir.mkdir()
    for i, name in enumerate(names):
        os.rename(work / "corpus" / name, (drops_dir if i < ns.drops else bulk_dir) / name)
    drop_names, bulk_names = names[:ns.drops], names[ns.drops:]
    print(f"corpus: {len(names)} distinct .docx files ({ns.drops} to drop one by one, {ns.files} for the bulk "
          f"drop), built in {time.perf_counter() - t0:.1f} s in {work}")

    ws = _workspace(work / "home-serve", ns)
    config = load_config(ws.config_path)
    settle, debounce = config.intake.settle_seconds, config.serve.debounce_ms / 1000
    floor = settle + debounce
    print(f"settings (campaign.toml of both served workspaces): intake.settle_seconds = {settle:g} s, "
          f"serve.debounce_ms = {config.serve.debounce_ms} (watchfiles yields after 100 ms without a change, at "
          f"the latest after debounce_ms), serve.sweep_minutes = {config.serve.sweep_minutes:g}; serve's runner "
          f"polls every {os.environ.get('PREFECT_RUNNER_POLL_FREQUENCY', '2')} s; Prefect's server retries a run "
          f"queued behind the deployment's concurrency limit of 1 after "
          f"{os.environ.get('PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS', '30')} s; SQLite; the "
          f"database polled every {POLL * 1000:.0f} ms")

    # 1. drop → record latency
    serve, recorded = _served(ws.home, work / "serve.log")
    try:  # serve is stopped once the last drop is recorded: runs still queued are not waited for
        rng = random.Random(ns.seed)
        before = {r["id"] for r in serve.intake_runs()}
        dropped: dict[str, float] = {}
        t_phase = time.monotonic()
        for name in drop_names:
            time.sleep(rng.uniform(*GAP))
            _drop(drops_dir / name, ws.inbox)
            os.rename(ws.inbox / f"{name}.part", ws.inbox / name)
            dropped[name] = time.time()
        recorded.wait_for(drop_names, 300 + 10 * ns.drops, "the dropped files' records", serve.alive)
        drop_span = time.monotonic() - t_phase
        latencies = [recorded.seen[n] - dropped[n] for n in drop_names]
        starts = _pass_starts(recorded.db)
        to_pass = [starts[n] - dropped[n] for n in drop_names]
        in_pass = [recorded.seen[n] - starts[n] for n in drop_names]
        runs = _runs_since(serve.intake_runs(), before)
    finally:
        stop_s = _stop(serve, recorded)
    print(f"\ndrops: {ns.drops} single files, one every {GAP[0]}–{GAP[1]} s (uniform at random, seed {ns.seed}), each "
          f"written as <name>.part and renamed into the inbox; last record {drop_span:.0f} s after the first drop")
    print(f"  {_run_stats(runs)} (when the last record was seen; serve then stopped in {stop_s:.1f} s)")
    print(f"  min {min(latencies):.2f} s, mean {statistics.fmean(latencies):.2f} s; split by the pass that stored "
          f"each file: rename → pass started median {statistics.median(to_pass):.2f} s (max {max(to_pass):.2f}), "
          f"pass started → record median {statistics.median(in_pass):.2f} s (max {max(in_pass):.2f})")
    median = statistics.median(latencies)
    print(f"1. drop → record latency: median {median:.2f} s, p95 {_pct(latencies, 0.95):.2f} s, "
          f"max {max(latencies):.2f} s ({ns.drops} drops) — baseline settle_seconds + debounce = "
          f"{settle:g} + {debounce:g} = {floor:.2f} s (median {median / floor:.2f}× it)")

    # 2. a bulk drop into the watched inbox of a fresh served workspace, against `brandreview run`
    bulk_ws = _workspace(work / "home-bulk", ns)
    serve, recorded = _served(bulk_ws.home, work / "serve-bulk.log")
    try:
        before = {r["id"] for r in serve.intake_runs()}
        for name in bulk_names:
            _drop(bulk_dir / name, bulk_ws.inbox)
        t_first = time.time()
        for name in bulk_names:
            os.rename(bulk_ws.inbox / f"{name}.part", bulk_ws.inbox / name)
        t_renamed = time.time()
        recorded.wait_for(bulk_names, 600 + ns.files, "the bulk drop's records", serve.alive)
        serve_s = max(recorded.seen[n] for n in bulk_names) - t_first
        serve.wait_idle(300)
        runs = _runs_since(serve.intake_runs(), before)
        left = len(list(bulk_ws.inbox.iterdir()))
    finally:
        _stop(serve, recorded)
    print(f"\nbulk drop: {ns.files} files written as .part, then renamed into the inbox in {t_renamed - t_first:.2f} s; "
          f"last record {serve_s:.1f} s after the first rename; {_run_stats(runs)}; inbox after: {left} entries")

    run_s = timed([*brandreview(), "run", "--home", str(work / "home-run"), "--inbox", str(bulk_dir)])
    plain_s = timed([*brandreview(), "run", "--home", str(work / "home-plain"), "--inbox", str(bulk_dir),
                     "--engine", "plain"])
    for tag in ("bulk", "run", "plain"):
        stored = _count_records(_db_path(work / f"home-{tag}"))
        if stored != ns.files:
            raise SystemExit(f"home-{tag} holds {stored} records for {ns.files} files")
    serve_rate, run_rate, plain_rate = ns.files / serve_s, ns.files / run_s, ns.files / plain_s
    print(f"  `brandreview run --inbox` (default Prefect engine, which starts Prefect's temporary server): "
          f"{run_s:.1f} s wall; `--engine plain`: {plain_s:.1f} s wall = {plain_rate:.1f} files/s "
          f"(serve {serve_rate / plain_rate:.2f}× it)")
    print(f"2. {ns.files}-file drop: serve {serve_rate:.1f} files/s, `brandreview run` {run_rate:.1f} files/s, "
          f"ratio serve/run {serve_rate / run_rate:.2f}")

    # 3. nightly with nothing changed against the first pass
    first = bench_child(["--child", "first", "--home", str(work / "home-first"), "--inbox", str(bulk_dir)])
    nightly = bench_child(["--child", "nightly", "--home", str(work / "home-first")])
    ratio = nightly["seconds"] / first["seconds"]
    print(f"\nfirst pass (run_pass, in-process): {first['summary']}")
    print(f"nightly (run_nightly, fresh process): {nightly['summary']}; again in the same process "
          f"(warm) {nightly['warm_seconds']:.2f} s = {nightly['warm_seconds'] / first['seconds']:.3f} of the first pass")
    verdict = "met" if ratio <= NIGHTLY_TARGET else "MISSED"
    print(f"3. nightly, nothing changed: {nightly['seconds']:.2f} s vs first pass {first['seconds']:.2f} s "
          f"({ns.files} files) = ratio {ratio:.3f} (target ≤ {NIGHTLY_TARGET}: {verdict})")
    if ns.profile:
        prof = bench_child(["--child", "profile", "--home", str(work / "home-first")])
        print(prof["cumulative"])
        print(prof["tottime"])


if __name__ == "__main__":
    main()
