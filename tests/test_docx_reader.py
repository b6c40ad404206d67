"""extractors.docx.reader: real .docx files built with python-docx (plus lxml edits) -> Layout; hostile bytes."""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm

from extractors.docx.numbering import format_number
from extractors.docx.package import Package
from extractors.docx.reader import read_docx
from pipeline.model.config import IntakeSettings
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout, Paragraph, Table

LIMITS = IntakeSettings(max_file_mb=50, max_member_mb=64, max_members=2000, max_ratio=200, ignore=[])
W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_URI}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


# -- helpers ---------------------------------------------------------------------------------------------

def png(width: int = 4, height: int = 3) -> bytes:
    """A real RGB PNG made with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xc8\x10\x10" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def el(xml: str):
    """One element from an XML snippet whose root gets every namespace the tests use."""
    head, sep, rest = xml.partition(">")
    if head.endswith("/"):
        return parse_xml(f"{head[:-1]} {NS}/>{rest}")
    return parse_xml(f"{head} {NS}>{rest}")


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of the zip with members replaced (None drops one) or added."""
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            new = replace.get(info.filename, src.read(info.filename))
            if new is not None:
                zf.writestr(info.filename, new)
        for name, content in (add or {}).items():
            zf.writestr(name, content)
    return out.getvalue()


