"""Benchmark: legacy .doc conversion by LibreOffice, one soffice process per file against one per batch.

Run: .venv/bin/python bench/bench_legacy.py [--docs 29] [--batch-size 20]
Generates the samples (samples/make_samples.py), writes every ok .docx sample as .doc with LibreOffice (by
way of ODT, as tests/test_legacy.py does), then converts the .doc files back to .docx with
extractors.legacy.convert: each alone (convert_to_docx) and all together (convert_batch), and prints the seconds
per file of each. Every soffice process starts with a fresh profile, as in production.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from sample_derived import to_doc  # noqa: E402

from extractors.legacy.convert import convert_batch, convert_to_docx, soffice_path  # noqa: E402
from pipeline.ingest import read_submissions  # noqa: E402
from pipeline.model.config import load_config  # noqa: E402


def sample_docs(work: Path, limit: int) -> list[tuple[str, bytes]]:
    """(name, .doc bytes) of up to `limit` ok .docx samples, written as .doc by LibreOffice."""
    config = load_config()
    samples = work / "samples"
    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(samples)], check=True,
                   capture_output=True)
    manifest = json.loads((samples / ".manifest.json").read_text(encoding="utf-8"))["files"]
    originals: dict[str, bytes] = {}
    for path in sorted(samples.iterdir()):
        for sub in read_submissions(path, path.name, config.intake):
            entry = manifest.get(sub.file, {})
            if entry.get("status") == "ok" and not entry.get("duplicate_of") and sub.detected == "docx":
                originals[sub.file] = sub.data
    names = sorted(originals)[:limit]
    docs = to_doc({f"{n:03d}.docx": originals[name] for n, name in enumerate(names)}, work)
    return [(f"{name}.doc", docs[f"{n:03d}"]) for n, name in enumerate(names)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100, help="at most this many sample files")
    parser.add_argument("--batch-size", type=int, default=None, help="legacy.batch_size (default: the config's)")
    args = parser.parse_args(argv)
    soffice = soffice_path()
    if soffice is None:
        print("LibreOffice is not installed (sudo apt-get install libreoffice-writer-nogui)", file=sys.stderr)
        return 1
    config = load_config()
    settings = config.legacy
    if args.batch_size:
        settings = settings.model_copy(update={"batch_size": args.batch_size})
    with tempfile.TemporaryDirectory() as tmp:
        docs = sample_docs(Path(tmp), args.docs)
    print(f"{len(docs)} sample .doc files ({sum(len(d) for _, d in docs) / 1024:.0f} KiB), "
          f"LibreOffice at {soffice}, batch_size {settings.batch_size}")

    started = time.perf_counter()
    single = [convert_to_docx(data, name, settings) for name, data in docs]
    per_file = (time.perf_counter() - started) / len(docs)

    started = time.perf_counter()
    batched = convert_batch(docs, settings)
    per_batch = (time.perf_counter() - started) / len(docs)

    failed = sum(1 for r in batched if not isinstance(r, bytes)) + sum(1 for r in single if not r)
    print(f"one soffice per file : {per_file:.2f} s per file")
    print(f"one soffice per batch: {per_batch:.2f} s per file  ({per_file / per_batch:.1f}x faster)")
    if failed:
        print(f"{failed} conversions failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
