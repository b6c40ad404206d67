"""Benchmark: extractors.ocr.reader.read_scanned_pdf against RapidOCR alone on the same scanned forms.

Run: .venv/bin/python bench/bench_ocr.py [--docs 4] [--dpi 200]
Generates the samples, prints N application forms to PDF with LibreOffice, scans them (each page rendered,
turned ±2°, grain and a few specks, back into an image-only PDF), then measures:
  reader    read_scanned_pdf per document (render, deskew, grid, recognition, layout)
  baseline  RapidOCR()(page) on the same pages, rendered beforehand (recognition only, no layout)
Times are taken in one process, the two alternating document by document (a busy machine slows both
alike); the peak resident memory of each is taken in a process of its own (model loading included).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))


def make_scans(n: int, dpi: int, work: Path) -> list[bytes]:
    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(work / "s")],
                   check=True, capture_output=True)
    forms = sorted(p for p in (work / "s").glob("*.docx") if "申报" in p.name and not p.name.startswith("重发"))[:n]
    profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
    subprocess.run(["soffice", profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(work / "pdf"), *map(str, forms)], check=True, capture_output=True, timeout=600)
    from sample_derived import scan_pdf

    return [scan_pdf((work / "pdf" / f"{p.stem}.pdf").read_bytes(), k, dpi) for k, p in enumerate(forms)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rendered(data: bytes, dpi: int) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].render(scale=dpi / 72).to_numpy()[..., :3].copy() for i in range(len(doc))]
    finally:
        doc.close()


def run(which: str, scans: list[bytes], dpi: int) -> tuple[float, float, int, float]:
    """(reader seconds, baseline seconds, pages, peak RSS MB) for 'both' (interleaved document by document,
    so a busy machine slows both alike), 'reader' or 'baseline' (alone, for the memory each needs)."""
    from extractors.ocr.reader import ocr_engine, read_scanned_pdf
    from pipeline.model.config import load_config

    config = load_config(overrides={"ocr": {"dpi": dpi, "max_seconds": 3600}})
    from rapidocr_onnxruntime import RapidOCR

    ocr_engine()  # model loading is not page time
    engine = RapidOCR()  # the baseline: RapidOCR as the package ships it, the same models
    reader = baseline = 0.0
    pages = 0
    for data in scans:
        if which in ("both", "reader"):
            start = time.perf_counter()
            pages_read = read_scanned_pdf(data, config).pages or 0
            reader += time.perf_counter() - start
        if which in ("both", "baseline"):
            images = _rendered(data, dpi)  # rendering is not counted for RapidOCR alone
            start = time.perf_counter()
            for image in images:
                engine(image)
            baseline += time.perf_counter() - start
            pages_read = len(images)
        pages += pages_read
    return reader, baseline, pages, _peak_mb()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=4, help="scanned application forms (default 4)")
    ap.add_argument("--dpi", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scans = make_scans(args.docs, args.dpi, Path(tmp))
    ctx = mp.get_context("spawn")
    results = {}
    for which in ("both", "reader", "baseline"):
        with ctx.Pool(1) as pool:
            results[which] = pool.apply(run, (which, scans, args.dpi))
    reader, baseline, pages, _ = results["both"]
    n = len(scans)
    print(f"{n} scanned forms, {pages} pages at {args.dpi} dpi (interleaved document by document)")
    print(f"  read_scanned_pdf  {n / reader:6.3f} documents/s  {reader / pages:5.2f} s a page  "
          f"peak RSS {results['reader'][3]:,.0f} MB")
    print(f"  RapidOCR alone    {n / baseline:6.3f} documents/s  {baseline / pages:5.2f} s a page  "
          f"peak RSS {results['baseline'][3]:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
