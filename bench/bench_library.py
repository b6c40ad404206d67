"""Benchmark of the brand library's search (pipeline.library.Index) on N generated brand names.

    .venv/bin/python bench/bench_library.py [N] [--queries Q] [--seed S] [--cutoff C] [--no-store]

Generates N distinct names (bench/bench_names.py's generator) as a library, times building the index
(name_similarity.prepare, then the symbol postings) and Q searches with it, and measures beside it, in the same
run and on the same queries, the baseline: the same matcher comparing each query with every name
(Index.search_all). The queries are a third library names as they are, a third altered (a homophone, a
decoration, a character changed), a third new names. Recall is the share of the baseline's hits (every name at
or above the cut-off, not only the first ones listed) that the index's search returns with the same score.
Unless --no-store, it also times importing the N names from a CSV into a fresh SQLite database and loading
them back (pipeline.library.import_file, entries): what `brandreview library search` pays before its search.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_names import generate  # noqa: E402

from checks import name_similarity  # noqa: E402
from pipeline.library import SEARCH_CUTOFF, Entry, Index, entries, import_file  # noqa: E402
from pipeline.model.config import load_config  # noqa: E402
from pipeline.store import Store  # noqa: E402

HOMOPHONES = {"烛": "竹", "锋": "峰", "火": "伙", "站": "战", "红": "宏", "梦": "孟", "灯": "登", "心": "新",
              "航": "杭", "星": "兴", "智": "志", "德": "得", "力": "立", "园": "原", "工": "公", "青": "清"}


def _altered(name: str, rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        swaps = [i for i, ch in enumerate(name) if ch in HOMOPHONES]
        if swaps:
            i = rng.choice(swaps)
            return name[:i] + HOMOPHONES[name[i]] + name[i + 1:]
    if kind == 1:
        return f"“{name.strip('“”《》「」')}”党建品牌"
    i = rng.randrange(len(name))
    return name[:i] + rng.choice("新强融聚汇") + name[i + 1:]


def _queries(names: list[str], q: int, seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    known = set(names)
    fresh = [n for n in generate(len(names) + q, seed + 2) if n not in known][:q // 3]
    same = rng.sample(names, q // 3)
    altered = [_altered(n, rng) for n in rng.sample(names, q - len(same) - len(fresh))]
    return [*same, *altered, *fresh]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _store_figures(names: list[str]) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["品牌名称", "党支部", "年份", "来源"])
            writer.writerows([n, f"第{i % 500}党支部", 2015 + i % 10, "往年品牌"] for i, n in enumerate(names))
        store = Store(f"sqlite:///{tmp}/bench.db")
        try:
            start = time.perf_counter()
            report = import_file(store, path)
            imported = time.perf_counter() - start
            start = time.perf_counter()
            loaded = entries(store)
            load = time.perf_counter() - start
        finally:
            store.close()
        assert report.errors == [], report.errors[:3]
        return imported, load, len(loaded)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--cutoff", type=float, default=SEARCH_CUTOFF)
    parser.add_argument("--no-store", action="store_true", help="skip the import/load timing")
    args = parser.parse_args(argv)
    settings = load_config().similarity
    names = generate(args.n, args.seed)
    queries = _queries(names, args.queries, args.seed)

    start = time.perf_counter()
    name_similarity.prepare(names[:2], settings)  # jieba's dictionary: loaded once per process
    jieba_start = time.perf_counter() - start
    library = [Entry(n, None, None, None) for n in names]
    start = time.perf_counter()
    index = Index(library, settings)
    build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:  # the key cache `brandreview library search` keeps
        start = time.perf_counter()
        Index(library, settings, cache=Path(tmp))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        cached = Index(library, settings, cache=Path(tmp))
        warm = time.perf_counter() - start
        cache_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
    assert cached.prepared.keys == index.prepared.keys

    fast: list[float] = []
    slow: list[float] = []
    wanted = found = top_same = candidates = 0
    for query in queries:
        start = time.perf_counter()
        hits = index.search(query, limit=None, cutoff=args.cutoff)
        fast.append(time.perf_counter() - start)
        start = time.perf_counter()
        truth = index.search_all(query, limit=None, cutoff=args.cutoff)
        slow.append(time.perf_counter() - start)
        got = {(id(h.entry), round(h.score, 6)) for h in hits}
        expected = {(id(h.entry), round(h.score, 6)) for h in truth}
        wanted += len(expected)
        found += len(expected & got)
        top_same += [h.entry for h in hits[:20]] == [h.entry for h in truth[:20]]
        key = name_similarity.prepare([query], settings)
        if key.slots[0] >= 0:
            candidates += len(index.candidates(key.keys[0], args.cutoff))

    print(f"library: {args.n} names (seed {args.seed}), distinct keys {len(index.prepared.keys)}, "
          f"symbols {len(index.postings)}, cutoff {args.cutoff:g}, pinyin {'on' if settings.pinyin else 'off'}")
    print(f"jieba start-up             {jieba_start:8.2f} s")
    print(f"index build                {build:8.2f} s  {args.n / build:10,.0f} names/s")
    print(f"index build, key cache     {cold:8.2f} s cold (writing it), {warm:.2f} s warm ({cache_mb:.1f} MiB)")
    print(f"queries: {len(queries)} (library names, altered names, new names: a third each)")
    print(f"search with the index      median {statistics.median(fast) * 1000:7.2f} ms  "
          f"p95 {_percentile(fast, 95) * 1000:7.2f} ms  max {max(fast) * 1000:7.2f} ms  "
          f"candidates scored {candidates / len(queries):8.0f} per query")
    print(f"baseline: every name       median {statistics.median(slow) * 1000:7.2f} ms  "
          f"p95 {_percentile(slow, 95) * 1000:7.2f} ms  max {max(slow) * 1000:7.2f} ms  "
          f"({statistics.median(slow) / statistics.median(fast):.0f}x the index's median)")
    print(f"recall vs baseline         {found}/{wanted} hits = {found / max(wanted, 1):.4f}; "
          f"first 20 identical in {top_same}/{len(queries)} queries")
    if not args.no_store:
        imported, load, count = _store_figures(names)
        print(f"import {args.n} rows (CSV → SQLite) {imported:6.2f} s; entries() load {load:5.2f} s ({count} brands)")


if __name__ == "__main__":
    main()
