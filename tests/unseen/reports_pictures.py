"""Unseen outcome reports whose photos are the hard part: floating, in table cells, VML, inside
mc:AlternateContent, beside a header banner and an emblem, captioned by style only, captioned above.

Owns these cases' documents and truths (the caption each photo must get; statuses from unseen.oracle).
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx_build import CENTER, NS, make_floating, vml_picture

from .build import Writer
from .registry import Case, case
from .texts import ALL5, BACKGROUND, CONNOTATION, MEASURES_R, OUTCOMES_R

HEADING1 = {"style": "Heading 1"}
BOLD = {"bold": True}


@case
def build_report_floating_cell_photos_header_logo() -> Case:
    """A floating photo, two photos in table cells with their captions in the same cells, a small emblem
    beside the title (not a photo), a wide header banner (not a photo) and '第 1 页' in the footer."""
    r = Writer()
    # a banner bigger than the photo minimum: only its place says it is no photo
    r.header("建筑学院党委", r.png(), logo_cm=(12.0, 2.2))
    r.page_number_footer("第 ", " 页", complex_field=True)
    title = "建筑学院学生党支部“筑梦青春”党建品牌创建成果报告"
    t = r.doc.add_paragraph()
    t.alignment = CENTER
    r.pic(t.add_run(), 1.2, 1.2)
    t.add_run(title).bold = True
    r.units.append(title)
    r.first_parts("“筑梦青春”", **HEADING1)
    r.photo("图1 学生党员参与乡村规划设计", floating=True)
    r.p("五、取得成效", **HEADING1)
    r.body(OUTCOMES_R)
    tb = r.grid(1, 2)
    for c, cap in enumerate(("图2 党员设计团队现场调研", "图3 乡村规划成果展示")):
        cell = tb.cell(0, c)
        cell.paragraphs[0].alignment = CENTER
        r.pic(cell.paragraphs[0].add_run(), 6.5, 4.5)
        r.p(cap, align=CENTER, counted=False, container=cell)
        r.expected.append(cap)
    r.closing("建筑学院学生党支部", "2024年1月15日")
    return r.report("建筑学院学生党支部.docx", "“筑梦青春”", "建筑学院学生党支部", ALL5)


@case
def build_report_caption_styles() -> Case:
    """Captions made by style only: Word's 'Caption' style and a user style named '题注' (no '图1' prefix); the
    third photo is followed by an ordinary paragraph and has no caption (photo_count warns)."""
    r = Writer()
    r.doc.styles.add_style("题注", WD_STYLE_TYPE.PARAGRAPH).base_style = r.doc.styles["Normal"]
    r.p("土木工程学院研究生党支部“路桥先锋”品牌创建成果报告", bold=True, align=CENTER)
    r.first_parts("“路桥先锋”", **HEADING1)
    r.photo("支部党员赴港珠澳大桥开展现场教学", caption_style="Caption")
    r.photo("研究生党员在工地一线开展技术攻关", caption_style="题注")
    r.photo(None)
    r.p("五、取得成效", **HEADING1)
    r.body(OUTCOMES_R)
    r.closing("土木工程学院研究生党支部", "2024年1月10日")
    return r.report("路桥先锋.docx", "“路桥先锋”", "土木工程学院研究生党支部", ALL5)


@case
def build_report_captions_above_photos() -> Case:
    """'图1 …' lines written ABOVE each photo and body text after it: by the contract's rule (the next line
    after the photo) no photo has a caption, and those lines are ordinary text that counts in 字数."""
    r = Writer()
    r.p("化学学院学生第二党支部“微光计划”品牌创建成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称", **BOLD)
    r.body(["“微光计划”"])
    r.p("二、创建背景", **BOLD)
    r.body(BACKGROUND)
    r.p("三、品牌内涵", **BOLD)
    r.body(CONNOTATION)
    r.p("四、主要举措", **BOLD)
    above = ("图1 “微光”学业帮扶小组", "图2 支部党员实验室安全宣讲", "图3 “微光”志愿者走进中学")
    for (_, text), cap in zip(MEASURES_R, above, strict=True):
        r.p(cap, align=CENTER)  # above the photo: counted, not a caption
        r.photo(None)
        r.body([text])
    r.p("五、取得成效", **BOLD)
    r.body(OUTCOMES_R)
    r.closing("化学学院学生第二党支部", "2024年1月14日")
    return r.report("化学学院学生第二党支部.docx", "“微光计划”", "化学学院学生第二党支部", ALL5)


@case
def build_report_vml_pictures() -> Case:
    """Photos written as VML (w:pict/v:imagedata, 8 cm × 5.3 cm), as documents saved by WPS or converted from
    .doc carry them."""
    r = Writer()
    r.p("能源学院学生党支部“绿能先锋”品牌创建成果报告", bold=True, align=CENTER)
    r.first_parts("“绿能先锋”", **BOLD)
    for n, cap in enumerate(("图1 学生党员走进光伏电站", "图2 “绿能”科普进校园", "图3 支部党员参加节能竞赛"), start=1):
        vml_picture(r.doc, r.p(align=CENTER), r.png(), 226.8, 151.2, shape_id=1000 + n)
        r.p(cap, align=CENTER, counted=False)
        r.expected.append(cap)
    r.p("五、取得成效", **BOLD)
    r.body(OUTCOMES_R)
    r.closing("能源学院学生党支部", "2024年1月13日")
    return r.report("能源学院学生党支部.docx", "“绿能先锋”", "能源学院学生党支部", ALL5)


@case
def build_report_alternate_content_pictures() -> Case:
    """Floating photos wrapped in mc:AlternateContent (DrawingML choice, VML fallback naming the same image):
    each is one photo, not two."""
    r = Writer()
    r.p("药学院教工党支部“本草初心”品牌创建成果报告", bold=True, align=CENTER)
    r.first_parts("“本草初心”", **BOLD)
    for cap in ("图1 党员教师带领学生辨识中药材", "图2 “本草课堂”走进社区", "图3 支部党员开展用药安全宣传"):
        run = r.p(align=CENTER).add_run()
        r.pic(run, 7.0, 4.5)
        make_floating(run)
        drawing = run._r.find(qn("w:drawing"))
        rid = drawing.find(".//" + qn("a:blip")).get(qn("r:embed"))
        ac = parse_xml(
            f'<mc:AlternateContent {NS}><mc:Choice Requires="wps"/><mc:Fallback><w:pict>'
            '<v:shape type="#_x0000_t75" style="position:absolute;width:198.45pt;height:127.55pt">'
            f'<v:imagedata r:id="{rid}" o:title=""/></v:shape></w:pict></mc:Fallback></mc:AlternateContent>')
        run._r.replace(drawing, ac)
        ac.find("{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice").append(drawing)
        r.p(cap, align=CENTER, counted=False)
        r.expected.append(cap)
    r.p("五、取得成效", **BOLD)
    r.body(OUTCOMES_R)
    r.closing("药学院教工党支部", "2024年1月23日")
    return r.report("药学院教工党支部.docx", "“本草初心”", "药学院教工党支部", ALL5)


@case
def build_report_fullwidth_digits_photo_grid() -> Case:
    """Headings '１．品牌名称' with full-width digits; four photos in a 2×2 table, each caption in its own cell
    ('图１ …', '图 2 …' with a space); a fifth photo whose caption follows a line break in the same paragraph."""
    r = Writer()
    r.p("新闻学院教工党支部“笔尖向党”品牌创建成果报告", bold=True, align=CENTER)
    r.first_parts("“笔尖向党”", ("１．品牌名称", "２．创建背景", "３．品牌内涵", "４．主要举措"), **BOLD)
    tb = r.grid(2, 2)
    caps = ["图１ 教师党员指导学生采写", "图 2 “笔尖向党”融媒体工作室", "图３ 红色新闻作品展", "图４ 支部主题党日"]
    for i, cap in enumerate(caps):
        cell = tb.cell(i // 2, i % 2)
        cell.paragraphs[0].alignment = CENTER
        r.pic(cell.paragraphs[0].add_run(), 6.0, 4.0)
        r.p(cap, align=CENTER, counted=False, container=cell)
        r.expected.append(cap)
    r.p("５．取得成效", **BOLD)
    r.body(OUTCOMES_R)
    par = r.p(align=CENTER)
    run = par.add_run()
    r.pic(run, 8.0, 5.0)
    run.add_break()
    last = "图５ 支部获评优秀党建品牌"
    par.add_run(last)  # the caption after the line break: not counted
    r.expected.append(last)
    r.closing("新闻学院教工党支部", "2024年1月24日")
    return r.report("新闻学院教工党支部.docx", "“笔尖向党”", "新闻学院教工党支部", ALL5)
