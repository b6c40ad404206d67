"""extractors.ocr_reader: scanned and photographed application forms -> Layout -> the application fields.

The sample forms are converted to PDF by LibreOffice (one batch call), every page is rendered at 200 dpi,
turned by +1.5° / -2°, given scanner noise (gaussian grain and a few specks of dust) and put back together
as an image-only PDF; read_scanned_pdf plus the application interpreter must then give the manifest's
fields. OCR takes seconds a page on a CPU, so the set is small (one form of each family) and the work
is done once per module. Also: a photographed page (PNG), a page a quarter turn off, a borderless form,
decompression-bomb headers, random bytes, a blank page and the bounds from [ocr].
"""

from __future__ import annotations

import difflib
import io
import os
import re
import struct
import subprocess
import threading
import time
import zlib

import cv2
import docx
import numpy as np
import pypdfium2 as pdfium
import pytest
from docx.shared import Cm, Pt
from PIL import Image

from extractors.layout import Layout, Table
from extractors.legacy import soffice_path
from extractors.ocr_reader import ocr_engine, read_image, read_scanned_pdf
from extractors.registry import interpret
from pipeline.errors import BadInput
from pipeline.rules import load_config

FORMS = [  # one of each form family in samples/sample_forms.py
    "信息学院第一学生党支部-一支部一品牌创建申报表.docx",  # ncut: opinion, signature and date in one cell
    "信息学院教工第二党支部-一支部一品牌创建申报表.docx",  # ncut rows: blank signature and date
    "机电工程学院学生党支部-党建精品项目申报书.docx",  # labels above values, date in Chinese numerals
    "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx",  # spaced labels, stamp in the opinion cell
    "根河市财政局机关党支部-市直机关党建品牌申报表.docx",  # '·' in the brand name, 成立时间, two pages
    "外国语学院学生第一党支部-品牌申报书.docx",  # no table: 'label：value' paragraphs
    "后勤保障处党支部-党建项目申报表.docx",  # two pairs a row, a vertically merged label, two pages
]
FIELDS = ("branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes", "branch_opinion",
          "signed", "date")
REPORT = "信息学院第一学生党支部-成果报告.docx"  # six pages, four photos with captions, a running header
BORDERLESS = {"branch_name": "机关党委第三党支部", "brand_name": "初心灯塔", "leader": "王晓东",
              "summary": "“初心灯塔”寓意党支部像灯塔一样为群众指引方向，照亮前行道路。品牌坚持政治引领、服务导向、"
                         "融合发展三项原则，致力于把党的政治优势转化为推动工作的实际成效。",
              "measures": "1.建立党员服务岗，每周开展一次志愿服务活动，做到有求必应。\n"
                          "2.开展结对共建，与社区党组织共享资源，共同举办主题党日。",
              "expected_outcomes": "培育一至两名优秀党员典型，力争支部获评校级先进基层党组织，形成可推广的品牌工作机制。",
              "branch_opinion": "同意申报。"}


def squash(value: object) -> str:
    return re.sub(r"\s", "", str(value))


def difference(want: object, got: object) -> str:
    """Where two values differ, with a little context: '…上的中转站[。→·。]…'."""
    a, b = squash(want), squash(got)
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    return "; ".join(f"…{a[max(0, i1 - 8):i1]}[{a[i1:i2]}→{b[j1:j2]}]{a[i2:i2 + 4]}…" for _, i1, i2, j1, j2 in ops[:3])


def borderless_form() -> bytes:
    """A form typed as a table without borders, labels centred on long values."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(14)
    doc.add_paragraph("机关党委“一支部一品牌”创建申报表")
    rows = [("党支部名称", "branch_name"), ("品牌名称", "brand_name"), ("负责人", "leader"), ("品牌简介", "summary"),
            ("创建措施", "measures"), ("预期成效", "expected_outcomes"), ("支部意见", "branch_opinion")]
    table = doc.add_table(rows=len(rows), cols=2)  # the default table style draws no borders
    for i, (label, key) in enumerate(rows):
        table.cell(i, 0).width, table.cell(i, 1).width = Cm(3.2), Cm(12.5)
        table.cell(i, 0).text = label
        table.cell(i, 0).vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        first, *rest = BORDERLESS[key].split("\n")
        table.cell(i, 1).text = first
        for line in rest:
            table.cell(i, 1).add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pages_of(pdf: bytes, dpi: int = 200) -> list[np.ndarray]:
    """Gray renderings of every page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            arr = doc[i].render(scale=dpi / 72, grayscale=True).to_numpy()
            out.append(arr if arr.ndim == 2 else arr[..., 0].copy())
        return out
    finally:
        doc.close()


