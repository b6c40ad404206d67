"""The PDF reader (extractors/pdf_reader.py) against the very documents it must agree with: the Word files.

Every ok sample that is a Word document (mail attachments included) is converted to PDF by LibreOffice twice
per session (conftest.sample_pdfs), each time in one soffice call over the batch: tagged, as
Word's "Save as PDF" writes by default (structure tags), and untagged, LibreOffice's own default. judge() of
each PDF must then give what judge() of its .docx gives: doc_type, the form fields exactly, the report parts
exactly, the photo count and captioned photos exactly, brand and branch names, and 字数 exactly; and its
tables must have the .docx's shape (grid column, span, vertical merge and text of every cell, and `ruled`):
every table the .docx draws with borders, and its photo grids, and no other (a PDF keeps no trace of a
borderless table but its text, which reads as lines).

The bounds are tested on PDFs written here byte by byte: encrypted (RC4, Standard security handler) with
and without a user password, truncated, garbage behind a %PDF header, a broken xref, 500 pages, a page of
pure vector drawing, the page-text cap, the deadline, and a scanned page (image only) for scanned_pages.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.docx.reader import read_docx
from extractors.pdf.reader import read_pdf, scanned_pages
from pipeline.model.config import load_config
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout, Table
from pipeline.model.records import DocumentRecord, Submission
from pipeline.run import judge

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "samples" / "golden" / "export.jsonl"


NOT_WORD = {"plain.pdf"}  # the one ok sample that is a PDF to begin with


def _ok_sample_names() -> list[str]:
    """The ok samples by name, known at collection time from the golden export (the manifest itself is only
    written when the session runs; test_every_word_sample_is_compared checks the two lists agree)."""
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(r["file"] for r in rows if r["status"] == "ok" and r["file"] not in NOT_WORD)



# A form whose 支部意见 cell holds two paragraphs, the first exactly filling its last line (28 characters in a
# 28-character cell) and the second starting flush left without numbering or spacing. An untagged PDF shows two
# full lines; nothing in it tells a paragraph end from a wrap, so the reader joins them and branch_opinion loses
# its '\n'. The tagged export of the same form says where the paragraph ends, and must be exact. Kept as a
# strict xfail (untagged only) so a fix is noticed.
# The same holds for the 成员 cell of the 融媒体 form: '苏晓婷、罗子涵、贺嘉怡' is a paragraph of 11 characters
# (132 pt) in a cell 133.6 pt wide, and '彭博文；谢雨桐' starts the next flush left: members lose the split
# between 贺嘉怡 and 彭博文.
AMBIGUOUS = {
    "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx":
        "branch_opinion: a paragraph whose last line exactly fills the cell, followed by an unindented one",
    "融媒体学生党支部 一支部一特色申报表.docx":
        "members: a paragraph whose last line exactly fills the cell, followed by an unindented one",
}
NAMES = _ok_sample_names()
EXPORTS = ("tagged", "untagged")  # conftest.PDF_EXPORTS
CASES = [pytest.param(n, kind, marks=pytest.mark.xfail(strict=True, reason=AMBIGUOUS[n]))
         if kind == "untagged" and n in AMBIGUOUS else pytest.param(n, kind)
         for kind in EXPORTS for n in NAMES]


def _submission(name: str, data: bytes, detected: str) -> Submission:
    return Submission(file=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      detected=detected, extension=name.rsplit(".", 1)[-1])


@pytest.fixture(scope="module")
def exports(sample_pdfs) -> dict[str, dict[str, tuple[bytes, bytes]]]:
    """kind ('tagged', 'untagged') → name → (docx bytes, the PDF LibreOffice made of it)."""
    out = {kind: {name: (docx, pdf) for name, (docx, pdf) in pairs.items()} for kind, pairs in sample_pdfs.items()}
    assert b"/StructTreeRoot" in next(iter(out["tagged"].values()))[1], "the tagged export is not tagged"
    assert b"/StructTreeRoot" not in next(iter(out["untagged"].values()))[1]
    return out


def _facts(rec: DocumentRecord) -> dict:
    facts: dict = {"status": rec.status, "error": rec.error, "doc_type": rec.doc_type,
                   "fields": rec.fields.model_dump() if rec.fields else None}
    if rec.report:
        r = rec.report
        facts["report"] = {"sections": list(r.sections), "photos": r.photo_count, "captioned": r.captioned_photos,
                           "brand_name": r.brand_name, "branch_name": r.branch_name}
    return facts


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_pdf_is_judged_like_its_docx(name: str, kind: str, exports, config, params) -> None:
    docx, pdf = exports[kind][name]
    want = judge(_submission(name, docx, "docx"), config, params)
    got = judge(_submission(name + ".pdf", pdf, "pdf"), config, params)
    assert got.status == "ok", f"{name}: {got.error}"
    assert _facts(got) == _facts(want), name
    if want.report:
        words, expected = got.report.word_count, want.report.word_count
        assert words == expected, f"{name}: 字数 {words} vs {expected}"


def _shown(table: Table) -> bool:
    """What a PDF can show as a table: one drawn with borders, or a grid of photos (no rulings needed)."""
    return bool(table.ruled) or any(p.pictures for row in table.rows for c in row for p in c.paragraphs)


def _tables(layout: Layout, only_shown: bool = False) -> list[tuple[bool | None, list[list[tuple]]]]:
    return [(block.ruled, [[(c.col, c.span, c.vmerge, "".join(c.text.split()) if c.vmerge != "continue" else "")
                            for c in row] for row in block.rows])
            for block in layout.blocks if isinstance(block, Table) and (_shown(block) or not only_shown)]


@pytest.mark.parametrize("kind", EXPORTS)
@pytest.mark.parametrize("name", NAMES)
def test_pdf_tables_have_the_docx_shape(name: str, kind: str, exports, config) -> None:
    docx, pdf = exports[kind][name]
    assert _tables(read_pdf(pdf, config)) == _tables(read_docx(docx, config.intake), only_shown=True), name


def test_a_borderless_cover_table_reads_as_its_lines(exports, config) -> None:
    """The 样板支部 form's cover is a table without borders (no style, no w:tblBorders): the docx reader says
    so, the PDF shows no rulings and gives its rows as 'label：  value' lines, and its ruled form table is
    rebuilt as drawn."""
    name = "矿业工程学院采矿教工党支部-样板支部申报书.docx"
    docx = read_docx(exports["tagged"][name][0], config.intake)
    assert [t.ruled for t in docx.blocks if isinstance(t, Table)] == [False, True]
    for kind in EXPORTS:
        layout = read_pdf(exports[kind][name][1], config)
        assert [t.ruled for t in layout.blocks if isinstance(t, Table)] == [True]
        texts = [b.text for b in layout.blocks if not isinstance(b, Table)]
        assert "申报党组织：  矿业工程学院采矿教工党支部" in texts and "联 系 人：" in texts


def test_a_line_break_inside_a_tagged_paragraph_is_kept(exports, config) -> None:
    """The 7、 cell of the 海洋 form is one paragraph: '7、项目预期成果及成果形式', a line break (w:br), then the
    text. The tagged PDF keeps the paragraph whole and the break as '\n' (its first line ends short of the
    cell's edge); the untagged PDF gives two paragraphs; either way the cell reads as in the .docx."""
    name = "海洋科学学院-创新项目申报书（签字版）.docx"

    def cell(layout: Layout):
        return next(c for t in layout.blocks if isinstance(t, Table) for row in t.rows for c in row
                    if c.text.startswith("7、"))

    want = cell(read_docx(exports["tagged"][name][0], config.intake))
    assert want.paragraphs[0].text.startswith("7、项目预期成果及成果形式\n形成")
    for kind in EXPORTS:
        got = cell(read_pdf(exports[kind][name][1], config))
        assert got.text == want.text, kind
        assert len(got.paragraphs) == (len(want.paragraphs) if kind == "tagged" else len(want.paragraphs) + 1)


def test_every_word_sample_is_compared(word_samples) -> None:
    missing = sorted(set(word_samples) - set(NAMES))
    assert not missing, f"ok samples missing from {GOLDEN.name} (regenerate it): {missing}"


@pytest.mark.parametrize("kind", EXPORTS)
def test_page_furniture_is_left_out_of_the_text(kind: str, exports, config) -> None:
    """The report with a running header, a header logo and page numbers: none of them in the body."""
    name = "信息学院第一学生党支部-成果报告.docx"
    layout = read_pdf(exports[kind][name][1], config)
    assert layout.pages and layout.pages > 1
    assert layout.header_texts and layout.header_pictures >= 1
    assert "1" in layout.footer_texts
    body = [p.text.strip() for p in layout.paragraphs()]
    assert not any(t in body for t in layout.header_texts + layout.footer_texts)
    photos = [p for p in layout.paragraphs() if p.pictures]
    assert len(photos) == 4 and all(not p.pictures[0].floating for p in photos)


# -- PDFs written byte by byte --------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes(range(16))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pdf(pages: list[bytes], *, user_password: bytes | None = None, rotate: int = 0) -> bytes:
    """A PDF of pages with these content streams (/F1 Helvetica, /F2 a Chinese CID font taking UCS-2 codes,
    /F3 Courier, /Im1 a 2×2 grey image), optionally encrypted with the Standard security handler (revision 2, 40-bit
    RC4) under this user password."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    ]
    streams: dict[int, bytes] = {4: b"\x00\xff\xff\x00"}
    kids = []
    for content in pages:
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(b"%d 0 R" % page_no)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources << /Font << "
                       b"/F1 3 0 R /F2 5 0 R /F3 8 0 R >> /XObject << /Im1 4 0 R >> >> /Contents %d 0 R >>" % (rotate, content_no))
        objects.append(b"")
        streams[content_no] = content
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(pages))
    trailer = b""
    key = b""
    if user_password is not None:
        owner = hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5]
        o_value = _rc4(owner, (user_password + _PAD)[:32])
        key = hashlib.md5((user_password + _PAD)[:32] + o_value + struct.pack("<i", -44) + _FILE_ID).digest()[:5]
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>"
                       % (o_value.hex().encode(), _rc4(key, _PAD).hex().encode()))
        trailer = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), _FILE_ID.hex().encode(), _FILE_ID.hex().encode())
    for number, data in streams.items():
        if key:
            data = _rc4(hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[:10], data)
        head = b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 " \
            if number == 4 else b""
        objects[number - 1] = b"<< %s/Length %d >>\nstream\n%s\nendstream" % (head, len(data), data)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _chinese(text: str, x: int, y: int, size: int = 12) -> bytes:
    return b"BT /F2 %d Tf %d %d Td <%s> Tj ET" % (size, x, y, text.encode("utf-16-be").hex().upper().encode())


def _text(*lines: str, y: int = 760) -> bytes:
    ops = [b"BT /F1 12 Tf 72 %d Td 16 TL" % y] + [b"(%s) Tj T*" % line.encode("latin-1") for line in lines]
    return b"\n".join([*ops, b"ET"])


def _words(layout: Layout) -> str:
    return " ".join(p.text for p in layout.paragraphs())


def _refused(data: bytes, config) -> str:
    with pytest.raises(BadInput) as info:
        read_pdf(data, config)
    return info.value.code


def test_password_protected_pdf_is_refused(config) -> None:
    data = _pdf([_text("Only with the password")], user_password=b"secret")
    with pdfium.PdfDocument(data, password="secret") as doc:  # a real encrypted file: the password opens it
        assert "Only with the password" in doc[0].get_textpage().get_text_range()
    assert _refused(data, config) == "encrypted"


def test_the_samples_encrypted_pdf_is_refused(samples_dir, config) -> None:
    assert _refused((samples_dir / "encrypted.pdf").read_bytes(), config) == "encrypted"


def test_encrypted_pdf_with_an_empty_user_password_is_read(config) -> None:
    layout = read_pdf(_pdf([_text("Opened without a password")], user_password=b""), config)
    assert "Opened without a password" in _words(layout)


def test_truncated_and_garbage_pdfs_are_corrupt(config) -> None:
    whole = _pdf([_text("Cut short")] * 3)
    assert _refused(whole[: len(whole) // 3], config) == "incomplete"  # cut short: tests/test_bad_files.py
    for data in (b"%PDF-1.7\n" + bytes(range(256)) * 40, b"%PDF-"):
        assert _refused(data, config) == "corrupt_pdf"


def test_broken_xref_is_repaired_or_refused_quickly(config) -> None:
    data = _pdf([_text("Behind a broken xref")])
    broken = data[: data.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n"
    start = time.perf_counter()
    try:
        assert "Behind a broken xref" in _words(read_pdf(broken, config))
    except BadInput as exc:
        assert exc.code == "corrupt_pdf"
    assert time.perf_counter() - start < 5


def _many_pages(n: int) -> bytes:
    doc = pdfium.PdfDocument.new()
    try:
        for _ in range(n):
            doc.new_page(595, 842).close()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def test_five_hundred_pages_are_refused_quickly_or_read_within_the_bound(config) -> None:
    data = _many_pages(500)
    start = time.perf_counter()
    assert _refused(data, config) == "too_many_pages"
    assert time.perf_counter() - start < 5
    roomy = load_config(overrides={"pdf": {"max_pages": 600}})
    start = time.perf_counter()
    assert _refused(data, roomy) == "blank"  # all 500 pages read, nothing on any of them
    assert time.perf_counter() - start < roomy.pdf.max_seconds


def test_the_deadline_stops_reading(config) -> None:
    hasty = load_config(overrides={"pdf": {"max_seconds": 1e-9}})
    assert _refused(_pdf([_text("One")] * 3), hasty) == "too_slow"


def test_a_page_of_pure_vector_drawing_gives_a_result_in_time(config) -> None:
    strokes = b"\n".join(b"%d %d m %d %d l S" % (i % 500, i % 800, i % 500 + 3, i % 800 + 2) for i in range(30000))
    data = _pdf([_text("Chart page") + b"\n" + strokes])
    start = time.perf_counter()
    layout = read_pdf(data, config)
    assert time.perf_counter() - start < 10
    assert "Chart page" in _words(layout)
    assert any("too many drawing objects" in note for note in layout.notes)


def test_a_page_or_a_document_with_too_much_text_is_refused(config) -> None:
    tight = load_config(overrides={"pdf": {"max_chars_per_page": 10}})
    assert _refused(_pdf([_text("Far more than ten characters")]), tight) == "page_too_complex"
    small = load_config(overrides={"pdf": {"max_chars": 30}})
    assert _refused(_pdf([_text("Twenty characters ok")] * 2), small) == "too_much_text"


def test_scanned_pages_are_listed_for_ocr_and_noted(config) -> None:
    scan = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    data = _pdf([_text("A page with a text layer"), scan, _text("Another one")])
    assert scanned_pages(data) == [2]
    layout = read_pdf(data, config)
    assert any("OCR" in note for note in layout.notes)
    assert not any(p.pictures for p in layout.paragraphs())  # the scan is no photo
    assert "A page with a text layer" in _words(layout) and "Another one" in _words(layout)


def test_latin_words_wrapped_over_lines_join_with_a_space_and_a_superscript_stays_in_its_line(config) -> None:
    """Courier (7.2 pt a character at 12 pt): two full lines of 60 characters and a short last one are one
    paragraph, joined with a space where a Latin word wrapped; a raised footnote mark stays in its line."""
    first, second = "Wrapped Latin words are joined with one space at a line end,", "as the writer typed"
    second = (second + " them: nothing else goes in between the two words").ljust(60)[:60].rstrip()
    content = (b"BT /F3 12 Tf 16 TL 72 700 Td (%s) Tj T* (%s) Tj T* (the end.) Tj T* T* (Note) Tj 5 Ts /F3 7 Tf (1) Tj "
               b"0 Ts /F3 12 Tf ( below) Tj ET" % (first[:60].encode(), second.encode()))
    layout = read_pdf(_pdf([content]), config)
    assert [p.text for p in layout.paragraphs()] == [f"{first[:60]} {second} the end.", "Note1 below"]


def test_a_rotated_page_reads_left_to_right_top_to_bottom(config) -> None:
    """/Rotate 90 (a landscape page): the text runs up the page in PDF space and across it when shown."""
    lines = b"BT /F1 12 Tf 0 1 -1 0 100 72 Tm (First line shown) Tj 0 1 -1 0 124 72 Tm (Second line) Tj ET"
    watermark = b"BT /F1 40 Tf 1 0 0 1 100 300 Tm (SAMPLE) Tj ET"  # runs down the displayed page: left out
    layout = read_pdf(_pdf([lines + b"\n" + watermark], rotate=90), config)
    assert [p.text for p in layout.paragraphs()] == ["First line shown", "Second line"]


def test_photo_sized_image_becomes_a_picture_paragraph_with_its_caption(config) -> None:
    """An image of photo size with its '图1 …' caption written above it (nothing under it): a paragraph of one
    Picture sized in cm (1 pt = 2.54/72 cm), the caption right after it; a small logo in the top band is a
    header picture, not a photo."""
    header = _chinese("信息学院党支部", 72, 800, 10) + b"\nq 30 0 0 30 500 790 cm /Im1 Do Q\n"  # text + logo
    first = header + b"\n".join([
        _chinese("一、主要举措", 72, 720, 16),
        _chinese("图1 活动现场", 250, 690),
        b"q 340 0 0 255 128 420 cm /Im1 Do Q",
        _chinese("二、取得成效", 72, 380, 16),
    ])
    layout = read_pdf(_pdf([first, header + _chinese("三、下一步", 72, 720, 16)]), config)
    texts = [(p.text, bool(p.pictures)) for p in layout.paragraphs()]
    assert texts[:4] == [("一、主要举措", False), ("", True), ("图1 活动现场", False), ("二、取得成效", False)]
    pic = layout.paragraphs()[1].pictures[0]
    assert pic.width_cm == pytest.approx(340 * 2.54 / 72, abs=0.05) and not pic.floating
    assert pic.height_cm == pytest.approx(255 * 2.54 / 72, abs=0.05)
    assert layout.header_texts == ["信息学院党支部"] and layout.header_pictures == 1


def test_tagged_pdf_gives_paragraph_ids_and_untagged_none(exports) -> None:
    """The structure tree is read (the tagged export's paragraphs own its marked content); an untagged PDF gives
    nothing and the reader falls back on geometry."""
    from extractors.pdf.tags import paragraph_ids

    name = "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx"
    found = {}
    for kind in EXPORTS:
        doc = pdfium.PdfDocument(exports[kind][name][1])
        try:
            page = doc[0]
            found[kind] = paragraph_ids(page.raw)
            page.close()
        finally:
            doc.close()
    assert found["untagged"] == {}
    assert len(set(found["tagged"].values())) >= 20  # every cell paragraph of the form is its own
