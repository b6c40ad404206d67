"""extractors.legacy.binary and extractors.legacy.rebuild: the Word 97 binary's own text, and the route taken when
LibreOffice's conversion of a .doc loses its tables.

Every .doc here is written by LibreOffice from a real .docx. The binary reader must give exactly the .docx's
cell texts row by row (empty cells, line breaks, a PAGE field, a logo cell, merged cells) for a form built
here and for every Word sample. The lost tables are real: LibreOffice 7.4 exports a .docx whose table ends the
document as a .doc without the closing paragraph mark, and its own .doc reader then turns that table into one
run-on paragraph (党组织名称甲支部品牌名称…) — the issue's symptom; such files (every sample form saved so) must
be read by the whole path with every field exact and the route noted, a form filled in with Track Changes on
too (deleted text is stored in the binary; it must not be read). Where LibreOffice's .doc export itself
changes a sample (content controls, tracked changes it cannot write), the binary's text must be what
LibreOffice reads back from the same file. Files made by way of ODT keep their
tables and must keep LibreOffice's route. Hostile bytes are refused with BadInput, never another exception.
Needs LibreOffice (skipped without it, failed under CI=true).
"""

from __future__ import annotations

import io
import os
import random
import struct
import time
from pathlib import Path

import olefile
import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from extractors.docx.reader import read_docx
from extractors.legacy.binary import read_doc_text
from extractors.legacy.convert import NOTE, convert_batch, legacy_layout, soffice_path
from extractors.legacy.rebuild import REBUILT_NOTE, choose, rebuild, table_cells
from extractors.registry import extract, read_all
from pipeline.ingest import submissions_from_bytes
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout, Paragraph, Table

LOGO_CM = 2.0
FORM_FIELDS = {"branch_name": "信息学院第一学生党支部", "brand_name": "红色引擎·先锋领航", "leader": "张明"}


@pytest.fixture(scope="module")
def soffice() -> str:
    path = soffice_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice is not installed")
    return path


