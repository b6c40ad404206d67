"""Benchmark of a whole pass (pipeline.run.run_pass) on N distinct Word submissions, beside python-docx.

    .venv/bin/python bench/bench_pass.py [N] [--prefect] [--tracemalloc] [--profile] [--workdir DIR]

1. Builds N distinct documents (default 1000) in a temp folder: samples/make_samples.py runs once; its
   valid top-level .docx files (status ok, application or outcome_report, not duplicates) are the
   templates, taken round-robin (so the sample's mix of forms and reports is kept). Each copy rewrites
   word/document.xml: the brand name gets one of 200 Chinese words appended and the branch name a serial,
   everywhere they occur, so bytes, brand names and branches all differ.
2. Baseline on the same files: python-docx opens each file, reads every paragraph's text and every table
   cell's text (row by row) and counts the a:blip elements of the body.
3. The pass: run_pass on a fresh workspace with --inbox = the folder (copy mode), SQLite default; wall time
   from prepare() to the last report. Then run_pass once more on another fresh workspace with each of its
   stages (pipeline.run.Stages) timed, and inside them reading + judging, commit, loading the records and
   writing the reports (the pass's own functions wrapped, so the breakdown follows run_pass as it changes).
Each measurement runs in its own child process (this script with --child), so each peak RSS (ru_maxrss,
taken with os.wait4) is that measurement's own. --tracemalloc adds a separate run under tracemalloc (it makes
the pass about 7x slower at N=1000, so it is never the timed run and is off by default).
4. Prefect: `python -c "import prefect"` timed in a subprocess (best of 3, beside `python -c pass`);
   with --prefect, also `python -m flows.intake --home H --inbox DIR` with PREFECT_HOME in a temp folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARK = "BENCH_JSON "
WORDS = """和谐 奋进 同心 远航 启明 朝霞 晨光 春晖 秋实 丰收 沃野 清源 长青 松柏 翠竹 幽兰 寒梅 青松 白杨 红枫
金秋 银河 星辰 明月 朗日 彩虹 云帆 海燕 雄鹰 骏马 飞鸿 鲲鹏 凤鸣 龙腾 虎跃 锦绣 华章 诗韵 书卷 墨痕
砚台 琴音 棋局 画卷 茶香 稻香 麦浪 山河 江海 湖光 泉水 溪流 瀑布 峰峦 高原 草原 森林 绿荫 花开 果硕
春耕 夏耘 秋收 冬藏 晨读 夜航 日新 月异 年华 岁月 时代 征程 旅途 足迹 脚印 阶梯 桥梁 纽扣 钥匙 罗盘
指南 航标 路标 灯塔 港口 码头 渡口 驿路 长廊 庭院 花园 果园 苗圃 田园 村落 街巷 社区 校园 课桌 黑板
粉笔 讲台 实验 课题 论文 专利 发明 创造 设计 蓝图 画笔 琴弦 鼓点 号角 旗帜 火种 烛光 星火 明灯 光芒
温暖 阳光 雨露 清风 白云 蓝天 碧水 青山 绿水 金山 银山 宝石 珍珠 玛瑙 翡翠 琥珀 水晶 钻石 黄金 白银
青铜 钢铁 磐石 基石 砖瓦 栋梁 柱石 屋檐 门窗 窗口 镜子 明镜 天平 尺子 标尺 准绳 规矩 方圆 经纬 坐标
节拍 旋律 和声 合唱 交响 乐章 篇章 序曲 尾声 开篇 起点 终点 拐点 支点 亮点 焦点 重点 热点 难点 要点
纽带 链条 齿轮 引线 线索 脉络 根系 枝叶 花蕾 种子 幼苗 嫩芽 新芽 绿芽 春芽 青苗 禾苗 麦苗 秧苗 树苗""".split()
assert len(WORDS) == len(set(WORDS)) == 200
DOC_TYPES = ("application", "outcome_report")
QUOTED = re.compile(r"[“\"「《]([^”\"」》]+)[”\"」》]")


# ------------------------------------------------------------------------------------------ corpus


def _core(brand: str) -> str:
    """The brand text to extend: inside the first quotes when quoted, else the whole name."""
    m = QUOTED.search(brand)
    return m.group(1) if m else brand


def _templates(samples: Path) -> list[dict[str, Any]]:
    """The sample .docx files that can serve as templates; the manifest is read from beside the sample folder
    (samples/make_samples.manifest_path), where make_samples.py writes it."""
    sys.path.insert(0, str(ROOT / "samples"))
    import make_samples

    manifest = json.loads(make_samples.manifest_path(samples).read_text(encoding="utf-8"))
    out = []
    for name, entry in sorted(manifest["files"].items()):
        if ("/" in name or not name.endswith(".docx") or entry["status"] != "ok"
                or entry["doc_type"] not in DOC_TYPES or entry.get("duplicate_of")):
            continue
        values = entry["fields"] if entry["doc_type"] == "application" else entry["report"]
        brand, branch = (values or {}).get("brand_name"), (values or {}).get("branch_name")
        if not brand or not branch:
            continue  # a sample without both names cannot be varied
        with zipfile.ZipFile(samples / name) as z:
            members = [(info, z.read(info)) for info in z.infolist()]
        xml = dict((i.filename, d) for i, d in members)["word/document.xml"]
        if not all(what.encode() in xml for what in (_core(brand), branch)):
            continue  # the name is split over runs (a real-style sample): not a template
        out.append({"name": name, "doc_type": entry["doc_type"], "brand": brand, "branch": branch,
                    "members": members})
    if not out:
        raise SystemExit(f"no sample in {samples} can serve as a template")
    return out


def build_corpus(n: int, out: Path, samples: Path) -> dict[str, dict[str, str]]:
    """N distinct .docx files in `out`; returns file name -> expected doc_type, brand_name, branch_name."""
    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(samples)],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    templates = _templates(samples)
    out.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict[str, str]] = {}
    for i in range(n):
        t = templates[i % len(templates)]
        core = _core(t["brand"])
        new_core, new_branch = core + WORDS[i % len(WORDS)], f"{t['branch']}{i:04d}"
        name = t["name"].replace(t["branch"], new_branch)
        if name == t["name"]:
            name = f"{i:04d}-{name}"
        with zipfile.ZipFile(out / name, "w") as z:
            for info, data in t["members"]:
                if info.filename == "word/document.xml":
                    data = data.replace(t["branch"].encode(), new_branch.encode())
                    data = data.replace(core.encode(), new_core.encode())
                z.writestr(info, data, compress_type=info.compress_type)
        expected[name] = {"doc_type": t["doc_type"], "brand_name": t["brand"].replace(core, new_core),
                          "branch_name": new_branch}
    return expected


# ------------------------------------------------------------------------------------- child runs


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_baseline(corpus: Path) -> dict[str, Any]:
    import docx

    files = sorted(p for p in corpus.iterdir() if p.suffix == ".docx")
    t0 = time.perf_counter()
    paras = cells = blips = 0
    for path in files:
        d = docx.Document(str(path))
        paras += len([p.text for p in d.paragraphs])
        for table in d.tables:
            for row in table.rows:
                cells += len([c.text for c in row.cells])
        blips += len(d.element.body.xpath(".//a:blip"))
    seconds = time.perf_counter() - t0
    return {"docs": len(files), "seconds": seconds, "paragraphs": paras, "cells": cells, "blips": blips}


def _verify(ws: Any, expected: dict[str, dict[str, str]]) -> dict[str, Any]:
    from pipeline.model.config import load_config
    from pipeline.store import Store

    store = Store(ws.db_url)
    try:
        records = store.records(load_config(ws.config_path).campaign.id)
    finally:
        store.close()
    wrong = [r.file for r in records
             if r.file not in expected or r.doc_type != expected[r.file]["doc_type"]
             or r.brand_name != expected[r.file]["brand_name"] or r.branch_name != expected[r.file]["branch_name"]]
    verdicts: dict[str, int] = {}
    for r in records:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    return {"stored": len(records), "mismatched": len(wrong), "mismatch_examples": wrong[:3], "verdicts": verdicts}


def child_pass(corpus: Path, home: Path, expected_path: Path, trace: bool, profile: bool) -> dict[str, Any]:
    import tracemalloc

    from pipeline.exports import write_reports  # noqa: F401  (imported by run_pass; loaded before timing)
    from pipeline.run import run_pass
    from pipeline.workspace import Workspace

    ws = Workspace.open(home, inbox=corpus)
    rss_before = _rss_mb()
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    summary = run_pass(ws)
    if prof:
        prof.disable()
    seconds = time.perf_counter() - t0
    result: dict[str, Any] = {"seconds": seconds, "rss_before_mb": rss_before, "summary": summary.as_dict()}
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    if prof:
        import io
        import pstats

        for key in ("cumulative", "tottime"):
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(25)
            result[f"profile_{key}"] = buf.getvalue()
    result["verify"] = _verify(ws, json.loads(expected_path.read_text(encoding="utf-8")))
    return result


def child_stages(corpus: Path, home: Path) -> dict[str, Any]:
    """run_pass itself (pipeline.run.run_stages with the plain stages), each stage timed, and inside them the
    reading and judging (process), the storing and placing (commit), loading the records for the reports and
    writing the reports; the stages are the pass's own, so this breakdown cannot drift from run_pass."""
    import pipeline.exports
    import pipeline.run as run
    from pipeline.store import Store
    from pipeline.workspace import Workspace

    ws = Workspace.open(home, inbox=corpus)
    times: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - t0
        return call

    run.process = timed("  process (read, extract, check)", run.process)  # type: ignore[assignment]
    run.commit = timed("  commit (store, place)", run.commit)  # type: ignore[assignment]
    pipeline.exports.write_reports = timed("  write_reports", pipeline.exports.write_reports)  # type: ignore[assignment]
    Store.records = timed("  load records", Store.records)  # type: ignore[method-assign]
    stages = run.Stages(start=timed("start (repair, open the pass)", run.start_pass),
                        plan=timed("plan", run.plan), intake=timed("intake batches", run.intake_batch),
                        campaign=timed("campaign (similar names)", run.campaign_step),
                        finish=timed("finish (records, reports)", run.finish_pass))
    t_start = time.perf_counter()
    summary = run.run_stages(ws, stages)
    return {"seconds": time.perf_counter() - t_start, "stages": times, "similar_pairs": summary.similar_pairs}


