"""extractors.ocr_*: the OCR reader's own cases. Every sample scanned is tested in test_scans.

Here: a form typed as a borderless table, a photographed page (PNG, a desk around it, uneven light), a page
a quarter turn off, decompression-bomb headers, random bytes, a blank page, a multi-page TIFF, the bounds
from [ocr], page selection, one engine per process, the recognition fixes and the ruled-grid finder.
"""

from __future__ import annotations

import io
import os
import re
import struct
import threading
import time
import zlib
from itertools import pairwise

import cv2
import docx
import numpy as np
import pytest
from docx.shared import Cm, Pt
from PIL import Image
from sample_derived import convert, page_images, scan_pdf

from extractors.ocr.reader import ocr_engine, read_image, read_scanned_pdf
from extractors.registry import interpret
from pipeline.model.config import load_config
from pipeline.model.errors import BadInput
from pipeline.model.layout import Table
from pipeline.model.records import FIELD_NAMES_ZH

TWO_PAGES = "根河市财政局机关党支部-市直机关党建品牌申报表.docx"
BORDERLESS = {"branch_name": "机关党委第三党支部", "brand_name": "初心灯塔", "leader": "王晓东",
              "summary": "“初心灯塔”寓意党支部像灯塔一样为群众指引方向，照亮前行道路。品牌坚持政治引领、服务导向、"
                         "融合发展三项原则，致力于把党的政治优势转化为推动工作的实际成效。",
              "measures": "1.建立党员服务岗，每周开展一次志愿服务活动，做到有求必应。\n"
                          "2.开展结对共建，与社区党组织共享资源，共同举办主题党日。",
              "expected_outcomes": "培育一至两名优秀党员典型，力争支部获评校级先进基层党组织，形成可推广的品牌工作机制。",
              "branch_opinion": "同意申报。"}


NINE = tuple(FIELD_NAMES_ZH)[:9]  # the nine fields every sample form has (the optional ones come after)


def squash(value: object) -> str:
    return re.sub(r"\s", "", str(value))


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
    return page_images(pdf, dpi, gray=True)


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
def pdfs(sample_pdfs, tmp_path_factory) -> dict[str, bytes]:
    """Name -> PDF: the samples' (LibreOffice, untagged) and the borderless form's."""
    out = {name: pdf for name, (_, pdf) in sample_pdfs["untagged"].items()}
    work = tmp_path_factory.mktemp("ocr-borderless")
    out["borderless.docx"] = convert({"borderless.docx": borderless_form()}, "pdf", work)["borderless"]
    return out


@pytest.fixture(scope="module")
def scans(pdfs) -> dict[str, bytes]:
    """Name -> an image-only PDF of its scanned pages, for the few documents read here."""
    return {name: scan_pdf(pdfs[name], seed=n) for n, name in enumerate(["borderless.docx", TWO_PAGES])}


def test_borderless_form_becomes_a_table(scans, config):
    layout = read_scanned_pdf(scans["borderless.docx"], config)
    got = interpret(layout, config).fields.model_dump()
    assert any(isinstance(b, Table) for b in layout.blocks)
    assert got["brand_name"] == BORDERLESS["brand_name"]
    misses = [f"{key}: {got[key]!r}" for key, value in BORDERLESS.items() if squash(got[key]) != squash(value)]
    assert len(misses) <= 1, misses  # a misread character (a speck of dust read as '：') is OCR's lot


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
    assert sum(squash(got[k]) == squash(truth[k]) for k in NINE) >= 8