def scanned(gray: np.ndarray, angle: float, rng: np.random.Generator) -> np.ndarray:
    """A page as a scanner returns it: slightly turned, grainy, a few specks of dust."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    page = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255).astype(np.float32)
    page += rng.normal(0, 12, page.shape)
    for y, x in zip(rng.integers(0, h, 20), rng.integers(0, w, 20), strict=True):
        cv2.circle(page, (int(x), int(y)), int(rng.integers(1, 3)), 40.0, -1)
    return np.clip(page, 0, 255).astype(np.uint8)


def image_pdf(pages: list[np.ndarray]) -> bytes:
    images = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return buf.getvalue()


def png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares width x height pixels but holds a few bytes of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
            + chunk(b"IEND", b""))


# -- fixtures ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(samples_dir, tmp_path_factory) -> dict[str, bytes]:
    """Form name -> the form printed to PDF by LibreOffice (one batch call, its own profile)."""
    soffice = soffice_path()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice is not installed")
    work = tmp_path_factory.mktemp("ocr-pdf")
    names = [*FORMS, REPORT, "borderless.docx"]
    for n, name in enumerate(names):
        data = borderless_form() if name == "borderless.docx" else (samples_dir / name).read_bytes()
        (work / f"{n:02d}.docx").write_bytes(data)
    profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
    files = sorted(str(p) for p in work.glob("*.docx"))
    subprocess.run([soffice, profile, "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                    "--outdir", str(work / "pdf"), *files], check=True, capture_output=True, timeout=600)
    return {name: (work / "pdf" / f"{n:02d}.pdf").read_bytes() for n, name in enumerate(names)}


@pytest.fixture(scope="module")
def scans(pdfs) -> dict[str, bytes]:
    """Form name -> an image-only PDF of its scanned pages (+1.5° and -2° in turn)."""
    rng = np.random.default_rng(2024)
    out = {}
    for n, (name, pdf) in enumerate(pdfs.items()):
        pages = pages_of(pdf)
        out[name] = image_pdf([scanned(p, (1.5, -2.0)[(n + i) % 2], rng) for i, p in enumerate(pages)])
    return out


@pytest.fixture(scope="module")
def results(scans, config) -> dict[str, tuple[Layout, dict, float]]:
    """Form name -> (Layout, extracted fields, seconds) for every scanned form."""
    ocr_engine()  # model loading is not page time
    out = {}
    for name, data in scans.items():
        if name == REPORT:
            continue
        start = time.perf_counter()
        layout = read_scanned_pdf(data, config)
        seconds = time.perf_counter() - start
        extraction = interpret(layout, config)
        assert extraction.doc_type == "application", (name, extraction.notes)
        out[name] = (layout, extraction.fields.model_dump(), seconds)
    return out


# -- scanned forms -------------------------------------------------------------------------------------

def test_scanned_forms_give_the_fields(results, manifest, capsys):
    hits = total = 0
    misses = []
    for name in FORMS:
        truth = manifest["files"][name]["fields"]
        _, got, _ = results[name]
        for key in FIELDS:
            total += 1
            if squash(truth[key]) == squash(got[key]):
                hits += 1
            else:
                misses.append(f"{name} {key}: {difference(truth[key], got[key])}")
    pages = sum(results[n][0].pages or 0 for n in FORMS)
    seconds = sum(results[n][2] for n in FORMS)
    with capsys.disabled():
        print(f"\nOCR: {len(FORMS)} scanned forms, {pages} pages, {seconds:.1f} s = {seconds / pages:.1f} s a page; "
              f"fields {hits}/{total} ({100 * hits / total:.1f} %)")
        for miss in misses:
            print("  miss:", miss)
    assert hits >= 0.95 * total, misses
    brand_misses = [n for n in FORMS if results[n][1]["brand_name"] != manifest["files"][n]["fields"]["brand_name"]]
    assert not brand_misses, brand_misses


def test_borderless_form_becomes_a_table(results):
    layout, got, _ = results["borderless.docx"]
    assert any(isinstance(b, Table) for b in layout.blocks)
    for key, value in BORDERLESS.items():
        assert squash(got[key]) == squash(value), key


def test_scanned_report_keeps_its_parts_photos_and_length(scans, manifest, config):
    layout = read_scanned_pdf(scans[REPORT], config)
    extraction = interpret(layout, config)
    truth = manifest["files"][REPORT]["report"]
    assert extraction.doc_type == "outcome_report"
    got = extraction.report
    assert got.brand_name == truth["brand_name"] and got.branch_name == truth["branch_name"]
    assert got.sections == truth["sections"]
    assert len(got.photos) == truth["photos"] and all(p.caption and p.width_cm > 5 for p in got.photos)
    assert abs(got.word_count - truth["word_count"]) <= 0.02 * truth["word_count"]
    assert len(layout.header_texts) >= 2  # the running header is not body text


def test_layout_is_marked_as_ocr_with_confidence_and_pages(results, pdfs):
    for name in FORMS:
        layout = results[name][0]
        assert layout.ocr and layout.source_format == "ocr"
        assert layout.pages == len(pages_of(pdfs[name], dpi=10))
        assert 0.8 < (layout.ocr_confidence or 0) <= 1
        paragraphs = [p for p in layout.paragraphs() if p.text]
        assert paragraphs and all(p.confidence is not None and 0 < p.confidence <= 1 for p in paragraphs)
        assert all(p.page is not None and 1 <= p.page <= layout.pages for p in paragraphs)
        assert min(p.confidence for p in paragraphs) <= layout.ocr_confidence
    grid = results["后勤保障处党支部-党建项目申报表.docx"][0]
    tables = [b for b in grid.blocks if isinstance(b, Table)]
    assert len(tables) == 1, "the table running over the page break is one Table again"
    assert any(c.vmerge == "restart" for row in tables[0].rows for c in row)
    assert any(c.span > 1 for row in tables[0].rows for c in row)
    assert not any(isinstance(b, Table) for b in results["外国语学院学生第一党支部-品牌申报书.docx"][0].blocks)


# -- photographs and orientation -----------------------------------------------------------------------

def photographed(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A page photographed on a desk: a border of desk, turned 2.5°, light falling off to one side."""
    page = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    h, w = gray.shape
    desk = np.full((int(h * 1.12), int(w * 1.15), 3), (70, 90, 110), np.uint8)
    y, x = (desk.shape[0] - h) // 2, (desk.shape[1] - w) // 2
    desk[y:y + h, x:x + w] = page
    m = cv2.getRotationMatrix2D((desk.shape[1] / 2, desk.shape[0] / 2), 2.5, 1.0)
    desk = cv2.warpAffine(desk, m, (desk.shape[1], desk.shape[0]), borderValue=(70, 90, 110))
    light = np.linspace(0.82, 1.0, desk.shape[1])[None, :, None]
    out = desk.astype(np.float32) * light + rng.normal(0, 6, desk.shape)
    return cv2.GaussianBlur(np.clip(out, 0, 255).astype(np.uint8), (3, 3), 0)


