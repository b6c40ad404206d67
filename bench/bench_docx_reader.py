"""Benchmark: extractors.docx.reader.read_docx against python-docx on ~50 generated submissions.

Run: .venv/bin/python bench/bench_docx_reader.py [--docs 50] [--rounds 5]
Prints the mean time per document for both readers (python-docx: open, then every paragraph's text and
every table cell's text, which is less than read_docx extracts).
"""

from __future__ import annotations

import argparse
import io
import random
import struct
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Cm  # noqa: E402

from extractors.docx.reader import read_docx  # noqa: E402
from pipeline.model.config import IntakeSettings  # noqa: E402

LIMITS = IntakeSettings(max_file_mb=50, max_member_mb=64, max_members=2000, max_ratio=200, ignore=[])
WORDS = "党支部坚持以党建引领业务发展围绕中心服务大局创新工作方法推进品牌建设提升组织力凝聚力战斗力"


def _png(width: int = 16, height: int = 12) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x30\x60\x90" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _text(rng: random.Random, n: int) -> str:
    start = rng.randrange(len(WORDS))
    return "".join(WORDS[(start + i) % len(WORDS)] for i in range(n)) + "。"


def _application(rng: random.Random) -> bytes:
    doc = docx.Document()
    doc.add_paragraph("党建品牌创建申报表").alignment = WD_ALIGN_PARAGRAPH.CENTER
    labels = ["党支部名称", "品牌名称", "品牌实施负责人", "联系电话", "品牌简介", "创建措施及步骤",
              "预期成效及验收指标", "支部意见", "党委意见"]
    table = doc.add_table(rows=len(labels), cols=4)
    for i, label in enumerate(labels):
        table.cell(i, 0).text = label
        if i >= 4:
            merged = table.cell(i, 1).merge(table.cell(i, 3))
            merged.text = _text(rng, rng.randint(80, 300))
        else:
            table.cell(i, 1).text = _text(rng, 8)
            table.cell(i, 2).text = "成立时间"
            table.cell(i, 3).text = "2024年3月"
    doc.add_paragraph("填表日期：2024年5月20日")
    return _save(doc)


def _report(rng: random.Random) -> bytes:
    doc = docx.Document()
    doc.add_heading(f"“{_text(rng, 6)[:-1]}”党建品牌成果报告", 0)
    for title in ("一、品牌名称", "二、创建背景", "三、品牌内涵", "四、主要举措", "五、取得成效"):
        doc.add_heading(title, 1)
        for _ in range(rng.randint(2, 6)):
            p = doc.add_paragraph(_text(rng, rng.randint(60, 220)))
            if rng.random() < 0.3:
                p.add_run(_text(rng, 10)).bold = True
    for i in range(rng.randint(3, 5)):
        doc.add_paragraph().add_run().add_picture(io.BytesIO(_png()), width=Cm(12))
        doc.add_paragraph(f"图{i + 1} 支部开展主题党日活动", style="Caption")
    return _save(doc)


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _python_docx(data: bytes) -> int:
    document = docx.Document(io.BytesIO(data))
    n = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def _time(fn, docs: list[bytes], rounds: int) -> float:
    for data in docs:
        fn(data)  # warm-up
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for data in docs:
            fn(data)
        best = min(best, (time.perf_counter() - started) / len(docs))
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2024)
    docs = [(_application if i % 2 else _report)(rng) for i in range(args.docs)]
    ours = _time(lambda d: read_docx(d, LIMITS), docs, args.rounds)
    theirs = _time(_python_docx, docs, max(1, args.rounds // 2))
    print(f"{len(docs)} generated documents, best of {args.rounds} rounds, per document:")
    print(f"  read_docx (zipfile + lxml): {ours:7.2f} ms")
    print(f"  python-docx Document(...):  {theirs:7.2f} ms   ({theirs / ours:.1f}x slower)")


if __name__ == "__main__":
    main()
