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


def page_images(pdf: bytes, dpi: int = 150, gray: bool = False):  # -> list of numpy arrays (RGB or gray)
    """Every page of a PDF rendered at `dpi`."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            arr = doc[i].render(scale=dpi / 72, grayscale=gray).to_numpy()
            out.append(arr[..., 0].copy() if gray and arr.ndim == 3 else arr.copy())
        return out
    finally:
        doc.close()


def scanned(page, angle: float, rng: random.Random):  # numpy array → numpy array
    """A page as a scanner returns it: turned by `angle` degrees, a little darker, grainy, a few specks of dust."""
    import cv2
    import numpy as np

    h, w = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = 255 if page.ndim == 2 else (255, 255, 255)
    rotated = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=white).astype(np.float32)
    noise = np.random.default_rng(rng.randrange(2**32))
    out = rotated * 0.97 + noise.normal(0, 8, rotated.shape) + 4
    for _ in range(20):
        radius = rng.randint(1, 2)
        cv2.circle(out, (rng.randrange(w), rng.randrange(h)), radius, (40.0,) * (1 if page.ndim == 2 else 3), -1)
    return np.clip(out, 0, 255).astype(np.uint8)


def scan_pdf(pdf: bytes, seed: int, dpi: int = 200, angles: tuple[float, ...] = (1.5, -2.0, 1.0, -1.2)) -> bytes:
    """The image-only PDF a scanner makes of this PDF printed: every page rendered (gray) at `dpi`, turned by
    the next of `angles` (a sheet never lies quite straight), grained and specked."""
    rng = random.Random(seed)
    return image_pdf([scanned(p, angles[(seed + i) % len(angles)], rng)
                      for i, p in enumerate(page_images(pdf, dpi, gray=True))], dpi)


def image_pdf(pages, dpi: int = 150) -> bytes:
    from PIL import Image

    images = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
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
                out[name] = scan_pdf(pdfs[stem], rng.randrange(1000), dpi=150, angles=(-2.0, -1.2, 1.0, 1.8))
            elif how == "photo":
                out[name] = _jpeg(scanned(page_images(pdfs[stem], dpi=170)[0], 1.5, rng))
        return out
