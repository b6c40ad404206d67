"""Benchmark of the review pages and exports for 1,000 and 10,000 submissions, beside a plain json.dumps.

    .venv/bin/python bench/bench_reports.py [N ...] [--workdir DIR]      (default N: 1000 10000)

1. Real records: samples/make_samples.py builds the sample inbox and one plain pass (pipeline.run.run_pass)
   stores it; the campaign's current records are the templates (forms, reports with photos, rejected files,
   unrecognised ones: the samples' mix).
2. N synthetic records: the templates copied group by group (group g: every template once), each copy with its
   own id and file ('合成/g0001/…'), its branch name and brand name varied by the group (so every branch is a
   row of its own), a parent organisation out of 40, and its similar names pointing into its own group.
3. Measured on the same records, each once, in this process: the baseline (json.dumps of every record's
   model_dump), the overview alone (pipeline.pages.overview.overview_html: time and size, the targets are
   under 3 s for 1,000 and under 2 MB), every page written (pipeline.review_page.write_pages: the overview and
   one page per document, thumbnails from the archived originals — first with an empty thumbnail cache, then
   again with it filled, as after every later pass) and the exports (JSONL and CSV, pipeline.exports). The
   copies share their templates' originals, so the thumbnails themselves are timed apart, once per distinct
   photo of the templates.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.exports import to_csv, to_jsonl  # noqa: E402
from pipeline.model.config import load_config  # noqa: E402
from pipeline.model.records import DocumentRecord  # noqa: E402
from pipeline.pages.overview import overview_html  # noqa: E402
from pipeline.pages.site import static_links  # noqa: E402
from pipeline.pages.thumbs import ThumbCache, photo_thumbnail  # noqa: E402
from pipeline.review_page import write_pages  # noqa: E402
from pipeline.run import run_pass  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.workspace import Workspace  # noqa: E402

ORGS = 40
SUFFIX = "甲乙丙丁戊己庚辛壬癸"


def templates(work: Path) -> tuple[list[DocumentRecord], Workspace]:
    """The current records of one pass over the sample inbox."""
    samples = work / "samples"
    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(samples)], check=True,
                   capture_output=True)
    ws = Workspace.open(work / "home", inbox=samples)
    run_pass(ws)
    store = Store(ws.db_url)
    try:
        records = store.records(load_config(ws.config_path).campaign.id, current_only=True)
    finally:
        store.close()
    return records, ws


def _vary(name: str | None, g: int) -> str | None:
    return f"{name}{SUFFIX[g % 10]}{g}" if name else name


def synthetic(base: list[DocumentRecord], n: int) -> list[DocumentRecord]:
    out: list[DocumentRecord] = []
    g = 0
    while len(out) < n:
        prefix = f"合成/g{g:04d}/"
        for rec in base:
            if len(out) == n:
                break
            update: dict[str, Any] = {"id": len(out) + 1, "file": prefix + rec.file}
            if rec.fields is not None:
                update["fields"] = rec.fields.model_copy(update={
                    "branch_name": _vary(rec.fields.branch_name, g), "brand_name": _vary(rec.fields.brand_name, g),
                    "parent_org": f"第{(g * 7 + len(out)) % ORGS + 1}党委"})
            if rec.report is not None:
                update["report"] = rec.report.model_copy(update={
                    "branch_name": _vary(rec.report.branch_name, g), "brand_name": _vary(rec.report.brand_name, g)})
            update["similar"] = [s.model_copy(update={"file": prefix + s.file, "brand_name": _vary(s.brand_name, g),
                                                      "branch_name": _vary(s.branch_name, g)})
                                 for s in rec.similar]
            if rec.duplicate_of:
                update["duplicate_of"] = prefix + rec.duplicate_of
            out.append(rec.model_copy(update=update, deep=True))
        g += 1
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def _mb(n: int) -> str:
    return f"{n / 1e6:8.2f} MB"


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.html"))


def thumbnails_cold(base: list[DocumentRecord]) -> None:
    """Every distinct photo of the templates downscaled once (what a page costs the first time it is written;
    the synthetic copies share their templates' originals, so the runs below make each of these once)."""
    photos = [(r, p) for r in base if r.report for p in r.report.photos]
    cache = ThumbCache()
    t, thumbs = timed(lambda: [photo_thumbnail(r.stored_path, r.sha256, r.detected, p.target, cache) for r, p in photos])
    made = [x for x in thumbs if x.uri]
    size = sum(len(x.uri or "") for x in made)
    print(f"thumbnails: {len(made)} of {len(photos)} photos made in {t:.2f} s ({1000 * t / max(1, len(made)):.1f} ms "
          f"each, {size / max(1, len(made)) / 1024:.1f} KB each as data: URI); the rest are PDF or .doc originals")


def bench(n: int, base: list[DocumentRecord], ws: Workspace, out: Path) -> dict[str, Any]:
    config = load_config(ws.config_path)
    records = synthetic(base, n)
    rows: list[tuple[str, float, int]] = []
    t, text = timed(lambda: json.dumps([r.model_dump(mode="json") for r in records], ensure_ascii=False))
    rows.append(("baseline: json.dumps of the records", t, len(text.encode())))
    links = static_links(out, ws.home, on_document_page=False)
    t, page = timed(lambda: overview_html(records, config, links))
    rows.append(("overview (index.html) alone", t, len(page.encode())))
    overview = (t, len(page.encode()))
    for label in ("every page, thumbnail cache empty", "every page again, thumbnail cache filled"):
        t, _ = timed(lambda: write_pages(records, out, ws.home, config))
        rows.append((label, t, _folder_bytes(out)))
    t, text = timed(lambda: to_jsonl(records))
    rows.append(("export.jsonl", t, len(text.encode())))
    t, text = timed(lambda: to_csv(records))
    rows.append(("export.csv", t, len(text.encode())))
    print(f"\n{n:,} submissions ({sum(1 for r in records if r.report and r.report.photos):,} reports with photos)")
    for label, seconds, size in rows:
        print(f"  {label:<44} {seconds:8.2f} s {_mb(size)}")
    return {"n": n, "overview_seconds": overview[0], "overview_bytes": overview[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        base, ws = templates(work)
        print(f"templates: {len(base)} current sample records")
        thumbnails_cold(base)
        results = [bench(n, base, ws, work / f"reports-{n}") for n in args.n]
    for r in results:
        verdict = "ok" if (r["n"] > 1000 or r["overview_seconds"] < 3) and r["overview_bytes"] < 2e6 else "OVER TARGET"
        print(f"overview for {r['n']:,}: {r['overview_seconds']:.2f} s, {r['overview_bytes'] / 1e6:.2f} MB — {verdict}")


if __name__ == "__main__":
    main()