SDPC = "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx"  # a one-page form


def test_photographed_page_png(pdfs, manifest, config):
    photo = png(photographed(pages_of(pdfs[SDPC])[0], np.random.default_rng(5)))
    layout = read_image(photo, config)
    assert layout.ocr and layout.pages == 1
    got = interpret(layout, config).fields.model_dump()
    truth = manifest["files"][SDPC]["fields"]
    assert got["brand_name"] == truth["brand_name"]
    assert sum(squash(got[k]) == squash(truth[k]) for k in FIELDS) >= 8


def test_page_a_quarter_turn_off_is_turned_back(pdfs, manifest, config):
    page = cv2.rotate(pages_of(pdfs[SDPC])[0], cv2.ROTATE_90_COUNTERCLOCKWISE)
    layout = read_image(png(page), config)
    assert any("sideways" in n for n in layout.notes)
    assert interpret(layout, config).fields.brand_name == manifest["files"][SDPC]["fields"]["brand_name"]


# -- hostile and empty input ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(100_000, 100_000), (8_000, 6_000)])
def test_decompression_bomb_header_is_refused_before_decoding(config, size):
    start = time.perf_counter()
    with pytest.raises(BadInput) as err:
        read_image(png_header(*size), config)
    assert err.value.code == "too_large"
    assert time.perf_counter() - start < 5.0


@pytest.mark.parametrize("data", [os.urandom(4096), b"", b"\x89PNG\r\n\x1a\n" + os.urandom(200),
                                  b"\xff\xd8\xff\xe0" + b"\0" * 100])
def test_unreadable_images_are_bad_image(config, data):
    with pytest.raises(BadInput) as err:
        read_image(data, config)
    assert err.value.code == "bad_image"
    assert err.value.zh and err.value.en