def numbered(doc, text: str, num_id: int, ilvl: int):
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        el(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def body_paragraphs(layout: Layout) -> list[Paragraph]:
    return [b for b in layout.blocks if isinstance(b, Paragraph)]


def texts(layout: Layout) -> list[str]:
    return [p.text for p in body_paragraphs(layout)]


def read(data: bytes, **limits) -> Layout:
    return read_docx(data, LIMITS.model_copy(update=limits) if limits else LIMITS)


def code_of(data: bytes, **limits) -> str:
    with pytest.raises(BadInput) as info:
        read(data, **limits)
    assert info.value.zh and info.value.en
    return info.value.code


# -- paragraphs, styles, bold --------------------------------------------------------------------------

def test_styles_outline_levels_bold_and_centring():
    doc = docx.Document()
    doc.add_heading("党建品牌成果报告", 0)
    doc.add_heading("一、创建背景", 1)
    doc.add_heading("（一）基本情况", 2)
    mine = doc.styles.add_style("我的标题", WD_STYLE_TYPE.PARAGRAPH)
    mine.base_style = doc.styles["Heading 2"]
    doc.add_paragraph("继承标题", style="我的标题")
    all_bold = doc.add_paragraph()
    all_bold.add_run("全部").bold = True
    all_bold.add_run("  ")
    all_bold.add_run("加粗").bold = True
    mixed = doc.add_paragraph()
    mixed.add_run("部分").bold = True
    mixed.add_run("普通")
    doc.add_heading("", 1).add_run("不加粗").bold = False
    doc.add_paragraph().add_run("强调", style="Strong")
    doc.add_paragraph("居中").alignment = WD_ALIGN_PARAGRAPH.CENTER
    direct = doc.add_paragraph("大纲二级")
    direct._p.get_or_add_pPr().append(el('<w:outlineLvl w:val="1"/>'))
    body_level = doc.add_heading("正文级别", 1)
    body_level._p.get_or_add_pPr().append(el('<w:outlineLvl w:val="9"/>'))
    doc.add_paragraph("")

    paras = body_paragraphs(read(save(doc)))
    assert [(p.text, p.style, p.outline_level) for p in paras[:4]] == [
        ("党建品牌成果报告", "Title", None),
        ("一、创建背景", "heading 1", 0),
        ("（一）基本情况", "heading 2", 1),
        ("继承标题", "我的标题", 1),
    ]
    assert paras[1].bold and paras[3].bold  # bold from the style chain
    assert paras[4].text == "全部  加粗" and paras[4].bold
    assert not paras[5].bold
    assert paras[6].text == "不加粗" and not paras[6].bold  # w:b w:val="0" beats the heading's bold
    assert paras[7].bold  # character style
    assert paras[8].centered and not paras[7].centered
    assert (paras[9].style, paras[9].outline_level) == ("Normal", 1)
    assert paras[10].outline_level is None
    assert paras[11].text == "" and not paras[11].bold


def test_text_as_written():
    doc = docx.Document()
    anchor = doc.add_paragraph("前")
    anchor._p.addnext(el(
        "<w:p>"
        '<w:r><w:t xml:space="preserve">A </w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:cr/>'
        '<w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/><w:softHyphen/></w:r>'
        '<w:hyperlink w:anchor="x"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        '<w:smartTag w:uri="u" w:element="e"><w:r><w:t>智能</w:t></w:r></w:smartTag>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>'
        '<w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:t>选</w:t></mc:Choice>'
        "<mc:Fallback><w:t>备</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>UNCLOSED</w:instrText></w:r>'
        "</w:p>"
    ))
    deleted = el(
        '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr>'
        '<w:del w:id="4" w:author="a"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>'
    )
    anchor._p.getnext().addnext(deleted)
    doc.add_paragraph("后")
    assert texts(read(save(doc))) == ["前", "A \tB\nC\n-\uf0fc链接智能插入79选", "后"]


# -- numbering -------------------------------------------------------------------------------------------

def _add_lists(doc) -> None:
    numbering = doc.part.numbering_part.element
    numbering.append(el(
        '<w:abstractNum w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>'
        '<w:lvlText w:val="%3"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(el(
        '<w:abstractNum w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(el('<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(el('<w:num w:numId="91"><w:abstractNumId w:val="90"/>'
                        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    numbering.append(el('<w:num w:numId="92"><w:abstractNumId w:val="91"/></w:num>'))


def test_numbering_labels():
    doc = docx.Document()
    _add_lists(doc)
    for text, num_id, ilvl in [("甲", 90, 0), ("乙", 90, 1), ("丙", 90, 1), ("丁", 90, 2), ("戊", 90, 0),
                               ("己", 90, 1), ("庚", 91, 0), ("辛", 90, 0),
                               ("罗马", 92, 0), ("字母", 92, 1), ("字母二", 92, 1), ("圆点", 92, 2)]:
        numbered(doc, text, num_id, ilvl)
    doc.add_paragraph("样式编号一", style="List Number")
    doc.add_paragraph("样式编号二", style="List Number")
    off = doc.add_paragraph("取消编号", style="List Number")
    off._p.get_or_add_pPr().append(el('<w:numPr><w:numId w:val="0"/></w:numPr>'))

    paras = body_paragraphs(read(save(doc)))
    assert [(p.text, p.numbering) for p in paras] == [
        ("甲", "一、"), ("乙", "（1）"), ("丙", "（2）"), ("丁", "①"), ("戊", "二、"), ("己", "（1）"),
        ("庚", "一、"), ("辛", "三、"),
        ("罗马", "III."), ("字母", "III.a)"), ("字母二", "III.b)"), ("圆点", None),
        ("样式编号一", "1."), ("样式编号二", "2."), ("取消编号", None),
    ]


@pytest.mark.parametrize(("n", "fmt", "label"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"),
    (20, "japaneseCounting", "二十"), (99, "chineseCounting", "九十九"), (101, "chineseCounting", "一百零一"),
    (110, "chineseCounting", "一百一十"), (3, "ideographTraditional", "丙"), (12, "chineseLegalSimplified", "壹拾贰"),
    (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (27, "upperLetter", "AA"), (2, "lowerLetter", "b"),
    (1, "decimalEnclosedCircle", "①"), (21, "decimalEnclosedCircleChinese", "㉑"), (3, "ideographEnclosedCircle", "㈢"),
    (7, "decimalZero", "07"), (12, "decimal", "12"), (5, "somethingNew", "5"), (2, "decimalFullWidth", "２"),
])
def test_number_formats(n, fmt, label):
    assert format_number(n, fmt) == label


# -- pictures and text boxes -----------------------------------------------------------------------------

def test_pictures_inline_floating_vml_and_in_cells():
    doc = docx.Document()
    p = doc.add_paragraph()
    p.add_run("图片前")
    p.add_run().add_picture(io.BytesIO(png()), width=Cm(6), height=Cm(4.5))
    p.add_run("后")
    floating = doc.add_paragraph()
    floating.add_run().add_picture(io.BytesIO(png()), width=Cm(8))
    inline = floating._p.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline")
    anchor = el('<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0"'
                ' locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
                '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
                '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV></wp:anchor>')
    for child in list(inline):
        anchor.append(child)
    inline.getparent().replace(inline, anchor)
    rid, _ = doc.part.get_or_add_image(io.BytesIO(png(5, 5)))
    doc.add_paragraph("旧式")._p.append(el(
        f'<w:r><w:pict><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:113.4pt;height:85.05pt">'
        f'<v:imagedata r:id="{rid}" o:title="旧图"/></v:shape></w:pict></w:r>'))
    doc.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(png()), width=Cm(3))

    layout = read(save(doc))
    first, second, third = body_paragraphs(layout)
    assert first.text == "图片前后"
    [pic] = first.pictures
    assert (pic.offset, pic.floating, pic.width_cm, pic.height_cm) == (3, False, 6.0, 4.5)
    assert pic.target == "word/media/image1.png" and pic.name
    [pic] = second.pictures
    assert pic.floating and pic.width_cm == 8.0 and pic.target == "word/media/image1.png"
    [pic] = third.pictures
    assert (pic.offset, pic.floating, pic.width_cm, pic.height_cm) == (2, False, 4.0, 3.0)
    assert pic.target.startswith("word/media/") and pic.name == "旧图"
    cell_pictures = [pic for p in layout.paragraphs() for pic in p.pictures]
    assert len(cell_pictures) == 4 and cell_pictures[-1].width_cm == 3.0
    assert layout.header_pictures == 0


TEXTBOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"'
    ' locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="1800000" cy="720000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="10" name="文本框 1"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>'
    "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    '<mc:Fallback><w:pict><v:shape style="position:absolute;width:141.75pt;height:56.7pt"><v:textbox>'
    "<w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def test_text_boxes_follow_their_anchor_once():
    doc = docx.Document()
    content = "<w:p><w:r><w:t>框内第一段</w:t></w:r></w:p><w:p><w:r><w:t>框内第二段</w:t></w:r></w:p>"
    anchor = doc.add_paragraph("锚点")
    anchor._p.append(el(TEXTBOX.format(content=content)))
    anchor.add_run("之后")
    doc.add_paragraph("旧式文本框")._p.append(el(
        '<w:r><w:pict><v:shape style="width:100pt;height:40pt"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>VML 框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"))
    doc.add_paragraph("结尾")

    paras = body_paragraphs(read(save(doc)))
    assert [(p.text, p.in_textbox) for p in paras] == [
        ("锚点之后", False), ("框内第一段", True), ("框内第二段", True),
        ("旧式文本框", False), ("VML 框", True), ("结尾", False),
    ]
    assert all(not p.pictures for p in paras)  # a text box is not a picture


# -- tables and content controls -------------------------------------------------------------------------

def test_tables_merges_grid_before_and_nested_tables():
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横向合并"
    table.cell(0, 2).text = "右上"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
    nested = table.cell(1, 2).add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            nested.cell(r, c).text = f"内{r}{c}"
    short = doc.add_table(rows=2, cols=2)
    short.cell(0, 0).text = "甲"
    short.cell(1, 1).text = "缩进"
    row = short.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.insert(0, el('<w:trPr><w:gridBefore w:val="1"/></w:trPr>'))

    layout = read(save(doc))
    big, small = [b for b in layout.blocks if isinstance(b, Table)]
    assert [[(c.col, c.span, c.vmerge, c.text) for c in row] for row in big.rows] == [
        [(0, 2, None, "横向合并"), (2, 1, None, "右上")],
        [(0, 1, "restart", "纵向合并"), (1, 1, None, ""), (2, 1, None, "\n内00\n内01\n内10\n内11\n")],
        [(0, 1, "continue", ""), (1, 1, None, ""), (2, 1, None, "")],
    ]
    assert [[(c.col, c.text) for c in row] for row in small.rows] == [[(0, "甲"), (1, "")], [(1, "缩进")]]
    assert "纵向合并" in [p.text for p in layout.paragraphs()]


def test_content_controls_block_inline_cell_and_placeholder():
    doc = docx.Document()
    first = doc.add_paragraph("开头")
    first._p.addnext(el(
        '<w:sdt><w:sdtPr><w:alias w:val="品牌名称"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>红色引擎</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>控件内表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:sdtContent></w:sdt>"))
    inline = doc.add_paragraph("负责人：")
    inline._p.append(el('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
                        "<w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>"))
    filled = doc.add_paragraph("联系人：")
    filled._p.append(el("<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>张三</w:t></w:r></w:sdtContent></w:sdt>"))
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.append(el("<w:sdt><w:sdtContent><w:p><w:r><w:t>格内控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"))

    layout = read(save(doc))
    kinds = [b.text if isinstance(b, Paragraph) else [[c.text for c in r] for r in b.rows] for b in layout.blocks]
    assert kinds == ["开头", "红色引擎", [["控件内表格"]], "负责人：", "联系人：张三", [["\n格内控件"]]]


# -- outside the body ------------------------------------------------------------------------------------

def test_headers_footers_properties():
    doc = docx.Document()
    doc.core_properties.title = "  某某党支部品牌申报表 "
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = "党建品牌页眉"
    header.add_run().add_picture(io.BytesIO(png()), width=Cm(1))
    section.footer.paragraphs[0].text = "页脚文字"
    doc.add_paragraph("正文")
    data = save(doc)
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").replace(b"<Words>0</Words>",
                                                                             b"<Words>1234</Words>")
    app = app.replace(b"<Characters>0</Characters>", b"<Characters>1500</Characters>")  # Word's own: words ≤ chars
    layout = read(rezip(data, {"docProps/app.xml": app}))
    assert layout.header_texts == ["党建品牌页眉"] and layout.footer_texts == ["页脚文字"]
    assert layout.header_pictures == 1
    assert all(not p.pictures for p in layout.paragraphs())
    assert (layout.office_words, layout.title, layout.source_format) == (1234, "某某党支部品牌申报表", "docx")


def test_missing_optional_parts_and_strict_namespaces():
    doc = docx.Document()
    doc.add_heading("标题", 1)
    doc.add_paragraph("列表", style="List Number")
    data = save(doc)
    bare = read(rezip(data, {"word/styles.xml": None, "word/numbering.xml": None, "docProps/app.xml": None,
                             "docProps/core.xml": None}))
    assert [(p.text, p.style, p.numbering) for p in body_paragraphs(bare)] == [("标题", None, None),
                                                                               ("列表", None, None)]
    assert bare.office_words is None and bare.title is None

    src = zipfile.ZipFile(io.BytesIO(data))
    strict = {
        name: src.read(name)
        .replace(W_URI.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
        .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                 b"http://purl.oclc.org/ooxml/officeDocument/relationships")
        for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml")
    }
    layout = read(rezip(data, strict))
    assert [(p.text, p.style, p.outline_level, p.numbering) for p in body_paragraphs(layout)] == [
        ("标题", "heading 1", 0, None), ("列表", "List Number", None, "1.")]


def test_broken_styles_part_is_noted_not_fatal():
    doc = docx.Document()
    doc.add_heading("标题", 1)
    layout = read(rezip(save(doc), {"word/styles.xml": b"<w:styles><w:style"}))
    assert texts(layout) == ["标题"] and layout.notes


# -- hostile input ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_docx() -> bytes:
    doc = docx.Document()
    doc.add_heading("标题", 1)
    doc.add_paragraph("正文内容").add_run().add_picture(io.BytesIO(png()), width=Cm(2))
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "格"
    return save(doc)


def _zip(members: dict[str, bytes], level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def test_not_a_zip_truncated_and_crc(small_docx):
    assert code_of(b"") == "corrupt_zip"
    assert code_of(random.Random(0).randbytes(5000)) == "corrupt_zip"
    assert code_of(b"PK\x03\x04" + b"\x00" * 100) == "corrupt_zip"
    assert code_of(small_docx[: len(small_docx) // 2]) == "incomplete"  # cut short: tests/test_bad_files.py
    assert code_of(small_docx[:-10]) == "incomplete"
    info = zipfile.ZipFile(io.BytesIO(small_docx)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    damaged = bytearray(small_docx)
    for i in range(start, start + 8):
        damaged[i] ^= 0x5A
    assert code_of(bytes(damaged)) == "corrupt_zip"


def test_not_docx_and_malformed(small_docx):
    assert code_of(_zip({"hello.txt": b"hi"})) == "not_docx"
    assert code_of(_zip({"word/document.xml": b"<root/>"})) == "not_docx"
    assert code_of(rezip(small_docx, {"word/document.xml": b"<w:document><w:body><w:p>"})) == "malformed_xml"
    assert code_of(rezip(small_docx, {"word/document.xml": b""})) == "malformed_xml"
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 500
    assert code_of(ole + "EncryptedPackage".encode("utf-16-le")) == "encrypted"
    assert code_of(ole + "WordDocument".encode("utf-16-le")) == "not_docx"


def test_entities_are_not_expanded():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode()
                         for p, c in zip("abcdefgh", "bcdefghi", strict=True))
              + f']><w:document xmlns:w="{W_URI}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body>'
                "</w:document>".encode())
    started = time.perf_counter()
    try:
        layout = read(_zip({"word/document.xml": laughs}))
        assert len(texts(layout)[0]) < 1000
    except BadInput as exc:
        assert exc.code == "malformed_xml"
    assert time.perf_counter() - started < 5


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """word/document.xml of ~300 MB of spaces, streamed into a zip of about 300 KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<w:document xmlns:w="{W_URI}"><w:body>'.encode())
            spaces = b" " * (1 << 20)
            for _ in range(300):
                fh.write(spaces)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def test_decompression_bomb_is_refused_quickly_and_in_bounded_memory(bomb):
    assert len(bomb) < 1 << 20
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert code_of(bomb, max_member_mb=5) == "too_large"
        assert code_of(bomb) == "too_large"  # also over the default 64 MB cap
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 16 * 1024 * 1024


def test_ratio_member_count_and_lying_sizes(small_docx):
    dense = _zip({"word/document.xml": f'<w:document xmlns:w="{W_URI}"><w:body>'.encode()
                  + b" " * (3 << 20) + b"</w:body></w:document>"})
    assert code_of(dense) == "too_large"  # 3 MB at a ratio near 1000
    many = rezip(small_docx, add={f"customXml/extra{i}.xml": b"<x/>" for i in range(30)})
    assert code_of(many, max_members=20) == "too_large"
    assert read(many).blocks

    # Headers claim 1,000 bytes for a 2 MB member: reading must stop at the claim and fail, not trust it.
    big = _zip({"word/document.xml": f'<w:document xmlns:w="{W_URI}"><w:body>'.encode()
                + random.Random(1).randbytes(1 << 20).hex().encode()[: 2 << 20] + b"</w:body></w:document>"})
    info = zipfile.ZipFile(io.BytesIO(big)).getinfo("word/document.xml")
    lying = bytearray(big)
    struct.pack_into("<I", lying, info.header_offset + 22, 1000)
    central = big.rfind(b"PK\x01\x02")
    struct.pack_into("<I", lying, central + 24, 1000)
    assert code_of(bytes(lying)) in ("corrupt_zip", "too_large")


def test_total_read_budget():
    members = {f"word/header{i}.xml": random.Random(i).randbytes(900_000) for i in range(6)}
    pkg = Package(_zip(members, level=0), LIMITS.model_copy(update={"max_member_mb": 1}))
    with pytest.raises(BadInput) as info:
        for name in members:
            pkg.read(name)
    assert info.value.code == "too_large"


def test_mutated_files_only_ever_raise_badinput(small_docx):
    rng = random.Random(42)
    document = zipfile.ZipFile(io.BytesIO(small_docx)).read("word/document.xml")
    for i in range(120):
        if i % 2:
            data = bytearray(small_docx)
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            xml = bytearray(document)
            for _ in range(rng.randint(1, 4)):
                xml[rng.randrange(len(xml))] = rng.choice(b'<>/"=&;: abcwp')
            data = bytearray(rezip(small_docx, {"word/document.xml": bytes(xml)}))
        try:
            assert isinstance(read(bytes(data)), Layout)
        except BadInput:
            pass