def _form(end_with_table: bool) -> bytes:
    """A 申报表 whose table has empty cells (a row ending in two), a line break in a cell, a PAGE field, a
    品牌标识 logo cell, a horizontal merge over three columns and a vertical merge."""
    from sample_bytes import logo_png

    doc = Document()
    doc.add_paragraph("党建品牌创建申报表")
    table = doc.add_table(rows=9, cols=4)
    table.style = doc.styles["Table Grid"]
    grid = [["党支部名称", FORM_FIELDS["branch_name"], "负责人", FORM_FIELDS["leader"]],
            ["品牌名称", FORM_FIELDS["brand_name"], "联系电话", ""],
            ["品牌标识", None, "", ""],
            ["", "", "", ""]]
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            if value is None:
                table.cell(r, c).paragraphs[0].add_run().add_picture(io.BytesIO(logo_png(64)), width=Cm(LOGO_CM))
            else:
                table.cell(r, c).paragraphs[0].text = value
    rows = [("品牌简介", ["以红色引擎带动支部建设，", "把党建与专业学习结合起来。"]),
            ("创建措施", ["一是理论学习\n二是志愿服务", "三是结对共建"]),
            ("预期成效", ["形成可复制的支部工作法。"])]
    for r, (label, paragraphs) in enumerate(rows, start=4):
        table.cell(r, 0).text = label
        cell = table.cell(r, 1).merge(table.cell(r, 3))
        for n, text in enumerate(paragraphs):
            par = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
            first, _, second = text.partition("\n")
            run = par.add_run(first)
            if second:
                run.add_break()
                par.add_run(second)
    table.cell(7, 0).merge(table.cell(8, 0)).text = "支部意见"
    table.cell(7, 1).merge(table.cell(7, 3)).text = "同意申报。"
    table.cell(8, 1).text = "支部书记签字：李华"
    page = table.cell(8, 2).paragraphs[0]
    page.add_run("第 ")
    page._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    page.add_run(" 页")
    table.cell(8, 3).text = "2024年5月8日"
    if not end_with_table:
        doc.add_paragraph("填表说明：内容须真实。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def form_docx() -> dict[str, bytes]:
    return {"closed": _form(end_with_table=False), "open": _form(end_with_table=True)}


@pytest.fixture(scope="module")
def form_docs(soffice, form_docx, tmp_path_factory) -> dict[str, bytes]:
    """'closed' (a paragraph after the table) and 'odt' by way of ODT (LibreOffice adds one), both keeping
    their tables through a conversion; 'open': the direct export of the form ending with its table."""
    from sample_derived import convert, to_doc

    closed = convert({"closed.docx": form_docx["closed"]}, "doc", tmp_path_factory.mktemp("closed"))["closed"]
    odt = to_doc({"odt.docx": form_docx["open"]}, tmp_path_factory.mktemp("odt"))["odt"]
    direct = convert({"open.docx": form_docx["open"]}, "doc", tmp_path_factory.mktemp("open"))["open"]
    return {"closed": closed, "odt": odt, "open": direct}


def _rows(layout: Layout) -> list[list[str]]:
    return [[cell.text for cell in row] for b in layout.blocks if isinstance(b, Table) for row in b.rows]


def _body(layout: Layout) -> list[str]:
    """Body paragraphs outside tables; a paragraph holding only a page break counts as empty (LibreOffice's
    .doc export turns the break into the next paragraph's 'page break before', which is not text)."""
    return ["" if b.text == "\n" else b.text for b in layout.blocks
            if isinstance(b, Paragraph) and not b.in_textbox]


# -- the binary's text -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["closed", "odt", "open"])
def test_binary_text_gives_the_docx_cells_row_by_row(kind, form_docs, form_docx, config):
    original = read_docx(form_docx["open" if kind != "closed" else "closed"], config.intake)
    text = read_doc_text(form_docs[kind])
    rebuilt = rebuild(text)
    assert _rows(rebuilt) == _rows(original)
    rows = _rows(rebuilt)
    assert rows[1] == ["品牌名称", FORM_FIELDS["brand_name"], "联系电话", ""]  # a row ending in an empty cell
    assert rows[3] == ["", "", "", ""]  # a row of empty cells only: \x07\x07\x07\x07 and the row mark
    assert rows[5] == ["创建措施", "一是理论学习\n二是志愿服务\n三是结对共建"]  # line break kept, merge of 3
    assert rows[8] == ["", "支部书记签字：李华", "第 1 页", "2024年5月8日"]  # vertical merge, PAGE's result
    assert "PAGE" not in text.raw.replace("\x13 PAGE \x14", "")  # the instruction is only between its marks
    assert text.cells == sum(len(r) for r in rows)
    logo = [p for row in rebuilt.blocks[1].rows for cell in row for p in cell.paragraphs if p.pictures]
    assert len(logo) == 1 and logo[0].pictures[0].floating is False  # the picture cell's \x01 anchor
    assert rebuilt.blocks[1].rows[2][1].paragraphs == logo
    # paragraphs outside the table; LibreOffice's ODT route adds an empty paragraph after a final table
    expected = _body(original) + ([""] if kind == "odt" else [])
    assert _body(rebuilt) == expected


# Word samples whose .doc LibreOffice writes differently from the .docx, by way of ODT, and why; for these the
# binary's text must equal what LibreOffice itself reads back from the same .doc.
EXPORT_CHANGED = {
    "Word控件-根河市财政局机关党支部-市直机关党建品牌申报表.docx":
        "LibreOffice imports the text content controls as input fields and writes each as FORMTEXT fields "
        "repeating the whole value once per text portion (tests/test_legacy.py proves it)",
    "Word修订-经济管理学院学生第三党支部-成果报告.docx":
        "LibreOffice's .doc export keeps the deleted text but not the deletion of a whole deleted paragraph's "
        "mark (an empty paragraph stays), and writes the row deleted with changes tracked as a row whose text "
        "is deleted (an empty row stays)",
}


@pytest.fixture(scope="module")
def sample_docs(soffice, word_samples, config, tmp_path_factory) -> dict[str, tuple[bytes, bytes]]:
    """Every Word sample → (the .doc LibreOffice writes by way of ODT, LibreOffice's .docx of that .doc)."""
    from sample_derived import to_doc

    names = sorted(word_samples)
    docs = to_doc({f"{n:03d}.docx": word_samples[name] for n, name in enumerate(names)},
                  tmp_path_factory.mktemp("samples-doc"))
    back = convert_batch([(f"{n:03d}.doc", docs[f"{n:03d}"]) for n in range(len(names))], config.legacy)
    return {name: (docs[f"{n:03d}"], back[n]) for n, name in enumerate(names)}


def _ends_with_table(layout: Layout) -> bool:
    return bool(layout.blocks) and isinstance(layout.blocks[-1], Table)


def test_every_word_sample_binary_text_matches_its_docx(sample_docs, word_samples, config):
    """Every Word sample (forms, reports with photos and captions, mail attachments, real-style files, the
    WPS, content-control and tracked-changes rewrites) as .doc by way of ODT: the same table cells row by row
    and the same body paragraphs. One paragraph more, and only where the .docx ends with its table: a Word
    binary's main text ends with a paragraph mark, so after a final table that mark is an empty paragraph of
    its own (Word's own .docx files carry it as a last <w:p/>; python-docx's do not). The samples of
    EXPORT_CHANGED differ from their .docx (checked, so a LibreOffice that stops changing them is noticed)
    and must equal, cells and paragraphs, what LibreOffice reads back from the same .doc."""
    assert set(EXPORT_CHANGED) <= set(word_samples)
    tables = 0
    for name in sorted(word_samples):
        doc, back = sample_docs[name]
        original = read_docx(word_samples[name], config.intake)
        rebuilt = rebuild(read_doc_text(doc))
        expected = _body(original) + ([""] if _ends_with_table(original) else [])
        if name in EXPORT_CHANGED:
            assert (_rows(rebuilt), _body(rebuilt)) != (_rows(original), expected), name
            reread = read_docx(back, config.intake)
            assert (_rows(rebuilt), _body(rebuilt)) == (_rows(reread), _body(reread)), name
            continue
        assert _rows(rebuilt) == _rows(original), name
        assert _body(rebuilt) == expected, name
        if _ends_with_table(original):
            assert isinstance(rebuilt.blocks[-2], Table) and rebuilt.blocks[-1].text == "", name
        tables += bool(_rows(original))
    assert tables >= 10  # the forms, and the reports that hold a table


def test_tracked_changes_in_the_binary_read_as_word_shows_them(sample_docs, config):
    """The tracked-changes report as .doc: the deleted text is stored in the binary (marked only in the
    character properties, sprmCFRMarkDel) and left out of the text; the inserted text is in; the moved text is
    there once (its old place is a deletion, its new one an insertion); the paragraph written in two with the
    first mark deleted reads as one. Paragraph for paragraph and row for row what LibreOffice reads."""
    from sample_wordml import INSERTED, SAMPLES

    name = next(n for n in SAMPLES if n.startswith("Word修订-"))
    doc, back = sample_docs[name]
    text = read_doc_text(doc)
    deleted = ["及意义", "（此处数据待核实）", "本段为初稿中的重复表述，已删除。"]
    shown = "\n".join(p.text for p in text.paragraphs)
    for gone in deleted:
        assert gone in text.raw and gone not in shown, gone
    assert shown.count(INSERTED) == 1
    moved = "支部设立党员先锋岗和党员责任区"
    assert text.raw.count(moved) == 2 and shown.count(moved) == 1
    reread = read_docx(back, config.intake)
    rebuilt = rebuild(text)
    assert _body(rebuilt) == _body(reread) and _rows(rebuilt) == _rows(reread)
    assert [p.text for p in rebuilt.paragraphs()] == [p.text for p in reread.paragraphs()]
    assert "打\r造" in text.raw and any("品牌定位于打造学生党员" in p.text for p in text.paragraphs)


# -- the route ---------------------------------------------------------------------------------------------

def test_a_conversion_that_lost_its_table_is_rebuilt_from_the_binary(form_docs, form_docx, config):
    (docx,) = convert_batch([("form.doc", form_docs["open"])], config.legacy)
    lost = read_docx(docx, config.intake)
    assert table_cells(lost) == 0  # LibreOffice's own reading of its own .doc: the run-on paragraph
    assert any("党支部名称" in p.text and "品牌名称" in p.text for p in lost.paragraphs())
    layout = legacy_layout(docx, form_docs["open"], config)
    assert layout.notes == [NOTE, REBUILT_NOTE]
    assert _rows(layout) == _rows(read_docx(form_docx["open"], config.intake))
    (picture,) = [pic for p in layout.paragraphs() for pic in p.pictures]
    assert picture.target and picture.target.startswith("word/media/")  # the conversion's picture, placed
    assert picture.width_cm == pytest.approx(LOGO_CM, abs=0.05)
    assert layout.blocks[1].rows[2][1].paragraphs[0].pictures == [picture]  # in the 品牌标识 value cell


@pytest.mark.parametrize("kind", ["closed", "odt"])
def test_a_conversion_that_kept_its_tables_stays(kind, form_docs, config):
    (docx,) = convert_batch([("form.doc", form_docs[kind])], config.legacy)
    layout = legacy_layout(docx, form_docs[kind], config)
    assert layout.notes == [NOTE] and layout.source_format == "docx"
    layout2, route = choose(read_docx(docx, config.intake), read_doc_text(form_docs[kind]))
    assert route == "libreoffice" and table_cells(layout2) == read_doc_text(form_docs[kind]).cells


def test_whole_path_gives_every_field_of_the_form(form_docs, form_docx, config):
    """extract (one file) and read_all (a batch, .doc and .wps names) on the form whose table LibreOffice
    loses: the same fields as the original .docx, the literal values, the route in the notes."""
    (want_sub,) = submissions_from_bytes(form_docx["open"], "form.docx", config.intake)
    want = extract(want_sub, config).fields
    assert want is not None and {k: getattr(want, k) for k in FORM_FIELDS} == FORM_FIELDS
    subs = [submissions_from_bytes(form_docs["open"], name, config.intake)[0] for name in ("a.doc", "b.wps")]
    single = extract(subs[0], config)
    assert single.doc_type == "application" and single.fields == want
    assert REBUILT_NOTE in single.notes and single.converted_from == "doc"
    for sub, layout in zip(subs, read_all(subs, config), strict=True):
        assert isinstance(layout, Layout) and REBUILT_NOTE in layout.notes
        extraction = extract(sub, config)
        assert extraction.fields == want and extraction.converted_from == sub.extension


def _tracked_form() -> bytes:
    """The form ending with its table (whose table LibreOffice's reading of its direct .doc export loses), filled
    in with Track Changes on: '（暂定）' deleted after the brand name, the leader '王刚' deleted and '张明'
    inserted, the summary's first paragraph mark deleted (Word shows its two paragraphs as one)."""
    doc = Document(io.BytesIO(_form(end_with_table=True)))
    table = doc.tables[0]
    change = 'w:author="王强" w:date="2024-05-08T10:00:00Z"'
    brand = table.cell(1, 1).paragraphs[0]._p
    brand.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" {change}><w:r><w:delText>（暂定）</w:delText></w:r></w:del>'))
    leader = table.cell(0, 3).paragraphs[0]._p
    (run,) = leader.findall(qn("w:r"))
    inserted = parse_xml(f'<w:ins {nsdecls("w")} w:id="2" {change}/>')
    run.addprevious(parse_xml(f'<w:del {nsdecls("w")} w:id="3" {change}><w:r><w:delText>王刚</w:delText></w:r></w:del>'))
    run.addprevious(inserted)
    inserted.append(run)
    first = table.cell(4, 1).paragraphs[0]._p
    first.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="4" {change}/></w:rPr>'))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_tracked_changes_in_a_rebuilt_form_read_as_word_shows_them(soffice, config, tmp_path):
    """The tracked form saved as .doc directly: LibreOffice's reading loses the table, so the whole path takes
    the binary's text, in which the deleted text is stored; the fields must be the .docx's (deleted text out,
    inserted in, the two summary paragraphs one), not the stored text."""
    from sample_derived import convert

    docx = _tracked_form()
    doc = convert({"tracked.docx": docx}, "doc", tmp_path)["tracked"]
    text = read_doc_text(doc)
    assert "红色引擎·先锋领航（暂定）" in text.raw and "王刚张明" in text.raw  # all of it is in the file
    (want_sub,) = submissions_from_bytes(docx, "tracked.docx", config.intake)
    want = extract(want_sub, config).fields
    assert want.brand_name == FORM_FIELDS["brand_name"] and want.leader == FORM_FIELDS["leader"]
    assert want.summary == "以红色引擎带动支部建设，把党建与专业学习结合起来。"
    (sub,) = submissions_from_bytes(doc, "tracked.doc", config.intake)
    got = extract(sub, config)
    assert REBUILT_NOTE in got.notes
    assert got.fields == want


def test_sample_forms_saved_as_doc_directly_are_read_exactly(soffice, config, tmp_path):
    """Every sample form saved as .doc by LibreOffice directly: those whose conversion lost the tables are
    rebuilt, and every form's fields equal the truth it was written with."""
    import sample_catalogue as catalogue
    from sample_derived import convert

    forms = catalogue.applications()
    docs = convert({f"{n:02d}.docx": data for n, (_, data, _, _) in enumerate(forms)}, "doc", tmp_path)
    subs = [submissions_from_bytes(docs[f"{n:02d}"], f"{n:02d}.doc", config.intake)[0] for n in range(len(forms))]
    conversions = convert_batch([(s.file, s.data) for s in subs], config.legacy)
    rebuilt = 0
    for (name, _, truth, _), sub, layout, docx in zip(forms, subs, read_all(subs, config), conversions,
                                                      strict=True):
        assert isinstance(layout, Layout), name
        lost = table_cells(read_docx(docx, config.intake)) == 0 and read_doc_text(sub.data).cells > 0
        assert (REBUILT_NOTE in layout.notes) == lost, name
        rebuilt += lost
        extraction = extract(sub, config)
        assert extraction.doc_type == "application", name
        got = extraction.fields.model_dump()
        assert {k: got[k] for k in truth} == truth, name
    assert rebuilt >= len(forms) // 2  # most sample forms end with their table


# -- hostile bytes -----------------------------------------------------------------------------------------

def _streams(doc: bytes, tmp_path: Path, change) -> bytes:
    """`doc` with its WordDocument and table streams changed in place by change(word, table) (same sizes)."""
    path = tmp_path / "patched.doc"
    path.write_bytes(doc)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        flags = struct.unpack_from("<H", ole.openstream("WordDocument").read(12), 10)[0]
        name = "1Table" if flags & 0x0200 else "0Table"
        word = bytearray(ole.openstream("WordDocument").read())
        table = bytearray(ole.openstream(name).read())
        change(word, table)
        ole.write_stream("WordDocument", bytes(word))
        ole.write_stream(name, bytes(table))
    return path.read_bytes()


def _fc_lcb(word: bytes, index: int) -> tuple[int, int, int]:
    """Where FibRgFcLcb pair `index` sits in the FIB, and its (fc, lcb)."""
    csw = struct.unpack_from("<H", word, 32)[0]
    cslw = struct.unpack_from("<H", word, 34 + 2 * csw)[0]
    at = 34 + 2 * csw + 2 + 4 * cslw + 2 + 8 * index
    return at, *struct.unpack_from("<II", word, at)


def _refused(data: bytes) -> BadInput:
    with pytest.raises(BadInput) as info:
        read_doc_text(data)
    assert info.value.zh and info.value.en
    return info.value


def test_random_and_truncated_bytes_are_refused(form_docs):
    doc = form_docs["closed"]
    assert _refused(b"").code == "doc_unreadable"
    assert _refused(random.Random(1).randbytes(20000)).code == "doc_unreadable"
    assert _refused(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(3000)).code == "doc_unreadable"
    for cut in (600, 1536, len(doc) // 3, len(doc) // 2, len(doc) - 700):
        try:
            read_doc_text(doc[:cut])
        except BadInput as exc:
            assert exc.code == "doc_unreadable"


def test_a_piece_table_outside_the_stream_is_refused(form_docs, tmp_path):
    def far_piece(word: bytearray, table: bytearray) -> None:
        _, fc, lcb = _fc_lcb(word, 33)
        assert table[fc] == 0x02  # a Pcdt straight away (LibreOffice writes no Prc)
        n = (lcb - 5 - 4) // 12
        struct.pack_into("<I", table, fc + 5 + 4 * (n + 1) + 2, 0x3FFFFF00)

    exc = _refused(_streams(form_docs["closed"], tmp_path, far_piece))
    assert "outside" in exc.en


def test_a_clx_pointing_outside_the_table_stream_is_refused(form_docs, tmp_path):
    def far_clx(word: bytearray, table: bytearray) -> None:
        at, _, _ = _fc_lcb(word, 33)
        struct.pack_into("<I", word, at, len(table) + 10)

    assert "outside" in _refused(_streams(form_docs["closed"], tmp_path, far_clx)).en


def test_a_huge_ccp_text_is_refused_at_once(form_docs, tmp_path):
    def huge(word: bytearray, table: bytearray) -> None:
        csw = struct.unpack_from("<H", word, 32)[0]
        struct.pack_into("<i", word, 34 + 2 * csw + 2 + 12, 0x7FFFFFFF)

    started = time.monotonic()
    assert "ccpText" in _refused(_streams(form_docs["closed"], tmp_path, huge)).en
    assert time.monotonic() - started < 1


def test_a_papx_page_outside_the_stream_is_refused(form_docs, tmp_path):
    def far_page(word: bytearray, table: bytearray) -> None:
        _, fc, lcb = _fc_lcb(word, 13)
        n = (lcb - 4) // 8
        struct.pack_into("<I", table, fc + 4 * (n + 1), 0x3FFFFF)

    assert "PAPX" in _refused(_streams(form_docs["closed"], tmp_path, far_page)).en


def test_a_chpx_page_outside_the_stream_is_refused(form_docs, tmp_path):
    def far_page(word: bytearray, table: bytearray) -> None:
        _, fc, lcb = _fc_lcb(word, 12)
        n = (lcb - 4) // 8
        struct.pack_into("<I", table, fc + 4 * (n + 1), 0x3FFFFF)

    assert "CHPX" in _refused(_streams(form_docs["closed"], tmp_path, far_page)).en


def test_a_chpx_bin_table_outside_the_table_stream_is_refused(form_docs, tmp_path):
    def far_table(word: bytearray, table: bytearray) -> None:
        at, _, _ = _fc_lcb(word, 12)
        struct.pack_into("<I", word, at, len(table) - 4)

    assert "CHPX" in _refused(_streams(form_docs["closed"], tmp_path, far_table)).en


def test_mutated_streams_never_crash_or_hang(form_docs, tmp_path):
    """300 copies with random bytes of the FIB, the piece table, the CHPX bin table and the PAPX/CHPX pages
    overwritten: each one is read or refused with BadInput, quickly."""
    rng = random.Random(7)
    doc = form_docs["closed"]
    path = tmp_path / "m.doc"
    path.write_bytes(doc)
    with olefile.OleFileIO(str(path)) as ole:
        word = ole.openstream("WordDocument").read()
    _, clx, clx_len = _fc_lcb(word, 33)
    _, chpx, chpx_len = _fc_lcb(word, 12)
    outcomes = {"read": 0, "refused": 0}
    started = time.monotonic()
    for _ in range(300):
        def mutate(w: bytearray, t: bytearray) -> None:
            for _ in range(rng.randint(1, 6)):
                target, lo, hi = rng.choice([(w, 0, 600), (t, clx, clx + clx_len), (t, chpx, chpx + chpx_len),
                                             (w, 512, len(w))])
                pos = rng.randrange(lo, min(hi, len(target)))
                target[pos] = rng.randrange(256)

        data = _streams(doc, tmp_path, mutate)
        try:
            read_doc_text(data)
            outcomes["read"] += 1
        except BadInput:
            outcomes["refused"] += 1
    assert time.monotonic() - started < 60
    assert outcomes["read"] and outcomes["refused"]


def test_an_unreadable_binary_leaves_the_conversion_as_it_is(form_docs, config):
    (docx,) = convert_batch([("form.doc", form_docs["open"])], config.legacy)
    layout = legacy_layout(docx, b"\xd0\xcf\x11\xe0 not a word binary", config)
    assert layout.notes == [NOTE] and table_cells(layout) == 0


def test_a_wide_tables_row_ends_are_read_from_the_data_stream(soffice, config, tmp_path):
    """An 8-column table: LibreOffice moves each row end's long PAPX (its cell definitions) to the Data stream
    (sprmPHugePapx); the rows are told apart only by reading it there."""
    from sample_derived import to_doc

    import extractors.legacy.binary as doc_binary

    doc = Document()
    table = doc.add_table(rows=3, cols=8)
    for r in range(3):
        for c in range(8):
            table.cell(r, c).text = f"{r}-{c}" if (r + c) % 3 else ""
    doc.add_paragraph("合计")
    buf = io.BytesIO()
    doc.save(buf)
    data = to_doc({"wide.docx": buf.getvalue()}, tmp_path)["wide"]
    original = read_docx(buf.getvalue(), config.intake)
    assert _rows(rebuild(read_doc_text(data))) == _rows(original)
    word, table_stream, extra = doc_binary._streams(data)
    without = rebuild(doc_binary._read(word, table_stream, bytes(len(extra)), doc_binary.MAX_CHARS))
    assert len(_rows(without)) == 1  # the Data stream is what separates the rows
