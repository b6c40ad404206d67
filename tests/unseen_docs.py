"""Hard, realistic submissions the tool has never seen, built as real .docx bytes with their truths.

Every builder returns ``(docx bytes, truth)``. The truth is derived from the contract (the issue, README and
the real notices in /work/shared/seeds), never from the implementation:

* forms: values as written (quotes, '·', inner spaces kept), outer white space trimmed, without the label,
  the signature line, '（盖章）' or the date that share the cell; paragraphs joined by '\\n';
  ``signed`` true/false/null; ``date`` the form's fill-in date as YYYY-MM-DD.
* reports: parts by their headings, brand name as written (quotes kept), branch from the closing lines or
  the title, Word-style 字数 = ``count_units`` over exactly the body units written (title, headings,
  paragraphs, table cells, text boxes, closing lines; not photo captions, not headers/footers, not automatic
  list numbers), photos (inline, floating, in cells; not header pictures, not pictures smaller than
  3 cm × 2 cm) and each photo's caption = the next text line after it in the same container when it starts
  with 图/照片/图片 and a numeral (or a colon) or has a caption style.  A '图1 …' line *above* a photo is not a
  caption by that rule, so it is counted in 字数 and its photo has no caption.
* checks (where stated): the statuses the README's check table gives for the truth above.

Truth keys: ``file``, ``doc_type``, ``fields`` (forms) or ``report`` (reports) or neither (unknown),
``checks`` ({id: status}).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.model.wordcount import count_units, count_words

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

Case = tuple[bytes, dict]
CASES: dict[str, Callable[[], Case]] = {}


def case(fn: Callable[[], Case]) -> Callable[[], Case]:
    CASES[fn.__name__.removeprefix("build_")] = fn
    return fn


# -- low-level helpers -------------------------------------------------------------------------------------

def png(width: int = 48, height: int = 32, rgb: tuple[int, int, int] = (200, 16, 16)) -> bytes:
    """A real RGB PNG made with zlib + struct (a gradient, so every colour gives distinct bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            row += bytes(((rgb[0] + x) % 256, (rgb[1] + y) % 256, (rgb[2] + x + y) % 256))
        rows.append(bytes(row))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


_COLOR = [0]


def picture(run, width_cm: float = 6.0, height_cm: float = 4.0) -> None:
    _COLOR[0] += 37
    c = _COLOR[0]
    run.add_picture(io.BytesIO(png(rgb=(c % 256, (c * 3) % 256, (c * 7) % 256))), width=Cm(width_cm),
                    height=Cm(height_cm))


def make_floating(run) -> None:
    """Turn the run's inline picture into a floating (wp:anchor) one, as Word writes 'top and bottom' wrap."""
    inline = run._r.find(".//" + qn("wp:inline"))
    anchor = parse_xml(
        f'<wp:anchor {NS} distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '</wp:anchor>')
    anchor.append(inline.find(qn("wp:extent")))
    anchor.append(parse_xml(f'<wp:effectExtent {NS} l="0" t="0" r="0" b="0"/>'))
    anchor.append(parse_xml(f"<wp:wrapTopAndBottom {NS}/>"))
    anchor.append(inline.find(qn("wp:docPr")))
    anchor.append(parse_xml(f"<wp:cNvGraphicFramePr {NS}/>"))
    anchor.append(inline.find(qn("a:graphic")))
    inline.getparent().replace(inline, anchor)


def add_textbox(paragraph, text: str, shape_id: int = 501) -> None:
    """A text box as Word 2010+ writes it: DrawingML in mc:Choice and the same text again in a VML fallback."""
    txbx = f'<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    xml = (
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="251660288" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3600000" cy="540000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{shape_id}" name="文本框 {shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3600000" cy="540000"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx>{txbx}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"/>'
        f'<v:shape id="文本框 {shape_id}" o:spid="_x0000_s{shape_id}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:283.5pt;height:42.5pt">'
        f'<v:textbox>{txbx}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )
    paragraph._p.append(parse_xml(xml))


def header_logo_and_footer_page(doc, header_text: str) -> None:
    """A wide logo banner and text in the page header, '第 PAGE 页' in the footer."""
    section = doc.sections[0]
    hp = section.header.paragraphs[0]
    picture(hp.add_run(), 12.0, 2.2)  # bigger than the photo minimum: only its place says it is no photo
    hp.add_run(header_text)
    fp = section.footer.paragraphs[0]
    fp.alignment = CENTER
    fp.add_run("第 ")
    fp._p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="begin"/></w:r>'))
    fp._p.append(parse_xml(f'<w:r {NS}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    fp._p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="separate"/></w:r>'))
    fp._p.append(parse_xml(f'<w:r {NS}><w:t>1</w:t></w:r>'))
    fp._p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="end"/></w:r>'))
    fp.add_run(" 页")


def rename_style_id(doc, name: str, new_id: str) -> None:
    """Give a built-in style the numeric id Chinese Word writes ('标题 1' is styleId '1')."""
    style = doc.styles[name]
    old_id = style.style_id
    style.element.set(qn("w:styleId"), new_id)
    for el in doc.styles.element.iter(qn("w:basedOn"), qn("w:link"), qn("w:next")):
        if el.get(qn("w:val")) == old_id:
            el.set(qn("w:val"), new_id)


def chinese_numbering(doc) -> int:
    """Add a '一、二、三、' list (numFmt chineseCounting) to numbering.xml; returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="77"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {NS} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    return 77


def set_num(paragraph, num_id: int, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def cell_write(cell, paragraphs: list[str] | str, bold: bool = False, align=None) -> None:
    """Replace the cell's content by these paragraphs ('\\n' inside an item is a line break, w:br)."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for i, text in enumerate(paragraphs):
        p = first if i == 0 else cell.add_paragraph()
        if align is not None:
            p.alignment = align
        for j, piece in enumerate(text.split("\n")):
            if j:
                p.runs[-1].add_break()
            r = p.add_run(piece)
            r.bold = bold


def grid_table(doc, rows: int, cols: int):
    t = doc.add_table(rows=rows, cols=cols)
    t.style = doc.styles["Table Grid"]
    return t


def merged(table, row: int, c0: int, c1: int):
    return table.cell(row, c0).merge(table.cell(row, c1))


def form_checks(fields: dict) -> dict:
    required = ["branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes"]
    if any(not fields[k] for k in required) or fields["signed"] is False or fields["date"] is None:
        rf = "fail"
    elif fields["signed"] is None:
        rf = "warn"
    else:
        rf = "pass"
    name = fields["brand_name"]
    length = "skip" if not name else ("fail" if count_words(name) > 20 else "pass")
    return {"required_fields": rf, "brand_name_length": length}


def app_truth(file: str, **fields) -> dict:
    keys = ["branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes",
            "branch_opinion", "signed", "date"]
    missing = set(keys) - set(fields)
    assert not missing, missing
    return {"file": file, "doc_type": "application", "fields": {k: fields[k] for k in keys},
            "checks": form_checks(fields)}


# -- shared texts ------------------------------------------------------------------------------------------

SUMMARY = ("“青春引擎”党建品牌以“党建引领、青春建功”为核心理念，依托支部“1+3”学习矩阵，推动党员在学风建设、"
           "科技创新和志愿服务中当先锋、作表率。")
MEASURES = [
    "1. 建强组织：完善支部委员分工，严格落实“三会一课”制度。",
    "2. 搭建平台：成立“青春引擎”学习小组，每月开展1次主题党日活动。",
    "3. 宣传推广：在学院及以上平台刊发新闻稿件不少于2篇。",
]
EXPECTED = [
    "1. 支部党员学业优良率达到90%以上；",
    "2. 形成品牌创建成果报告1份；",
    "3. 打造可复制、可推广的学生党支部工作法。",
]


# == application forms =====================================================================================

@case
def build_app_seed_template_4col() -> Case:
    """The 信息学院 template itself (seed 004): 4 columns, opinion, signature and date as three merged rows."""
    doc = docx.Document()
    doc.add_paragraph("附件：")
    t = doc.add_paragraph()
    t.alignment = CENTER
    t.add_run("信息学院“一支部一品牌”创建申报表").bold = True
    tb = grid_table(doc, 8, 4)
    cell_write(tb.cell(0, 0), "党支部名称")
    cell_write(merged(tb, 0, 1, 3), "信息学院计算机系学生第一党支部")
    cell_write(tb.cell(1, 0), "品牌名称")
    cell_write(tb.cell(1, 1), "“青春引擎”")
    cell_write(tb.cell(1, 2), "品牌实施负责人")
    cell_write(tb.cell(1, 3), "李明")
    cell_write(tb.cell(2, 0), "品牌简介")
    cell_write(merged(tb, 2, 1, 3), SUMMARY)
    cell_write(tb.cell(3, 0), "创建措施及步骤")
    cell_write(merged(tb, 3, 1, 3), MEASURES)
    cell_write(tb.cell(4, 0), "预期成效 及验收指标")
    cell_write(merged(tb, 4, 1, 3), EXPECTED)
    cell_write(merged(tb, 5, 0, 3), "支部意见：经支部委员会研究，同意申报。")
    cell_write(merged(tb, 6, 0, 3), "支部书记签字：王伟")
    cell_write(merged(tb, 7, 0, 3), "2023年4月12日", align=RIGHT)
    return save(doc), app_truth(
        "附件：信息学院一支部一品牌创建申报表（计算机系学生第一党支部）.docx",
        branch_name="信息学院计算机系学生第一党支部", brand_name="“青春引擎”", leader="李明", summary=SUMMARY,
        measures="\n".join(MEASURES), expected_outcomes="\n".join(EXPECTED),
        branch_opinion="经支部委员会研究，同意申报。", signed=True, date="2023-04-12")


@case
def build_app_wps_title_row_fill_line() -> Case:
    """WPS style: '填报单位（盖章）：…  填报日期：…' above the table, title row merged across it, labels broken
    over lines (w:br and two paragraphs), unsigned underscores, blank opinion date (the form date is 填报日期)."""
    doc = docx.Document()
    doc.add_paragraph("填报单位（盖章）：中共北方工业大学信息学院委员会        填报日期：2024年3月8日")
    tb = grid_table(doc, 8, 2)
    cell_write(merged(tb, 0, 0, 1), "信息学院“一支部一品牌”创建申报表", bold=True, align=CENTER)
    cell_write(tb.cell(1, 0), "党支部\n名称")
    cell_write(tb.cell(1, 1), "信息学院电子系学生党支部")
    cell_write(tb.cell(2, 0), "品牌\n名称")
    cell_write(tb.cell(2, 1), "“芯火相传”")
    cell_write(tb.cell(3, 0), "品牌实施\n负责人")
    cell_write(tb.cell(3, 1), "陈晓")
    summary = "以“芯”为媒、以“火”为魂，党员骨干带领低年级同学开展芯片设计竞赛和科普宣讲，传承红色基因。"
    cell_write(tb.cell(4, 0), "品牌\n简介")
    cell_write(tb.cell(4, 1), summary)
    measures = ["第一步：组建“芯火”党员先锋队，制定年度计划。", "第二步：每学期开展2次专业科普进社区活动。",
                "第三步：年底总结经验，形成工作案例。"]
    cell_write(tb.cell(5, 0), "创建措施\n及步骤")
    cell_write(tb.cell(5, 1), measures)
    expected = "党员参与竞赛获奖人数同比增加20%，形成可推广的工作案例1篇。"
    cell_write(tb.cell(6, 0), ["预期成效", "及验收指标"])
    cell_write(tb.cell(6, 1), expected)
    cell_write(tb.cell(7, 0), "支部\n意见")
    cell_write(tb.cell(7, 1), ["同意申报。", "", "支部书记签字：________", "年    月    日"])
    return save(doc), app_truth(
        "申报表-电子系.docx",
        branch_name="信息学院电子系学生党支部", brand_name="“芯火相传”", leader="陈晓", summary=summary,
        measures="\n".join(measures), expected_outcomes=expected, branch_opinion="同意申报。", signed=False,
        date="2024-03-08")


@case
def build_app_fullwidth_colons_leading_spaces() -> Case:
    """Labels with full-width colons and trailing spaces, values with leading spaces, signature label in its
    own cell with the name in the next one, '2023 年 4 月 12 日' with spaces."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("党建特色品牌创建申报表").bold = True
    tb = grid_table(doc, 9, 2)
    rows = [
        ("党支部名称：", "  机关党委组织人事党支部"),
        ("品牌名称：  ", "  “红烛先锋”党建品牌"),
        ("品牌实施负责人：", " 张 华"),
        ("品牌简介：", "坚持“燃烧自己、照亮他人”的红烛精神，打造服务师生的“零距离”窗口。"),
        ("创建措施及步骤：", "建立“首问负责+限时办结”制度；设立党员示范岗3个；每季度开展服务满意度测评。"),
        ("预期成效及验收指标：", "师生满意度达到95%以上。"),
        ("支部意见：", "同意。"),
        ("支部书记签字：", "刘洋"),
        ("日期：", "2023 年 4 月 12 日"),
    ]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    return save(doc), app_truth(
        "红烛先锋申报.docx",
        branch_name="机关党委组织人事党支部", brand_name="“红烛先锋”党建品牌", leader="张 华",
        summary="坚持“燃烧自己、照亮他人”的红烛精神，打造服务师生的“零距离”窗口。",
        measures="建立“首问负责+限时办结”制度；设立党员示范岗3个；每季度开展服务满意度测评。",
        expected_outcomes="师生满意度达到95%以上。", branch_opinion="同意。", signed=True, date="2023-04-12")


@case
def build_app_shared_rows_phone_title() -> Case:
    """品牌名称 shares its row with 联系电话, 负责人 with 职务, 成立时间 with 党员人数; the 党总支 opinion, signature,
    '（盖章）' and '2023/4/12' are paragraphs of one merged cell."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("马克思主义学院“一支部一特色”品牌申报表").bold = True
    tb = grid_table(doc, 8, 4)
    cell_write(tb.cell(0, 0), "党支部名称")
    cell_write(merged(tb, 0, 1, 3), "马克思主义学院教工党支部")
    for r, cells in ((1, ["品牌名称", "“理·论”先锋", "联系电话", "010-88802345"]),
                     (2, ["负责人", "王芳", "职务", "党支部书记"]),
                     (3, ["成立时间", "2015年9月", "党员人数", "18"])):
        for c, text in enumerate(cells):
            cell_write(tb.cell(r, c), text)
    summary = "“理”指理论武装，“论”指宣讲论述，教师党员把党的创新理论讲进课堂、讲到身边。"
    measures = ["组建“理·论”宣讲团，每月开展1次理论宣讲；", "开设“思政微课堂”，全年录制微课12节。"]
    expected = "宣讲覆盖师生3000人次，形成精品微课5节。"
    for r, (label, value) in enumerate((("品牌简介", summary), ("主要做法", measures), ("预期成效", expected)),
                                       start=4):
        cell_write(tb.cell(r, 0), label)
        cell_write(merged(tb, r, 1, 3), value)
    cell_write(merged(tb, 7, 0, 3), ["党总支意见：", "同意推荐。", "党总支书记签字：赵强", "（盖章）", "2023/4/12"])
    return save(doc), app_truth(
        "马院教工支部.docx",
        branch_name="马克思主义学院教工党支部", brand_name="“理·论”先锋", leader="王芳", summary=summary,
        measures="\n".join(measures), expected_outcomes=expected, branch_opinion="同意推荐。", signed=True,
        date="2023-04-12")


@case
def build_app_nested_opinion_table() -> Case:
    """The opinion cell holds a nested table: opinion / signature / '2023.4.12'."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("“一支部一特色”党建品牌创建申报表").bold = True
    tb = grid_table(doc, 7, 2)
    rows = [("党支部名称", "计算机学院软件工程系学生党支部"), ("品牌名称", "“e路·同行”"),
            ("品牌实施负责人", "周 杰"),
            ("品牌简介", "以网络思政为主阵地，党员骨干线上线下同行，陪伴新生适应大学生活。"),
            ("创建措施及步骤", ["建立“e路”朋辈帮扶群；", "每两周推送一期学习分享；", "期末开展帮扶成效评估。"]),
            ("预期成效及验收指标", "新生挂科率下降10%，帮扶对象满意度90%以上。")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    cell_write(tb.cell(6, 0), "支部意见")
    outer = tb.cell(6, 1)
    inner = outer.add_table(3, 1)
    lead = outer.paragraphs[0]._p
    lead.getparent().remove(lead)  # the cell starts with the nested table, as Word allows
    cell_write(inner.cell(0, 0), "经支部委员会研究，同意申报。")
    cell_write(inner.cell(1, 0), "支部书记签字：陈刚")
    cell_write(inner.cell(2, 0), "2023.4.12", align=RIGHT)
    return save(doc), app_truth(
        "软件工程系学生党支部申报表.docx",
        branch_name="计算机学院软件工程系学生党支部", brand_name="“e路·同行”", leader="周 杰",
        summary="以网络思政为主阵地，党员骨干线上线下同行，陪伴新生适应大学生活。",
        measures="建立“e路”朋辈帮扶群；\n每两周推送一期学习分享；\n期末开展帮扶成效评估。",
        expected_outcomes="新生挂科率下降10%，帮扶对象满意度90%以上。",
        branch_opinion="经支部委员会研究，同意申报。", signed=True, date="2023-04-12")


@case
def build_app_organ_synonyms_cn_date() -> Case:
    """机关 form: 党组织名称 / 项目名称 / 项目主持人 / 项目简介 / 推进措施 / 预期成果 / 机关党委意见; no signature line
    at all; '（盖章）' then '二〇二四年三月五日' inside the opinion cell."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("市直机关党建品牌申报表").bold = True
    tb = grid_table(doc, 7, 2)
    summary = "围绕“办事不求人”目标，党员干部下沉服务窗口，推行“一次告知、一窗受理、一网通办”。"
    measures = ["一是设立党员先锋窗口；", "二是推行“帮办代办”服务；", "三是建立群众评议机制。"]
    rows = [("党组织名称", "根河市政务服务局机关党支部"), ("项目名称", "“暖心政务”服务品牌"),
            ("项目主持人", "孟庆林"), ("项目简介", summary), ("推进措施", measures),
            ("预期成果", "群众办事满意度达到98%，打造全市政务服务示范窗口。")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    cell_write(tb.cell(6, 0), "机关党委意见")
    cell_write(tb.cell(6, 1), ["同意申报。", "（盖章）", "二〇二四年三月五日"])
    return save(doc), app_truth(
        "政务服务局.docx",
        branch_name="根河市政务服务局机关党支部", brand_name="“暖心政务”服务品牌", leader="孟庆林",
        summary=summary, measures="\n".join(measures),
        expected_outcomes="群众办事满意度达到98%，打造全市政务服务示范窗口。", branch_opinion="同意申报。",
        signed=None, date="2024-03-05")


@case
def build_app_shenbaoshu_cover_page() -> Case:
    """A 申报书 with a cover page (title, 项目名称, 申报单位, 项目主持人, 填报日期 lines with underlined values),
    then a table whose long parts have the label above the value; the opinion's signature is empty."""
    doc = docx.Document()
    for _ in range(3):
        doc.add_paragraph()
    t = doc.add_paragraph()
    t.alignment = CENTER
    r = t.add_run("深圳大学第二批党建工作精品项目申报书")
    r.bold = True
    r.font.size = Pt(22)
    for _ in range(4):
        doc.add_paragraph()
    for label, value in (("项目名称：", "“薪火传承”党史宣讲"), ("申报单位：", "医学部第一党支部"),
                         ("项目主持人：", "刘洋"), ("填报日期：", "2022年6月20日")):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(3)
        p.add_run(label).font.size = Pt(16)
        v = p.add_run(value)
        v.underline = True
        v.font.size = Pt(16)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("一、项目基本情况")
    tb = grid_table(doc, 10, 4)
    cell_write(tb.cell(0, 0), "项目名称")
    cell_write(merged(tb, 0, 1, 3), "“薪火传承”党史宣讲")
    for c, text in enumerate(["项目主持人", "刘洋", "联系方式", "13800138000"]):
        cell_write(tb.cell(1, c), text)
    summary = ["组织医学部师生党员组建党史宣讲团，走进社区、医院和中小学讲述医学先辈的红色故事。",
               "项目突出“医学+党史”特色，让红色基因在医学生中代代相传。"]
    measures = ["1.挖掘医学党史资源，编写宣讲讲稿10篇；", "2.每月开展1次进社区宣讲；", "3.制作宣讲短视频5部。"]
    expected = "完成宣讲20场，受众2000人次以上，形成宣讲案例集1本。"
    for r0, (label, value) in zip((2, 4, 6), (("项目简介（300字以内）", summary), ("主要做法", measures),
                                              ("预期成果", expected)), strict=True):
        cell_write(merged(tb, r0, 0, 3), label, bold=True)
        cell_write(merged(tb, r0 + 1, 0, 3), value)
    cell_write(tb.cell(8, 0), "所在党组织意见")
    cell_write(merged(tb, 8, 1, 3), ["同意推荐。", "", "负责人（签字）：", "（盖章）", "年  月  日"])
    cell_write(merged(tb, 9, 0, 3), "注：本表一式两份。")
    return save(doc), app_truth(
        "附件2：深圳大学党建工作精品项目申请书.docx",
        branch_name="医学部第一党支部", brand_name="“薪火传承”党史宣讲", leader="刘洋",
        summary="\n".join(summary), measures="\n".join(measures), expected_outcomes=expected,
        branch_opinion="同意推荐。", signed=False, date="2022-06-20")


@case
def build_app_xuhao_column() -> Case:
    """A three-column form 序号 | 项目 | 内容 (labels in the middle column, values right of them)."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("2023年度党支部特色品牌申报表").bold = True
    rows = [("党支部名称", "外国语学院日语系教工党支部"), ("品牌名称", "“樱红桥”"), ("负责人", "周敏"),
            ("品牌内涵", "“樱”喻中日文化交流，“红”为底色，“桥”是教师党员连接课堂与社会的纽带。"),
            ("主要做法", ["开设“红色经典双语读”活动；", "组织党员教师指导学生翻译红色文献。"]),
            ("预期成效", "完成红色文献翻译3万字，学生参与率80%。"),
            ("支部意见", "同意申报。"), ("支部书记签名", "周敏"), ("填表日期", "2023-04-12")]
    tb = grid_table(doc, len(rows) + 1, 3)
    for c, text in enumerate(["序号", "项目", "内容"]):
        cell_write(tb.cell(0, c), text, bold=True, align=CENTER)
    for i, (label, value) in enumerate(rows, start=1):
        cell_write(tb.cell(i, 0), str(i), align=CENTER)
        cell_write(tb.cell(i, 1), label)
        cell_write(tb.cell(i, 2), value)
    return save(doc), app_truth(
        "日语系教工支部品牌申报.docx",
        branch_name="外国语学院日语系教工党支部", brand_name="“樱红桥”", leader="周敏",
        summary="“樱”喻中日文化交流，“红”为底色，“桥”是教师党员连接课堂与社会的纽带。",
        measures="开设“红色经典双语读”活动；\n组织党员教师指导学生翻译红色文献。",
        expected_outcomes="完成红色文献翻译3万字，学生参与率80%。", branch_opinion="同意申报。", signed=True,
        date="2023-04-12")


@case
def build_app_label_above_value() -> Case:
    """Short fields left of their value; long ones as a merged label row (with a note in brackets) above a
    merged value row; the opinion value row also carries '签字：孙丽' and the date."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("化学学院“一支部一特色”创建申报表").bold = True
    tb = grid_table(doc, 11, 4)
    cell_write(tb.cell(0, 0), "党支部名称")
    cell_write(merged(tb, 0, 1, 3), "化学学院分析化学教工党支部")
    for c, text in enumerate(["品牌名称", "“分子”先锋", "品牌实施负责人", "孙丽"]):
        cell_write(tb.cell(1, c), text)
    summary = "党员如分子，凝聚成合力。支部以“分子”为喻，推动教师党员在科研攻关中结成紧密团队。"
    measures = ["（一）组建3个党员科研攻关小组；", "（二）开展“实验室里的党课”；", "（三）推行“一带一”青年教师培养。"]
    expected = "申报省部级科研项目2项，青年教师指导覆盖率100%。"
    for r0, (label, value) in zip((2, 4, 6), (("品牌简介（不超过300字）", summary),
                                              ("创建措施及步骤（可另附页）", measures),
                                              ("预期成效及验收指标", expected)), strict=True):
        cell_write(merged(tb, r0, 0, 3), label, bold=True)
        cell_write(merged(tb, r0 + 1, 0, 3), value)
    cell_write(merged(tb, 8, 0, 3), "支部意见", bold=True)
    cell_write(merged(tb, 9, 0, 3), ["同意。", "签字：孙丽", "2023年4月12日"])
    cell_write(merged(tb, 10, 0, 3), "")
    return save(doc), app_truth(
        "化学学院分析化学教工党支部.docx",
        branch_name="化学学院分析化学教工党支部", brand_name="“分子”先锋", leader="孙丽", summary=summary,
        measures="\n".join(measures), expected_outcomes=expected, branch_opinion="同意。", signed=True,
        date="2023-04-12")


@case
def build_app_paragraphs_no_table() -> Case:
    """No table at all: 'label：value' paragraphs (full-width and half-width colons)."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("“一支部一特色”品牌创建申报表").bold = True
    lines = [
        ("党支部名称：", "机关第二党支部"),
        ("品牌名称: ", "“服务先锋岗”"),
        ("品牌实施负责人：", "赵磊"),
        ("品牌简介：", "以窗口岗位为阵地，党员亮身份、树标杆，让师生办事少跑腿。"),
        ("创建措施及步骤：", "设立党员先锋岗5个，实行挂牌上岗、星级评定和季度讲评。"),
        ("预期成效及验收指标：", "办事一次办结率达到95%。"),
        ("支部意见：", "同意申报。"),
        ("支部书记签字：", "赵磊"),
        ("日期：", "2023年4月12日"),
    ]
    for label, value in lines:
        q = doc.add_paragraph()
        q.add_run(label).bold = True
        q.add_run(value)
    return save(doc), app_truth(
        "机关第二党支部.docx",
        branch_name="机关第二党支部", brand_name="“服务先锋岗”", leader="赵磊",
        summary="以窗口岗位为阵地，党员亮身份、树标杆，让师生办事少跑腿。",
        measures="设立党员先锋岗5个，实行挂牌上岗、星级评定和季度讲评。", expected_outcomes="办事一次办结率达到95%。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_full_of_outcome_words() -> Case:
    """An application that talks about 成果/成效/成果报告 everywhere and numbers its steps '一、二、三、', named
    '成果报告.docx': still an application."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("党建品牌创建申报表").bold = True
    summary = "支部前期已取得一批育人成果，本品牌将成果转化为可复制的工作成效，持续扩大品牌成效。"
    measures = ["一、调研阶段（4月）：梳理前期成果和成效，明确创建背景。",
                "二、实施阶段（5—11月）：推进主要举措，每月总结工作成效。",
                "三、总结阶段（12月）：形成品牌创建成果报告，总结取得成效。"]
    expected = ["1. 取得成效：党员先锋指数提升；", "2. 成果形式：成果报告1份、典型案例2个。"]
    tb = grid_table(doc, 10, 2)
    rows = [("党支部名称", "体育学院教工党支部"), ("品牌名称", "“健康成果”"), ("品牌实施负责人", "高强"),
            ("前期工作成效", "近三年获评校级先进党支部2次，形成育人成果5项。"),
            ("品牌简介", summary), ("创建措施及步骤", measures), ("预期成效及验收指标", expected),
            ("支部意见", "支部前期成效明显，同意申报。"), ("支部书记签字", "高强"), ("填表日期", "2023年4月12日")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    return save(doc), app_truth(
        "成果报告.docx",
        branch_name="体育学院教工党支部", brand_name="“健康成果”", leader="高强", summary=summary,
        measures="\n".join(measures), expected_outcomes="\n".join(expected),
        branch_opinion="支部前期成效明显，同意申报。", signed=True, date="2023-04-12")


@case
def build_app_established_date_trap() -> Case:
    """成立时间 with a full date before the real one, dates inside the measures, the form date as 申报日期."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("基层党建特色品牌创建申报表").bold = True
    measures = ["2023年5月4日开展“青春向党”主题团日；", "2023年7月1日举行新党员入党宣誓仪式；",
                "2023年12月20日前完成总结。"]
    tb = grid_table(doc, 9, 4)
    for c, text in enumerate(["党支部名称", "油气工程学院学生党支部", "成立时间", "2016年9月1日"]):
        cell_write(tb.cell(0, c), text)
    for c, text in enumerate(["品牌名称", "“油”你同行", "负责人", "马骏"]):
        cell_write(tb.cell(1, c), text)
    rows = [("品牌简介", "支部党员“油”你同行，结对帮扶学业困难学生。"), ("创建措施及步骤", measures),
            ("预期成效及验收指标", "结对帮扶30人，帮扶对象学业合格率100%。"), ("支部意见", "同意申报。"),
            ("支部书记签字", "马骏"), ("申报日期", "2023年4月20日")]
    for r, (label, value) in enumerate(rows, start=2):
        cell_write(tb.cell(r, 0), label)
        cell_write(merged(tb, r, 1, 3), value)
    cell_write(merged(tb, 8, 0, 3), "")
    return save(doc), app_truth(
        "油气工程学院学生党支部.docx",
        branch_name="油气工程学院学生党支部", brand_name="“油”你同行", leader="马骏",
        summary="支部党员“油”你同行，结对帮扶学业困难学生。", measures="\n".join(measures),
        expected_outcomes="结对帮扶30人，帮扶对象学业合格率100%。", branch_opinion="同意申报。", signed=True,
        date="2023-04-20")


@case
def build_app_blank_date_unsigned() -> Case:
    """The seed template handed in with an empty signature and a blank '年 月 日'."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("信息学院“一支部一品牌”创建申报表").bold = True
    tb = grid_table(doc, 8, 4)
    cell_write(tb.cell(0, 0), "党支部名称")
    cell_write(merged(tb, 0, 1, 3), "信息学院自动化系学生党支部")
    for c, text in enumerate(["品牌名称", "“智控先锋”", "品牌实施负责人", "黄蕾"]):
        cell_write(tb.cell(1, c), text)
    summary = "以自动化专业为依托，党员带头攻关智能控制竞赛项目。"
    rows = [("品牌简介", summary), ("创建措施及步骤", "组建竞赛先锋队，党员担任队长。"),
            ("预期成效 及验收指标", "省级以上竞赛获奖3项。")]
    for r, (label, value) in enumerate(rows, start=2):
        cell_write(tb.cell(r, 0), label)
        cell_write(merged(tb, r, 1, 3), value)
    cell_write(merged(tb, 5, 0, 3), "支部意见：同意。")
    cell_write(merged(tb, 6, 0, 3), "支部书记签字：")
    cell_write(merged(tb, 7, 0, 3), "年  月  日", align=RIGHT)
    return save(doc), app_truth(
        "自动化系.docx",
        branch_name="信息学院自动化系学生党支部", brand_name="“智控先锋”", leader="黄蕾", summary=summary,
        measures="组建竞赛先锋队，党员担任队长。", expected_outcomes="省级以上竞赛获奖3项。", branch_opinion="同意。",
        signed=False, date=None)


@case
def build_app_spaced_labels() -> Case:
    """Labels spread with ASCII and ideographic spaces ('品 牌 名 称', '品　牌　简　介'); values with '·' and inner
    spaces; '2023年04月12日'."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("党 建 品 牌 申 报 表").bold = True
    summary = "以“红色·引擎”驱动 AI + 党建 融合，党员带头开展智能技术志愿服务。"
    measures = "建设“红色·引擎”实验室开放日；开展 AI 助老 志愿服务 12 次。"
    tb = grid_table(doc, 9, 2)
    rows = [("党 支 部 名 称", "人工智能学院教工党支部"), ("品 牌 名 称", "“红色·引擎”"), ("负 责 人", "欧阳娜娜"),
            ("品　牌　简　介", summary), ("推 进 措 施", measures), ("预 期 成 效", "服务社区老人 500 人次。"),
            ("支 部 意 见", "同意申报。"), ("书记签字", "欧阳娜娜"), ("日　　期", "2023年04月12日")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    return save(doc), app_truth(
        "AI学院教工支部.docx",
        branch_name="人工智能学院教工党支部", brand_name="“红色·引擎”", leader="欧阳娜娜", summary=summary,
        measures=measures, expected_outcomes="服务社区老人 500 人次。", branch_opinion="同意申报。", signed=True,
        date="2023-04-12")


@case
def build_app_vmerged_measures_label() -> Case:
    """'创建措施及步骤' label merged down three rows, one value row per stage; summary of two paragraphs; the
    opinion, signature and '2023-04-12' in one cell right of '支部意见'."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("“一支部一特色”品牌创建申报表").bold = True
    tb = grid_table(doc, 9, 2)
    summary = ["“桥”连师生，“梁”担重任。", "支部以“桥梁”为名，党员教师做学生成长的引路人。"]
    stages = ["第一阶段（2023年4月）：制定方案，明确分工。", "第二阶段（2023年5月—11月）：开展“桥梁讲堂”8期。",
              "第三阶段（2023年12月）：总结提炼，形成案例。"]
    rows = [("党支部名称", "土木工程学院桥梁系教工党支部"), ("品牌名称", "“桥梁”工程"), ("品牌实施负责人", "许文博"),
            ("品牌简介", summary)]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    label = tb.cell(4, 0).merge(tb.cell(6, 0))
    cell_write(label, "创建措施及步骤")
    for i, stage in enumerate(stages):
        cell_write(tb.cell(4 + i, 1), stage)
    cell_write(tb.cell(7, 0), "预期成效及验收指标")
    cell_write(tb.cell(7, 1), "学生参与率90%，形成育人案例1篇。")
    cell_write(tb.cell(8, 0), "支部意见")
    cell_write(tb.cell(8, 1), ["同意申报。", "支部书记签字：许文博", "2023-04-12"])
    return save(doc), app_truth(
        "桥梁系.docx",
        branch_name="土木工程学院桥梁系教工党支部", brand_name="“桥梁”工程", leader="许文博",
        summary="\n".join(summary), measures="\n".join(stages), expected_outcomes="学生参与率90%，形成育人案例1篇。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_two_opinion_levels() -> Case:
    """The branch's own 党支部意见 (signed, dated) and an empty 党委审核意见 block ('（盖章）', '年 月 日')."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("基层党建特色品牌创建申报表").bold = True
    tb = grid_table(doc, 8, 2)
    rows = [("党支部名称", "经济管理学院财务管理系学生党支部"), ("品牌名称", "“红色账本”"), ("品牌实施负责人", "黄磊"),
            ("品牌简介", "党员用专业记好“红色账本”，开展财经素养宣讲。"),
            ("创建措施及步骤", "编写《红色账本》读本，组织进社区财经宣讲10场。"),
            ("预期成效及验收指标", "宣讲覆盖居民1000人次。")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    cell_write(tb.cell(6, 0), "党支部意见")
    cell_write(tb.cell(6, 1), ["经支部大会讨论，同意申报。", "支部书记签字：黄磊", "2023年4月12日"])
    cell_write(tb.cell(7, 0), "党委审核意见")
    cell_write(tb.cell(7, 1), ["", "（盖章）", "年  月  日"])
    return save(doc), app_truth(
        "财务管理系学生党支部.docx",
        branch_name="经济管理学院财务管理系学生党支部", brand_name="“红色账本”", leader="黄磊",
        summary="党员用专业记好“红色账本”，开展财经素养宣讲。", measures="编写《红色账本》读本，组织进社区财经宣讲10场。",
        expected_outcomes="宣讲覆盖居民1000人次。", branch_opinion="经支部大会讨论，同意申报。", signed=True,
        date="2023-04-12")


# == outcome reports =======================================================================================

BACKGROUND = [
    "近年来，支部深入学习贯彻党的二十大精神，围绕立德树人根本任务，积极探索党建与业务工作深度融合的新路径。",
    "在调研中发现，部分党员作用发挥不够充分，支部活动形式较为单一，亟需打造特色鲜明的党建品牌加以引领。",
]
CONNOTATION = [
    "品牌以“政治引领、专业支撑、服务师生”为核心理念，突出党员先锋模范作用，推动党建与业务同频共振。",
]
MEASURES_R = [
    ("（一）强化政治引领", "坚持“三会一课”制度，全年开展集中学习12次，书记讲党课4次，筑牢党员理想信念。"),
    ("（二）搭建实践平台", "组建党员先锋队3支，开展志愿服务20余次，服务时长累计1500小时。"),
    ("（三）完善长效机制", "建立党员积分管理制度，将品牌创建纳入支部年度考核，做到有计划、有检查、有总结。"),
]
OUTCOMES_R = [
    "一年来，支部凝聚力和战斗力明显增强，党员先锋模范作用充分发挥，获评校级先进基层党组织。",
    "品牌活动先后被学校官网、公众号报道6次，形成了一批可复制、可推广的工作经验。",
]


class Rep:
    """A report under construction: records every counted text unit and the photos' expected captions."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self.units: list[str] = []
        self.captions: list[str | None] = []

    def para(self, text: str = "", style: str | None = None, bold: bool = False, align=None,
             count: bool = True, runs: list[str] | None = None):
        p = self.doc.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        for piece in runs if runs is not None else ([text] if text else []):
            p.add_run(piece).bold = bold
        if count and text:
            self.units.append(text)
        return p

    def body(self, texts: list[str]) -> None:
        for t in texts:
            p = self.para(t)
            p.paragraph_format.first_line_indent = Cm(0.74)

    def photo(self, caption: str | None, width: float = 6.0, height: float = 4.0, floating: bool = False,
              caption_style: str | None = None, expect: str | None | bool = True):
        """A picture paragraph, then its caption line (not counted). ``expect``: the caption the tool must give
        (True: the caption written)."""
        p = self.doc.add_paragraph()
        p.alignment = CENTER
        run = p.add_run()
        picture(run, width, height)
        if floating:
            make_floating(run)
        if caption is not None:
            self.para(caption, style=caption_style, align=CENTER, count=False)
        self.captions.append(caption if expect is True else expect)
        return p

    def closing(self, *lines: str) -> None:
        for line in lines:
            self.para(line, align=RIGHT)

    def truth(self, file: str, brand: str | None, branch: str | None, sections: list[str],
              photos: int | None = None) -> dict:
        n = len(self.captions) if photos is None else photos
        wc = count_units(self.units)
        structure = "pass" if sections == ["brand_name", "background", "connotation", "measures", "outcomes"] \
            else "fail"
        if n < 3 or n > 5:
            pc = "fail"
        elif any(c is None for c in self.captions):
            pc = "warn"
        else:
            pc = "pass"
        length = "skip" if not brand else ("fail" if count_words(brand) > 20 else "pass")
        return {"file": file, "doc_type": "outcome_report",
                "report": {"brand_name": brand, "branch_name": branch, "word_count": wc, "sections": sections,
                           "photos": n, "captions": list(self.captions)},
                "checks": {"report_structure": structure, "photo_count": pc,
                           "report_length": "fail" if wc > 3000 else "pass", "brand_name_length": length}}


ALL5 = ["brand_name", "background", "connotation", "measures", "outcomes"]


@case
def build_report_heading_styles_title_branch() -> Case:
    """Word heading styles (Title, Heading 1 parts, Heading 2 subheadings), branch in the title and closing."""
    r = Rep()
    r.para("信息学院计算机系学生第一党支部“青春引擎”党建品牌创建成果报告", style="Title")
    r.para("一、品牌名称", style="Heading 1")
    r.body(["“青春引擎”党建品牌"])
    r.para("二、创建背景", style="Heading 1")
    r.body(BACKGROUND)
    r.para("三、品牌内涵", style="Heading 1")
    r.body(CONNOTATION)
    r.para("四、主要举措", style="Heading 1")
    for head, text in MEASURES_R:
        r.para(head, style="Heading 2")
        r.body([text])
    r.photo("图1 支部开展主题党日活动")
    r.photo("图2 党员先锋队走进社区开展志愿服务")
    r.para("五、取得成效", style="Heading 1")
    r.para("（一）支部组织力显著增强", style="Heading 2")
    r.body(OUTCOMES_R[:1])
    r.para("（二）品牌影响力持续扩大", style="Heading 2")
    r.body(OUTCOMES_R[1:])
    r.photo("图3 支部获评校级先进基层党组织")
    r.closing("信息学院计算机系学生第一党支部", "2024年1月20日")
    return save(r.doc), r.truth("计算机系学生第一党支部成果报告.docx", "“青春引擎”党建品牌",
                                "信息学院计算机系学生第一党支部", ALL5)


@case
def build_report_list_number_headings() -> Case:
    """Part headings numbered automatically by Word ('List Number' style): '1.' is not in the text."""
    r = Rep()
    r.para("“红烛先锋”党建品牌创建成果报告", bold=True, align=CENTER)
    for name, texts in (("品牌名称", ["“红烛先锋”"]), ("创建背景", BACKGROUND), ("品牌内涵", CONNOTATION)):
        r.para(name, style="List Number", bold=True)
        r.body(texts)
    r.para("主要举措", style="List Number", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图一 教师党员集中学习")
    r.photo("图二 “红烛讲堂”开讲")
    r.photo("图三：党员示范岗挂牌")
    r.para("取得成效", style="List Number", bold=True)
    r.body(OUTCOMES_R)
    r.closing("中共北方工业大学信息学院教工第二党支部", "2024年1月18日")
    return save(r.doc), r.truth("教工第二党支部.docx", "“红烛先锋”", "中共北方工业大学信息学院教工第二党支部", ALL5)


@case
def build_report_chinese_auto_numbering() -> Case:
    """Headings numbered '一、' by Word numbering (chineseCounting, not in the text), other wordings
    (品牌创建背景, 品牌释义, 推进措施, 工作成效), a '（一）…' subheading and a sentence about 成效 inside 推进措施."""
    r = Rep()
    num = chinese_numbering(r.doc)
    r.para("材料学院教工第一党支部“红色科研”品牌创建成果报告", bold=True, align=CENTER)
    for name, texts in (("品牌名称", ["“红色科研”"]), ("品牌创建背景", BACKGROUND), ("品牌释义", CONNOTATION)):
        set_num(r.para(name, bold=True), num)
        r.body(texts)
    set_num(r.para("推进措施", bold=True), num)
    r.para("（一）强化政治引领", bold=True)
    r.body([MEASURES_R[0][1]])
    r.para("（二）党建科研双融合", bold=True)
    r.body([MEASURES_R[1][1]])
    r.para("通过一年的努力，品牌创建取得初步成效。")
    r.photo("图1 支部党员科研攻关")
    r.photo("图2 “实验室里的党课”")
    r.photo("图3 党员教师指导学生实验")
    set_num(r.para("工作成效", bold=True), num)
    r.body(OUTCOMES_R)
    r.closing("材料学院教工第一党支部", "2024年1月21日")
    return save(r.doc), r.truth("材料学院.docx", "“红色科研”", "材料学院教工第一党支部", ALL5)


@case
def build_report_inline_brand_colon_headings() -> Case:
    """'一、品牌名称：“红烛领航”' holds the name; headings end with '：'; two pictures side by side in one
    paragraph followed by '图1 … 图2 …'; branch only in the title."""
    r = Rep()
    r.para("机关第三党支部党建品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称：“红烛领航”", bold=True)
    r.para("二、创建背景：", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵：", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要做法：", bold=True)
    r.body([t for _, t in MEASURES_R])
    p = r.doc.add_paragraph()
    p.alignment = CENTER
    picture(p.add_run(), 7.0, 5.0)
    p.add_run("  ")
    picture(p.add_run(), 7.0, 5.0)
    side = "图1 机关党员走访服务对象 图2 “红烛领航”志愿服务"
    r.para(side, align=CENTER, count=False)
    r.captions += [side, side]
    r.para("五、取得的成效：", bold=True)
    r.body(OUTCOMES_R)
    r.photo("图3 支部书记讲党课")
    return save(r.doc), r.truth("机关三支部.docx", "“红烛领航”", "机关第三党支部", ALL5)


@case
def build_report_bold_split_runs() -> Case:
    """Part headings are bold Normal paragraphs whose text is split over runs ('（一）'+'品牌'+'名称'); bold
    subheadings '1.强化政治引领' inside the measures; the name on the next paragraph."""
    r = Rep()
    r.para("机械工程学院教工党支部“匠心筑梦”党建品牌创建成果报告", bold=True, align=CENTER)
    for pieces, texts in ((["（一）", "品牌", "名称"], ["“匠心筑梦”党建品牌"]),
                          (["（二）", "创建", "背景"], BACKGROUND),
                          (["（三）", "品牌", "内涵"], CONNOTATION)):
        r.para("".join(pieces), bold=True, runs=pieces)
        r.body(texts)
    r.para("（四）主要举措", bold=True, runs=["（四）", "主要", "举措"])
    for i, (head, text) in enumerate(MEASURES_R, start=1):
        sub = f"{i}.{head[3:]}"
        r.para(sub, bold=True)
        r.body([text])
    r.photo("图1 教师党员“匠心课堂”")
    r.photo("图2 党员教师指导学生竞赛")
    r.photo("图3 支部与企业党支部共建")
    r.para("（五）取得成效", bold=True, runs=["（五）", "取得", "成效"])
    r.body(OUTCOMES_R)
    r.closing("机械工程学院教工党支部", "2024年1月22日")
    return save(r.doc), r.truth("机械学院教工支部成果.docx", "“匠心筑梦”党建品牌", "机械工程学院教工党支部", ALL5)


@case
def build_report_title_only_closing_branch() -> Case:
    """Title only '成果报告'; the name in quotes on the line after '一、品牌名称'; the branch only in the closing
    lines; '照片1 …' captions."""
    r = Rep()
    r.para("成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.para("“星火燎原”")
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("照片1 支部党员重温入党誓词")
    r.photo("照片2 党员教师为学生答疑")
    r.photo("照片3 支部开展红色观影活动")
    r.para("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.para("")
    r.closing("中共北方工业大学信息学院计算机系教工党支部", "2024年1月20日")
    return save(r.doc), r.truth("附件.docx", "“星火燎原”", "中共北方工业大学信息学院计算机系教工党支部", ALL5)


@case
def build_report_part_numbering_cn_style_ids() -> Case:
    """'第一部分 品牌名称' … '第五部分 创建成效' in heading styles whose ids are Chinese Word's '1'/'2';
    wordings 创建缘起 / 品牌理念 / 具体做法 / 创建成效; four '照片1：' photos."""
    r = Rep()
    rename_style_id(r.doc, "Heading 1", "1")
    rename_style_id(r.doc, "Heading 2", "2")
    r.para("经济管理学院会计系学生党支部“薪火相传”品牌创建成果报告", bold=True, align=CENTER)
    r.para("第一部分 品牌名称", style="Heading 1")
    r.body(["“薪火相传”"])
    r.para("第二部分 创建缘起", style="Heading 1")
    r.body(BACKGROUND)
    r.para("第三部分 品牌理念", style="Heading 1")
    r.body(CONNOTATION)
    r.para("第四部分 具体做法", style="Heading 1")
    for head, text in zip(("一、建强组织体系", "二、搭建实践平台", "三、完善长效机制"), MEASURES_R, strict=True):
        r.para(head, style="Heading 2")
        r.body([text[1]])
    r.photo("照片1：学生党员开展“薪火”宣讲")
    r.photo("照片2：支部与社区党组织共建")
    r.para("第五部分 创建成效", style="Heading 1")
    r.para("一、党员先锋作用更加凸显", style="Heading 2")
    r.body(OUTCOMES_R[:1])
    r.para("二、品牌影响不断扩大", style="Heading 2")
    r.body(OUTCOMES_R[1:])
    r.photo("照片3：支部获表彰")
    r.photo("照片4：“薪火相传”品牌发布会")
    r.closing("经济管理学院会计系学生党支部", "2024年1月19日")
    return save(r.doc), r.truth("会计系.docx", "“薪火相传”", "经济管理学院会计系学生党支部", ALL5)


@case
def build_report_floating_cell_photos_header_logo() -> Case:
    """A floating photo, two photos in table cells with their captions in the same cells, a small emblem
    beside the title (not a photo), a wide header banner (not a photo) and '第 1 页' in the footer."""
    r = Rep()
    header_logo_and_footer_page(r.doc, "建筑学院党委")
    title = "建筑学院学生党支部“筑梦青春”党建品牌创建成果报告"
    t = r.doc.add_paragraph()
    t.alignment = CENTER
    picture(t.add_run(), 1.2, 1.2)
    t.add_run(title).bold = True
    r.units.append(title)
    r.para("一、品牌名称", style="Heading 1")
    r.body(["“筑梦青春”"])
    r.para("二、创建背景", style="Heading 1")
    r.body(BACKGROUND)
    r.para("三、品牌内涵", style="Heading 1")
    r.body(CONNOTATION)
    r.para("四、主要举措", style="Heading 1")
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 学生党员参与乡村规划设计", floating=True)
    r.para("五、取得成效", style="Heading 1")
    r.body(OUTCOMES_R)
    tb = grid_table(r.doc, 1, 2)
    for c, cap in enumerate(("图2 党员设计团队现场调研", "图3 乡村规划成果展示")):
        cell = tb.cell(0, c)
        cell.paragraphs[0].alignment = CENTER
        picture(cell.paragraphs[0].add_run(), 6.5, 4.5)
        cp = cell.add_paragraph(cap)
        cp.alignment = CENTER
        r.captions.append(cap)
    r.closing("建筑学院学生党支部", "2024年1月15日")
    return save(r.doc), r.truth("建筑学院学生党支部.docx", "“筑梦青春”", "建筑学院学生党支部", ALL5)


@case
def build_report_statistics_table() -> Case:
    """A statistics table (merged title row, digits and percentages in cells) inside 取得成效, with a '表1'
    line above it; table text counts in 字数, the merged cell once."""
    r = Rep()
    r.para("理学院数学系教工党支部“数说初心”品牌创建成果报告", style="Title")
    r.para("一、品牌名称", style="Heading 1")
    r.body(["“数说初心”"])
    r.para("二、创建背景", style="Heading 1")
    r.body(BACKGROUND)
    r.para("三、品牌内涵", style="Heading 1")
    r.body(CONNOTATION)
    r.para("四、主要举措", style="Heading 1")
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “数说初心”党课")
    r.photo("图2 党员教师数学建模辅导")
    r.para("五、取得成效", style="Heading 1")
    r.body(OUTCOMES_R[:1])
    r.para("表1 支部品牌创建主要指标对比", align=CENTER)
    rows = [["指标", "2022年", "2023年", "增幅"], ["主题党日活动（次）", "8", "12", "50%"],
            ["志愿服务时长（小时）", "1200", "2150", "79.2%"], ["学生学业优良率", "82%", "93%", "11个百分点"]]
    tb = grid_table(r.doc, 5, 4)
    head = "2023年度品牌创建主要指标"
    cell_write(merged(tb, 0, 0, 3), head, bold=True, align=CENTER)
    r.units.append(head)
    for i, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            cell_write(tb.cell(i, c), text)
            r.units.append(text)
    r.body(OUTCOMES_R[1:])
    r.photo("图3 数学建模竞赛获奖")
    r.closing("理学院数学系教工党支部", "2024年1月17日")
    return save(r.doc), r.truth("数学系.docx", "“数说初心”", "理学院数学系教工党支部", ALL5)


@case
def build_report_latin_digit_mix() -> Case:
    """English, digits and half-width punctuation mixed into Chinese, a Latin word split over runs, a line
    break between two Latin words, a tab: exercises the 字数 run rule."""
    r = Rep()
    r.para("人工智能学院学生党支部“AI+红色课堂”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.para("“AI+红色课堂”")
    r.para("二、创建背景", bold=True)
    r.body(["2023年共开展活动12次，覆盖率100%，AI+党建成为支部工作的新名片。",
            "支部现有学生党员46名，其中研究生党员31名，覆盖CS、EE等5个专业方向。"])
    r.para("三、品牌内涵", bold=True)
    r.body(["以“1+N”模式推动党建与专业融合：1个红色课堂，N个AI应用场景。"])
    r.para("四、主要举措", bold=True)
    split = r.doc.add_paragraph()
    for piece in ("依托Chat", "GPT等大模型开发“党史问答”小程序，访问量达3.5万人次。"):
        split.add_run(piece)
    r.units.append("依托ChatGPT等大模型开发“党史问答”小程序，访问量达3.5万人次。")
    brk = r.doc.add_paragraph()
    brk.add_run("开设Python")
    brk.runs[-1].add_break()
    brk.add_run("Java双语编程公益课，累计授课24学时。")
    r.units.append("开设Python\nJava双语编程公益课，累计授课24学时。")
    r.body(["党员在B站、QQ群和www.ncut.edu.cn同步发布学习资料，e-mail反馈率98.5%。",
            "数据\t统计：2023年9月—12月共计Top10榜单发布4期。"])
    r.photo("图1 AI+红色课堂开讲")
    r.photo("图2 “党史问答”小程序上线")
    r.photo("图3 Python公益课")
    r.para("五、取得成效", bold=True)
    r.body(["支部获评2023年度校级“样板支部”，相关案例入选省级优秀案例（Top 5）。"])
    r.closing("人工智能学院学生党支部", "2024年1月12日")
    return save(r.doc), r.truth("AI学院学生党支部.docx", "“AI+红色课堂”", "人工智能学院学生党支部", ALL5)


@case
def build_report_caption_styles() -> Case:
    """Captions made by style only: Word's 'Caption' style and a user style named '题注' (no '图1' prefix); the
    third photo is followed by an ordinary paragraph and has no caption (photo_count warns)."""
    r = Rep()
    from docx.enum.style import WD_STYLE_TYPE
    r.doc.styles.add_style("题注", WD_STYLE_TYPE.PARAGRAPH).base_style = r.doc.styles["Normal"]
    r.para("土木工程学院研究生党支部“路桥先锋”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", style="Heading 1")
    r.body(["“路桥先锋”"])
    r.para("二、创建背景", style="Heading 1")
    r.body(BACKGROUND)
    r.para("三、品牌内涵", style="Heading 1")
    r.body(CONNOTATION)
    r.para("四、主要举措", style="Heading 1")
    r.body([t for _, t in MEASURES_R])
    r.photo("支部党员赴港珠澳大桥开展现场教学", caption_style="Caption")
    r.photo("研究生党员在工地一线开展技术攻关", caption_style="题注")
    r.photo(None)
    r.para("五、取得成效", style="Heading 1")
    r.body(OUTCOMES_R)
    r.closing("土木工程学院研究生党支部", "2024年1月10日")
    return save(r.doc), r.truth("路桥先锋.docx", "“路桥先锋”", "土木工程学院研究生党支部", ALL5)


@case
def build_report_captions_above_photos() -> Case:
    """'图1 …' lines written ABOVE each photo and body text after it: by the contract's rule (the next line
    after the photo) no photo has a caption, and those lines are ordinary text that counts in 字数."""
    r = Rep()
    r.para("化学学院学生第二党支部“微光计划”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.body(["“微光计划”"])
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要举措", bold=True)
    above = ("图1 “微光”学业帮扶小组", "图2 支部党员实验室安全宣讲", "图3 “微光”志愿者走进中学")
    for (_, text), cap in zip(MEASURES_R, above, strict=True):
        r.para(cap, align=CENTER)  # above the photo: counted, not a caption
        r.photo(None)
        r.body([text])
    r.para("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("化学学院学生第二党支部", "2024年1月14日")
    return save(r.doc), r.truth("化学学院学生第二党支部.docx", "“微光计划”", "化学学院学生第二党支部", ALL5)


@case
def build_report_textbox_fallback() -> Case:
    """A Word text box (DrawingML + VML fallback with the same text) holding the slogan: counted once, and a
    text box is not a photo."""
    r = Rep()
    r.para("艺术学院学生党支部“青春向党”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.body(["“青春向党”"])
    box = r.doc.add_paragraph()
    slogan = "品牌口号：青春向党，奋斗有我"
    add_textbox(box, slogan)
    r.units.append(slogan)
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “青春向党”主题美育展")
    r.photo("图2 学生党员创作红色主题作品")
    r.photo("图3 党员志愿者开展美育支教")
    r.para("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("艺术学院学生党支部", "2024年1月11日")
    return save(r.doc), r.truth("艺术学院.docx", "“青春向党”", "艺术学院学生党支部", ALL5)


@case
def build_report_out_of_order() -> Case:
    """品牌内涵 written before 创建背景: sections in the order found, report_structure fails."""
    r = Rep()
    r.para("图书馆党支部“书香润心”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.body(["“书香润心”"])
    r.para("二、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("三、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “书香润心”读书会")
    r.photo("图2 党员馆员导读")
    r.photo("图3 红色书架揭牌")
    r.para("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("图书馆党支部", "2024年1月9日")
    return save(r.doc), r.truth("图书馆党支部.docx", "“书香润心”", "图书馆党支部",
                                ["brand_name", "connotation", "background", "measures", "outcomes"])


@case
def build_report_missing_part_subheading_trap() -> Case:
    """No 品牌内涵 part; inside 三、主要举措 a subheading '（二）丰富品牌内涵' is not the missing part."""
    r = Rep()
    r.para("后勤保障处党支部“后勤先锋岗”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.body(["“后勤先锋岗”"])
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、主要举措", bold=True)
    for head, (_, text) in zip(("（一）建强组织体系", "（二）丰富品牌内涵", "（三）拓展实践载体"), MEASURES_R,
                               strict=True):
        r.para(head, bold=True)
        r.body([text])
    r.photo("图1 后勤党员先锋岗挂牌")
    r.photo("图2 党员维修服务队")
    r.photo("图3 食堂党员示范岗")
    r.para("四、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("后勤保障处党支部", "2024年1月8日")
    return save(r.doc), r.truth("后勤保障处党支部.docx", "“后勤先锋岗”", "后勤保障处党支部",
                                ["brand_name", "background", "measures", "outcomes"])


@case
def build_report_arabic_numbering_named_as_form() -> Case:
    """Typed '1. 品牌名称' headings with other wordings (品牌创建背景, 品牌内涵及释义, 主要做法), five photos with
    '图片3' among them, title '…工作总结报告', file named '申报表.docx'."""
    r = Rep()
    r.para("“墨香致远”党建品牌创建工作总结报告", bold=True, align=CENTER)
    r.para("1. 品牌名称", bold=True)
    r.body(["“墨香致远”"])
    r.para("2. 品牌创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("3. 品牌内涵及释义", bold=True)
    r.body(CONNOTATION)
    r.para("4. 主要做法", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “墨香”读书分享会")
    r.photo("图2 教师党员书法进社区")
    r.photo("图片3 经典诵读比赛")
    r.photo("图4 支部党员集体备课")
    r.para("5. 取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.photo("图5 支部获评优秀党建品牌")
    r.closing("文学院汉语言文学教工党支部", "2024年1月25日")
    return save(r.doc), r.truth("申报表.docx", "“墨香致远”", "文学院汉语言文学教工党支部", ALL5)


@case
def build_report_unnumbered_label_line() -> Case:
    """'品牌名称：“知行·筑梦”' as a label line, then unnumbered bold headings (创建背景 … 取得成效)."""
    r = Rep()
    r.para("“知行·筑梦”品牌创建成果报告", bold=True, align=CENTER)
    r.para("品牌名称：“知行·筑梦”", runs=["品牌名称：", "“知行·筑梦”"])
    r.para("创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1：英语角“讲好中国故事”")
    r.photo("图2：党员翻译志愿服务")
    r.photo("图3：支部理论学习")
    r.para("取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("外国语学院英语系学生党支部", "2024年1月16日")
    return save(r.doc), r.truth("英语系学生党支部.docx", "“知行·筑梦”", "外国语学院英语系学生党支部", ALL5)


# == neither ===============================================================================================

@case
def build_unknown_campaign_notice() -> Case:
    """The campaign notice itself (seed 004): names the five parts and the 申报表 but is neither."""
    doc = docx.Document()
    doc.add_paragraph("中共北方工业大学信息学院委员会文件").alignment = CENTER
    doc.add_paragraph("党发[2023]3号").alignment = CENTER
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("关于开展2023年度“一支部一特色”品牌创建工作的通知").bold = True
    doc.add_paragraph("各党支部：")
    doc.add_paragraph("为深入学习贯彻落实党的二十大精神，经学院党委研究决定继续深入开展“一支部一特色”品牌创建工作，"
                      "具体通知如下：")
    for head, text in (
            ("一、指导思想", "以习近平新时代中国特色社会主义思想为指导，认真落实新时代党的建设总要求。"),
            ("二、创建主体", "“一支部一特色”品牌创建工作在学院所属各党支部开展，每个党支部需申报1个党建品牌培育项目。"),
            ("三、创建标准", "（一）具有标识性的品牌名称。品牌名称涵盖主题内涵，突出党建工作特色和着力点。"),
            ("四、工作安排", "各党支部认真制定党建品牌创建工作方案，并填报《信息学院“一支部一品牌”创建申报表》（见附件），"
                          "于4月15日前报送。各党支部于2024年1月底前，提交品牌创建成果报告。体例统一按照“品牌名称、"
                          "创建背景、品牌内涵、主要举措、取得成效”五个部分进行撰写，字数应控制在3000字以内。"),
            ("五、工作要求", "立足支部实际，明确品牌定位；做好长远规划，落实创建举措。")):
        doc.add_paragraph().add_run(head).bold = True
        doc.add_paragraph(text)
    doc.add_paragraph("附件：信息学院“一支部一品牌”创建申报表")
    doc.add_paragraph("信息学院党委").alignment = RIGHT
    doc.add_paragraph("2023年4月3日").alignment = RIGHT
    return save(doc), {"file": "关于开展品牌创建工作的通知.docx", "doc_type": "unknown", "fields": None, "report": None}


@case
def build_unknown_meeting_minutes() -> Case:
    """Branch committee minutes about the application: a label/value table, but no form and no report."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("信息学院计算机系学生第一党支部委员会会议记录").bold = True
    tb = grid_table(doc, 7, 2)
    rows = [("会议时间", "2023年4月10日"), ("会议地点", "信息楼305会议室"), ("主持人", "王伟"), ("记录人", "李明"),
            ("参会人员", "支部委员5人"), ("会议议题", "研究“青春引擎”党建品牌创建申报事宜"),
            ("会议内容", ["1. 讨论品牌名称、品牌简介、创建措施及预期成效；", "2. 确定品牌实施负责人；",
                      "3. 同意填报申报表并报学院党委。"])]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    doc.add_paragraph("主持人签字：王伟        记录人签字：李明")
    return save(doc), {"file": "支委会会议记录.docx", "doc_type": "unknown", "fields": None, "report": None}


# == more hard cases: content controls, revisions, VML, alternate content, full-width digits ==============

def sdt_block(text_paragraphs: list[str], alias: str) -> object:
    """A block-level content control (as in template forms) holding these paragraphs."""
    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>" for t in text_paragraphs)
    return parse_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/></w:sdtPr>'
                     f"<w:sdtContent>{paras}</w:sdtContent></w:sdt>")


def sdt_cell(cell, text_paragraphs: list[str], alias: str) -> None:
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    tc.append(sdt_block(text_paragraphs, alias))
    tc.append(parse_xml(f"<w:p {NS}/>"))


@case
def build_app_content_controls() -> Case:
    """A template form filled in through content controls: block sdt in the value cells, a run-level sdt for
    the signature name, a date-picker sdt for the date."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("信息学院“一支部一品牌”创建申报表").bold = True
    tb = grid_table(doc, 8, 2)
    summary = ["“数智红心”寓意以数字化手段守护初心。", "支部依托数据科学专业优势，开展党建数字化实践。"]
    measures = ["建设支部党建数据看板；", "开展“数智”党课6次。"]
    rows = [("党支部名称", ["信息学院数据科学系教工党支部"]), ("品牌名称", ["“数智红心”"]),
            ("品牌实施负责人", ["韩冰"]), ("品牌简介", summary), ("创建措施及步骤", measures),
            ("预期成效及验收指标", ["党员参与率100%，形成数字化党建案例1个。"])]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        sdt_cell(tb.cell(i, 1), value, label)
    cell_write(tb.cell(6, 0), "支部意见")
    cell_write(tb.cell(6, 1), "同意申报。")
    sig = tb.cell(7, 0).merge(tb.cell(7, 1))
    cell_write(sig, ["支部书记签字："])
    sig.paragraphs[0]._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w:alias w:val="签字"/></w:sdtPr><w:sdtContent><w:r><w:t>韩冰</w:t></w:r>'
        "</w:sdtContent></w:sdt>"))
    date_p = sig.add_paragraph()
    date_p.alignment = RIGHT
    date_p._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w:alias w:val="日期"/><w:date w:fullDate="2023-04-12T00:00:00Z">'
        "<w:dateFormat w:val=\"yyyy'年'M'月'd'日'\"/><w:lid w:val=\"zh-CN\"/><w:calendar w:val=\"gregorian\"/>"
        "</w:date></w:sdtPr><w:sdtContent><w:r><w:t>2023年4月12日</w:t></w:r></w:sdtContent></w:sdt>"))
    return save(doc), app_truth(
        "数据科学系教工党支部.docx",
        branch_name="信息学院数据科学系教工党支部", brand_name="“数智红心”", leader="韩冰", summary="\n".join(summary),
        measures="\n".join(measures), expected_outcomes="党员参与率100%，形成数字化党建案例1个。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


def revised(paragraph, deleted: str, inserted: str, keep: str = "") -> None:
    """Tracked changes left in: 'keep' as is, 'deleted' struck out (w:del), 'inserted' added (w:ins)."""
    p = paragraph._p
    if keep:
        p.append(parse_xml(f'<w:r {NS}><w:t xml:space="preserve">{keep}</w:t></w:r>'))
    p.append(parse_xml(f'<w:del {NS} w:id="{len(deleted)}1" w:author="组织委员" w:date="2023-04-11T09:00:00Z">'
                       f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))
    p.append(parse_xml(f'<w:ins {NS} w:id="{len(inserted)}2" w:author="组织委员" w:date="2023-04-11T09:00:00Z">'
                       f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))


@case
def build_app_tracked_changes_left_in() -> Case:
    """Submitted with revisions still tracked: values are what the document says once the changes are
    accepted (inserted text in, deleted text out)."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("“一支部一特色”品牌创建申报表").bold = True
    tb = grid_table(doc, 9, 2)
    labels = ["党支部名称", "品牌名称", "品牌实施负责人", "品牌简介", "创建措施及步骤", "预期成效及验收指标", "支部意见",
              "支部书记签字", "填表日期"]
    for i, label in enumerate(labels):
        cell_write(tb.cell(i, 0), label)
    cell_write(tb.cell(0, 1), "材料学院高分子系学生党支部")
    revised(tb.cell(1, 1).paragraphs[0], "“青春动力”", "“青春引擎”")
    revised(tb.cell(2, 1).paragraphs[0], "王五", "赵六")
    revised(tb.cell(3, 1).paragraphs[0], "和学风建设", "、学风建设和科研创新", keep="党员带头参与实验室安全")
    cell_write(tb.cell(4, 1), "每月开展1次实验室安全党员示范行动。")
    cell_write(tb.cell(5, 1), "实验室安全事故为零。")
    cell_write(tb.cell(6, 1), "同意申报。")
    cell_write(tb.cell(7, 1), "赵六")
    revised(tb.cell(8, 1).paragraphs[0], "2023年4月10日", "2023年4月12日")
    return save(doc), app_truth(
        "高分子系学生党支部（修订）.docx",
        branch_name="材料学院高分子系学生党支部", brand_name="“青春引擎”", leader="赵六",
        summary="党员带头参与实验室安全、学风建设和科研创新", measures="每月开展1次实验室安全党员示范行动。",
        expected_outcomes="实验室安全事故为零。", branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_signature_and_date_one_line() -> Case:
    """The signature and the date typed on one line, the date in full-width digits as a Chinese IME gives
    them: '支部书记签字：宋佳        ２０２３年４月１２日'."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("党建品牌创建申报表").bold = True
    tb = grid_table(doc, 7, 2)
    rows = [("党支部名称", "能源学院热能系教工党支部"), ("品牌名称", "“热力先锋”"), ("品牌实施负责人", "宋佳"),
            ("品牌简介", "教师党员带头攻关清洁能源技术，服务地方“双碳”目标。"),
            ("创建措施及步骤", "组建清洁能源党员攻关团队，开展进企业技术服务。"),
            ("预期成效及验收指标", "完成企业技术服务项目3项。")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    cell_write(tb.cell(6, 0), "支部意见")
    cell_write(tb.cell(6, 1), ["同意申报。", "支部书记签字：宋佳        ２０２３年４月１２日"])
    return save(doc), app_truth(
        "热能系.docx",
        branch_name="能源学院热能系教工党支部", brand_name="“热力先锋”", leader="宋佳",
        summary="教师党员带头攻关清洁能源技术，服务地方“双碳”目标。", measures="组建清洁能源党员攻关团队，开展进企业技术服务。",
        expected_outcomes="完成企业技术服务项目3项。", branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_opinion_and_signature_same_paragraph() -> Case:
    """'同意申报。          支部书记签字：王伟' in one paragraph, the date below; the year written '二○二三'
    with the WHITE CIRCLE (○, U+25CB) Chinese typists use for zero."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("党建品牌创建申报表").bold = True
    tb = grid_table(doc, 7, 2)
    rows = [("党支部名称", "外国语学院法语系学生党支部"), ("品牌名称", "“法语·红”"), ("品牌实施负责人", "王伟"),
            ("品牌简介", "用法语讲好中国故事，学生党员担任国际交流志愿者。"),
            ("创建措施及步骤", "开设“法语·红”读书会，翻译红色故事10篇。"), ("预期成效及验收指标", "服务国际交流活动5场。")]
    for i, (label, value) in enumerate(rows):
        cell_write(tb.cell(i, 0), label)
        cell_write(tb.cell(i, 1), value)
    cell_write(tb.cell(6, 0), "支部意见")
    cell_write(tb.cell(6, 1), ["同意申报。          支部书记签字：王伟", "二○二三年四月十二日"])
    return save(doc), app_truth(
        "法语系学生党支部.docx",
        branch_name="外国语学院法语系学生党支部", brand_name="“法语·红”", leader="王伟",
        summary="用法语讲好中国故事，学生党员担任国际交流志愿者。", measures="开设“法语·红”读书会，翻译红色故事10篇。",
        expected_outcomes="服务国际交流活动5场。", branch_opinion="同意申报。", signed=True, date="2023-04-12")


def vml_picture(doc, paragraph, width_pt: float, height_pt: float) -> None:
    """A picture as older Word / WPS write it: w:pict / v:shape / v:imagedata."""
    _COLOR[0] += 41
    c = _COLOR[0]
    rid, _ = doc.part.get_or_add_image(io.BytesIO(png(rgb=(c % 256, (c * 5) % 256, (c * 11) % 256))))
    paragraph._p.append(parse_xml(
        f'<w:r {NS}><w:pict><v:shape id="_x0000_i10{c % 90 + 10}" type="#_x0000_t75" '
        f'style="width:{width_pt}pt;height:{height_pt}pt"><v:imagedata r:id="{rid}" o:title=""/></v:shape>'
        "</w:pict></w:r>"))


@case
def build_report_vml_pictures() -> Case:
    """Photos written as VML (w:pict/v:imagedata, 8 cm × 5.3 cm), as documents saved by WPS or converted from
    .doc carry them."""
    r = Rep()
    r.para("能源学院学生党支部“绿能先锋”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.body(["“绿能先锋”"])
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    for cap in ("图1 学生党员走进光伏电站", "图2 “绿能”科普进校园", "图3 支部党员参加节能竞赛"):
        p = r.doc.add_paragraph()
        p.alignment = CENTER
        vml_picture(r.doc, p, 226.8, 151.2)
        r.para(cap, align=CENTER, count=False)
        r.captions.append(cap)
    r.para("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("能源学院学生党支部", "2024年1月13日")
    return save(r.doc), r.truth("能源学院学生党支部.docx", "“绿能先锋”", "能源学院学生党支部", ALL5)


@case
def build_report_alternate_content_pictures() -> Case:
    """Floating photos wrapped in mc:AlternateContent (DrawingML choice, VML fallback naming the same image):
    each is one photo, not two."""
    r = Rep()
    r.para("药学院教工党支部“本草初心”品牌创建成果报告", bold=True, align=CENTER)
    r.para("一、品牌名称", bold=True)
    r.body(["“本草初心”"])
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    for cap in ("图1 党员教师带领学生辨识中药材", "图2 “本草课堂”走进社区", "图3 支部党员开展用药安全宣传"):
        p = r.doc.add_paragraph()
        p.alignment = CENTER
        run = p.add_run()
        picture(run, 7.0, 4.5)
        make_floating(run)
        drawing = run._r.find(qn("w:drawing"))
        rid = drawing.find(".//" + qn("a:blip")).get(qn("r:embed"))
        ac = parse_xml(
            f'<mc:AlternateContent {NS}><mc:Choice Requires="wps"/><mc:Fallback><w:pict>'
            '<v:shape type="#_x0000_t75" style="position:absolute;width:198.45pt;height:127.55pt">'
            f'<v:imagedata r:id="{rid}" o:title=""/></v:shape></w:pict></mc:Fallback></mc:AlternateContent>')
        run._r.replace(drawing, ac)
        ac.find("{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice").append(drawing)
        r.para(cap, align=CENTER, count=False)
        r.captions.append(cap)
    r.para("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("药学院教工党支部", "2024年1月23日")
    return save(r.doc), r.truth("药学院教工党支部.docx", "“本草初心”", "药学院教工党支部", ALL5)


@case
def build_report_cover_hyperlink_field_closing_break() -> Case:
    """A cover page (title, '报送单位：…', '二〇二四年一月'), a hyperlink and a field result in the text, and
    the closing branch and date in ONE right-aligned paragraph separated by a line break."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    r = Rep()
    r.para("")
    r.para("生命科学学院学生党支部", bold=True, align=CENTER)
    r.para("“生命之光”党建品牌创建成果报告", bold=True, align=CENTER)
    r.para("报送单位：生命科学学院学生党支部", align=CENTER)
    r.para("二〇二四年一月", align=CENTER)
    r.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    r.para("一、品牌名称", bold=True)
    r.body(["“生命之光”"])
    r.para("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    link_p = r.doc.add_paragraph("相关报道见学院官网：")
    rid = r.doc.part.relate_to("https://life.example.edu.cn/news/2023/1201.htm", RT.HYPERLINK, is_external=True)
    link_p._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{rid}"><w:r><w:t>life.example.edu.cn/news</w:t></w:r>'
                               "</w:hyperlink>"))
    link_p.add_run("。")
    r.units.append("相关报道见学院官网：life.example.edu.cn/news。")
    r.photo("图1 “生命之光”科普讲座")
    r.photo("图2 学生党员无偿献血")
    r.photo("图3 支部赴植物园开展主题党日")
    r.para("五、取得成效", bold=True)
    field_p = r.doc.add_paragraph("截至")
    field_p._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; ">'
                                "<w:r><w:t>2024年1月20日</w:t></w:r></w:fldSimple>"))
    field_p.add_run("，支部累计开展科普活动18场。")
    r.units.append("截至2024年1月20日，支部累计开展科普活动18场。")
    r.body(OUTCOMES_R)
    close = r.doc.add_paragraph()
    close.alignment = RIGHT
    close.add_run("生命科学学院学生党支部")
    close.runs[-1].add_break()
    close.add_run("2024年1月20日")
    r.units.append("生命科学学院学生党支部\n2024年1月20日")
    return save(r.doc), r.truth("生命科学学院.docx", "“生命之光”", "生命科学学院学生党支部", ALL5)


@case
def build_report_fullwidth_digits_photo_grid() -> Case:
    """Headings '１．品牌名称' with full-width digits; four photos in a 2×2 table, each caption in its own cell
    ('图１ …', '图 2 …' with a space); a fifth photo whose caption follows a line break in the same paragraph."""
    r = Rep()
    r.para("新闻学院教工党支部“笔尖向党”品牌创建成果报告", bold=True, align=CENTER)
    r.para("１．品牌名称", bold=True)
    r.body(["“笔尖向党”"])
    r.para("２．创建背景", bold=True)
    r.body(BACKGROUND)
    r.para("３．品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.para("４．主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    tb = grid_table(r.doc, 2, 2)
    caps = ["图１ 教师党员指导学生采写", "图 2 “笔尖向党”融媒体工作室", "图３ 红色新闻作品展", "图４ 支部主题党日"]
    for i, cap in enumerate(caps):
        cell = tb.cell(i // 2, i % 2)
        cell.paragraphs[0].alignment = CENTER
        picture(cell.paragraphs[0].add_run(), 6.0, 4.0)
        cell.add_paragraph(cap).alignment = CENTER
        r.captions.append(cap)
    r.para("５．取得成效", bold=True)
    r.body(OUTCOMES_R)
    p = r.doc.add_paragraph()
    p.alignment = CENTER
    run = p.add_run()
    picture(run, 8.0, 5.0)
    run.add_break()
    last = "图５ 支部获评优秀党建品牌"
    p.add_run(last)
    r.captions.append(last)
    r.closing("新闻学院教工党支部", "2024年1月24日")
    return save(r.doc), r.truth("新闻学院教工党支部.docx", "“笔尖向党”", "新闻学院教工党支部", ALL5)


@case
def build_app_split_tables_with_logo() -> Case:
    """The form broken into two tables by a page break (Word users split long forms), a '品牌标识' row holding a
    logo picture, the opinion block in the second table."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("“一支部一特色”党建品牌创建申报表").bold = True
    summary = "“光谷星火”取意光电专业与星火燎原精神，教师党员带领学生投身光电科技攻关。"
    measures = ["1.建立“导师+党员+学生”科研团队4个；", "2.开展“光电党课”6次；", "3.参加“挑战杯”等竞赛。"]
    t1 = grid_table(doc, 5, 2)
    rows = [("党支部名称", "光电学院光学工程系教工党支部"), ("品牌名称", "“光谷星火”"), ("品牌实施负责人", "廖明辉"),
            ("品牌简介", summary)]
    for i, (label, value) in enumerate(rows):
        cell_write(t1.cell(i, 0), label)
        cell_write(t1.cell(i, 1), value)
    cell_write(t1.cell(4, 0), "品牌标识")
    picture(t1.cell(4, 1).paragraphs[0].add_run(), 3.5, 3.5)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    t2 = grid_table(doc, 3, 2)
    cell_write(t2.cell(0, 0), "创建措施及步骤")
    cell_write(t2.cell(0, 1), measures)
    cell_write(t2.cell(1, 0), "预期成效及验收指标")
    cell_write(t2.cell(1, 1), "竞赛获省级以上奖励2项，发表教学研究论文1篇。")
    cell_write(t2.cell(2, 0), "支部意见")
    cell_write(t2.cell(2, 1), ["同意申报。", "支部书记签字：廖明辉", "2023年4月12日"])
    return save(doc), app_truth(
        "光学工程系.docx",
        branch_name="光电学院光学工程系教工党支部", brand_name="“光谷星火”", leader="廖明辉", summary=summary,
        measures="\n".join(measures), expected_outcomes="竞赛获省级以上奖励2项，发表教学研究论文1篇。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_header_row_labels() -> Case:
    """The short fields as a header row of labels over a row of values (label above its value, three at a
    time), the long fields left-labelled below."""
    doc = docx.Document()
    p = doc.add_paragraph()
    p.alignment = CENTER
    p.add_run("党支部特色品牌申报表").bold = True
    tb = grid_table(doc, 8, 3)
    for c, text in enumerate(["党支部名称", "品牌名称", "品牌实施负责人"]):
        cell_write(tb.cell(0, c), text, bold=True, align=CENTER)
    for c, text in enumerate(["护理学院学生党支部", "“白衣天使”先锋队", "郑雅文"]):
        cell_write(tb.cell(1, c), text, align=CENTER)
    summary = "学生党员以南丁格尔精神为引领，开展社区健康服务。"
    rows = [("品牌简介", summary), ("创建措施及步骤", "每月开展1次社区义诊，建立老人健康档案。"),
            ("预期成效及验收指标", "服务社区居民600人次。"), ("支部意见", "同意申报。"), ("支部书记签字", "郑雅文"),
            ("日期", "2023年4月12日")]
    for r, (label, value) in enumerate(rows, start=2):
        cell_write(tb.cell(r, 0), label)
        cell_write(merged(tb, r, 1, 2), value)
    return save(doc), app_truth(
        "护理学院学生党支部.docx",
        branch_name="护理学院学生党支部", brand_name="“白衣天使”先锋队", leader="郑雅文", summary=summary,
        measures="每月开展1次社区义诊，建立老人健康档案。", expected_outcomes="服务社区居民600人次。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")
