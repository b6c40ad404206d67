"""Documents/s and peak memory per format (docx, pdf, doc, scanned pdf), each beside its baseline measured in
the same run on the same files:

  docx         brandreview (read + classify + extract)  vs  python-docx opening and reading each file
  pdf          brandreview                              vs  pdfplumber's plain extract_text
  doc          brandreview (batched LibreOffice + docx)  vs  LibreOffice conversion alone (same batching)
  scanned pdf  brandreview (render + OCR + layout)       vs  RapidOCR alone on the same rendered pages

Usage: .venv/bin/python bench/bench_formats.py [--scans N]
Each measurement runs in its own child process, so its peak memory (VmHWM) is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))


def _corpus(work: Path, scans: int) -> dict[str, list[str]]:
    """Sample Word files and what LibreOffice makes of them, written under `work`."""
    import sample_derived as D

    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(work / "samples"),
                    "--no-derived"], check=True, capture_output=True)
    manifest = json.loads((work / "samples" / ".manifest.json").read_text(encoding="utf-8"))
    words = {n: (work / "samples" / n).read_bytes() for n, t in manifest["files"].items()
             if t["status"] == "ok" and "/" not in n and n.endswith(".docx") and not t.get("duplicate_of")}
    files = {f"w{i:03d}": data for i, data in enumerate(words.values())}
    pdfs = D.convert({f"{k}.docx": v for k, v in files.items()}, "pdf", work)
    docs = D.to_doc({f"{k}.docx": v for k, v in files.items()}, work)
    out: dict[str, list[str]] = {"docx": [], "pdf": [], "doc": [], "scan": []}
    for kind, items, ext in (("docx", files, "docx"), ("pdf", pdfs, "pdf"), ("doc", docs, "doc")):
        folder = work / kind
        folder.mkdir()
        for stem, data in items.items():
            (folder / f"{stem}.{ext}").write_bytes(data)
            out[kind].append(str(folder / f"{stem}.{ext}"))
    folder = work / "scan"
    folder.mkdir()
    forms = [n for n, t in manifest["files"].items() if n in words and t["doc_type"] == "application"][:scans]
    for n, name in enumerate(forms):
        stem = f"w{list(words).index(name):03d}"
        (folder / f"s{n:02d}.pdf").write_bytes(D.scan_pdf(pdfs[stem], seed=7 + n, dpi=150))
        out["scan"].append(str(folder / f"s{n:02d}.pdf"))
    return out


# ---------------------------------------------------------------------------------------------- children


def _ours(paths: list[str]) -> None:
    import hashlib

    from extractors.registry import finish, read_all
    from pipeline.model.config import load_config
    from pipeline.model.filenames import extension_of
    from pipeline.model.records import Submission
    from pipeline.sniff import sniff

    config = load_config()
    subs = []
    for p in paths:
        data = Path(p).read_bytes()
        subs.append(Submission(file=Path(p).name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                               detected=sniff(data), extension=extension_of(p)))
    for sub, layout in zip(subs, read_all(subs, config), strict=True):
        if isinstance(layout, Exception):
            raise layout
        finish(layout, sub, config)


def _python_docx(paths: list[str]) -> None:
    import docx

    for p in paths:
        d = docx.Document(p)
        [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                [c.text for c in row.cells]
        len(list(d.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")))


def _pdfplumber(paths: list[str]) -> None:
    import pdfplumber

    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()


def _soffice(paths: list[str]) -> None:
    from extractors.legacy.convert import convert_batch
    from pipeline.model.config import load_config

    settings = load_config().legacy
    for start in range(0, len(paths), settings.batch_size):
        chunk = paths[start:start + settings.batch_size]
        convert_batch([(Path(p).name, Path(p).read_bytes()) for p in chunk], settings)


def _rapidocr(paths: list[str]) -> None:
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    from pipeline.model.config import load_config

    dpi = load_config().ocr.dpi
    engine = RapidOCR()  # as the package ships it
    for p in paths:
        doc = pdfium.PdfDocument(p)
        try:
            for i in range(len(doc)):
                engine(doc[i].render(scale=dpi / 72).to_numpy())
        finally:
            doc.close()


CHILDREN = {"ours": _ours, "python-docx": _python_docx, "pdfplumber": _pdfplumber, "soffice": _soffice,
            "rapidocr": _rapidocr}


def child(name: str, listing: str) -> None:
    paths = json.loads(Path(listing).read_text(encoding="utf-8"))
    CHILDREN[name](paths[:1])  # warm-up: imports, engine start-up, jieba — not part of the figure
    t0 = time.perf_counter()
    CHILDREN[name](paths)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike ru_maxrss (inherited)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, paths: list[str], work: Path) -> dict:
    listing = work / f"{name}-{len(paths)}-{time.monotonic_ns()}.json"
    listing.write_text(json.dumps(paths), encoding="utf-8")
    out = subprocess.run([sys.executable, __file__, "--child", name, str(listing)], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scans", type=int, default=4, help="scanned forms to OCR (slow: seconds a page)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        work = Path(tmp)
        corpus = _corpus(work, args.scans)
        rows = []
        for kind, baseline in (("docx", "python-docx"), ("pdf", "pdfplumber"), ("doc", "soffice"),
                               ("scan", "rapidocr")):
            paths = corpus[kind]
            base = measure(baseline, paths, work)
            ours = measure("ours", paths, work)
            rows.append((kind, len(paths), baseline, base, ours))
    print(f"{'format':12} {'docs':>5} {'brandreview docs/s':>19} {'peak MB':>8}   {'baseline':12} {'docs/s':>8} "
          f"{'peak MB':>8}   ratio")
    for kind, n, baseline, base, ours in rows:
        r_ours, r_base = n / ours["seconds"], n / base["seconds"]
        print(f"{kind:12} {n:5d} {r_ours:19.1f} {ours['peak_mb']:8.0f}   {baseline:12} {r_base:8.1f} "
              f"{base['peak_mb']:8.0f}   {r_ours / r_base:5.2f}x")


if __name__ == "__main__":
    main()