# ----------------------------------------------------------------------------------- parent side


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command; (wall seconds, peak RSS MB of it and its waited-for children, stdout)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, out


def bench_child(mode: str, ns: argparse.Namespace, extra: list[str]) -> tuple[float, float, dict[str, Any]]:
    wall, peak, out = run_child([sys.executable, __file__, "--child", mode, *extra])
    lines = [line for line in out.splitlines() if line.startswith(MARK)]
    if not lines:
        raise SystemExit(f"child {mode} printed no result:\n{out}")
    return wall, peak, json.loads(lines[-1][len(MARK):])


def best_of(args: list[str], runs: int = 3) -> float:
    return min(run_child(args)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--prefect", action="store_true", help="also time the Prefect flow in a subprocess")
    parser.add_argument("--tracemalloc", action="store_true", help="also a separate (slow) run under tracemalloc")
    parser.add_argument("--profile", action="store_true", help="also run the pass under cProfile; print top 25")
    parser.add_argument("--workdir", type=Path, help="keep everything here instead of a temp folder")
    parser.add_argument("--child", choices=["baseline", "pass", "trace", "profile", "stages"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--expected", type=Path, help=argparse.SUPPRESS)
    ns = parser.parse_args()

    if ns.child:
        if ns.child == "baseline":
            result = child_baseline(ns.corpus)
        elif ns.child == "stages":
            result = child_stages(ns.corpus, ns.home)
        else:
            result = child_pass(ns.corpus, ns.home, ns.expected, ns.child == "trace", ns.child == "profile")
        result["ru_maxrss_mb"] = _rss_mb()
        print(MARK + json.dumps(result, ensure_ascii=False))
        return

    tmp = None
    if ns.workdir:
        work = ns.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench_pass-")
        work = Path(tmp.name)
    try:
        _parent(ns, work)
    finally:
        if tmp:
            tmp.cleanup()


def _parent(ns: argparse.Namespace, work: Path) -> None:
    n = ns.n
    corpus, expected_path = work / "inbox", work / "expected.json"
    for p in (corpus, work / "samples"):
        shutil.rmtree(p, ignore_errors=True)
    t0 = time.perf_counter()
    expected = build_corpus(n, corpus, work / "samples")
    build_s = time.perf_counter() - t0
    expected_path.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    apps = sum(1 for e in expected.values() if e["doc_type"] == "application")
    size_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 2**20
    print(f"corpus: {n} docs ({apps} application, {n - apps} outcome_report, {size_mb:.1f} MB) "
          f"in {corpus}, built in {build_s:.1f}s")

    def home(tag: str) -> list[str]:
        h = work / f"home-{tag}"
        shutil.rmtree(h, ignore_errors=True)
        return ["--corpus", str(corpus), "--home", str(h), "--expected", str(expected_path)]

    rows: list[tuple[str, int, float, float | None, str]] = []
    _, base_peak, base = bench_child("baseline", ns, ["--corpus", str(corpus)])
    base_rate = base["docs"] / base["seconds"]
    rows.append(("python-docx baseline", base["docs"], base["seconds"], base_peak, ""))
    print(f"baseline read {base['paragraphs']} paragraphs, {base['cells']} cells, {base['blips']} pictures")

    pass_wall, pass_peak, res = bench_child("pass", ns, home("pass"))
    rows.append(("run_pass (SQLite, copy)", n, res["seconds"], pass_peak,
                 f"RSS before pass {res['rss_before_mb']:.0f} MB"))
    print(f"pass summary: {res['summary']}")
    v = res["verify"]
    print(f"verify: {v['stored']} stored, {v['mismatched']} with a wrong doc_type/brand/branch "
          f"{v['mismatch_examples']}, verdicts {v['verdicts']}")

    if ns.tracemalloc:
        _, trace_peak, tr = bench_child("trace", ns, home("trace"))
        rows.append(("run_pass + tracemalloc", n, tr["seconds"], trace_peak,
                     f"tracemalloc peak {tr['tracemalloc_peak_mb']:.0f} MB (separate run)"))

    _, stages_peak, st = bench_child("stages", ns, home("stages"))
    rows.append(("run_pass, stages timed", n, st["seconds"], stages_peak, ""))

    if ns.profile:
        _, _, pr = bench_child("profile", ns, home("profile"))
        print(pr["profile_cumulative"])
        print(pr["profile_tottime"])

    py = [sys.executable, "-c"]
    bare = best_of([*py, "pass"])
    imp = best_of([*py, "import prefect"])
    print(f"\nprefect import: `python -c 'import prefect'` {imp:.2f}s (bare interpreter {bare:.2f}s, "
          f"import alone ≈ {imp - bare:.2f}s), best of 3")

    if ns.prefect:
        prefect_home = work / "prefect-home"
        shutil.rmtree(prefect_home, ignore_errors=True)
        prefect_home.mkdir()
        flow_home = work / "home-flow"
        shutil.rmtree(flow_home, ignore_errors=True)
        env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
        flow_wall, flow_peak, _ = run_child(
            [sys.executable, "-m", "flows.intake", "--home", str(flow_home), "--inbox", str(corpus)], env=env)
        rows.append(("prefect flow (subprocess)", n, flow_wall, flow_peak, "peak incl. waited-for children"))
        print(f"prefect flow: {flow_wall:.1f}s wall vs plain pass child {pass_wall:.1f}s wall "
              f"(both incl. interpreter start-up and imports): Prefect overhead ≈ {flow_wall - pass_wall:.1f}s")

    print(f"\n{'name':28} {'docs':>5} {'seconds':>8} {'docs/s':>8} {'vs base':>8} {'peak MB':>8}  note")
    for name, docs, seconds, peak, note in rows:
        rate = docs / seconds
        print(f"{name:28} {docs:5d} {seconds:8.2f} {rate:8.1f} {rate / base_rate:8.2f} {peak:8.0f}  {note}")
    print("(peak MB = ru_maxrss of that measurement's own child process, interpreter and imports included)")

    total = st["seconds"]
    print(f"\nper stage (run_pass with each stage timed, {total:.2f}s in all; indented: parts of the stage on the next unindented line; "
          f"{st['similar_pairs']} cross-branch similar pairs):")
    for name, seconds in st["stages"].items():
        print(f"  {name:34} {seconds:8.2f}s {100 * seconds / total:5.1f}%  {n / seconds if seconds else 0:9.1f} docs/s")


if __name__ == "__main__":
    main()
