"""Word's saved count (docProps/app.xml) is shown only when Microsoft Word saved it: real .docx bytes through
the whole pass (intake → reader → interpreter → checks → export), with app.xml as Word, LibreOffice, WPS and
python-docx write it, missing, and hostile; and files LibreOffice itself saved (a .docx and a .doc)."""

from __future__ import annotations

import io
import os
import shutil
import zipfile

import docx
import pytest

from extractors.docx.props import MAX_WORDS
from extractors.docx.reader import read_docx
from pipeline.exports import export_record
from pipeline.ingest import submissions_from_bytes
from pipeline.model.config import IntakeSettings
from pipeline.run import judge

APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
WPS = "WPS Office_11.1.0.8597_F1E327BC-269C-435d-A152-05C5408002CA"  # as WPS Office writes it
LIMITS = IntakeSettings(max_file_mb=50, max_member_mb=64, max_members=2000, max_ratio=200, ignore=[])
LIBREOFFICE = "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"  # as LibreOffice writes it


def report_docx() -> bytes:
    """A small outcome report, saved by python-docx (its template's app.xml)."""
    doc = docx.Document()
    doc.add_paragraph("信息学院教工第二党支部“红色引擎”党建品牌创建成果报告")
    for heading, body in [("一、品牌名称", "红色引擎"), ("二、创建背景", "支部党员56名，2024年启动创建。"),
                          ("三、品牌内涵", "以“红色引擎”引领发展。"), ("四、主要举措", "建立党员先锋岗。"),
                          ("五、取得成效", "服务师生1200人次。")]:
        doc.add_heading(heading, 2)
        doc.add_paragraph(body)
    doc.add_paragraph("信息学院教工第二党支部")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def app_xml(application: str | None, words: str | None, characters: str | None = None,
            version: str | None = "16.0000") -> bytes:
    parts = [f"<Words>{words}</Words>" if words is not None else "",
             f"<Characters>{characters}</Characters>" if characters is not None else "",
             f"<Application>{application}</Application>" if application is not None else "",
             f"<AppVersion>{version}</AppVersion>" if version is not None else ""]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{APP_NS}">'
            f"<Template>Normal.dotm</Template><TotalTime>12</TotalTime><Pages>1</Pages>{''.join(parts)}"
            "</Properties>").encode()


def with_app(data: bytes, app: bytes | None) -> bytes:
    """A copy of the .docx with docProps/app.xml replaced (None: removed)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "docProps/app.xml":
                zf.writestr(info.filename, src.read(info.filename))
            elif app is not None:
                zf.writestr(info.filename, app)
    return out.getvalue()


def record(data: bytes, config, params, name: str = "成果报告.docx"):
    (sub,) = submissions_from_bytes(data, name, config.intake)
    rec = judge(sub, config, params)
    assert rec.status == "ok" and rec.doc_type == "outcome_report", (rec.status, rec.doc_type, rec.error)
    return rec


def length_message(rec) -> str:
    return next(c.message for c in rec.checks if c.id == "report_length")


# -- Word saved it: kept, with the producer -------------------------------------------------------------

@pytest.mark.parametrize(("application", "version", "producer"), [
    ("Microsoft Office Word", "16.0000", "Microsoft Office Word 16.0000"),
    ("Microsoft Office Word", "12.0000", "Microsoft Office Word 12.0000"),
    ("Microsoft Macintosh Word", "16.0000", "Microsoft Macintosh Word 16.0000"),
    ("  microsoft  office word ", None, "Microsoft Office Word"),
    ("Microsoft Office Word", "16.0000<!-- -->; DROP", "Microsoft Office Word"),  # no version that is none
])
def test_a_count_word_saved_is_kept_and_names_word(application, version, producer, config, params):
    rec = record(with_app(report_docx(), app_xml(application, "1234", "1500", version)), config, params)
    report = export_record(rec)["report"]
    assert (report["word_count_office"], report["word_count_office_app"]) == (1234, producer)
    assert "（Word 自身统计：1234 字）" in length_message(rec)
    assert report["word_count"] < 200  # ours stays ours


def test_the_layout_carries_the_count_and_its_producer():
    layout = read_docx(with_app(report_docx(), app_xml("Microsoft Office Word", "88", "120")), LIMITS)
    assert (layout.office_words, layout.office_app) == (88, "Microsoft Office Word 16.0000")


# -- anybody else saved it: no count --------------------------------------------------------------------

@pytest.mark.parametrize("application", [
    LIBREOFFICE, "LibreOffice", WPS, "WPS Office", "Kingsoft Office", "WPS 文字", "python-docx", "docx4j",
    "Microsoft Excel", "Microsoft Office Word Compatible", "", None,
])
def test_a_count_another_application_saved_is_not_shown(application, config, params):
    rec = record(with_app(report_docx(), app_xml(application, "818", "4941")), config, params)
    report = export_record(rec)["report"]
    assert (report["word_count_office"], report["word_count_office_app"]) == (None, None)
    assert "Word 自身统计" not in length_message(rec)


def test_python_docx_says_word_but_never_counted(config, params):
    """python-docx saves its template's app.xml: 'Microsoft Macintosh Word' with <Words>0</Words>."""
    data = report_docx()
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
    assert b"<Application>Microsoft Macintosh Word</Application>" in app and b"<Words>0</Words>" in app
    report = export_record(record(data, config, params))["report"]
    assert (report["word_count_office"], report["word_count_office_app"]) == (None, None)


