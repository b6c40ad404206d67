"""The other formats branches send, derived from sample Word files: PDF exported by LibreOffice, a legacy .doc
and a WPS .wps (through ODT, as the helper found a direct .doc export drops a closing table), an image-only
scanned PDF (pages rendered, slightly rotated, noised) and a phone photo (.jpg) of a form page.

Needs LibreOffice (soffice); without it nothing is derived and the caller says so. Derived bytes are not
byte-for-byte reproducible (LibreOffice stamps dates), so their manifest entries carry "derived": true.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

FORM = "信息学院第一学生党支部-一支部一品牌创建申报表.docx"
FORM2 = "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx"  # one page
FORM3 = "文法学院教工党支部-申报表.docx"  # one page
REPORT = "信息学院第一学生党支部-成果报告.docx"
REPORT2 = "机械工程学院教工第一党支部-成果报告.docx"

# derived name → (source name, how)
PLAN: dict[str, tuple[str, str]] = {
    "格式-PDF-信息学院第一学生党支部申报表.pdf": (FORM, "pdf"),
    "格式-PDF-信息学院第一学生党支部成果报告.pdf": (REPORT, "pdf"),
    "格式-DOC-化学工程学院教工第一党支部申报表.doc": (FORM2, "doc"),
    "格式-DOC-机械工程学院教工第一党支部成果报告.doc": (REPORT2, "doc"),
    "格式-WPS-信息学院第一学生党支部申报表.wps": (FORM, "doc"),
    "格式-扫描-信息学院第一学生党支部申报表.pdf": (FORM, "scan"),
    "格式-照片-文法学院教工党支部申报表.jpg": (FORM3, "photo"),
}


def _soffice(args: list[str], workdir: Path) -> None:
    profile = (workdir / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
                   cwd=workdir, check=True, capture_output=True, timeout=300)


def convert(sources: dict[str, bytes], target: str, workdir: Path, infilter: str | None = None) -> dict[str, bytes]:
    """Convert every source in one soffice call; returns bytes by source stem."""
    src = workdir / f"in-{target}"
    dst = workdir / f"out-{target}"
    src.mkdir()
    dst.mkdir()
    for name, data in sources.items():
        (src / name).write_bytes(data)
    extra = [f"--infilter={infilter}"] if infilter else []
    _soffice([*extra, "--convert-to", target, "--outdir", str(dst), *sorted(str(p) for p in src.iterdir())], workdir)
    return {p.stem: p.read_bytes() for p in dst.iterdir()}


def to_doc(sources: dict[str, bytes], workdir: Path) -> dict[str, bytes]:
    """Word-97 .doc bytes by source stem, by way of ODT: a direct .docx → .doc export by LibreOffice 7.4 drops
    the closing paragraph mark after a table that ends the document, and its .doc reader then loses the table."""
    odts = convert(sources, "odt", workdir)
    return convert({f"{stem}.odt": data for stem, data in odts.items()}, "doc", workdir)


def _pages(pdf: bytes, dpi: int = 150):  # -> list of numpy RGB arrays
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_numpy().copy() for i in range(len(doc))]
    finally:
        doc.close()


def _degrade(page, angle: float, rng: random.Random):  # numpy array → numpy array
    import cv2
    import numpy as np

    h, w = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(page, matrix, (w, h), borderValue=(255, 255, 255))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 6, rotated.shape)
    return np.clip(rotated.astype(np.float32) * 0.97 + noise + 4, 0, 255).astype(np.uint8)


def _image_pdf(pages) -> bytes:
    from PIL import Image

    images = [Image.fromarray(p).convert("RGB") for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


def _jpeg(page) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(page).convert("RGB").save(buf, format="JPEG", quality=88)
    return buf.getvalue()


def derive(files: dict[str, bytes]) -> dict[str, bytes]:
    """Derived files by name (empty when LibreOffice is not installed)."""
    if not shutil.which("soffice"):
        return {}
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory(prefix="br-derive-") as tmp:
        work = Path(tmp)
        wanted = {src for src, _ in PLAN.values()}
        pdfs = convert({n: files[n] for n in wanted}, "pdf", work)
        docs_src = {n: files[n] for n, how in ((s, h) for s, h in PLAN.values()) if how == "doc"}
        docs = to_doc(docs_src, work)
        out: dict[str, bytes] = {}
        for name, (source, how) in PLAN.items():
            stem = Path(source).stem
            if how == "pdf":
                out[name] = pdfs[stem]
            elif how == "doc":
                out[name] = docs[stem]
            elif how == "scan":
                pages = [_degrade(p, rng.choice([-2.0, -1.2, 1.0, 1.8]), rng) for p in _pages(pdfs[stem])]
                out[name] = _image_pdf(pages)
            elif how == "photo":
                out[name] = _jpeg(_degrade(_pages(pdfs[stem], dpi=170)[0], 1.5, rng))
        return out