def at_an_angle(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A page photographed with the phone tilted: the sheet a trapezium on a desk (its far edge 12 % narrower
    and the whole turned a little), light falling off, grain, a slight blur (JPEG-like)."""
    h, w = gray.shape
    page = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    big_w, big_h = int(w * 1.3), int(h * 1.2)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = np.array([[0.2 * w, 0.09 * h], [1.08 * w, 0.06 * h], [1.17 * w, 1.13 * h], [0.1 * w, 1.1 * h]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(page, matrix, (big_w, big_h), borderMode=cv2.BORDER_CONSTANT, borderValue=(60, 75, 95))
    light = np.linspace(0.8, 1.0, big_h)[:, None, None]
    out = out.astype(np.float32) * light + rng.normal(0, 6, out.shape)
    return cv2.GaussianBlur(np.clip(out, 0, 255).astype(np.uint8), (3, 3), 0)


@pytest.mark.parametrize("name", [SDPC, "建筑学院教工党支部-申报表.docx"])  # the second: rules sloping after the warp
def test_page_photographed_at_an_angle_is_flattened(name, pdfs, manifest, config):
    photo = png(at_an_angle(pages_of(pdfs[name])[0], np.random.default_rng(8)))
    layout = read_image(photo, config)
    assert any("flattened" in n for n in layout.notes)
    assert any(isinstance(b, Table) for b in layout.blocks)
    got = interpret(layout, config).fields.model_dump()
    truth = manifest["files"][name]["fields"]
    assert got["brand_name"] == truth["brand_name"]
    assert sum(squash(got[k]) == squash(truth[k]) for k in NINE) >= 8


def test_sheet_corners_only_for_a_sheet_on_a_background():
    from extractors.ocr.sheet import corners

    rng = np.random.default_rng(2)
    scan = np.clip(245 + rng.normal(0, 5, (1400, 1000)), 0, 255).astype(np.uint8)
    cv2.rectangle(scan, (100, 100), (900, 1300), 0, 2)  # a ruled page filling the picture: a scan
    assert corners(scan) is None
    desk = np.full((1400, 1000), 70, np.uint8)
    desk[150:1250, 120:880] = 240  # an upright sheet on a desk: nothing to correct
    assert corners(desk) is None
    tilted = np.full((1400, 1000), 70, np.uint8)
    quad = np.array([[200, 150], [820, 120], [900, 1250], [120, 1280]], np.int32)
    cv2.fillConvexPoly(tilted, quad, 240)
    found = corners(tilted)
    assert found is not None and np.abs(found - quad).max() < 12, found


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
    two_pages = scans[TWO_PAGES]
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
    assert err.value.code == "corrupt_pdf"


def test_encrypted_and_damaged_pdfs_get_the_pdf_readers_codes(samples_dir, config):
    """One detection (extractors.pdf.document): the scan reader refuses a PDF as the PDF reader does."""
    from extractors.pdf.reader import read_pdf

    cases = [("encrypted", (samples_dir / "encrypted.pdf").read_bytes()),
             ("corrupt_pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40), ("corrupt_pdf", b"%PDF-")]
    for code, data in cases:
        for read in (read_pdf, read_scanned_pdf):
            with pytest.raises(BadInput) as err:
                read(data, config)
            assert err.value.code == code, (read.__name__, code)
            assert err.value.zh and err.value.en


def test_selected_pages_only(scans, config):
    layout = read_scanned_pdf(scans[TWO_PAGES], config, pages=[2, 9])
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
    from extractors.ocr.fixes import normalise

    assert normalise(read) == fixed


def test_grid_of_drawn_rules_has_spans_and_vertical_merges():
    from extractors.ocr.grid import find_grids
    from extractors.ocr.image import ink

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


def test_photo_right_under_a_ruled_table_is_the_photo_alone():
    """A table ruled right against the photo below it joins the photo's ink through its rulings; the photo
    region must still be the photo only (else the table's words count as words inside a photo and are lost)."""
    from extractors.ocr.image import photo_regions

    page = np.full((2339, 1654), 250, np.uint8)
    xs, ys = (200, 600, 1000, 1450), (800, 850, 900, 950, 1000)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    rng = np.random.default_rng(1)
    page[1000:1700, 360:1390] = rng.integers(40, 190, (700, 1030))  # the photo, touching the last ruling
    cells = [(x0 + 20, y0 + 10, x1 - 20, y1 - 10) for y0, y1 in pairwise(ys) for x0, x1 in pairwise(xs)]
    regions = photo_regions(page, cells, min_w=300, min_h=200)
    assert len(regions) == 1
    r = regions[0]
    assert abs(r.y0 - 1000) <= 12 and abs(r.y1 - 1700) <= 12, r
    assert abs(r.x0 - 360) <= 12 and abs(r.x1 - 1390) <= 12, r


def test_centred_short_line_under_a_scanned_photo_is_its_caption():
    """A caption in a caption style has no '图 n' to know it by: on a scan, the short line centred just under
    the photo is marked 'Caption', as the PDF reader does; body text under a photo is not."""
    from extractors.ocr.engine import Box
    from extractors.ocr.image import Region
    from extractors.ocr.text import page_items

    photo = Region(400, 300, 1250, 900)
    boxes = [Box(200, 200, 1450, 250, "正文第一行，照片前面的一段文字。", 0.99),
             Box(650, 920, 1000, 965, "支部党员集中学习研讨", 0.98),
             Box(200, 1010, 1450, 1055, "品牌创建有力推动了党建工作与业务工作深度融合，党员群众的", 0.99),
             Box(200, 1065, 900, 1110, "获得感显著提升。", 0.99)]
    items = page_items(boxes, [], [photo], unit=45.0, page=1, dpi=200)
    texts = {getattr(i, "text", ""): getattr(i, "style", None) for i in items}
    assert texts["支部党员集中学习研讨"] == "Caption"
    assert all(style is None for text, style in texts.items() if text != "支部党员集中学习研讨")
    # the same words left-aligned under the photo, or far below it, are no caption
    for moved in (Box(200, 920, 550, 965, "支部党员集中学习研讨", 0.98), Box(650, 1300, 1000, 1345, "支部党员集中学习研讨", 0.98)):
        items = page_items([boxes[0], moved], [], [photo], unit=45.0, page=1, dpi=200)
        assert all(getattr(i, "style", None) is None for i in items)