def test_no_app_xml_no_count(config, params):
    report = export_record(record(with_app(report_docx(), None), config, params))["report"]
    assert (report["word_count_office"], report["word_count_office_app"]) == (None, None)


# -- hostile app.xml: no count, no crash, the document still read -----------------------------------------

@pytest.mark.parametrize("app", [
    app_xml("Microsoft Office Word", "99999999999999999999999999", None),
    app_xml("Microsoft Office Word", str(MAX_WORDS + 1), None),
    app_xml("Microsoft Office Word", "-5", "100"),
    app_xml("Microsoft Office Word", "abc", "100"),
    app_xml("Microsoft Office Word", "1.5e3", "2000"),
    app_xml("Microsoft Office Word", "１２３", "200"),  # full-width digits: not how Word writes a number
    app_xml("Microsoft Office Word", "", "100"),
    app_xml("Microsoft Office Word", "0", "0"),
    app_xml("Microsoft Office Word", "500", "400"),  # more words than characters: not Word's
    app_xml("Microsoft Office Word", None, "400"),
    app_xml("Microsoft Office Word" * 10_000, "500", "900"),
    b"<Properties><Words>12</Words><Application>Microsoft Office Word</Application></Properties>",  # no namespace
    b'<?xml version="1.0"?><Properties xmlns="' + APP_NS.encode() + b'"><Words>12</Words><Application>Micro',
    b"\xff\xfe\x00garbage\x00",
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<Properties xmlns="' + APP_NS.encode() + b'"><Application>&b;</Application><Words>7</Words></Properties>',
], ids=["huge", "above-cap", "negative", "text", "float", "full-width", "empty", "zero", "words>chars", "no-words",
        "long-name", "no-namespace", "truncated", "garbage", "entities"])
def test_a_hostile_app_xml_gives_no_count(app, config, params):
    rec = record(with_app(report_docx(), app), config, params)
    report = export_record(rec)["report"]
    assert (report["word_count_office"], report["word_count_office_app"]) == (None, None)
    assert report["brand_name"] == "红色引擎" and report["sections"][:2] == ["brand_name", "background"]


# -- files LibreOffice saved (real soffice runs) ----------------------------------------------------------

@pytest.fixture(scope="module")
def libreoffice_files(tmp_path_factory) -> dict[str, bytes]:
    """The report saved by LibreOffice as .docx, and as a Word 97 .doc (by way of ODT, see sample_derived)."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice is not installed")
    from sample_derived import convert, to_doc

    data = with_app(report_docx(), app_xml("Microsoft Office Word", "150", "170"))  # Word's count, then re-saved
    work = tmp_path_factory.mktemp("lo-save")
    (resaved,) = convert({"report.docx": data}, "docx", work).values()
    (doc,) = to_doc({"report.docx": data}, tmp_path_factory.mktemp("lo-doc")).values()
    return {"docx": resaved, "doc": doc}


def test_a_docx_libreoffice_saved_shows_no_count(libreoffice_files, config, params):
    data = libreoffice_files["docx"]
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
    # LibreOffice writes <Words> under its own name (a headless conversion keeps the figure it imported;
    # after editing it is LibreOffice's own count): either way nothing says Word counted this text
    assert b"<Application>LibreOffice" in app and b"<Words>150</Words>" in app
    rec = record(data, config, params)
    report = export_record(rec)["report"]
    assert (report["word_count_office"], report["word_count_office_app"]) == (None, None)
    assert "Word 自身统计" not in length_message(rec)


def test_a_doc_read_through_libreoffice_shows_no_count(libreoffice_files, config, params):
    rec = record(libreoffice_files["doc"], config, params, name="成果报告.doc")
    report = export_record(rec)["report"]
    assert rec.converted_from == "doc"
    assert (report["word_count_office"], report["word_count_office_app"]) == (None, None)