def test_blank_page_has_no_text(config):
    rng = np.random.default_rng(3)
    blank = np.clip(245 + rng.normal(0, 6, (2339, 1654)), 0, 255).astype(np.uint8)
    layout = read_image(png(blank), config)
    assert layout.blocks == [] and layout.ocr and layout.ocr_confidence is None
    assert interpret(layout, config).doc_type == "unknown"


def test_multi_page_tiff_gives_pages_and_counts_against_max_pages(config):
    frames = [Image.fromarray(np.full((400, 300), 250, np.uint8)) for _ in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    layout = read_image(buf.getvalue(), config)
    assert layout.pages == 3 and layout.blocks == []
    with pytest.raises(BadInput) as err:
        read_image(buf.getvalue(), load_config(overrides={"ocr": {"max_pages": 2}}))
    assert err.value.code == "too_many_pages"


def test_bounds_from_the_ocr_table(scans):
    two_pages = scans["根河市财政局机关党支部-市直机关党建品牌申报表.docx"]
    with pytest.raises(BadInput) as err:
        read_scanned_pdf(two_pages, load_config(overrides={"ocr": {"max_pages": 1}}))
    assert err.value.code == "too_many_pages"
    with pytest.raises(BadInput) as err:
        read_scanned_pdf(two_pages, load_config(overrides={"ocr": {"max_seconds": 0.01}}))
    assert err.value.code == "too_slow"
    with pytest.raises(BadInput) as err:
        read_scanned_pdf(two_pages, load_config(overrides={"ocr": {"max_pixels": 1_000_000}}))
    assert err.value.code == "too_large"  # the embedded page images are larger, by their declared size
    with pytest.raises(BadInput) as err:
        read_scanned_pdf(b"%PDF-1.4\n" + os.urandom(300), load_config())
    assert err.value.code == "bad_pdf"


def test_selected_pages_only(scans, config):
    layout = read_scanned_pdf(scans["根河市财政局机关党支部-市直机关党建品牌申报表.docx"], config, pages=[2, 9])
    assert layout.pages == 1  # pages read; paragraphs keep the PDF's own page numbers
    assert {p.page for p in layout.paragraphs() if p.text} == {2}


def test_one_engine_per_process():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(ocr_engine())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(e) for e in seen}) == 1 and seen[0] is ocr_engine()


# -- pieces without recognition ------------------------------------------------------------------------

@pytest.mark.parametrize(("read", "fixed"), [
    ('“薪火相传"寓意', "“薪火相传”寓意"), ('概括为”一个核心”：', "概括为“一个核心”："), ("(4) 在学院", "（4）在学院"),
    ("附件:", "附件："), ("达到100%.", "达到100%。"), ("1.建立档案", "1.建立档案"), ("二0二二年六月", "二〇二二年六月"),
    ("品牌名称‘", "品牌名称"), ("·支部组建", "支部组建"), ("双方．党员", "双方党员"), ("红色引擎·先锋领航", "红色引擎·先锋领航"),
    ("程序。，把", "程序，把"), ("服务导.向", "服务导向"), ("成效.", "成效。"), ("好评。，", "好评。"), ("|建筑学院", "建筑学院"), ("2024.9.18", "2024.9.18"),
])
def test_recognition_fixes(read, fixed):
    from extractors.ocr_fixes import normalise

    assert normalise(read) == fixed


def test_grid_of_drawn_rules_has_spans_and_vertical_merges():
    from extractors.ocr_grid import find_grids
    from extractors.ocr_image import ink

    page = np.full((900, 1200), 255, np.uint8)
    xs, ys = [100, 300, 600, 800, 1100], [100, 160, 220, 400, 580, 800]

    def line(a, b):
        cv2.line(page, a, b, 0, 2)

    for y in (ys[0], ys[1], ys[2], ys[5]):
        line((xs[0], y), (xs[-1], y))
    for y in (ys[3], ys[4]):  # the first column is one cell over rows 2-4
        line((xs[1], y), (xs[-1], y))
    for x in (xs[0], xs[1], xs[-1]):
        line((x, ys[0]), (x, ys[-1]))
    for x in (xs[2], xs[3]):  # row 1 has four cells, the others two
        line((x, ys[1]), (x, ys[2]))
    grids = find_grids(ink(page), 30.0, [])
    assert len(grids) == 1
    cells = {(c.r0, c.r1, c.c0, c.c1) for c in grids[0].cells}
    assert (0, 0, 1, 3) in cells  # a value merged over three columns
    assert {(1, 1, 1, 1), (1, 1, 2, 2), (1, 1, 3, 3)} <= cells
    assert (2, 4, 0, 0) in cells  # a label merged down three rows
